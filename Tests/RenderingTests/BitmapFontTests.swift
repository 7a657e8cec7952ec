import Testing

@testable import Rendering

@Suite("Bitmap font")
struct BitmapFontTests {
  static let required =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz .,:;=/×·−-+()[]%<>"

  @Test("every character the labels use has a glyph", arguments: Array(required))
  func hasGlyph(_ character: Character) throws {
    let rows = try #require(BitmapFont.rows(for: character))
    #expect(rows.count == BitmapFont.glyphHeight)
    #expect(rows.allSatisfy { $0 < 32 })
    if character != " " { #expect(rows.contains { $0 != 0 }) }
  }

  @Test("letters and digits all look different")
  func distinct() throws {
    let alphanumerics = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    var seen: [[UInt8]: Character] = [:]
    for c in alphanumerics {
      let rows = try #require(BitmapFont.rows(for: c))
      #expect(seen[rows] == nil, "\(c) looks like \(seen[rows].map(String.init) ?? "")")
      seen[rows] = c
    }
  }

  @Test("width is (6n − 1)·scale")
  func width() {
    #expect(BitmapFont.width(of: "", scale: 3) == 0)
    #expect(BitmapFont.width(of: "1", scale: 1) == 5)
    #expect(BitmapFont.width(of: "k=3", scale: 2) == 34)
  }

  @Test("'1' draws its hand-drawn picture; scale 2 doubles every pixel")
  func drawsOne() {
    let picture = ["..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###.", "....."]
    var image = RGBImage(width: 7, height: 9)
    image.drawText("1", x: 1, y: 1, color: .black)
    var big = RGBImage(width: 10, height: 16)
    big.drawText("1", x: 0, y: 0, scale: 2, color: .black)
    for (r, row) in picture.enumerated() {
      for (c, pixel) in row.enumerated() {
        let expected: RGB = pixel == "#" ? .black : .white
        #expect(image[c + 1, r + 1] == expected, "(\(c), \(r))")
        #expect(big[2 * c + 1, 2 * r + 1] == expected)
      }
    }
    #expect(image[0, 0] == .white)
  }

  @Test("upward text puts the glyph's top row on the left, reading bottom to top")
  func upwards() {
    // "-" has ink only in row 3, columns 1…3. Rotated counter-clockwise, row 3 becomes column 3 and
    // glyph column c becomes box row (5 − 1 − c).
    var image = RGBImage(width: 8, height: 5)
    image.drawTextUpwards("-", x: 0, y: 0, color: .black)
    for y in 0..<5 {
      for x in 0..<8 {
        let ink = x == 3 && (1...3).contains(y)
        #expect(image[x, y] == (ink ? .black : .white), "(\(x), \(y))")
      }
    }
  }

  @Test("drawing is clipped at the edges")
  func clipped() {
    var image = RGBImage(width: 4, height: 4)
    image.drawText("WWW", x: -3, y: -3, scale: 2, color: .black)
    image.fillRect(x: 2, y: 2, width: 100, height: 100, .black)
    image.line(from: -10, -10, to: 10, 10, .black)
    #expect(image.pixels.count == 48)
    #expect(image[3, 3] == .black)
  }
}
