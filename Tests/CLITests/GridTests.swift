import Foundation
import PNGIO
import TestSupport
import Testing

/// End-to-end tests of `checkerscope grid`, `check` and `merge`.
@Suite struct GridTests {
  func read(_ url: URL) throws -> String {
    String(decoding: try Data(contentsOf: url), as: UTF8.self)
  }

  @Test func gridWritesJSONWithTheDocumentShape() throws {
    let dir = try FixturePaths.temporaryDirectory("grid")
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("g.json")
    let result = try ToolRunner.run([
      "grid", "--dims", "1", "--kernels", "3,4", "--strides", "2", "--output-paddings", "0...2", "--output",
      out.path,
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == "\(out.path): 6 configurations (4 computed, 2 skipped)\n")
    let text = try read(out)
    #expect(
      text.hasPrefix("{\n  \"tool\": \"checkerscope\",\n  \"version\": \"0.1.0\",\n  \"sweep\": {\"dims\":1,")
    )
    // k=3, s=2, n = ceil(2/2) + 2 = 3: F1's pattern 1,1,2,1,2,1,1 (7 positions); interior 2,1.
    #expect(
      text.contains(
        #"{"layers":[{"kernel":[3],"stride":[2],"padding":[[0,0]],"outputPadding":[0],"dilation":[1]}],"inputSize":[3],"outputSize":[7],"full":{"min":1,"max":2,"#
      ))
    #expect(text.contains(#""interior":{"min":1,"max":2,"mean":1.5,"#))
    // k=4, s=2 (F4): even interior overlap of 2.
    #expect(text.contains(#""interior":{"min":2,"max":2,"mean":2.0,"std":0.0,"#))
    #expect(text.contains(#""outputPadding":[2],"dilation":[1]}],"reason":"output padding must be smaller"#))
  }

  @Test func csvOutputHasOneRowPerConfiguration() throws {
    let dir = try FixturePaths.temporaryDirectory("grid")
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("g.csv")
    let result = try ToolRunner.run(["grid", "--kernels", "1...3", "--strides", "1,2", "--output", out.path])
    #expect(result.status == 0, "\(result.stderr)")
    let lines = try read(out).split(separator: "\n")
    #expect(lines.count == 1 + 6)
    #expect(lines[0].hasPrefix("dims,kernel,stride,"))
    // k=2, s=2 in 2D: the interior is uniform 1 (k divisible by s).
    #expect(lines[4].hasPrefix("2,2x2,2x2,0x0,0x0,1x1,"))
    #expect(lines[4].hasSuffix(",1,1,1.000000,0.000000,0.000000,1.000000,0.000000,1x1,true,true,false,"))
  }

  @Test func shardsMergeIntoTheUnshardedBytes() throws {
    let dir = try FixturePaths.temporaryDirectory("grid")
    defer { try? FileManager.default.removeItem(at: dir) }
    let common = [
      "grid", "--kernels", "1...9", "--strides", "1...4", "--dilations", "1,2", "--output-paddings", "0,1",
    ]
    let whole = dir.appendingPathComponent("all.json")
    #expect(try ToolRunner.run(common + ["--output", whole.path]).status == 0)
    var shardPaths: [String] = []
    for i in 1...3 {
      let path = dir.appendingPathComponent("s\(i).json").path
      let result = try ToolRunner.run(common + ["--shard", "\(i)/3", "--output", path])
      #expect(result.status == 0, "\(result.stderr)")
      shardPaths.append(path)
    }
    let merged = dir.appendingPathComponent("merged.json")
    let result = try ToolRunner.run(["merge"] + shardPaths.reversed() + ["--output", merged.path])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(try Data(contentsOf: merged) == Data(contentsOf: whole))

    // A missing shard is refused and writes nothing.
    let partial = dir.appendingPathComponent("partial.json")
    let missing = try ToolRunner.run(["merge", shardPaths[0], shardPaths[1], "--output", partial.path])
    #expect(missing.status == 1)
    #expect(missing.stderr.hasPrefix("checkerscope: error: "))
    #expect(missing.stderr.contains("missing"))
    #expect(!FileManager.default.fileExists(atPath: partial.path))
    // A shard given twice is refused.
    let duplicated = try ToolRunner.run(["merge"] + shardPaths + [shardPaths[1], "--output", partial.path])
    #expect(duplicated.status == 1)
    #expect(duplicated.stderr.contains("\(shardPaths[1]): shard 2/3 is given twice"))
  }

  /// Slow (a 4,096-configuration sweep, on purpose): runs with `CHECKERSCOPE_SLOW_TESTS=1`.
  @Test(.tags(.slow), .onlyWithSlowTests) func noProgressBarOnAPipe() throws {
    let dir = try FixturePaths.temporaryDirectory("grid")
    defer { try? FileManager.default.removeItem(at: dir) }
    // Long enough in a debug build for the bar's one-second delay; stderr is a pipe here, so the
    // bar must stay silent (it draws only on a terminal).
    let out = dir.appendingPathComponent("g.json").path
    let result = try ToolRunner.run([
      "grid", "--kernels", "1...64", "--strides", "1...16", "--dilations", "1...4", "--output", out,
    ])
    #expect(result.status == 0)
    #expect(result.stderr.isEmpty)
    let quiet = try ToolRunner.run(["check", "--baseline", out, "--quiet"])
    #expect(quiet.status == 0, "\(quiet.stderr)")
    #expect(quiet.stderr.isEmpty)
  }

  @Test func checkPassesOnACommittedBaseline() throws {
    let result = try ToolRunner.run(["check", "--baseline", "Fixtures/baselines/grid2d-k16-s8.json"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(
      result.stdout
        == "Fixtures/baselines/grid2d-k16-s8.json: all 128 configurations (128 computed, 0 skipped) match (baseline version 0.1.0)\n"
    )
  }

  @Test func checkReportsDriftAndUpdateRewrites() throws {
    let dir = try FixturePaths.temporaryDirectory("grid")
    defer { try? FileManager.default.removeItem(at: dir) }
    let original = try read(FixturePaths.url("baselines/grid1d-k16-s8.json"))
    // k=5, s=2 (F5): interior 3,2, so max 3. Alter it to 4.
    let needle =
      #"{"layers":[{"kernel":[5],"stride":[2],"padding":[[0,0]],"outputPadding":[0],"dilation":[1]}],"#
    let start = try #require(original.range(of: needle))
    let interior = try #require(
      original.range(of: #""interior":{"min":2,"max":3,"#, range: start.upperBound..<original.endIndex))
    let altered = original.replacingCharacters(in: interior, with: #""interior":{"min":2,"max":4,"#)
    let baseline = dir.appendingPathComponent("b.json")
    try Data(altered.utf8).write(to: baseline)

    let drift = try ToolRunner.run(["check", "--baseline", baseline.path])
    #expect(drift.status == 3)
    let lines = drift.stdout.split(separator: "\n").map(String.init)
    #expect(lines.count == 2)
    #expect(lines.first?.hasPrefix("configuration") ?? false)
    #expect(lines.last == "k=5 s=2 p=0 op=0 d=1  interior.max  4         3")
    #expect(
      drift.stderr
        == "checkerscope: gate: \(baseline.path): k=5 s=2 p=0 op=0 d=1: interior.max 4 → 3\n"
        + "checkerscope: gate: \(baseline.path): 1 value differs in 1 of 128 configurations; rerun with --update if the change is intended\n"
    )

    let update = try ToolRunner.run(["check", "--baseline", baseline.path, "--update"])
    #expect(update.status == 0, "\(update.stderr)")
    #expect(try read(baseline) == original)
    #expect(try ToolRunner.run(["check", "--baseline", baseline.path]).status == 0)
  }

  @Test func toleranceAcceptsSmallDrift() throws {
    let dir = try FixturePaths.temporaryDirectory("grid")
    defer { try? FileManager.default.removeItem(at: dir) }
    let original = try read(FixturePaths.url("baselines/grid1d-k16-s8.json"))
    // k=3, s=2 interior mean 1.5 → 1.5000000001.
    let altered = original.replacingOccurrences(
      of: #""mean":1.5,"std":0.5,"#, with: #""mean":1.5000000001,"std":0.5,"#)
    #expect(altered != original)
    let baseline = dir.appendingPathComponent("b.json")
    try Data(altered.utf8).write(to: baseline)
    #expect(try ToolRunner.run(["check", "--baseline", baseline.path]).status == 3)
    #expect(try ToolRunner.run(["check", "--baseline", baseline.path, "--tolerance", "1e-9"]).status == 0)
  }

  @Test(arguments: [
    ("missing.json", "", "no such file"),
    ("corrupt.json", "{\"tool\": \"checkerscope\", ", "invalid JSON at byte"),
    ("other.json", "{\"tool\": \"other\"}", "not a checkerscope grid document"),
    ("nosweep.json", "{\"tool\": \"checkerscope\", \"version\": \"1\"}", "'sweep' is missing"),
  ])
  func badBaselinesGiveOneLineNamingTheFile(name: String, content: String, message: String) throws {
    let dir = try FixturePaths.temporaryDirectory("grid")
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent(name)
    if !content.isEmpty { try Data(content.utf8).write(to: path) }
    let result = try ToolRunner.run(["check", "--baseline", path.path])
    #expect(result.status == 1)
    #expect(result.stderr.hasPrefix("checkerscope: error: \(path.path): "))
    #expect(result.stderr.contains(message), "\(result.stderr)")
    #expect(result.stderr.split(separator: "\n").count == 1)
    #expect(result.stdout.isEmpty)
  }

  @Test(arguments: [
    ["grid", "--kernels", "1...4", "--strides", "2", "--output", "x.txt"],
    ["grid", "--kernels", "4...1", "--strides", "2", "--output", "x.json"],
    ["grid", "--kernels", "1,1", "--strides", "2", "--output", "x.json"],
    ["grid", "--kernels", "0...3", "--strides", "2", "--output", "x.json"],
    ["grid", "--kernels", "3", "--strides", "2", "--paddings", "-1", "--output", "x.json"],
    ["grid", "--kernels", "3x5", "--strides", "2", "--dims", "1", "--output", "x.json"],
    ["grid", "--kernels", "3", "--strides", "2", "--dims", "4", "--output", "x.json"],
    ["grid", "--kernels", "3", "--strides", "2", "--shard", "0/2", "--output", "x.json"],
    ["grid", "--kernels", "3", "--strides", "2", "--shard", "1/2", "--output", "x.csv"],
    ["grid", "--kernels", "3", "--output", "x.json"],
    ["check", "--baseline", "x.json", "--tolerance", "-1"],
    ["merge", "--output", "x.json"],
    [
      "grid", "--kernels", "3", "--strides", "2", "--output", "x.json", "--heatmap", "x.png", "--metric",
      "mean",
    ],
    ["grid", "--kernels", "3", "--strides", "2", "--output", "x.json", "--colormap", "magma"],
    ["grid", "--kernels", "3", "--strides", "2", "--output", "x.json", "--heatmap", "x.jpg"],
  ])
  func usageErrorsExit64(arguments: [String]) throws {
    let result = try ToolRunner.run(arguments)
    #expect(result.status == 64, "\(arguments): \(result.stderr)")
    #expect(result.stdout.isEmpty)
  }

  @Test func heatmapDrawsTheKernelStrideSummary() throws {
    let dir = try FixturePaths.temporaryDirectory("grid")
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("g.json")
    let png = dir.appendingPathComponent("g.png")
    let result = try ToolRunner.run([
      "grid", "--kernels", "1...6", "--strides", "1...3", "--output", out.path, "--heatmap", png.path,
      "--metric",
      "cv", "--cell-size", "20",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let image = try PNGImage.read(from: png.path)
    #expect(image.channels == 3)
    #expect(image.width > 3 * 20 && image.height > 6 * 20)
    #expect(image.text.contains { $0.key == "Metric" && $0.value == "interior coefficient of variation" })
    let parameters = try #require(image.text.first { $0.key == "Parameters" }?.value)
    #expect(parameters.hasPrefix(#"{"dims":2,"kernels":"1...6","strides":"1...3","#))

    // Per-axis kernels cannot be drawn on a kernel × stride grid: an error, and no files.
    let bad = dir.appendingPathComponent("bad.json")
    let refused = try ToolRunner.run([
      "grid", "--kernels", "3x5", "--strides", "2", "--output", bad.path, "--heatmap", png.path + ".2.png",
    ])
    #expect(refused.status == 1)
    #expect(refused.stderr.hasPrefix("checkerscope: error: --heatmap draws kernels × strides"))
    #expect(!FileManager.default.fileExists(atPath: bad.path))
  }

  @Test func failedWriteKeepsNoPartialFile() throws {
    let result = try ToolRunner.run([
      "grid", "--kernels", "3", "--strides", "2", "--output", "/nonexistent-folder/g.json",
    ])
    #expect(result.status == 1)
    #expect(result.stderr.hasPrefix("checkerscope: error: /nonexistent-folder/g.json: cannot be written"))
  }
}
