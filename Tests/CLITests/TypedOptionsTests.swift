import Foundation
import TestSupport
import Testing

/// Option values the argument parser turns into types (kernel spec, value list, shard, memory
/// size, colormap, input shape, safetensors layer): a malformed one is refused while the arguments
/// are parsed, before any file is read, as a usage error (exit 64) that names the option and keeps
/// the reason.
@Suite struct TypedOptionsTests {
  @Test(arguments: [
    (
      ["overlap", "--kernel-spec", "triangle:3", "--input-size", "4"], "'triangle:3'", "--kernel-spec <SPEC>",
      "unknown kernel spec 'triangle:3'"
    ),
    (
      ["deconv", "--input", "missing.npy", "-o", "y.npy", "--kernel-spec", "ones:0"], "'ones:0'",
      "--kernel-spec <SPEC>", "needs a size of at least 1"
    ),
    (["grid", "--kernels", "1,x", "--strides", "2"], "'1,x'", "--kernels <LIST>", "'x' is not a number"),
    (["grid", "--kernels", "3", "--strides", "4...1"], "'4...1'", "--strides <LIST>", "4...1 is empty"),
    (
      ["grid", "--kernels", "3", "--strides", "2", "--dilations", "1,1"], "'1,1'", "--dilations <LIST>",
      "1 is listed twice"
    ),
    (["grid", "--kernels", "3", "--strides", "2", "--shard", "0/2"], "'0/2'", "--shard <I/N>", "1 ≤ I ≤ N"),
    (
      ["overlap", "--kernel", "3", "--input-size", "4", "--max-memory", "4X"], "'4X'", "--max-memory <SIZE>",
      "is not a memory size"
    ),
    (
      ["probe", "missing.onnx", "--input-shape", "1x0x3"], "'1x0x3'", "--input-shape <SHAPE>",
      "not of the form 1x3x256x256"
    ),
    (
      ["probe", "missing.onnx", "--input", "sideways"], "'sideways'", "--input <INPUT>",
      "must be constant, noise, or a .npy or .png file"
    ),
    (
      ["audit", "--safetensors", "missing.safetensors", "--layer", "k=3"], "'k=3'",
      "--layer <TENSOR:k=3,s=2,p=1,op=1>", "names no tensor"
    ),
  ])
  func aMalformedValueIsAUsageErrorWithItsReason(
    arguments: [String], value: String, option: String, reason: String
  ) throws {
    let result = try ToolRunner.run(arguments)
    #expect(result.status == 64, "\(result.stderr)")
    #expect(
      result.stderr.hasPrefix("Error: The value \(value) is invalid for '\(option)': "), "\(result.stderr)")
    #expect(result.stderr.contains(reason), "\(result.stderr)")
    #expect(result.stdout.isEmpty)
  }

  @Test("an unknown colormap is refused with the list of names, in the help too")
  func colormapNames() throws {
    let names = ["viridis", "magma", "inferno", "cividis", "grey", "rdbu"]
    let result = try ToolRunner.run([
      "overlap", "--kernel", "3", "--input-size", "4", "--heatmap", "x.png", "--colormap", "jet",
    ])
    #expect(result.status == 64)
    #expect(result.stderr.hasPrefix("Error: The value 'jet' is invalid for '--colormap <NAME>'"))
    for name in names { #expect(result.stderr.contains("  - \(name)\n"), "\(result.stderr)") }
    let help = try ToolRunner.run(["render", "--help"])
    #expect(
      help.stdout.replacingOccurrences(of: "\n", with: " ").contains(
        "(values: " + names.joined(separator: ", ")))
  }

  @Test("grid's value lists show their defaults in the help")
  func valueListDefaults() throws {
    let help = try ToolRunner.run(["grid", "--help"]).stdout
    #expect(help.contains("--dilations <LIST>      Dilations (default: 1)."))
    #expect(help.contains("--paddings <LIST>       Paddings, removed at both ends (default: 0)."))
  }

  @Test("well-formed values run: a shard, a memory size, a kernel spec and a colormap")
  func wellFormedValuesRun() throws {
    let dir = try FixturePaths.temporaryDirectory("typed")
    defer { try? FileManager.default.removeItem(at: dir) }
    let grid = try ToolRunner.run(
      [
        "grid", "--kernels", "2,3", "--strides", "1...2", "--shard", "2/2", "--max-memory", "64M", "-o",
        "s.json",
      ],
      in: dir)
    #expect(grid.status == 0, "\(grid.stderr)")
    #expect(grid.stdout.contains("shard 2/2"))
    let overlap = try ToolRunner.run(
      [
        "overlap", "--kernel-spec", "bilinear:4", "--stride", "2", "--input-size", "4", "--heatmap", "h.svg",
        "--colormap", "magma", "-o", "m.json",
      ], in: dir)
    #expect(overlap.status == 0, "\(overlap.stderr)")
    #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("h.svg").path))
  }
}
