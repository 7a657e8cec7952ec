import TransposedConv

/// Measuring a map whose interior is too small: a fixed-size input (a file, a model with fixed
/// dimensions, a generator fed a 1×1 latent) still gets a measurement, on the central window just large
/// enough for the statistic, with the share of that window the border does not reach as its confidence.
extension PeriodicMeasure {
  /// The extent an axis needs for the smallest period (2) to be measured `minimumPeriods` times.
  public static var neededExtent: Int { 2 * minimumPeriods }

  /// Measures `tensor` on its interior when the interior holds `neededExtent` samples on every spatial
  /// axis (confidence 1); otherwise on a window of `max(neededExtent, minimumPeriods · lattice)` samples
  /// (at most the extent) on each short axis, centred on the interior (on the map's centre when the
  /// borders meet), with confidence the product over axes of the window's share inside the interior.
  /// Unmeasured when an extent is below `neededExtent`. Returns the measure and the window's trace (for
  /// `phaseTile`). Complexity: that of `measure`.
  public static func measureAnyway(_ tensor: Tensor, trace: SpatialTrace, inputScale: Double)
    -> (measure: PeriodicMeasure, window: SpatialTrace)
  {
    let checked = measureAnywayChecked(tensor, trace: trace, inputScale: inputScale)
    return (checked.measure, checked.window)
  }

  /// `measureAnyway`, and whether every sample of `tensor` is finite (`measureChecked`): one pass over
  /// the tensor for both.
  static func measureAnywayChecked(_ tensor: Tensor, trace: SpatialTrace, inputScale: Double)
    -> (measure: PeriodicMeasure, window: SpatialTrace, finite: Bool)
  {
    let rank = tensor.rank - 2
    guard rank >= 1, rank <= 3, trace.begin.count == rank else {
      return (.unmeasured(interior: []), trace, Probe.nonFiniteCount(tensor.data) == 0)
    }
    let extents = Array(tensor.shape[2...])
    let interior = trace.interior(extents)
    // 1D signals are searched on their one axis; planes and volumes on every axis.
    if interior.allSatisfy({ $0 >= neededExtent }) {
      var (m, finite) = measureChecked(tensor, trace: trace, inputScale: inputScale)
      m.region = interior
      return (m, trace, finite)
    }
    var window = trace
    var confidence = 1.0
    for a in 0..<rank where interior[a] < neededExtent {
      let n = extents[a]
      guard n >= neededExtent else {
        var m = PeriodicMeasure.unmeasured(interior: interior)
        m.region = []
        m.confidence = 0
        return (m, trace, Probe.nonFiniteCount(tensor.data) == 0)
      }
      let target = min(n, max(neededExtent, minimumPeriods * trace.lattice[a]))
      let lo = min(trace.begin[a], n)
      let hi = max(0, n - trace.end[a])
      let centre = lo < hi ? (lo + hi) / 2 : n / 2
      let start = max(0, min(n - target, centre - target / 2))
      window.begin[a] = start
      window.end[a] = n - start - target
      let inside = max(0, min(start + target, hi) - max(start, lo))
      confidence *= Double(inside) / Double(target)
    }
    var (m, finite) = measureChecked(tensor, trace: window, inputScale: inputScale)
    m.interior = interior
    m.region = window.interior(extents)
    m.confidence = confidence
    return (m, window, finite)
  }

  /// The share of a map with `extents` that the border reaches, from its `interior` (0 to 1).
  public static func borderReach(extents: [Int], interior: [Int]) -> Double {
    let total = extents.reduce(1.0) { $0 * Double($1) }
    guard total > 0, interior.count == extents.count else { return 1 }
    return 1 - interior.reduce(1.0) { $0 * Double($1) } / total
  }
}
