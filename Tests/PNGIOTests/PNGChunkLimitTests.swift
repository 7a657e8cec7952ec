import Testing

@testable import PNGIO

/// Chunk lengths are checked against the bytes present before libpng reads a chunk, text has one
/// budget for the whole file, and text is skipped unread when the caller does not want it.
@Suite("PNG chunk and text limits")
struct PNGChunkLimitTests {
  /// A 56-byte file: signature, a 1×1 IHDR, then a chunk header claiming 0x7FFFFFF0 bytes
  /// followed by 15 bytes of its data (libpng 1.6.39 allocated and zeroed 2 GB for it).
  static func chunkBomb(_ type: String) -> [UInt8] {
    let head = PNGBuilder.signature + PNGBuilder.ihdr(width: 1, height: 1)
    let claim = PNGBuilder.bigEndian(0x7FFF_FFF0) + Array(type.utf8)
    let data = Array("k".utf8) + [UInt8](repeating: 0, count: 14)
    return head + claim + data
  }

  @Test(
    "a 56-byte file claiming a 2 GB chunk is refused before libpng reads it",
    arguments: ["tEXt", "zTXt", "iTXt", "sPLT"])
  func chunkBombIsRefused(type: String) {
    let bytes = Self.chunkBomb(type)
    #expect(bytes.count == 56)
    let expected = PNGIOError.corrupt(
      path: "bomb.png",
      message:
        "chunk '\(type)' at byte 33 claims 2147483632 bytes but only 11 follow (the file is truncated or damaged)"
    )
    // The message comes from the pre-scan (libpng's would be about its own limits or the end of
    // the data), so nothing was allocated for the chunk; with text not wanted it is the same.
    #expect(throws: expected) { try PNGImage.decode(bytes, path: "bomb.png") }
    #expect(throws: expected) { try PNGInfo.decode(bytes, path: "bomb.png") }
    #expect(throws: expected) {
      try PNGImage.decode(bytes, path: "bomb.png", options: PNGReadOptions(readText: false))
    }
  }

  @Test("a length over 2^31 − 1 and a chunk over maxChunkBytes are refused")
  func lengthLimits() {
    let head = PNGBuilder.signature + PNGBuilder.ihdr(width: 1, height: 1)
    let huge = head + PNGBuilder.bigEndian(0x8000_0000) + Array("tEXt".utf8) + [0, 0, 0, 0]
    #expect(
      throws: PNGIOError.corrupt(
        path: "<memory>",
        message:
          "chunk 'tEXt' at byte 33 claims 2147483648 bytes, over PNG's limit of 2^31 - 1 (the file is damaged)"
      )
    ) { try PNGInfo.decode(huge) }
    let text = PNGBuilder.chunk("tEXt", Array("key".utf8) + [0] + [UInt8](repeating: 0x61, count: 200))
    let bytes = PNGBuilder.grey(width: 1, height: 1, before: text)
    #expect(throws: Never.self) { try PNGImage.decode(bytes) }
    #expect(
      throws: PNGIOError.corrupt(
        path: "<memory>",
        message:
          "chunk 'tEXt' at byte 33 holds 204 bytes, over the limit of 100 bytes for one chunk (raise maxChunkBytes if the file is trusted)"
      )
    ) { try PNGImage.decode(bytes, options: PNGReadOptions(maxChunkBytes: 100)) }
  }

  @Test("a truncated chunk after the image data is refused by the full decode only")
  func truncatedAfterImageData() throws {
    let valid = PNGBuilder.grey(width: 2, height: 2)
    let iend = PNGBuilder.chunk("IEND", [])
    let cut = Array(valid.dropLast(iend.count)) + PNGBuilder.bigEndian(1000) + Array("tEXt".utf8) + [0x61]
    #expect(try PNGInfo.decode(cut).width == 2)
    #expect(throws: PNGIOError.self) { try PNGImage.decode(cut) }
  }

  /// 200 zTXt chunks, each inflating to 1 + 258·4000 = 1,032,001 bytes of "A" (about 6.5 KB
  /// compressed): 206 MB of text in a 1.3 MB file.
  static let manyZTXt: [UInt8] = {
    let stream = PNGBuilder.zlibRepeated(0x41, matches: 4000)
    var extra: [UInt8] = []
    for i in 0..<200 {
      extra += PNGBuilder.chunk("zTXt", Array("z\(i)".utf8) + [0, 0] + stream)
    }
    return PNGBuilder.grey(width: 2, height: 2, before: extra)
  }()

  @Test("the text of all chunks together is capped, and decompression stops at the cap")
  func totalTextCap() throws {
    let bytes = Self.manyZTXt
    #expect(bytes.count < 1_500_000)
    let (image, info) = try PNGImage.decodeWithInfo(bytes)
    // Keys "z0"…"z9" cost 2 + 1,032,001 bytes, "z10"… 3 + 1,032,001: the 16 MiB budget holds
    // the first 16 (10 · 1,032,003 + 6 · 1,032,004 = 16,512,054 ≤ 16,777,216; a 17th would
    // pass it).
    #expect(image.text.count == 16)
    let total = image.text.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count }
    #expect(total == 16_512_054)
    #expect(image.text.last?.key == "z15")
    #expect(image.text.allSatisfy { $0.value.utf8.count == 1_032_001 })
    #expect(info.warnings.contains { $0.contains("text chunks past 16 chunks") })
    // A smaller budget keeps fewer.
    let small = try PNGImage.decode(bytes, options: PNGReadOptions(maxTextBytes: 3_000_000))
    #expect(small.text.count == 2)
  }

  @Test("text is skipped unread when it is not wanted")
  func textNotRead() throws {
    let (image, info) = try PNGImage.decodeWithInfo(Self.manyZTXt, options: PNGReadOptions(readText: false))
    #expect(image.text.isEmpty && info.text.isEmpty)
    #expect(info.warnings.isEmpty)
    #expect(image.samples == .uint8([7, 7, 7, 7]))
    let plain = PNGBuilder.grey(
      width: 1, height: 1, before: PNGBuilder.chunk("tEXt", Array("a".utf8) + [0] + Array("b".utf8)))
    #expect(try PNGImage.decode(plain).text == [PNGTextChunk(key: "a", value: "b")])
    #expect(try PNGImage.decode(plain, options: PNGReadOptions(readText: false)).text.isEmpty)
  }

  @Test("iTXt: compressed and plain UTF-8 values, language and translated keyword skipped")
  func iTXt() throws {
    let value = Array("grüße ✓".utf8)
    let plain = PNGBuilder.chunk(
      "iTXt", Array("Title".utf8) + [0, 0, 0] + Array("de".utf8) + [0, 0] + value)
    let zipped = PNGBuilder.chunk(
      "iTXt", Array("Z".utf8) + [0, 1, 0, 0, 0] + PNGBuilder.zlibStored(value))
    let text = try PNGImage.decode(PNGBuilder.grey(width: 1, height: 1, before: plain + zipped)).text
    #expect(text == [PNGTextChunk(key: "Title", value: "grüße ✓"), PNGTextChunk(key: "Z", value: "grüße ✓")])
  }
}
