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
    let plan = PlanePlan(
      candidates: candidates, interior: (rows: hI, cols: wI), origin: y0 * width + x0, width: width,
      planeSize: planeSize)
    let count = candidates.count
    var perPlane = [Double](repeating: 0, count: planes * count * 3)
    perPlane.withUnsafeMutableBufferPointer { slots in
      tensor.data.withUnsafeBufferPointer { data in
        let pointers = SendablePointers(slots: slots.baseAddress, data: data.baseAddress)
        let work: @Sendable (Int) -> Void = { plane in
          guard let slotBase = pointers.slots, let dataBase = pointers.data else { return }
          plan.measure(plane: plane, data: dataBase, slots: slotBase)
        }
        if planes > 1 && planeSize * planes > 65_536 {
          DispatchQueue.concurrentPerform(iterations: planes, execute: work)
        } else {
          for plane in 0..<planes { work(plane) }
        }
      }
    }
    let periods = candidates.map { rank == 2 ? [$0.py, $0.px] : [$0.px] }
    let samples = (0..<count).map { plan.samples($0) }
    return summarise(
      periods: periods, samples: samples, perPlane: perPlane, planes: planes, channels: channels,
      interior: interior, inputScale: inputScale)
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
