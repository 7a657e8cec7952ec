import ArtifactDetection
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

  /// Measures `tensor` (rank 3, 4 or 5) with borders from `trace`; `inputScale` is the model input's RMS.
  /// Complexity: one pass over each map's largest crop (`PlanePlan`), both cores over the maps.
  public static func measure(_ tensor: Tensor, trace: SpatialTrace, inputScale: Double) -> PeriodicMeasure {
    measureChecked(tensor, trace: trace, inputScale: inputScale).measure
  }

  /// `measure`, and whether every sample of `tensor` is finite: the samples the measurement reads are
  /// checked on the way (their sum of squares, a Double that cannot overflow on float32 samples, is finite
  /// exactly when they are), the rest of each map by `PlanePlan.nonFiniteOutside` in the same worker.
  /// `kernels` chooses the Swift lanes (`.portable`) or the AVX2 kernel (any other set): the same bits.
  static func measureChecked(
    _ tensor: Tensor, trace: SpatialTrace, inputScale: Double, kernels: KernelSet = .active
  )
    -> (measure: PeriodicMeasure, finite: Bool)
  {
    let rank = tensor.rank - 2
    guard rank >= 1 && rank <= 3, trace.begin.count == rank, trace.end.count == rank,
      trace.lattice.count == rank
    else {
      return (.unmeasured(interior: []), Probe.nonFiniteCount(tensor.data) == 0)
    }
    let extents = Array(tensor.shape[2...])
    let interior = trace.interior(extents)
    // Signals and planes as volumes of depth (and height) 1, searched only on their own axes.
    let missing = [Int](repeating: 1, count: 3 - rank)
    let extents3 = missing + extents
    let interior3 = missing + interior
    let begin3 = [Int](repeating: 0, count: 3 - rank) + trace.begin
    let axes = (0..<3).map { a in
      a < 3 - rank ? [(p: 1, tile: 1)] : axisPeriods(interior3[a], trace.lattice[a - 3 + rank], allowed: true)
    }
    var periods: [[Int]] = []
    var tiles: [[Int]] = []
    for z in axes[0] {
      for y in axes[1] {
        for x in axes[2] where !(z.p == 1 && y.p == 1 && x.p == 1) {
          periods.append([z.p, y.p, x.p])
          tiles.append([z.tile, y.tile, x.tile])
        }
      }
    }
    guard !periods.isEmpty else {
      return (.unmeasured(interior: interior), Probe.nonFiniteCount(tensor.data) == 0)
    }
    let plan = PlanePlan(
      periods: periods, tiles: tiles, interior: interior3, extents: extents3, begin: begin3)
    let maps = tensor.shape[0] * tensor.shape[1]
    let count = periods.count
    var perPlane = [Double](repeating: 0, count: maps * count * 3)
    var reads = [Double](repeating: 0, count: maps)
    perPlane.withUnsafeMutableBufferPointer { slots in
      reads.withUnsafeMutableBufferPointer { readSums in
        tensor.data.withUnsafeBufferPointer { data in
          let pointers = SendablePointers(
            slots: slots.baseAddress, reads: readSums.baseAddress, data: data.baseAddress)
          // Each map's figures depend on that map alone, so any split over workers gives the same bytes.
          let chunks = maps > 1 && plan.mapSize * maps > 65_536 ? min(maps, 32) : 1
          let work: @Sendable (Int) -> Void = { chunk in
            guard let slotBase = pointers.slots, let readBase = pointers.reads, let dataBase = pointers.data
            else {
              return
            }
            let scratch = UnsafeMutablePointer<Double>.allocate(capacity: plan.scratchCount)
            defer { scratch.deallocate() }
            scratch.initialize(repeating: 0, count: plan.zeroedCount)
            for map in stride(from: chunk, to: maps, by: chunks) {
              let read = plan.measure(
                map: map, data: dataBase, slots: slotBase, scratch: scratch, kernels: kernels)
              readBase[map] = plan.nonFiniteOutside(map: map, data: dataBase) ? .nan : read
            }
          }
          if chunks > 1 {
            ParallelLoop.perform(iterations: chunks, work)
          } else {
            work(0)
          }
        }
      }
    }
    let finite = reads.allSatisfy(\.isFinite)
    let samples = (0..<count).map { plan.samples($0) }
    let measure = summarise(
      periods: periods.map { Array($0.suffix(rank)) }, samples: samples, perPlane: perPlane, planes: maps,
      channels: tensor.shape[1], interior: interior, inputScale: inputScale)
    return (measure, finite)
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

/// The buffers the workers share: each writes only its own maps' slots and read sums.
private struct SendablePointers: @unchecked Sendable {
  let slots: UnsafeMutablePointer<Double>?
  let reads: UnsafeMutablePointer<Double>?
  let data: UnsafePointer<Float>?
}
