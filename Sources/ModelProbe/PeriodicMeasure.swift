import ArtifactDetection
import Dispatch
import TransposedConv

/// The probe's statistic: how strong a periodic (checkerboard) pattern one node output carries in its
/// interior, and at which period.
///
/// For a tensor `(N, C, L)`, `(N, C, H, W)` or `(N, C, D, H, W)` every `(n, c)` plane (or volume) is
/// cropped to its interior (`SpatialTrace`: away from what the borders can reach), then, per candidate
/// period `P = (p_y, p_x)` (volumes: `(p_z, p_y, p_x)`) with `p ∈ 1…8` per axis (not all 1; 1D:
/// `p_y = 1`) and the upstream lattice when it is larger, to whole periods (top-left). With `m` the phase means of a plane (`ArtifactDetection.PhaseMeanTile`),
/// `μ` its mean and `k` samples per phase, summed over planes:
///
/// - periodic energy `E = Σ k·Σ_phases (m − μ)²` (the lattice share of the energy, as in `PeriodicEnergy`),
/// - total energy `T = Σ x²` (about zero, so a constant offset counts as signal),
/// - residual `R = Σ (x − m_phase(x))²`.
///
/// Reported: **variance ratio** `F = (E / (planes·(P − 1))) / (R / (planes·(samples − P)))` with `R`
/// floored at `10⁻¹²·T` (float rounding); **strength** `√(E′ / T)` — the periodic component's RMS
/// relative to the signal's RMS, with `E′ = max(0, E − planes·(P − 1)·R / (planes·(samples − P)))`, the
/// periodic energy less what pattern-free content scatters into the phase means on average;
/// **amplitude** `√(E′ / samples)`. The period is the smallest `P` (fewest phases) whose
/// `E′` per sample reaches 90 % of the largest over the candidates.
///
/// **Significant** when the interior holds `minimumPeriods` periods on each axis, strength ≥ `10⁻³`,
/// amplitude ≥ `10⁻⁵ ·` the input's RMS, and `F ≥ 10`. Reasons in README ("Probing a model").
public struct PeriodicMeasure: Sendable, Equatable {
  /// Whole periods the interior must hold on each axis for a period to be measured.
  public static let minimumPeriods = 4
  /// The smallest relative strength counted.
  public static let strengthThreshold = 1e-3
  /// The smallest periodic RMS counted, relative to the input's RMS.
  public static let amplitudeFloor = 1e-5
  /// The smallest variance ratio counted.
  public static let varianceRatioThreshold = 10.0
  /// Largest period per axis searched besides the upstream lattice.
  public static let maximumPeriod = 8

  /// False when the interior holds no candidate period (tiny maps, borders everywhere).
  public var measured: Bool
  /// Interior extents per spatial axis.
  public var interior: [Int]
  /// The chosen period `[p_y, p_x]` (1D: `[p]`, 3D: `[p_z, p_y, p_x]`) when significant; nil otherwise.
  public var period: [Int]?
  /// The chosen candidate period whether significant or not.
  public var candidate: [Int]?
  /// `√(E / T)` at the candidate period (0 when not measured).
  public var strength: Double
  /// `√(E / samples)` at the candidate period.
  public var amplitude: Double
  /// The variance ratio `F` at the candidate period.
  public var varianceRatio: Double
  /// Whether the pattern counts (see the type's documentation).
  public var significant: Bool
  /// The channel whose pattern is strongest at the candidate period.
  public var channel: Int?
  /// The extents per spatial axis of the window measured: the interior, or, when the interior is too
  /// small, a central window just large enough (`measureAnyway`).
  public var region: [Int] = []
  /// The share of the measured samples beyond the border's reach: 1 when the interior was measured,
  /// less when the window had to reach into the border, 0 when the border reaches every sample.
  public var confidence: Double = 1

  /// A node without a measurement.
  static func unmeasured(interior: [Int]) -> PeriodicMeasure {
    PeriodicMeasure(
      measured: false, interior: interior, period: nil, candidate: nil, strength: 0, amplitude: 0,
      varianceRatio: 0,
      significant: false, channel: nil)
  }

  /// Measures `tensor` (rank 3, 4 or 5; volumes in `measureVolume`) with borders from `trace`; `inputScale` is the model input's RMS.
  public static func measure(_ tensor: Tensor, trace: SpatialTrace, inputScale: Double) -> PeriodicMeasure {
    let rank = tensor.rank - 2
    guard rank >= 1 && rank <= 3, trace.begin.count == rank else {
      return .unmeasured(interior: [])
    }
    if rank == 3 { return measureVolume(tensor, trace: trace, inputScale: inputScale) }
    let extents = Array(tensor.shape[2...])
    let interior = trace.interior(extents)
    let hI = rank == 2 ? interior[0] : 1
    let wI = interior[rank - 1]
    let y0 = rank == 2 ? trace.begin[0] : 0
    let x0 = trace.begin[rank - 1]
    let width = extents[rank - 1]
    let planeSize = extents.reduce(1, *)
    let planes = tensor.shape[0] * tensor.shape[1]
    let channels = tensor.shape[1]
    let latticeY = rank == 2 ? trace.lattice[0] : 1
    let latticeX = trace.lattice[rank - 1]
    let periodsY = axisPeriods(hI, latticeY, allowed: rank == 2)
    let periodsX = axisPeriods(wI, latticeX, allowed: true)
    var candidates: [(py: Int, px: Int, ty: Int, tx: Int)] = []
    for y in periodsY {
      for x in periodsX where !(y.p == 1 && x.p == 1) { candidates.append((y.p, x.p, y.tile, x.tile)) }
    }
    guard !candidates.isEmpty else { return .unmeasured(interior: interior) }
    let tilesY = Array(Set(candidates.map(\.ty))).sorted()
    let tilesX = Array(Set(candidates.map(\.tx))).sorted()

    // Per plane: E, T, R per candidate (fixed slots, summed in order afterwards).
    let count = candidates.count
    let cropRows = tilesY.map { hI / $0 * $0 }
    let cropCols = tilesX.map { wI / $0 * $0 }
    let columnOrder = cropCols.indices.sorted { cropCols[$0] < cropCols[$1] }
    let maxRows = cropRows.max() ?? 0
    var offsets = [0]
    for ty in tilesY { offsets.append((offsets.last ?? 0) + ty * wI) }
    let tileOffsets = offsets
    var perPlane = [Double](repeating: 0, count: planes * count * 3)
    let candidateList = candidates
    let maxPhases = max(1, candidates.map { $0.py * $0.px }.max() ?? 1)
    perPlane.withUnsafeMutableBufferPointer { slots in
      tensor.data.withUnsafeBufferPointer { data in
        let pointers = SendablePointers(slots: slots.baseAddress, data: data.baseAddress)
        let work: @Sendable (Int) -> Void = { plane in
          guard let slotBase = pointers.slots, let dataBase = pointers.data else { return }
          let base = dataBase + plane * planeSize
          // Row-phase sums per tile height, phase[tileOffset[t] + (y mod ty)·wI + x], and the sums of
          // squares of every (rows, columns) crop, squares[t·columns + k], in one pass over the rows.
          var phase = [Double](repeating: 0, count: tileOffsets.last ?? 0)
          var squares = [Double](repeating: 0, count: tilesY.count * cropCols.count)
          var columnTotals = [Double](repeating: 0, count: cropCols.count)
          let rowSquares = Self.rowSquares(
            base + y0 * width + x0, rows: maxRows, width: width, limits: cropCols, order: columnOrder)
          phase.withUnsafeMutableBufferPointer { store in
            guard let storeBase = store.baseAddress else { return }
            for y in 0..<maxRows {
              let row = base + (y0 + y) * width + x0
              for t in tilesY.indices where y < cropRows[t] {
                let acc = storeBase + tileOffsets[t] + (y % tilesY[t]) * wI
                for x in 0..<wI { acc[x] += Double(row[x]) }
              }
              for k in cropCols.indices { columnTotals[k] += rowSquares[y * cropCols.count + k] }
              for t in tilesY.indices where cropRows[t] == y + 1 {
                for k in cropCols.indices { squares[t * cropCols.count + k] = columnTotals[k] }
              }
            }
          }
          // Each phase of a candidate sums its row-phase sums in (row, column) order.
          let tile = UnsafeMutablePointer<Double>.allocate(capacity: maxPhases)
          defer { tile.deallocate() }
          phase.withUnsafeBufferPointer { store in
            guard let sums = store.baseAddress else { return }
            for (index, c) in candidateList.enumerated() {
              guard let t = tilesY.firstIndex(of: c.ty), let k = tilesX.firstIndex(of: c.tx) else { continue }
              let rows = hI / c.ty * c.ty
              let cols = wI / c.tx * c.tx
              let phases = c.py * c.px
              tile.update(repeating: 0, count: phases)
              // `cols` is a whole number of tiles, so of periods: step a period at a time.
              for ry in 0..<c.ty {
                let target = tile + (ry % c.py) * c.px
                var source = sums + tileOffsets[t] + ry * wI
                for _ in 0..<(cols / c.px) {
                  for px in 0..<c.px { target[px] += source[px] }
                  source += c.px
                }
              }
              let perPhase = Double(rows * cols) / Double(phases)
              var total = 0.0
              for i in 0..<phases { total += tile[i] }
              let mean = total / Double(rows * cols)
              var periodic = 0.0
              var meanSquares = 0.0
              for i in 0..<phases {
                let m = tile[i] / perPhase
                periodic += (m - mean) * (m - mean)
                meanSquares += m * m
              }
              let sumSquares = squares[t * cropCols.count + k]
              let slot = slotBase + (plane * count + index) * 3
              slot[0] = periodic * perPhase
              slot[1] = sumSquares
              slot[2] = max(0, sumSquares - perPhase * meanSquares)
            }
          }
        }
        if planes > 1 && planeSize * planes > 65_536 {
          DispatchQueue.concurrentPerform(iterations: planes, execute: work)
        } else {
          for plane in 0..<planes { work(plane) }
        }
      }
    }
    let periods = candidates.map { rank == 2 ? [$0.py, $0.px] : [$0.px] }
    let samples = candidates.map { Double((hI / $0.ty * $0.ty) * (wI / $0.tx * $0.tx)) }
    return summarise(
      periods: periods, samples: samples, perPlane: perPlane, planes: planes, channels: channels,
      interior: interior, inputScale: inputScale)
  }

  /// Per row `y < rows` of `rows` rows `width` apart from `first`, and per column limit `limits[k]`:
  /// the sum of squares of the row's first `limits[k]` samples, taken in order from the left (one
  /// running sum per row, read off at each limit in increasing order `order`), at
  /// `result[y·limits.count + k]`. Four rows run side by side, so the four sums' additions overlap.
  static func rowSquares(
    _ first: UnsafePointer<Float>, rows: Int, width: Int, limits: [Int], order: [Int]
  ) -> [Double] {
    let kCount = limits.count
    var result = [Double](repeating: 0, count: max(1, rows * kCount))
    result.withUnsafeMutableBufferPointer { buffer in
      guard let out = buffer.baseAddress else { return }
      var y = 0
      while y + 4 <= rows {
        let r0 = first + y * width
        let (r1, r2, r3) = (r0 + width, r0 + 2 * width, r0 + 3 * width)
        var (s0, s1, s2, s3) = (0.0, 0.0, 0.0, 0.0)
        var x = 0
        for k in order {
          while x < limits[k] {
            let (a, b, c, d) = (Double(r0[x]), Double(r1[x]), Double(r2[x]), Double(r3[x]))
            s0 += a * a
            s1 += b * b
            s2 += c * c
            s3 += d * d
            x += 1
          }
          out[y * kCount + k] = s0
          out[(y + 1) * kCount + k] = s1
          out[(y + 2) * kCount + k] = s2
          out[(y + 3) * kCount + k] = s3
        }
        y += 4
      }
      while y < rows {
        let r0 = first + y * width
        var s0 = 0.0
        var x = 0
        for k in order {
          while x < limits[k] {
            let a = Double(r0[x])
            s0 += a * a
            x += 1
          }
          out[y * kCount + k] = s0
        }
        y += 1
      }
    }
    return result
  }

  /// The phase-mean tile of channel `channel` (batch item 0) at `period`, on the interior: the
  /// pattern's fingerprint for `--heatmaps` (planes only; nil for volumes).
  public static func phaseTile(_ tensor: Tensor, trace: SpatialTrace, period: [Int], channel: Int)
    -> PhaseMeanTile?
  {
    let rank = tensor.rank - 2
    guard rank == 1 || rank == 2, channel < tensor.shape[1] else { return nil }
    let extents = Array(tensor.shape[2...])
    let interior = trace.interior(extents)
    let hI = rank == 2 ? interior[0] : 1
    let wI = interior[rank - 1]
    let py = rank == 2 ? period[0] : 1
    let px = period[period.count - 1]
    guard hI >= py, wI >= px, hI >= 1, wI >= 1 else { return nil }
    let y0 = rank == 2 ? trace.begin[0] : 0
    let x0 = trace.begin[rank - 1]
    let width = extents[rank - 1]
    let base = channel * extents.reduce(1, *)
    var pixels = [Float]()
    pixels.reserveCapacity(hI * wI)
    for y in 0..<hI {
      let row = base + (y0 + y) * width + x0
      pixels.append(contentsOf: tensor.data[row..<(row + wI)])
    }
    return PhaseMeanTile(image: GreyImage(width: wI, height: hI, pixels: pixels), periodY: py, periodX: px)
  }
}

/// The two buffers the per-plane workers share: each worker writes only its own plane's slots.
private struct SendablePointers: @unchecked Sendable {
  let slots: UnsafeMutablePointer<Double>?
  let data: UnsafePointer<Float>?
}
