import Foundation
import NPYIO
import PNGIO
import TestSupport
import Testing

/// `convert`'s resource limits: PNG's write limits are checked before converting, PNG → .npy
/// decodes straight into the written bytes, and 64-bit integer arrays convert exactly or not at all.
@Suite("CLI convert limits")
struct ConvertLimitTests {
  @Test("a 1 × 1,000,001 array is refused by libpng's write limit before any conversion")
  func wideArrayRefused() throws {
    let folder = try FixturePaths.temporaryDirectory("cli-convert-limits")
    defer { try? FileManager.default.removeItem(at: folder) }
    let input = folder.appendingPathComponent("wide.npy").path
    try NPYArray(shape: [1, 1_000_001], uint8: [UInt8](repeating: 9, count: 1_000_001)).write(to: input)
    let output = folder.appendingPathComponent("wide.png").path
    for extra in [[], ["--range", "0,255"]] {
      let result = try ToolRunner.run(["convert", input, output] + extra)
      #expect(result.status == 1)
      #expect(
        result.stderr.contains(
          "\(input): cannot write the image: 1000001×1 pixels is over the limit of 1000000 pixels per side"))
      #expect(!FileManager.default.fileExists(atPath: output))
    }
    // At the limit it is written.
    let edge = folder.appendingPathComponent("edge.npy").path
    try NPYArray(shape: [1, 1_000_000], uint8: [UInt8](repeating: 9, count: 1_000_000)).write(to: edge)
    #expect(try ToolRunner.run(["convert", edge, output]).status == 0)
    #expect(try PNGInfo.read(from: output, options: PNGReadOptions(maxWidth: 1_000_000)).width == 1_000_000)
  }

  @Test(
    "PNG → .npy writes the bytes numpy.save would, for 8- and 16-bit files",
    arguments: [
      "basn0g08.png", "basn2c16.png", "basn4a16.png", "basi6a08.png", "tbrn2c08.png",
    ])
  func directDecode(file: String) throws {
    let folder = try FixturePaths.temporaryDirectory("cli-convert-limits")
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.appendingPathComponent("out.npy").path
    let source = FixturePaths.url("pngsuite/\(file)").path
    let result = try ToolRunner.run(["convert", source, out])
    #expect(result.status == 0 && result.stderr.isEmpty)
    // The expected file: the decoded image through NPYArray's encoder (numpy.save's layout,
    // checked against NumPy's own files by the NPY write tests).
    let image = try PNGImage.read(from: source)
    let shape = [image.height, image.width, image.channels]
    let expected: NPYArray
    switch image.samples {
    case .uint8(let v): expected = NPYArray(shape: shape, uint8: v)
    case .uint16(let v): expected = NPYArray(shape: shape, uint16: v)
    }
    #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: out))) == (try expected.encoded()))
  }

  @Test("int64 .npy → PNG: exact values convert, 2^53 + 1 is refused naming the element")
  func int64Input() throws {
    let folder = try FixturePaths.temporaryDirectory("cli-convert-limits")
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.appendingPathComponent("out.png").path
    let small = FixturePaths.url("npy/i8.npy").path
    #expect(try ToolRunner.run(["convert", small, out, "--range", "0,255"]).status == 0)
    // 0…255 maps to itself; negative values clamp to 0.
    #expect(try PNGImage.read(from: out).samples == .uint8([0, 1, 0, 100, 0, 7]))
    // i8_wide.npy as a (1, 6) image: the same bytes with the shape written "(1, 6)" (two of the
    // header's padding spaces make room).
    var bytes = [UInt8](try Data(contentsOf: FixturePaths.url("npy/i8_wide.npy")))
    let header = String(decoding: bytes[10..<128], as: UTF8.self)
      .replacingOccurrences(of: "'shape': (6,), }  ", with: "'shape': (1, 6), }")
    bytes.replaceSubrange(10..<128, with: Array(header.utf8))
    let wide = folder.appendingPathComponent("wide.npy").path
    try Data(bytes).write(to: URL(fileURLWithPath: wide))
    let refused = try ToolRunner.run(["convert", wide, out, "--range", "0,1"])
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("element 5 is 9007199254740993, which float64 cannot hold exactly"))
  }
}
