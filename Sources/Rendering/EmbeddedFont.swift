import Foundation

/// The font every figure's text is drawn with: DejaVu Sans (a subset, Scripts/embed_font.py),
/// compiled into the library so no resource bundle or system font is needed.
public enum EmbeddedFont {
  /// The font family SVG figures name: DejaVu Sans first (the PNG's font), then common fallbacks.
  public static let svgFamily = "DejaVu Sans, Helvetica, Arial, sans-serif"

  /// The embedded TTF's bytes.
  public static var bytes: [UInt8] {
    [UInt8](Data(base64Encoded: base64, options: .ignoreUnknownCharacters) ?? Data())
  }

  /// The parsed font; nil only if the embedded data were damaged (a test checks it is not).
  public static let font: TrueTypeFont? = try? TrueTypeFont(bytes: bytes)

  /// Every glyph's contours, read once (empty for a glyph that failed to read).
  static let outlines: [[[OutlinePoint]]] = {
    guard let font else { return [] }
    return (0..<font.glyphCount).map { (try? font.contours(of: $0)) ?? [] }
  }()
}

/// Text measurement with the embedded font; sizes are in pixels per em.
public enum TextMetrics {
  /// The capital height as a fraction of the font size (DejaVu Sans: 1493/2048 ≈ 0.729).
  public static let capHeightRatio: Double = {
    guard let font = EmbeddedFont.font, let box = font.boundingBox(of: font.glyph(for: "H")) else {
      return 0.73
    }
    return Double(box.yMax) / Double(font.unitsPerEm)
  }()

  /// The advance width of `text` at `size`: the sum of the glyphs' advances (no kerning).
  public static func width(of text: String, size: Double) -> Double {
    guard let font = EmbeddedFont.font else { return 0.6 * size * Double(text.unicodeScalars.count) }
    var units = 0
    for scalar in text.unicodeScalars { units += font.advance(of: font.glyph(for: scalar)) }
    return Double(units) * size / Double(font.unitsPerEm)
  }

  /// `width(of:size:)` rounded up to whole pixels, for layouts.
  public static func pixelWidth(of text: String, size: Double) -> Int {
    Int(width(of: text, size: size).rounded(.up))
  }
}
