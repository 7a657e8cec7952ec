import Foundation
import NPYIO
import TestSupport
import Testing

/// End-to-end: the memory budget (`--max-memory`), refusals instead of traps (exit 132) for
/// input-driven sizes, and `deconv --output-size` below the default shape.
@Suite struct ResourceLimitCLITests {
  @Test("--max-memory takes sizes with units; anything else is a usage error")
  func maxMemoryOption() throws {
    let bad = try ToolRunner.run([
      "overlap", "--kernel", "3", "--stride", "2", "--input-size", "4", "--max-memory", "4X",
    ])
    #expect(bad.status == 64)
    #expect(bad.stderr.contains("--max-memory"))
    let good = try ToolRunner.run([
      "overlap", "--kernel", "3", "--stride", "2", "--input-size", "4", "--max-memory", "512M",
    ])
    #expect(good.status == 0, "\(good.stderr)")
  }

  @Test("a deconv beyond the budget is refused before work, names the size and --max-memory, writes nothing")
  func deconvBudget() throws {
    let dir = try FixturePaths.temporaryDirectory("budget")
    let output = dir.appendingPathComponent("y.png").path
    let camera = FixturePaths.url("images/camera.png").path
    let result = try ToolRunner.run([
      "deconv", "--input", camera, "--output", output, "--kernel-spec", "ones:3", "--stride", "64",
    ])
    #expect(result.status == 1)
    #expect(result.stderr.contains("budget of 4.0 GiB"))
    #expect(result.stderr.contains("--max-memory"))
    #expect(!FileManager.default.fileExists(atPath: output))
    let small = try ToolRunner.run([
      "deconv", "--input", camera, "--output", output, "--kernel-spec", "ones:2", "--stride", "2",
      "--max-memory", "1M",
    ])
    #expect(small.status == 1)
    #expect(small.stderr.contains("budget of 1.0 MiB"))
  }

  @Test("probe takes --max-memory: a model run or input beyond it is refused naming the size")
  func probeBudget() throws {
    let model = FixturePaths.url("models/probe/trained_ae_convt.onnx").path
    let big = try ToolRunner.run(["probe", model, "--input-shape", "1x3x20000x20000"])
    #expect(big.status == 1)
    #expect(big.stderr.contains("1×3×20000×20000") && big.stderr.contains("budget of 4.0 GiB"))
    let run = try ToolRunner.run(["probe", model, "--input-shape", "1x3x4096x4096", "--max-memory", "256M"])
    #expect(run.status == 1)
    #expect(
      run.stderr.contains("predicted peak") && run.stderr.contains("at node '/enc/")
        && run.stderr.contains("budget of 256 MiB"), "\(run.stderr)")
    let fits = try ToolRunner.run(["probe", model, "--max-memory", "64M"])
    #expect(fits.status == 0, "\(fits.stderr)")
  }

  @Test("deconv --output-size 2 where the default shape is empty: [x·w1, 0] like PyTorch")
  func outputSizeBelowDefault() throws {
    let dir = try FixturePaths.temporaryDirectory("outsize")
    let x = dir.appendingPathComponent("x.npy").path
    let w = dir.appendingPathComponent("w.npy").path
    let y = dir.appendingPathComponent("y.npy").path
    try NPYArray(shape: [1, 1, 1], float32: [3]).write(to: x)
    try NPYArray(shape: [1, 1, 2], float32: [5, 7]).write(to: w)
    let result = try ToolRunner.run([
      "deconv", "--input", x, "--weight", w, "--output", y, "--stride", "4", "--padding", "2", "--dilation",
      "2",
      "--output-size", "2",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(try NPYArray.read(from: y).floatValues() == [21, 0])
  }

  @Test("huge colour domains and value lists are refused or drawn, never trapped")
  func noTraps() throws {
    let dir = try FixturePaths.temporaryDirectory("traps")
    let heatmap = try ToolRunner.run([
      "overlap", "--kernel", "3", "--stride", "2", "--input-size", "4", "--heatmap",
      dir.appendingPathComponent("h.png").path, "--vmax", "1e300",
    ])
    #expect(heatmap.status == 0, "\(heatmap.stderr)")
    let grid = try ToolRunner.run([
      "grid", "--dims", "1", "--kernels", "0...9223372036854775807", "--strides", "2", "--output",
      dir.appendingPathComponent("g.json").path,
    ])
    #expect(grid.status == 64)
    #expect(grid.stderr.contains("more than 65536 values"))
    let shard = dir.appendingPathComponent("s.json").path
    let sharded = try ToolRunner.run([
      "grid", "--dims", "1", "--kernels", "1...4", "--strides", "2", "--shard", "1/9223372036854775807",
      "--output", shard,
    ])
    #expect(sharded.status == 0, "\(sharded.stderr)")
    let check = try ToolRunner.run(["check", "--baseline", shard])
    #expect(check.status == 0, "\(check.stderr)")
  }

  @Test(
    "report --max-memory applies to the study: a photograph or model run beyond it is refused, nothing written"
  )
  func reportBudget() throws {
    let dir = try FixturePaths.temporaryDirectory("reportbudget")
    let builtIn = dir.appendingPathComponent("builtin").path
    // chelsea.png is 451×300 RGB: 405,900 samples, 5 bytes each decoded and as float32 (2.0 MiB).
    let photo = try ToolRunner.run(["report", "--output", builtIn, "--max-memory", "1M"])
    #expect(photo.status == 1)
    #expect(
      photo.stderr.contains("chelsea.png") && photo.stderr.contains("budget of 1.0 MiB"), "\(photo.stderr)")
    #expect(!FileManager.default.fileExists(atPath: builtIn))
    let model = FixturePaths.url("models/probe/trained_ae_convt.onnx").path
    let spec = dir.appendingPathComponent("probe.json")
    let text =
      #"{"title":"t","sections":[{"kind":"probe","title":"p","model":"\#(model)","inputShape":[1,3,2048,2048]}]}"#
    try Data(text.utf8).write(to: spec)
    let out = dir.appendingPathComponent("probe").path
    let run = try ToolRunner.run(["report", spec.path, "--output", out, "--max-memory", "64M"])
    #expect(run.status == 1)
    #expect(
      run.stderr.contains("predicted peak") && run.stderr.contains("at node '/enc/")
        && run.stderr.contains("budget of 64 MiB"), "\(run.stderr)")
    #expect(!FileManager.default.fileExists(atPath: out))
  }

  @Test("studies with gains of 1e308 or 10,000 stacked layers end with one error line")
  func studies() throws {
    let dir = try FixturePaths.temporaryDirectory("studies")
    let gain =
      #"{"title":"t","sections":[{"kind":"gain","title":"g","dims":2,"inputSize":6,"stride":2,"kernels":[{"label":"big","weights":[[1e308,1e308],[1e308,1e308]]}]}]}"#
    let layers = [String](repeating: #""k=2,s=1""#, count: 10_000).joined(separator: ",")
    let stack =
      #"{"title":"t","sections":[{"kind":"stack","title":"s","dims":1,"inputSize":2,"layers":["# + layers
      + "]}]}"
    for (name, text) in [("gain", gain), ("stack", stack)] {
      let spec = dir.appendingPathComponent("\(name).json")
      try Data(text.utf8).write(to: spec)
      let result = try ToolRunner.run([
        "report", spec.path, "--output", dir.appendingPathComponent("out-\(name)").path,
      ])
      #expect(result.status == 1, "\(name): \(result.stderr)")
      #expect(result.stderr.hasPrefix("checkerscope: error: "), "\(name)")
    }
  }
}
