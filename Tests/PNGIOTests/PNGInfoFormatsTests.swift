import CheckerscopeCore
import TestSupport
import Testing

@testable import PNGIO

/// `PNGInfo.text(path:)` and `json(path:)` on PngSuite files, expected values from the suite's
/// manifest (`Fixtures/pngsuite/MANIFEST.tsv`: size, bit depth, colour type, interlace) and the
/// tEXt chunks as stored in `ct1n0g04.png` (read with a byte-level chunk walk, not this decoder).
@Suite("PNG info as text and JSON")
struct PNGInfoFormatsTests {
  static func info(_ file: String) throws -> PNGInfo {
    try PNGImage.readWithInfo(from: FixturePaths.url("pngsuite/" + file).path).1
  }

  @Test("a grey 8-bit file: one line per field, decoded 1 channel, no text")
  func greyText() throws {
    let expected = """
      basn0g08.png
        size:          32 x 32
        colour type:   grey (0)
        bit depth:     8
        interlace:     none
        transparency:  none
        decoded:       1 channel (grey), 8-bit
        text chunks:   0

      """
    #expect(try Self.info("basn0g08.png").text(path: "basn0g08.png") == expected)
  }

  @Test("an interlaced 2-bit palette file decodes to 8-bit RGB")
  func paletteText() throws {
    let text = try Self.info("basi3p02.png").text(path: "p.png")
    #expect(text.contains("\n  colour type:   palette (3)\n"))
    #expect(text.contains("\n  bit depth:     2\n"))
    #expect(text.contains("\n  interlace:     adam7\n"))
    #expect(text.contains("\n  decoded:       3 channels (rgb), 8-bit\n"))
  }

  @Test("text chunks in file order, a newline shown as \\n")
  func textChunks() throws {
    let text = try Self.info("ct1n0g04.png").text(path: "ct.png")
    #expect(text.contains("\n  text chunks:   6\n    Title: PngSuite\n"))
    #expect(text.contains("\n    Author: Willem A.J. van Schaik\\n(willem@schaik.com)\n"))
    #expect(text.hasSuffix("    Disclaimer: Freeware.\n"))
  }

  @Test("control characters other than a newline become spaces")
  func oneLine() {
    #expect(PNGInfo.oneLine("a\tb\nc\rd") == "a b\\nc d")
  }

  @Test("JSON: every field under its key, in order; text as key/value objects")
  func json() throws {
    let value = try Self.info("ct1n0g04.png").json(path: "ct.png")
    guard case .object(let members) = value else {
      Issue.record("not an object")
      return
    }
    #expect(
      members.map(\.0) == [
        "path", "width", "height", "colorType", "colorTypeCode", "bitDepth", "interlace", "transparencyChunk",
        "decodedChannels", "decodedBitDepth", "text", "warnings",
      ])
    #expect(value["path"] == .string("ct.png"))
    #expect(value["width"] == .int(32))
    #expect(value["height"] == .int(32))
    #expect(value["colorType"] == .string("grey"))
    #expect(value["colorTypeCode"] == .int(0))
    #expect(value["bitDepth"] == .int(4))
    #expect(value["interlace"] == .string("none"))
    #expect(value["transparencyChunk"] == .bool(false))
    #expect(value["decodedChannels"] == .int(1))
    #expect(value["decodedBitDepth"] == .int(8))
    #expect(value["text"]?.arrayValue?.count == 6)
    #expect(
      value["text"]?[1]
        == .object([
          ("key", .string("Author")), ("value", .string("Willem A.J. van Schaik\n(willem@schaik.com)")),
        ]))
    #expect(value["warnings"] == .array([]))
  }
}
