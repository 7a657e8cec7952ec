/// The parts of the statistic shared by every rank: the candidate periods per axis, and the step from
/// per-plane sums `(E, T, R)` per candidate to the reported measurement.
extension PeriodicMeasure {
  /// Candidate periods on one axis of interior extent `extent` and the crop tile each is measured on
  /// (a multiple of the period, so the crop holds whole periods): `1`, then `2…maximumPeriod` where
  /// `minimumPeriods` periods fit, then the upstream `lattice` when it is larger and fits. With
  /// `allowed` false the axis is not searched (period 1 only).
  static func axisPeriods(_ extent: Int, _ lattice: Int, allowed: Bool) -> [(p: Int, tile: Int)] {
    var result: [(Int, Int)] = [(1, extent >= 8 ? 8 : 1)]
    guard allowed else { return [(1, 1)] }
    for p in 2...maximumPeriod where p * minimumPeriods <= extent {
      result.append((p, [2: 8, 3: 6, 4: 8, 5: 5, 6: 6, 7: 7, 8: 8][p] ?? p))
    }
    if lattice > maximumPeriod, lattice * minimumPeriods <= extent { result.append((lattice, lattice)) }
    return result
  }

  /// The measurement from per-plane sums: `perPlane[(plane·count + candidate)·3 + {0, 1, 2}]` holds
  /// `E`, `T` and `R` of candidate `periods[candidate]` (one entry per spatial axis) measured on
  /// `samples[candidate]` samples per plane. Picks the smallest period (fewest phases, then
  /// lexicographically) whose debiased periodic energy per sample reaches 90 % of the largest.
  static func summarise(
    periods: [[Int]], samples: [Double], perPlane: [Double], planes: Int, channels: Int, interior: [Int],
    inputScale: Double
  ) -> PeriodicMeasure {
    let count = periods.count
    guard count > 0, planes > 0 else { return .unmeasured(interior: interior) }
    var best = 0
    var perSample = [Double](repeating: 0, count: count)
    var sums = [(e: Double, t: Double, r: Double)](repeating: (0, 0, 0), count: count)
    for index in 0..<count {
      var e = 0.0
      var t = 0.0
      var r = 0.0
      for plane in 0..<planes {
        let slot = (plane * count + index) * 3
        e += perPlane[slot]
        t += perPlane[slot + 1]
        r += perPlane[slot + 2]
      }
      sums[index] = (e, t, r)
      let n = samples[index]
      let p = Double(periods[index].reduce(1, *))
      // Debiased (see `strength`), so larger periods do not win by collecting more noise.
      let noise = Double(planes) * (p - 1) * max(r, 1e-12 * t) / (Double(planes) * max(1, n - p))
      perSample[index] = max(0, e - noise) / (Double(planes) * n)
      if perSample[index] > perSample[best] { best = index }
    }
    var chosen = best
    for index in 0..<count where perSample[index] >= 0.9 * perSample[best] {
      let a = periods[index]
      let b = periods[chosen]
      let (pa, pb) = (a.reduce(1, *), b.reduce(1, *))
      if pa < pb || (pa == pb && a.lexicographicallyPrecedes(b)) { chosen = index }
    }
    let period = periods[chosen]
    let (e, t, r) = sums[chosen]
    let sampleCount = samples[chosen]
    let phases = Double(period.reduce(1, *))
    let residual = max(r, 1e-12 * t) / (Double(planes) * max(1, sampleCount - phases))
    let ratio = residual > 0 ? (e / (Double(planes) * (phases - 1))) / residual : 0
    // Phase means of pattern-free content still scatter: on average by (P − 1) residual variances
    // per plane. Remove that share so noise alone gives a strength near 0.
    let debiased = max(0, e - Double(planes) * (phases - 1) * residual)
    let strength = t > 0 ? (debiased / t).squareRoot() : 0
    let amplitude = (debiased / (Double(planes) * sampleCount)).squareRoot()
    var channel = 0
    var strongest = -1.0
    for plane in 0..<planes where perPlane[(plane * count + chosen) * 3] > strongest {
      strongest = perPlane[(plane * count + chosen) * 3]
      channel = plane % max(1, channels)
    }
    let significant =
      strength >= strengthThreshold && amplitude >= amplitudeFloor * inputScale
      && ratio >= varianceRatioThreshold
    return PeriodicMeasure(
      measured: true, interior: interior, period: significant ? period : nil, candidate: period,
      strength: strength, amplitude: amplitude, varianceRatio: ratio, significant: significant,
      channel: channel)
  }
}
