import ArtifactDetection
import OverlapAnalysis

extension DistillFacts {
  /// F19: the k=3, s=2 map tiled over a 16×16 image is entirely periodic at period 2, and its
  /// power at the three non-zero lattice frequencies is 9 : 9 : 1 (ArtifactDetection's
  /// `PeriodicEnergy` and `DirectDFT`).
  static func f19() throws -> FactCheck {
    let m = try map(dims: 2, k: 3, s: 2, n: 8)
    let side = 16
    var pixels = [Float](repeating: 0, count: side * side)
    for y in 0..<side {
      for x in 0..<side { pixels[y * side + x] = Float(m.tile.values[(y % 2) * 2 + x % 2]) }
    }
    let image = GreyImage(width: side, height: side, pixels: pixels)
    let pef = PeriodicEnergy.fraction(of: image, periodY: 2, periodX: 2)
    // Bins (row, column): (0,0), (0,½), (½,0), (½,½) of the 16×16 DFT.
    let power = DirectDFT.power(of: image, rowBins: [0, side / 2], columnBins: [0, side / 2])
    let unit = power[3]
    let ratios = [power[2] / unit, power[1] / unit, 1]
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
        "Overlap counts of k=3, s=2 on an 8×8 input, whose interior tile is repeated over 16×16 for the spectrum"
    )
  }
}
