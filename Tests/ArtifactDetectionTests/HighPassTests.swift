import ArtifactDetection
import Testing

@Suite struct HighPassTests {
  @Test func handComputedCase() {
    let image = GreyImage(width: 3, height: 3, pixels: [1, 2, 3, 4, 5, 6, 7, 8, 10])
    let hp = image.highPassed(window: 2)
    // out[y, x] = img[y+1, x+1] − mean of the 2×2 box at (y, x)
    #expect(hp.width == 2 && hp.height == 2)
    let expected: [Float] = [2, 2, 2, 2.75]
    #expect(hp.pixels == expected)
  }

  @Test(arguments: [2, 3, 4, 6])
  func periodicPatternPassesUnchanged(s: Int) {
    var tile = [Float]()
    for i in 0..<(s * s) { tile.append(Float((i * 7) % 5)) }
    let image = TestImages.tiled(tile, rows: s, columns: s, height: 40, width: 44)
    let window = GreyImage.highPassWindow(period: s)
    #expect(window % s == 0 && window >= 8)
    let hp = image.highPassed(window: window)
    let mean = tile.reduce(0, +) / Float(tile.count)
    let c = window / 2
    for y in 0..<hp.height {
      for x in 0..<hp.width {
        let expected = tile[((y + c) % s) * s + (x + c) % s] - mean
        #expect(abs(hp.pixels[y * hp.width + x] - expected) < 1e-4)
      }
    }
  }

  @Test func wrapRampsCloseTheEdges() {
    let image = TestImages.smooth(height: 20, width: 30, seed: 5)
    let out = image.removingWrapRamps()
    for x in 0..<30 { #expect(abs(out.pixels[19 * 30 + x] - out.pixels[x]) < 1e-4) }
    for y in 0..<20 { #expect(abs(out.pixels[y * 30 + 29] - out.pixels[y * 30]) < 1e-4) }
    // A pattern whose first and last rows and columns already agree is left alone.
    let same = TestImages.tiled([1, 2, 3, 2, 1], rows: 1, columns: 5, height: 6, width: 5)
    #expect(same.removingWrapRamps() == same)
  }
}
