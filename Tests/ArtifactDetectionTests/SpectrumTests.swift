import ArtifactDetection
import Testing

@Suite struct SpectrumTests {
  @Test func directDFTMatchesTheTextbookSum() {
    let image = TestImages.noise(height: 12, width: 10, seed: 3)
    let naive = TestImages.naivePower(image)
    let rows = [0, 1, 5, 11, -1, 13]
    let columns = [0, 3, 9, -2, 12]
    let power = DirectDFT.power(of: image, rowBins: rows, columnBins: columns)
    for (i, ky) in rows.enumerated() {
      for (j, kx) in columns.enumerated() {
        let expected = naive[((ky % 12 + 12) % 12) * 10 + (kx % 10 + 10) % 10]
        #expect(abs(power[i * columns.count + j] - expected) <= 1e-9 * max(1, expected))
      }
    }
  }

  @Test(arguments: [2, 3, 4, 5])
  func latticeDFTMatchesDirectDFT(s: Int) {
    let image = TestImages.noise(height: 8 * s, width: 6 * s, seed: UInt64(s))
    let reach = 3
    let power = LatticeDFT.power(of: image, period: s, reach: reach)
    let span = 2 * reach + 1
    let columns = s / 2 + 1
    for a in 0..<s {
      for dy in -reach...reach {
        for b in 0..<columns {
          for dx in -reach...reach {
            let direct = DirectDFT.power(
              of: image, rowBins: [a * image.height / s + dy], columnBins: [b * image.width / s + dx])[0]
            let folded = power[((a * span + dy + reach) * columns + b) * span + dx + reach]
            #expect(abs(folded - direct) <= 1e-8 * max(1, direct))
          }
        }
      }
    }
  }

  @Test func logSpectrumIsCentredOnDC() {
    let map = TestImages.tiled([1, 0, 0, 1], rows: 2, columns: 2, height: 8, width: 8)
    let spectrum = PowerSpectrum.logPower(of: map)
    // A (½, ½) checker: all power at the corner bin, which sits at row 0, column 0 after centring.
    let peak = spectrum.pixels.enumerated().max { $0.element < $1.element }
    #expect(peak?.offset == 0)
    #expect(spectrum.pixels[4 * 8 + 4] == 0)  // DC removed
  }
}
