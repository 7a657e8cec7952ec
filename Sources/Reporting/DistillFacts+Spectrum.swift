import OverlapAnalysis

extension DistillFacts {
  /// F19: the k=3, s=2 map's interior tile repeated over a 16×16 image is entirely periodic at
  /// period 2, and its power at the three non-zero lattice frequencies is 9 : 9 : 1.
  ///
  /// Interim version (ArtifactDetection's `PeriodicEnergy` and `DirectDFT` replace it when they are
  /// on main): the periodic-energy fraction `‖P₂x − x̄‖² / ‖x − x̄‖²` from the phase means, and
  /// `|X(a, b)|² = |Σ x[y, x]·(−1)^(a·y + b·x)|²` at the half-frequency bins.
  static func f19() throws -> FactCheck {
    let m = try map(dims: 2, k: 3, s: 2, n: 8)
    let side = 16
    var pixels = [Double](repeating: 0, count: side * side)
    for y in 0..<side {
      for x in 0..<side { pixels[y * side + x] = m.tile.values[(y % 2) * 2 + x % 2] }
    }
    let mean = pixels.reduce(0, +) / Double(pixels.count)
    var phaseSums = [Double](repeating: 0, count: 4)
    for y in 0..<side {
      for x in 0..<side { phaseSums[(y % 2) * 2 + x % 2] += pixels[y * side + x] }
    }
    let perPhase = Double(side * side / 4)
    let periodic = phaseSums.reduce(0) { $0 + perPhase * ($1 / perPhase - mean) * ($1 / perPhase - mean) }
    let total = pixels.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    let pef = periodic / total
    func power(_ a: Int, _ b: Int) -> Double {
      var sum = 0.0
      for y in 0..<side {
        for x in 0..<side { sum += pixels[y * side + x] * ((a * y + b * x) % 2 == 0 ? 1 : -1) }
      }
      return sum * sum
    }
    let unit = power(1, 1)
    let ratios = [power(1, 0) / unit, power(0, 1) / unit, 1]
    return FactCheck(
      id: "F19", setting: "tiled 2D k=3, s=2 map",
      expected:
        "periodic-energy fraction at period 2 is 1; power at frequencies (½,0) : (0,½) : (½,½) = 9 : 9 : 1",
      computed:
        "periodic-energy fraction at period 2 is \(Numbers.text(pef, digits: 6)); power at (½,0) : (0,½) : (½,½) = \(ratios.map { Numbers.text($0, digits: 4) }.joined(separator: " : "))",
      matches: Numbers.close(pef, 1) && Numbers.close(ratios[0], 9) && Numbers.close(ratios[1], 9),
      sentence:
        "Seen as an image, the 2D overlap pattern is pure period-2 energy: two equal stripe components and a nine times weaker checker — the fingerprint the artifact detector looks for.",
      map: m,
      mapCaption:
        "Overlap counts of k=3, s=2 on an 8×8 input, whose interior tile is repeated over 16×16 for the spectrum")
  }
}
