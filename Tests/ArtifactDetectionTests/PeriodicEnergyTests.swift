import ArtifactDetection
import Testing

@Suite struct PeriodicEnergyTests {
  /// FACTS F19 and F3: the tiled 2D k=3, s=2 overlap map has PEF_2 = 1 and power 9 : 9 : 1 at
  /// (½, 0), (0, ½), (½, ½).
  @Test func tiledOverlapMapIsFullyPeriodic() {
    let map = TestImages.tiled([4, 2, 2, 1], rows: 2, columns: 2, height: 32, width: 48)
    #expect(abs(PeriodicEnergy.fraction(of: map, periodY: 2, periodX: 2) - 1) < 1e-9)
    let power = DirectDFT.power(of: map, rowBins: [16, 0, 16], columnBins: [0, 24])
    // rows (16, 0, 16) × columns (0, 24): (½,0) = [0], (0,½) = [3], (½,½) = [5]
    #expect(abs(power[0] / power[5] - 9) < 1e-6)
    #expect(abs(power[3] / power[5] - 9) < 1e-6)
    // The tile itself: F3's mean 2.25 and CV 0.4843 give relative spread (4 − 1)/2.25.
    let tile = PhaseMeanTile(image: map, periodY: 2, periodX: 2)
    #expect(tile.means == [4, 2, 2, 1])
    #expect(abs(tile.relativeSpread - 3 / 2.25) < 1e-12)
  }

  /// FACTS: about (s² − 1)/(H·W − 1) for white noise (averaged over 20 draws).
  @Test(arguments: [2, 3, 4])
  func whiteNoiseHasTheExpectedFraction(s: Int) {
    let side = 60
    var total = 0.0
    for seed in 1...20 {
      total += PeriodicEnergy.fraction(
        of: TestImages.noise(height: side, width: side, seed: UInt64(seed)), periodY: s, periodX: s)
    }
    let expected = Double(s * s - 1) / Double(side * side - 1)
    #expect(abs(total / 20 / expected - 1) < 0.3)
  }

  @Test func constantImageHasNoPeriodicEnergy() {
    let flat = GreyImage(width: 10, height: 10, pixels: .init(repeating: 0.5, count: 100))
    #expect(PeriodicEnergy.fraction(of: flat, periodY: 2, periodX: 2) == 0)
  }

  /// Parseval: PEF equals the share of non-DC power on the lattice, with a plain DFT; odd sizes
  /// are cropped top-left to multiples of the period.
  @Test(arguments: [(2, 2), (3, 3), (4, 4), (2, 3), (3, 1)])
  func latticeShareEqualsPEF(py: Int, px: Int) {
    let image = TestImages.noise(height: 25, width: 26, seed: 7)
    let crop = image.cropped(height: 25 / py * py, width: 26 / px * px)
    let power = TestImages.naivePower(crop)
    var lattice = 0.0
    var total = 0.0
    for ky in 0..<crop.height {
      for kx in 0..<crop.width where ky != 0 || kx != 0 {
        total += power[ky * crop.width + kx]
        if ky % (crop.height / py) == 0 && kx % (crop.width / px) == 0 {
          lattice += power[ky * crop.width + kx]
        }
      }
    }
    let pef = PeriodicEnergy.fraction(of: image, periodY: py, periodX: px)
    #expect(abs(pef - lattice / total) < 1e-6)
  }

  @Test func lumaUsesRec601() {
    let image = GreyImage(interleaved: [1, 0, 0, 0, 1, 0, 0, 0, 1], width: 3, height: 1, channels: 3)
    #expect(image.pixels == [0.299, 0.587, 0.114])
    let withAlpha = GreyImage(interleaved: [0.5, 1, 0.25, 0], width: 2, height: 1, channels: 2)
    #expect(withAlpha.pixels == [0.5, 0.25])
  }
}
