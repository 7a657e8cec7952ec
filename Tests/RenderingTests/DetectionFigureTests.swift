import Testing

@testable import ArtifactDetection
@testable import Rendering

/// `DetectionFigure`: the phase-mean tile drawn relative to its mean, and the spectrum figure's
/// captions. Expected cell values are the tile's means divided by their mean, worked out by hand.
@Suite("Detection figures")
struct DetectionFigureTests {
  /// The strings a figure draws, in drawing order.
  static func texts(_ figure: Figure) -> [String] {
    figure.items.compactMap { item in
      if case .text(let text) = item { return text.text }
      return nil
    }
  }

  /// The image [[1, 3, 1, 3], [5, 7, 5, 7]] at period 2×2: class means 1, 3, 5, 7, mean 4.
  static let tile = PhaseMeanTile(
    image: GreyImage(width: 4, height: 2, pixels: [1, 3, 1, 3, 5, 7, 5, 7]), periodY: 2, periodX: 2)

  @Test("cells show mean / overall mean with 3 decimals; title, subtitle and axes name the period")
  func phaseMeans() throws {
    let texts = Self.texts(
      try DetectionFigure.phaseMeans(Self.tile, subtitle: "node (Conv)", colorBarLabel: "level"))
    // 1/4, 3/4, 5/4, 7/4.
    for value in ["0.250", "0.750", "1.250", "1.750"] {
      #expect(texts.contains(value), "\(value) in \(texts)")
    }
    #expect(texts.contains("phase means / mean, period 2x2"))
    #expect(texts.contains("node (Conv)"))
    #expect(texts.contains("level"))
    #expect(texts.contains("y mod 2"))
    #expect(texts.contains("x mod 2"))
  }

  @Test("an all-zero tile shows zeros instead of dividing by zero")
  func zeroTile() throws {
    let zero = PhaseMeanTile(image: GreyImage(width: 2, height: 1, pixels: [0, 0]), periodY: 1, periodX: 2)
    let texts = Self.texts(try DetectionFigure.phaseMeans(zero, subtitle: "", colorBarLabel: ""))
    // Integral values are printed without decimals.
    #expect(texts.filter { $0 == "0" }.count >= 2, "\(texts)")
    #expect(!texts.contains("n/a"))
    #expect(texts.contains("phase means / mean, period 1x2"))
  }

  @Test("a detection's tile: subtitled with its name, '(no artifact)' when there is none")
  func detectionSubtitle() throws {
    var detection = Detection(
      artifact: false, period: nil, strength: 0, scores: [], peaks: [], tile: Self.tile)
    var texts = Self.texts(try DetectionFigure.phaseMeans(of: detection, name: "cat"))
    #expect(texts.contains("cat (no artifact)"))
    #expect(texts.contains("relative gain"))
    detection.artifact = true
    texts = Self.texts(try DetectionFigure.phaseMeans(of: detection, name: "cat"))
    #expect(texts.contains("cat"))
  }

  @Test("the spectrum names the picture and its size")
  func spectrum() throws {
    let image = GreyImage(width: 8, height: 4, pixels: (0..<32).map { Float($0 % 2) })
    let texts = Self.texts(try DetectionFigure.spectrum(of: image, name: "cat"))
    #expect(texts.contains("power spectrum of cat"))
    #expect(texts.contains("8×4 pixels from the top left, mean removed; DC in the centre"))
  }
}
