import Foundation
import NPYIO
import PNGIO
import TestSupport
import Testing

/// End-to-end tests of `checkerscope info` and `checkerscope convert`, run on the built binary.
@Suite("CLI info and convert")
struct InfoConvertTests {
  static func suite(_ file: String) -> String { "Fixtures/pngsuite/\(file)" }

  /// Checks a failed run: the status, one error line naming `file`, and no stdout.
  static func expectFailure(_ result: ToolRunner.Result, status: Int32 = 1, naming file: String) {
    #expect(result.status == status)
    let lines = result.stderr.split(separator: "\n")
    #expect(lines.count == 1)
    #expect(result.stderr.hasPrefix("checkerscope: error: \(file): "))
  }

  @Test("info prints the header facts and text chunks")
  func infoText() throws {
    let result = try ToolRunner.run(["info", Self.suite("ctzn0g04.png")])
    #expect(result.status == 0)
    let lines = result.stdout.split(separator: "\n").map(String.init)
    #expect(lines.first == Self.suite("ctzn0g04.png"))
    #expect(lines.contains("  size:          32 x 32"))
    #expect(lines.contains("  colour type:   grey (0)"))
    #expect(lines.contains("  bit depth:     4"))
    #expect(lines.contains("  interlace:     none"))
    #expect(lines.contains("  decoded:       1 channel (grey), 8-bit"))
    #expect(lines.contains("  text chunks:   6"))
    #expect(lines.contains("    Title: PngSuite"))
    #expect(lines.contains("    Author: Willem A.J. van Schaik\\n(willem@schaik.com)"))
  }

  @Test("info --format json is valid JSON with the header facts")
  func infoJSON() throws {
    let result = try ToolRunner.run(["info", Self.suite("basi6a16.png"), "--format", "json"])
    #expect(result.status == 0)
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    #expect(object["width"] as? Int == 32)
    #expect(object["height"] as? Int == 32)
    #expect(object["colorType"] as? String == "rgba")
    #expect(object["colorTypeCode"] as? Int == 6)
    #expect(object["bitDepth"] as? Int == 16)
    #expect(object["interlace"] as? String == "adam7")
    #expect(object["decodedChannels"] as? Int == 4)
    #expect(object["decodedBitDepth"] as? Int == 16)
    #expect((object["text"] as? [Any])?.isEmpty == true)
    let palette = try ToolRunner.run(["info", Self.suite("tbrn2c08.png"), "--format", "json"])
    let tRNS = try #require(
      try JSONSerialization.jsonObject(with: Data(palette.stdout.utf8)) as? [String: Any])
    #expect(tRNS["transparencyChunk"] as? Bool == true)
    #expect(tRNS["decodedChannels"] as? Int == 4)
  }

  @Test("info on damaged or missing files: one error line naming the file, exit 1")
  func infoErrors() throws {
    for file in [
      Self.suite("xcsn0g01.png"), Self.suite("xs1n0g01.png"), "no-such-file.png", "Fixtures/npy/u1.npy",
    ] {
      Self.expectFailure(try ToolRunner.run(["info", file]), naming: file)
    }
    let usage = try ToolRunner.run(["info", Self.suite("basn0g08.png"), "--format", "xml"])
    #expect(usage.status == 64)
    let missing = try ToolRunner.run(["info"])
    #expect(missing.status == 64)
  }

  @Test("PNG → .npy gives (H, W, C) with the decoded samples")
  func pngToNPY() throws {
    let folder = try FixturePaths.temporaryDirectory("cli-convert")
    defer { try? FileManager.default.removeItem(at: folder) }
    for (file, channels, options) in [
      ("basn2c08.png", "keep", PNGReadOptions()), ("tbrn2c08.png", "keep", PNGReadOptions()),
      ("basn0g02.png", "rgba", PNGReadOptions(expandToRGBA: true)),
      ("basi4a16.png", "rgba", PNGReadOptions(expandToRGBA: true)),
    ] {
      let out = folder.appendingPathComponent("\(file).npy").path
      let result = try ToolRunner.run(["convert", Self.suite(file), out, "--channels", channels])
      #expect(result.status == 0 && result.stderr.isEmpty)
      let array = try NPYArray.read(from: out)
      let image = try PNGImage.read(from: FixturePaths.url("pngsuite/\(file)").path, options: options)
      #expect(array.shape == [image.height, image.width, image.channels])
      switch image.samples {
      case .uint8(let v): #expect(array.uint8Values == v)
      case .uint16(let v): #expect(array.uint16Values == v)
      }
    }
  }

  @Test("float .npy → PNG maps --range LO,HI to 0…255 with clamping")
  func floatToPNG() throws {
    let folder = try FixturePaths.temporaryDirectory("cli-convert")
    defer { try? FileManager.default.removeItem(at: folder) }
    let input = folder.appendingPathComponent("f.npy").path
    try NPYArray(shape: [2, 3], float32: [0, 0.5, 1, -1, 2, 0.25]).write(to: input)
    let out = folder.appendingPathComponent("f.png").path
    let result = try ToolRunner.run(["convert", input, out, "--range", "0,1"])
    #expect(result.status == 0)
    // 0.5·255 = 127.5 → 128; 0.25·255 = 63.75 → 64; −1 and 2 clamp to 0 and 255.
    #expect(
      try PNGImage.read(from: out)
        == PNGImage(width: 3, height: 2, channels: 1, samples: .uint8([0, 128, 255, 0, 255, 64])))
    // A negative LO needs no '=': −1…1 to 16 bits: 0 → 32767.5 → 32768.
    let signed = folder.appendingPathComponent("s.png").path
    #expect(
      try ToolRunner.run(["convert", input, signed, "--range", "-1,1", "--bit-depth", "16"]).status == 0)
    #expect(try PNGImage.read(from: signed).samples == .uint16([32768, 49151, 65535, 0, 65535, 40959]))
    // Without --range a float array is refused, naming the file, and nothing is written.
    let refused = folder.appendingPathComponent("r.png").path
    Self.expectFailure(try ToolRunner.run(["convert", input, refused]), naming: input)
    #expect(!FileManager.default.fileExists(atPath: refused))
  }

  @Test("uint8/uint16 .npy → PNG → .npy round trip, with channel and depth conversion")
  func integerRoundTrip() throws {
    let folder = try FixturePaths.temporaryDirectory("cli-convert")
    defer { try? FileManager.default.removeItem(at: folder) }
    let values: [UInt16] = (0..<24).map { UInt16($0 * 2711) }
    let input = folder.appendingPathComponent("a.npy").path
    try NPYArray(shape: [2, 3, 4], uint16: values).write(to: input)
    let png = folder.appendingPathComponent("a.png").path
    let back = folder.appendingPathComponent("b.npy").path
    #expect(try ToolRunner.run(["convert", input, png]).status == 0)
    #expect(try ToolRunner.run(["convert", png, back]).status == 0)
    #expect(try NPYArray.read(from: back) == NPYArray(shape: [2, 3, 4], uint16: values))
    // (H, W) uint8 → grey PNG; --channels rgb --bit-depth 16 repeats and scales by 257.
    let grey = folder.appendingPathComponent("g.npy").path
    try NPYArray(shape: [1, 2], uint8: [3, 200]).write(to: grey)
    let rgb = folder.appendingPathComponent("g.png").path
    #expect(try ToolRunner.run(["convert", grey, rgb, "--channels", "rgb", "--bit-depth", "16"]).status == 0)
    #expect(try PNGImage.read(from: rgb).samples == .uint16([771, 771, 771, 51400, 51400, 51400]))
  }

  @Test("PNG → PNG keeps pixels and text, or converts them")
  func pngToPNG() throws {
    let folder = try FixturePaths.temporaryDirectory("cli-convert")
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.appendingPathComponent("copy.png").path
    let source = FixturePaths.url("pngsuite/ct1n0g04.png").path
    #expect(try ToolRunner.run(["convert", source, out]).status == 0)
    #expect(try PNGImage.read(from: out) == PNGImage.read(from: source))
    let grey = folder.appendingPathComponent("grey.png").path
    #expect(
      try ToolRunner.run(["convert", Self.suite("basn2c08.png"), grey, "--channels", "grey"]).status == 0)
    let info = try PNGInfo.read(from: grey)
    #expect(info.colorType == .grey && info.bitDepth == 8)
  }

  @Test("bad arguments exit 64 and write nothing")
  func usageErrors() throws {
    let folder = try FixturePaths.temporaryDirectory("cli-convert")
    defer { try? FileManager.default.removeItem(at: folder) }
    let png = Self.suite("basn2c08.png")
    let out = folder.appendingPathComponent("o.png").path
    let cases: [[String]] = [
      ["convert", png, folder.appendingPathComponent("o.txt").path],
      ["convert", png, out, "--bit-depth", "12"],
      ["convert", png, out, "--channels", "cmyk"],
      ["convert", png, out, "--range", "0,1"],
      ["convert", "Fixtures/npy/f4.npy", out, "--range", "1,0"],
      ["convert", "Fixtures/npy/f4.npy", out, "--range", "0"],
      ["convert", "Fixtures/npy/u1.npy", folder.appendingPathComponent("o.npy").path],
      ["convert", png],
    ]
    for arguments in cases {
      let result = try ToolRunner.run(arguments)
      #expect(result.status == 64, "\(arguments)")
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
  }

  @Test("a failed conversion names the file and keeps an earlier output")
  func failureKeepsOutput() throws {
    let folder = try FixturePaths.temporaryDirectory("cli-convert")
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.appendingPathComponent("keep.npy").path
    try Data("earlier".utf8).write(to: URL(fileURLWithPath: out))
    for bad in [
      Self.suite("xd9n2c08.png"), "Fixtures/npy/fortran.npy", "Fixtures/reference/deconv/case005/y.npy",
    ] {
      Self.expectFailure(
        try ToolRunner.run(["convert", bad, out.replacingOccurrences(of: ".npy", with: ".png")]), naming: bad)
    }
    Self.expectFailure(
      try ToolRunner.run(["convert", Self.suite("xcsn0g01.png"), out]), naming: Self.suite("xcsn0g01.png"))
    #expect(try String(contentsOfFile: out, encoding: .utf8) == "earlier")
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["keep.npy"])
  }
}
