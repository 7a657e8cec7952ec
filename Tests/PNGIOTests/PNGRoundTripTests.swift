import CheckerscopeCore
import Foundation
import TestSupport
import Testing

@testable import PNGIO

/// Writing then reading gives back the same image, for every colour type and bit depth we write.
@Suite("PNG round trips")
struct PNGRoundTripTests {
  static func randomImage(width: Int, height: Int, channels: Int, bitDepth: Int, seed: UInt64) -> PNGImage {
    var rng = SplitMix64(seed: seed)
    let n = width * height * channels
    let samples: PNGImage.Samples =
      bitDepth == 8
      ? .uint8((0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
      : .uint16((0..<n).map { _ in UInt16(truncatingIfNeeded: rng.next()) })
    return PNGImage(width: width, height: height, channels: channels, samples: samples)
  }

  static let layouts: [(channels: Int, bitDepth: Int)] = [1, 2, 3, 4].flatMap { c in [(c, 8), (c, 16)] }

  @Test("every channel count and bit depth", arguments: layouts)
  func roundTrip(channels: Int, bitDepth: Int) throws {
    for (w, h) in [(1, 1), (7, 3), (33, 17)] {
      let image = Self.randomImage(
        width: w, height: h, channels: channels, bitDepth: bitDepth, seed: UInt64(w * h))
      for level in [0, 6, 9] {
        let bytes = try image.encoded(options: PNGWriteOptions(compressionLevel: level))
        let info = try PNGInfo.decode(bytes)
        #expect(info.colorType.rawValue == [0, 4, 2, 6][channels - 1])
        #expect(info.bitDepth == bitDepth && !info.interlaced)
        #expect(try PNGImage.decode(bytes) == image)
      }
    }
  }

  @Test("16-bit samples are stored big-endian in the file")
  func sixteenBitByteOrder() throws {
    let image = PNGImage(width: 1, height: 1, channels: 1, samples: .uint16([0x1234]))
    let bytes = try image.encoded(options: PNGWriteOptions(compressionLevel: 0))
    // Level 0: the IDAT holds a stored deflate block with the filter byte then the sample.
    let raw = [UInt8](bytes)
    #expect(raw.indices.contains { raw[$0...].starts(with: [0x00, 0x12, 0x34]) })
  }

  @Test("a hand-computed 2×2 RGB image")
  func handComputed() throws {
    // Pixels red, green / blue, white, encoded and decoded; and a PngSuite-independent check of
    // the IHDR bytes: width 2, height 2, depth 8, colour type 2.
    let samples: [UInt8] = [255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255]
    let image = PNGImage(width: 2, height: 2, channels: 3, samples: .uint8(samples))
    let bytes = try image.encoded()
    #expect(Array(bytes[0..<8]) == PNGBuilder.signature)
    #expect(Array(bytes[8..<33]) == PNGBuilder.ihdr(width: 2, height: 2, bitDepth: 8, colorType: 2))
    #expect(try PNGImage.decode(bytes).samples == .uint8(samples))
  }

  @Test("repeated writes are byte-identical and carry no tIME chunk")
  func deterministic() throws {
    let image = Self.randomImage(width: 40, height: 30, channels: 3, bitDepth: 8, seed: 5)
    let options = PNGWriteOptions(text: [PNGTextChunk(key: "Software", value: "checkerscope")])
    let first = try image.encoded(options: options)
    #expect(try image.encoded(options: options) == first)
    #expect(Self.chunkTypes(first) == ["IHDR", "tEXt", "IDAT", "IEND"])
    let folder = try FixturePaths.temporaryDirectory("png")
    defer { try? FileManager.default.removeItem(at: folder) }
    let a = folder.appendingPathComponent("a.png").path
    let b = folder.appendingPathComponent("b.png").path
    try image.write(to: a, options: options)
    try image.write(to: b, options: options)
    #expect(try Data(contentsOf: URL(fileURLWithPath: a)) == Data(first))
    #expect(try Data(contentsOf: URL(fileURLWithPath: b)) == Data(first))
  }

  @Test("text metadata round trip: Latin-1 as tEXt, other text as iTXt")
  func textRoundTrip() throws {
    let text = [
      PNGTextChunk(key: "Title", value: "Checkerboard"),
      PNGTextChunk(key: "Comment", value: "café, 12 µs\nsecond line"),
      PNGTextChunk(key: "Description", value: "日本語 and ünïcödé ✓"),
      PNGTextChunk(key: "Empty", value: ""),
    ]
    let image = PNGImage(width: 2, height: 1, channels: 1, samples: .uint8([1, 2]), text: Array(text[0..<2]))
    let bytes = try image.encoded(options: PNGWriteOptions(text: Array(text[2...])))
    #expect(Self.chunkTypes(bytes) == ["IHDR", "tEXt", "tEXt", "iTXt", "tEXt", "IDAT", "IEND"])
    let decoded = try PNGImage.decode(bytes)
    #expect(decoded.text == text)
    #expect(decoded == PNGImage(width: 2, height: 1, channels: 1, samples: .uint8([1, 2]), text: text))
  }

  @Test(
    "invalid text keys and values are refused",
    arguments: ["", " lead", "trail ", "two  spaces", String(repeating: "k", count: 80), "tab\tkey", "日本"])
  func badKeys(key: String) {
    let image = PNGImage(
      width: 1, height: 1, channels: 1, samples: .uint8([0]), text: [PNGTextChunk(key: key, value: "v")])
    #expect(throws: PNGIOError.self) { try image.encoded() }
  }

  @Test("a NUL in a value is refused, and so are empty images and bad levels")
  func badImages() {
    let nul = PNGImage(
      width: 1, height: 1, channels: 1, samples: .uint8([0]), text: [PNGTextChunk(key: "k", value: "a\u{0}b")]
    )
    #expect(throws: PNGIOError.self) { try nul.encoded() }
    let empty = PNGImage(width: 0, height: 5, channels: 3, samples: .uint8([]))
    #expect(throws: PNGIOError.self) { try empty.encoded() }
    let one = PNGImage(width: 1, height: 1, channels: 1, samples: .uint8([0]))
    #expect(throws: PNGIOError.self) { try one.encoded(options: PNGWriteOptions(compressionLevel: 10)) }
  }

  @Test("a failed write leaves no file and keeps an earlier one")
  func atomicWrite() throws {
    let folder = try FixturePaths.temporaryDirectory("png")
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("keep.png").path
    let good = Self.randomImage(width: 4, height: 4, channels: 3, bitDepth: 8, seed: 1)
    try good.write(to: path)
    let before = try Data(contentsOf: URL(fileURLWithPath: path))
    let bad = PNGImage(
      width: 1, height: 1, channels: 1, samples: .uint8([0]), text: [PNGTextChunk(key: "", value: "")])
    #expect(throws: PNGIOError.self) { try bad.write(to: path) }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["keep.png"])
    let missing = folder.appendingPathComponent("no/such/folder/x.png").path
    #expect(
      throws: PNGIOError.io(
        path: missing,
        reason:
          "cannot be written: the folder '\(folder.path)/no/such/folder' does not exist; create it first")
    ) {
      try good.write(to: missing)
    }
  }

  @Test("reading a missing file or a folder names the path")
  func readErrors() throws {
    #expect(throws: PNGIOError.io(path: "/no/such/file.png", reason: "no such file; check the path")) {
      try PNGImage.read(from: "/no/such/file.png")
    }
    let folder = try FixturePaths.temporaryDirectory("png")
    defer { try? FileManager.default.removeItem(at: folder) }
    #expect(throws: PNGIOError.io(path: folder.path, reason: "is a folder, not a file")) {
      try PNGImage.read(from: folder.path)
    }
  }

  /// The chunk types of a PNG byte stream, in order.
  static func chunkTypes(_ bytes: [UInt8]) -> [String] {
    var types: [String] = []
    var offset = 8
    while offset + 8 <= bytes.count {
      let length = bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
      types.append(String(decoding: bytes[(offset + 4)..<(offset + 8)], as: UTF8.self))
      offset += 12 + length
    }
    return types
  }
}
