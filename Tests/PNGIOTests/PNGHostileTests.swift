import CheckerscopeCore
import Foundation
import TestSupport
import Testing

@testable import PNGIO

/// Hostile input: huge headers, truncations, bit flips and decompression bombs never crash,
/// never allocate without bound, and come back as `PNGIOError`.
@Suite("PNG hostile input")
struct PNGHostileTests {
  @Test("the builder makes a valid PNG and valid zlib streams")
  func builderIsValid() throws {
    let small = PNGBuilder.chunk("tEXt", Array("a".utf8) + [0] + Array("b".utf8))
    let zipped = PNGBuilder.chunk(
      "zTXt", Array("Z".utf8) + [0, 0] + PNGBuilder.zlibRepeated(0x41, matches: 2))
    let text = try PNGImage.decode(PNGBuilder.grey(width: 1, height: 1, before: small + zipped)).text
    #expect(
      text == [
        PNGTextChunk(key: "a", value: "b"), PNGTextChunk(key: "Z", value: String(repeating: "A", count: 517)),
      ])
    let image = try PNGImage.decode(PNGBuilder.grey(width: 3, height: 2, value: 9))
    #expect(
      image == PNGImage(width: 3, height: 2, channels: 1, samples: .uint8([UInt8](repeating: 9, count: 6))))
  }

  @Test("a 1,000,000 × 1,000,000 IHDR is refused before any allocation")
  func hugeHeader() {
    let bytes =
      PNGBuilder.signature + PNGBuilder.ihdr(width: 1_000_000, height: 1_000_000)
      + PNGBuilder.chunk("IDAT", PNGBuilder.zlibStored([0, 0])) + PNGBuilder.chunk("IEND", [])
    #expect(
      throws: PNGIOError.tooLarge(
        path: "huge.png", width: 1_000_000, height: 1_000_000, limit: "32768 pixels wide")
    ) { try PNGImage.decode(bytes, path: "huge.png") }
    // With the side limits raised, the pixel limit still refuses it.
    let wide = PNGReadOptions(maxWidth: 2_000_000, maxHeight: 2_000_000)
    #expect(
      throws: PNGIOError.tooLarge(
        path: "<memory>", width: 1_000_000, height: 1_000_000, limit: "268435456 pixels in all")
    ) {
      try PNGImage.decode(bytes, options: wide)
    }
    // The header alone is also refused.
    #expect(throws: PNGIOError.self) { try PNGInfo.decode(bytes) }
  }

  @Test("libpng's own limits refuse what the pre-check cannot see")
  func libpngLimits() {
    // IHDR not first: the pre-check skips it and libpng refuses the stream.
    let bytes =
      PNGBuilder.signature + PNGBuilder.chunk("tEXt", Array("k\u{0}v".utf8))
      + PNGBuilder.ihdr(width: 1_000_000, height: 1_000_000) + PNGBuilder.chunk("IEND", [])
    #expect(throws: PNGIOError.self) { try PNGImage.decode(bytes) }
    // A limit lower than the image: refused by the pre-check and by libpng alike.
    let small = PNGBuilder.grey(width: 40, height: 3)
    #expect(throws: PNGIOError.tooLarge(path: "<memory>", width: 40, height: 3, limit: "32 pixels wide")) {
      try PNGImage.decode(small, options: PNGReadOptions(maxWidth: 32))
    }
    #expect(throws: PNGIOError.tooLarge(path: "<memory>", width: 40, height: 3, limit: "100 pixels in all")) {
      try PNGImage.decode(small, options: PNGReadOptions(maxPixels: 100))
    }
  }

  @Test("not a PNG")
  func notPNG() {
    #expect(throws: PNGIOError.notPNG(path: "a.txt")) {
      try PNGImage.decode(Array("hello world".utf8), path: "a.txt")
    }
    #expect(throws: PNGIOError.notPNG(path: "<memory>")) { try PNGImage.decode([]) }
  }

  static let files = [
    "basn2c08.png", "basi3p02.png", "basn4a16.png", "ctzn0g04.png", "tbrn2c08.png", "basi6a16.png",
  ]

  @Test("every truncation is an error, never a crash", arguments: files)
  func truncations(file: String) throws {
    let bytes = [UInt8](try Data(contentsOf: FixturePaths.url("pngsuite/\(file)")))
    #expect(throws: Never.self) { try PNGImage.decode(bytes) }
    for length in 0..<bytes.count {
      do {
        _ = try PNGImage.decode(Array(bytes[0..<length]))
        Issue.record("\(file) truncated to \(length) bytes was accepted")
      } catch {
        #expect(error.path == "<memory>")
      }
    }
  }

  @Test("random bit flips never crash", arguments: files)
  func bitFlips(file: String) throws {
    let bytes = [UInt8](try Data(contentsOf: FixturePaths.url("pngsuite/\(file)")))
    var rng = SplitMix64(seed: UInt64(bytes.count))
    var refused = 0
    for _ in 0..<400 {
      var copy = bytes
      for _ in 0..<(1 + Int(rng.next() % 4)) {
        let bit = Int(rng.next() % UInt64(bytes.count * 8))
        copy[bit / 8] ^= 1 << UInt8(bit % 8)
      }
      do {
        let image = try PNGImage.decode(copy)
        #expect(image.samples.count == image.width * image.height * image.channels)
      } catch {
        refused += 1
      }
    }
    #expect(refused > 0)
  }

  @Test("a zTXt bomb is bounded by maxChunkBytes")
  func zTXtBomb() throws {
    // About 10 MB of spaces (over the default 8 MiB limit) compressed to 65 KB, in a zTXt chunk
    // before the image data.
    let matches = 40_000
    let inflated = 1 + 258 * matches
    let bomb = PNGBuilder.chunk(
      "zTXt", Array("Bomb".utf8) + [0, 0] + PNGBuilder.zlibRepeated(0x20, matches: matches))
    let bytes = PNGBuilder.grey(width: 2, height: 2, before: bomb)
    #expect(bytes.count < 70_000 && inflated > 8 << 20)
    let (image, info) = try PNGImage.decodeWithInfo(bytes)
    #expect(image.text.isEmpty)
    #expect(!info.warnings.isEmpty)
    // A limit above the inflated size lets it through: the limit is what bounded it.
    let trusting = PNGReadOptions(maxChunkBytes: inflated + 1024)
    let text = try PNGImage.decode(bytes, options: trusting).text
    #expect(text.count == 1 && text.first?.key == "Bomb")
    #expect(text.first?.value == String(repeating: " ", count: inflated))
  }

  @Test("many text chunks are bounded by maxChunkCount")
  func manyChunks() throws {
    var extra: [UInt8] = []
    for i in 0..<50 { extra += PNGBuilder.chunk("tEXt", Array("k\(i)".utf8) + [0] + Array("v".utf8)) }
    let bytes = PNGBuilder.grey(width: 1, height: 1, before: extra)
    #expect(try PNGImage.decode(bytes).text.count == 50)
    let limited = try PNGImage.decode(bytes, options: PNGReadOptions(maxChunkCount: 10)).text.count
    #expect(limited < 50)
  }

  @Test("a damaged ancillary chunk is a warning, not a failure")
  func damagedAncillary() throws {
    var text = PNGBuilder.chunk("tEXt", Array("key".utf8) + [0] + Array("value".utf8))
    text[text.count - 1] ^= 0xFF  // break the CRC
    let (image, info) = try PNGImage.decodeWithInfo(PNGBuilder.grey(width: 2, height: 2, before: text))
    #expect(image.text.isEmpty)
    #expect(!info.warnings.isEmpty)
  }
}
