import Foundation
import NPYIO
import PNGIO
import TestSupport
import Testing

/// End-to-end tests of `checkerscope deconv`, running the built binary.
@Suite struct DeconvTests {
  func folder() throws -> URL { try FixturePaths.temporaryDirectory("deconv") }

  func reference(_ name: String, _ file: String) -> String {
    FixturePaths.url("reference/deconv/\(name)/\(file)").path
  }

  func expectMatches(_ path: String, _ expectedPath: String) throws {
    let actual = try NPYArray.read(from: path)
    let expected = try NPYArray.read(from: expectedPath)
    #expect(actual.shape == expected.shape)
    #expect(Approximate.firstMismatch(actual.floatValues(), expected.floatValues()) == nil)
  }

  /// PyTorch case000: 2D, stride 4×2, padding 4×0, with bias.
  @Test func npyToNpyMatchesPyTorch2D() throws {
    let dir = try folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("y.npy").path
    let result = try ToolRunner.run([
      "deconv", "--input", reference("case000", "x.npy"), "--output", out, "--weight",
      reference("case000", "w.npy"),
      "--bias", reference("case000", "b.npy"), "--stride", "4x2", "--padding", "4x0",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    try expectMatches(out, reference("case000", "y.npy"))
  }

  /// PyTorch case005: 1D, stride 2, no bias.
  @Test func npyToNpyMatchesPyTorch1D() throws {
    let dir = try folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("y.npy").path
    let result = try ToolRunner.run([
      "deconv", "--input", reference("case005", "x.npy"), "--output", out, "--weight",
      reference("case005", "w.npy"),
      "--stride", "2",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    try expectMatches(out, reference("case005", "y.npy"))
  }

  /// F11: n = 4, k = 3, s = 2, p = 1, op = 1 on ones gives 1,2,1,2,1,2,1,1; --output-size 8 picks op = 1.
  @Test func outputSizeAndAsymmetricPadding() throws {
    let dir = try folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let x = dir.appendingPathComponent("x.npy").path
    try NPYArray(shape: [1, 1, 4], float32: [1, 1, 1, 1]).write(to: x)
    let out = dir.appendingPathComponent("y.npy").path
    let sized = try ToolRunner.run([
      "deconv", "--input", x, "--output", out, "--kernel-spec", "ones:3", "--stride", "2", "--padding", "1",
      "--output-size", "8",
    ])
    #expect(sized.status == 0, "\(sized.stderr)")
    #expect(try NPYArray.read(from: out).floatValues() == [1, 2, 1, 2, 1, 2, 1, 1])
    // TensorFlow's 'same' (F20): keep full[0:8] of the full result 1,1,2,1,2,1,2,1,1 → begin 0, end 1.
    let asymmetric = try ToolRunner.run([
      "deconv", "--input", x, "--output", out, "--kernel-spec", "ones:3", "--stride", "2", "--padding-begin",
      "0",
      "--padding-end", "1",
    ])
    #expect(asymmetric.status == 0, "\(asymmetric.stderr)")
    #expect(try NPYArray.read(from: out).floatValues() == [1, 1, 2, 1, 2, 1, 2, 1])
    let outOfRange = try ToolRunner.run([
      "deconv", "--input", x, "--output", dir.appendingPathComponent("z.npy").path, "--kernel-spec", "ones:3",
      "--stride", "2", "--padding", "1", "--output-size", "9",
    ])
    #expect(outOfRange.status == 1)
    #expect(outOfRange.stderr.contains("7...8"), "\(outOfRange.stderr)")
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("z.npy").path))
  }

  /// ones:2 with stride 2 is nearest-neighbour upsampling: every output pixel copies one input pixel.
  @Test func pngChannelsAreConvolvedOnTheirOwn() throws {
    let dir = try folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let input = FixturePaths.url("pngsuite/basn2c08.png").path
    let out = dir.appendingPathComponent("up.png").path
    let result = try ToolRunner.run([
      "deconv", "--input", input, "--output", out, "--kernel-spec", "ones:2", "--stride", "2",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let source = try PNGImage.read(from: input)
    let image = try PNGImage.read(from: out)
    #expect(image.width == 64 && image.height == 64 && image.channels == 3 && image.bitDepth == 8)
    guard case .uint8(let a) = source.samples, case .uint8(let b) = image.samples else {
      Issue.record("expected 8-bit samples")
      return
    }
    var mismatches = 0
    for y in 0..<64 {
      for x in 0..<64 {
        for c in 0..<3 where b[(y * 64 + x) * 3 + c] != a[((y / 2) * 32 + x / 2) * 3 + c] { mismatches += 1 }
      }
    }
    #expect(mismatches == 0)
  }

  /// --normalize and --bit-depth 16: a ones:3 stride-2 layer on a constant image makes counts 1, 2, 4;
  /// normalised, a count-1 pixel is 0 and a count-4 pixel 65535.
  @Test func normalizeAndBitDepth() throws {
    let dir = try folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let input = dir.appendingPathComponent("flat.png").path
    try PNGImage(width: 4, height: 4, channels: 1, samples: .uint8([UInt8](repeating: 255, count: 16))).write(
      to: input)
    let out = dir.appendingPathComponent("counts.png").path
    let result = try ToolRunner.run([
      "deconv", "--input", input, "--output", out, "--kernel-spec", "ones:3", "--stride", "2", "--normalize",
      "--bit-depth", "16",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let image = try PNGImage.read(from: out)
    #expect(image.width == 9 && image.bitDepth == 16)
    guard case .uint16(let s) = image.samples else {
      Issue.record("expected 16-bit samples")
      return
    }
    #expect(s[0] == 0)  // corner: count 1
    #expect(s[1 * 9 + 1] == 0)  // odd/odd: count 1
    #expect(s[2 * 9 + 2] == 65535)  // even/even interior: count 4
    #expect(s[2 * 9 + 1] == 21845)  // count 2: (2 − 1)/(4 − 1) · 65535
  }

  @Test(arguments: [
    (["--kernel-spec", "ones:3", "--weight", "w.npy"], "not both"),
    ([String](), "give a kernel"),
    (["--kernel-spec", "triangle:3"], "unknown kernel spec"),
    (["--kernel-spec", "ones:3", "--padding", "1", "--padding-begin", "0"], "--padding"),
    (["--kernel-spec", "ones:3", "--bit-depth", "12"], "--bit-depth"),
    (["--kernel-spec", "ones:3", "--stride", "2y"], "stride"),
    (["--kernel-spec", "ones:3", "--stride", "2x2x2x2"], "2x2x2x2"),
  ])
  func usageErrorsExit64(_ extra: [String], _ message: String) throws {
    let dir = try folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("y.png").path
    let result = try ToolRunner.run(
      ["deconv", "--input", FixturePaths.url("pngsuite/basn0g08.png").path, "--output", out] + extra)
    #expect(result.status == 64, "\(result.stderr)")
    #expect(result.stderr.contains(message), "\(result.stderr)")
    #expect(!FileManager.default.fileExists(atPath: out))
  }
  /// Values no layer can have are usage errors (exit 64), with the reason, before the input is read.
  @Test(arguments: [
    (
      ["--kernel-spec", "ones:3", "--stride", "1", "--output-padding", "1"], "output padding must be smaller"
    ),
    (["--kernel-spec", "ones:3", "--stride", "0"], "stride must be at least 1"),
    (["--kernel-spec", "ones:3", "--dilation", "0"], "dilation must be at least 1"),
  ])
  func impossibleValuesExit64WithoutOutput(_ extra: [String], _ message: String) throws {
    let dir = try folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("y.png").path
    let result = try ToolRunner.run(["deconv", "--input", "not-read.png", "--output", out] + extra)
    #expect(result.status == 64, "\(result.stderr)")
    #expect(result.stderr.hasPrefix("Error: \(message)"), "\(result.stderr)")
    #expect(!result.stderr.contains("not-read.png"))
    #expect(!FileManager.default.fileExists(atPath: out))
  }

  @Test(arguments: [
    (["--kernel-spec", "ones:3", "--padding", "40"], "too small"),
    (["--kernel-spec", "ones:3", "--groups", "2"], "--groups"),
    (["--kernel-spec", "ones:3", "--stride", "2x2x2"], "'2x2x2' gives 3 per-axis values"),
    (["--weight", "missing.npy"], "missing.npy:"),
  ])
  func jobErrorsExit1WithoutOutput(_ extra: [String], _ message: String) throws {
    let dir = try folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("y.png").path
    let result = try ToolRunner.run(
      ["deconv", "--input", FixturePaths.url("pngsuite/basn0g08.png").path, "--output", out] + extra)
    #expect(result.status == 1, "\(result.stderr)")
    #expect(result.stderr.hasPrefix("checkerscope: error: "), "\(result.stderr)")
    #expect(result.stderr.contains(message), "\(result.stderr)")
    #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
    #expect(!FileManager.default.fileExists(atPath: out))
  }

  /// Two per-axis values for a 1D input are refused with the offending value.
  @Test func perAxisCountMustFitTheInput() throws {
    let dir = try folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let result = try ToolRunner.run([
      "deconv", "--input", reference("case005", "x.npy"), "--output",
      dir.appendingPathComponent("y.npy").path,
      "--weight", reference("case005", "w.npy"), "--stride", "2x3",
    ])
    #expect(result.status == 1)
    #expect(result.stderr.contains("'2x3'"), "\(result.stderr)")
  }

  /// A failing run names the file and leaves an earlier output untouched.
  @Test func failureKeepsEarlierOutput() throws {
    let dir = try folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("y.npy").path
    try NPYArray(shape: [1], float32: [42]).write(to: out)
    let before = try Data(contentsOf: URL(fileURLWithPath: out))
    let bad = dir.appendingPathComponent("bad.npy").path
    try Data("not an npy file".utf8).write(to: URL(fileURLWithPath: bad))
    let result = try ToolRunner.run(["deconv", "--input", bad, "--output", out, "--kernel-spec", "ones:2"])
    #expect(result.status == 1)
    #expect(result.stderr.contains(bad), "\(result.stderr)")
    #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == before)
    let wrongType = try ToolRunner.run([
      "deconv", "--input", reference("case000", "x.npy"), "--output",
      dir.appendingPathComponent("y.txt").path,
      "--kernel-spec", "ones:2",
    ])
    // An extension the tool cannot write is a usage error, found before any work.
    #expect(wrongType.status == 64)
    #expect(
      wrongType.stderr.contains("y.txt': checkerscope writes .npy or .png here, not .txt"),
      "\(wrongType.stderr)")
    #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("y.txt").path))
  }
}
