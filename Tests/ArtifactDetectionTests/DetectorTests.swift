import ArtifactDetection
import Testing

@Suite struct DetectorTests {
  /// A smooth image multiplied by a periodic gain tile.
  static func modulated(_ gains: [Float], rows: Int, columns: Int, seed: UInt64 = 11) -> GreyImage {
    let image = TestImages.smooth(height: 96, width: 96, seed: seed)
    var pixels = image.pixels
    for y in 0..<96 {
      for x in 0..<96 { pixels[y * 96 + x] *= gains[(y % rows) * columns + x % columns] }
    }
    return GreyImage(width: 96, height: 96, pixels: pixels)
  }

  @Test func smoothImageIsClean() throws {
    let d = try ArtifactDetector().detect(TestImages.smooth(height: 96, width: 96, seed: 11))
    #expect(!d.artifact)
    #expect(d.period == nil)
    #expect(d.strength == 0)
    #expect(d.peaks.isEmpty)
    #expect(d.scores.map(\.period) == Array(2...8))
  }

  @Test func checkerGainIsFoundWithItsPeriodAndStrength() throws {
    // Gains 1.05 / 0.95: relative spread 0.1.
    let d = try ArtifactDetector().detect(Self.modulated([1.05, 0.95, 0.95, 1.05], rows: 2, columns: 2))
    #expect(d.artifact)
    #expect(d.period == [2, 2])
    #expect(abs(d.strength - 0.1) < 0.02)
    #expect(d.peaks.first?.pattern == .checker)
    let two = try #require(d.scores.first)
    #expect(two.checkerDb > 20)
    #expect(two.pefHighPass > two.pef)
  }

  @Test func stripesGiveAPeriodOnOneAxisOnly() throws {
    let d = try ArtifactDetector().detect(Self.modulated([1.04, 0.98, 0.98], rows: 3, columns: 1))
    #expect(d.period == [3, 1])
    #expect(d.peaks.allSatisfy { $0.pattern == .horizontalStripes })
    let v = try ArtifactDetector().detect(Self.modulated([1.04, 1, 0.98, 0.98], rows: 1, columns: 4))
    #expect(v.period == [1, 4])
    #expect(v.peaks.allSatisfy { $0.pattern == .verticalStripes })
  }

  @Test func differentPeriodsPerAxis() throws {
    var gains = [Float]()
    for y in 0..<2 { for x in 0..<3 { gains.append(1 + 0.03 * Float(y) - 0.02 * Float(x)) } }
    let d = try ArtifactDetector().detect(Self.modulated(gains, rows: 2, columns: 3))
    #expect(d.period == [2, 3])
  }

  @Test func tooSmallOrBadMaxPeriodIsAnError() {
    let small = TestImages.smooth(height: 30, width: 200, seed: 1)
    #expect(
      throws: ArtifactDetectionError.imageTooSmall(width: 200, height: 30, minimumSide: 41, maxPeriod: 8)
    ) {
      try ArtifactDetector().detect(small)
    }
    #expect(throws: ArtifactDetectionError.invalidMaxPeriod(1)) {
      try ArtifactDetector(maxPeriod: 1).detect(small)
    }
    #expect(ArtifactDetector.minimumSide(maxPeriod: 2) == 15)
  }
}
