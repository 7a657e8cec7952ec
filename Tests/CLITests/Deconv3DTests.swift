import Foundation
import NPYIO
import TestSupport
import Testing

/// End-to-end tests of `checkerscope deconv` on 3D `.npy` tensors `(N, C, D, H, W)`.
@Suite struct Deconv3DTests {
  func folder() throws -> URL { try FixturePaths.temporaryDirectory("deconv3d") }

  func reference(_ name: String, _ file: String) -> String {
    FixturePaths.url("reference/deconv3d/\(name)/\(file)").path
  }

  func expectMatches(_ path: String, _ expectedPath: String) throws {
    let actual = try NPYArray.read(from: path)
    let expected = try NPYArray.read(from: expectedPath)
    #expect(actual.shape == expected.shape)
    #expect(Approximate.firstMismatch(actual.floatValues(), expected.floatValues()) == nil)
  }

  /// PyTorch case015: groups 2, bias, dilation 2x3x3, stride 2x2x1, asymmetric padding 3x8x4 / 2x7x5,
  /// output padding 1x2x0.
  @Test func asymmetricGroupedDilatedMatchesPyTorch() throws {
    let dir = try folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("y.npy").path
    let result = try ToolRunner.run([
      "deconv", "--input", reference("case015", "x.npy"), "--output", out, "--weight",
      reference("case015", "w.npy"), "--bias", reference("case015", "b.npy"), "--groups", "2",
      "--stride", "2x2x1", "--dilation", "2x3x3", "--padding-begin", "3x8x4", "--padding-end", "2x7x5",
      "--output-padding", "1x2x0",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("y.npy: "), "\(result.stdout)")
    try expectMatches(out, reference("case015", "y.npy"))
  }

  /// PyTorch case027: nn.ConvTranspose3d(..., output_size=[16, 12, 15]).
  @Test func outputSizeMatchesPyTorch() throws {
    let dir = try folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("y.npy").path
    let result = try ToolRunner.run([
      "deconv", "--input", reference("case027", "x.npy"), "--output", out, "--weight",
      reference("case027", "w.npy"), "--bias", reference("case027", "b.npy"), "--stride", "3x3x2",
      "--dilation", "2x1x2", "--padding", "0x1x0", "--output-size", "16x12x15",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    try expectMatches(out, reference("case027", "y.npy"))
  }

  /// Ones through `ones:3` at stride 2: the 3D count map is the outer product of the 1D map
  /// 1,1,2,1,2,1,1 (n = 3, k = 3, s = 2; each output counts the (input, tap) pairs landing on it).
  @Test func kernelSpecCountsAreTheOuterProduct() throws {
    let dir = try folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let x = dir.appendingPathComponent("x.npy").path
    try NPYArray(shape: [1, 1, 3, 3, 3], float32: [Float](repeating: 1, count: 27)).write(to: x)
    let out = dir.appendingPathComponent("y.npy").path
    let result = try ToolRunner.run([
      "deconv", "--input", x, "--output", out, "--kernel-spec", "ones:3x3x3", "--stride", "2",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    var line = [Float](repeating: 0, count: 7)
    for i in 0..<3 { for j in 0..<3 { line[2 * i + j] += 1 } }
    #expect(line == [1, 1, 2, 1, 2, 1, 1])
    var expected: [Float] = []
    for a in line { for b in line { for c in line { expected.append(a * b * c) } } }
    let y = try NPYArray.read(from: out)
    #expect(y.shape == [1, 1, 7, 7, 7])
    #expect(y.floatValues() == expected)
  }

  @Test func volumesAreNotImages() throws {
    let dir = try folder()
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("y.png").path
    let result = try ToolRunner.run([
      "deconv", "--input", reference("case015", "x.npy"), "--output", out, "--kernel-spec", "ones:2",
      "--stride", "2",
    ])
    #expect(result.status == 1, "\(result.stderr)")
    #expect(result.stderr.hasPrefix("checkerscope: error: "), "\(result.stderr)")
    #expect(!FileManager.default.fileExists(atPath: out))
    let sixD = dir.appendingPathComponent("x6.npy").path
    try NPYArray(shape: [1, 1, 2, 2, 2, 2], float32: [Float](repeating: 1, count: 16)).write(to: sixD)
    let refused = try ToolRunner.run([
      "deconv", "--input", sixD, "--output", dir.appendingPathComponent("y.npy").path, "--kernel-spec",
      "ones:2",
    ])
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("(N, C, D, H, W)"), "\(refused.stderr)")
  }
}
