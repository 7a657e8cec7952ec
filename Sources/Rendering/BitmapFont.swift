/// A 5×8 bitmap font of this project's own design: digits, A–Z, a–z and the punctuation the labels
/// use (`. , : ; = / × · − - + ( ) [ ] % < > ≤ ≥ _ ! ? ' " # * | ∞ — …`).
///
/// Each glyph is 5 pixels wide and 8 rows tall: rows 0–6 above the baseline, row 7 for descenders.
/// The advance is 6 pixels and the line height 9, both times the integer scale. Characters without
/// a glyph draw as a hollow box.
public enum BitmapFont {
  /// Glyph width in font pixels.
  public static let glyphWidth = 5
  /// Glyph height in font pixels (7 above the baseline, 1 descender row).
  public static let glyphHeight = 8
  /// Horizontal advance per character in font pixels.
  public static let advance = 6
  /// Height of the ink above the baseline (capitals and digits), in font pixels.
  public static let capHeight = 7

  /// The width in pixels of `text` drawn at `scale`: `(6·n − 1)·scale`, 0 for empty text.
  public static func width(of text: String, scale: Int = 1) -> Int {
    let n = text.count
    return n == 0 ? 0 : (advance * n - 1) * scale
  }

  /// The rows of the glyph for `character` (bit 4 is the leftmost pixel), or nil when the font has
  /// no glyph for it.
  public static func rows(for character: Character) -> [UInt8]? {
    glyphs[character]
  }

  /// Every character with a glyph.
  public static var characters: Set<Character> { Set(glyphs.keys) }

  static let missing: [UInt8] = [0b11111, 0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b11111, 0]

  static let glyphs: [Character: [UInt8]] = {
    var table: [Character: [UInt8]] = [:]
    for (character, picture) in BitmapFont.pictures {
      var rows: [UInt8] = []
      for row in picture.split(separator: " ") {
        var bits: UInt8 = 0
        for pixel in row { bits = bits << 1 | (pixel == "#" ? 1 : 0) }
        rows.append(bits)
      }
      while rows.count < glyphHeight { rows.append(0) }
      table[character] = rows
    }
    return table
  }()
}

extension RGBImage {
  /// Draws `text` with its top-left corner at (x, y), each font pixel a `scale × scale` block.
  /// Returns the width drawn (`BitmapFont.width(of:scale:)`). Clipped at the image edges.
  @discardableResult
  public mutating func drawText(_ text: String, x: Int, y: Int, scale: Int = 1, color: RGB) -> Int {
    precondition(scale >= 1, "text scale must be at least 1")
    var penX = x
    for character in text {
      let rows = BitmapFont.rows(for: character) ?? BitmapFont.missing
      for (r, bits) in rows.enumerated() where bits != 0 {
        for c in 0..<BitmapFont.glyphWidth where bits & (1 << (4 - c)) != 0 {
          fillRect(x: penX + c * scale, y: y + r * scale, width: scale, height: scale, color)
        }
      }
      penX += BitmapFont.advance * scale
    }
    return BitmapFont.width(of: text, scale: scale)
  }

  /// Draws `text` rotated 90° counter-clockwise (reading upwards), with the bounding box's top-left
  /// corner at (x, y); the box is `8·scale` wide and `width(of:)` tall.
  public mutating func drawTextUpwards(_ text: String, x: Int, y: Int, scale: Int = 1, color: RGB) {
    precondition(scale >= 1, "text scale must be at least 1")
    let length = BitmapFont.width(of: text, scale: scale)
    var pen = 0
    for character in text {
      let rows = BitmapFont.rows(for: character) ?? BitmapFont.missing
      for (r, bits) in rows.enumerated() where bits != 0 {
        for c in 0..<BitmapFont.glyphWidth where bits & (1 << (4 - c)) != 0 {
          // Font pixel (c, r) goes to column r, row (length − 1 − pen − c) of the box.
          let px = x + r * scale
          let py = y + length - (pen + c + 1) * scale
          fillRect(x: px, y: py, width: scale, height: scale, color)
        }
      }
      pen += BitmapFont.advance
    }
  }
}
