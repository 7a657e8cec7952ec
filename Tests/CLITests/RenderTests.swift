import Foundation
import PNGIO
import TestSupport
import Testing

/// End-to-end tests of `overlap --heatmap` and `render MAP.json --output FILE.png`.
@Suite struct RenderTests {
  static let article = ["overlap", "--kernel", "3", "--stride", "2", "--input-size", "4x6"]

  @Test func heatmapAndRenderFromJSONGiveTheSamePNG() throws {
    let dir = try FixturePaths.temporaryDirectory("render")
    defer { try? FileManager.default.removeItem(at: dir) }
    let direct = dir.appendingPathComponent("direct.png").path
    let json = dir.appendingPathComponent("map.json")
    let rendered = dir.appendingPathComponent("rendered.png").path

    let overlap = try ToolRunner.run(Self.article + ["--format", "json", "--heatmap", direct])
    #expect(overlap.status == 0, "\(overlap.stderr)")
    try Data(overlap.stdout.utf8).write(to: json)
    let render = try ToolRunner.run(["render", json.path, "--output", rendered])
    #expect(render.status == 0, "\(render.stderr)")
    #expect(render.stdout.hasPrefix("\(rendered): "))

    let a = try Data(contentsOf: URL(fileURLWithPath: direct))
    let b = try Data(contentsOf: URL(fileURLWithPath: rendered))
    #expect(a == b)

    let (png, info) = try PNGImage.readWithInfo(from: rendered)
    _ = info
    #expect(png.channels == 3 && png.bitDepth == 8)
    // 9×13 cells of ⌊768/13⌋ = 59 px: the map alone is 767×531.
    #expect(png.width > 767 && png.height > 531)
    let text = Dictionary(uniqueKeysWithValues: png.text.map { ($0.key, $0.value) })
    #expect(text["Software"]?.hasPrefix("checkerscope ") == true)
    #expect(text["Metric"] == "overlap count")
    #expect(
      text["Parameters"]
        == #"{"dims":2,"layers":[{"kernel":[3,3],"stride":[2,2],"padding":[[0,0],[0,0]],"outputPadding":[0,0],"dilation":[1,1]}],"inputSize":[4,6],"outputSize":[9,13]}"#
    )
  }

  @Test func styleOptionsChangeThePicture() throws {
    let dir = try FixturePaths.temporaryDirectory("render")
    defer { try? FileManager.default.removeItem(at: dir) }
    let plain = dir.appendingPathComponent("plain.png").path
    let styled = dir.appendingPathComponent("styled.png").path
    #expect(try ToolRunner.run(Self.article + ["--heatmap", plain]).status == 0)
    let result = try ToolRunner.run(
      Self.article + [
        "--heatmap", styled, "--colormap", "magma", "--cell-size", "10", "--vmin", "0", "--vmax", "8",
        "--no-values",
      ])
    #expect(result.status == 0, "\(result.stderr)")
    let a = try PNGImage.read(from: plain)
    let b = try PNGImage.read(from: styled)
    #expect(b.width < a.width)
    #expect(a.samples != b.samples)
  }

  @Test func gainDeviationIsLabelled() throws {
    let dir = try FixturePaths.temporaryDirectory("render")
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("gain.png").path
    let result = try ToolRunner.run([
      "overlap", "--kernel-spec", "bilinear:4", "--stride", "2", "--input-size", "4", "--heatmap", out,
      "--deviation",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let png = try PNGImage.read(from: out)
    #expect(png.text.contains { $0.key == "Metric" && $0.value == "gain - mean" })
  }

  @Test(
    "bad options are usage errors and write nothing",
    arguments: [
      ["--colormap", "jet"], ["--vmin", "4", "--vmax", "1"], ["--cell-size", "0"], ["--cell-size", "9999"],
    ])
  func badOptions(_ options: [String]) throws {
    let dir = try FixturePaths.temporaryDirectory("render")
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("x.png").path
    let result = try ToolRunner.run(Self.article + ["--heatmap", out] + options)
    #expect(result.status == 64, "\(result.stderr)")
    #expect(!FileManager.default.fileExists(atPath: out))
    let render = try ToolRunner.run(["render", "missing.json", "--output", out] + options)
    #expect(render.status == 64)
  }

  @Test func heatmapOptionsNeedHeatmap() throws {
    let result = try ToolRunner.run(Self.article + ["--colormap", "magma"])
    #expect(result.status == 64)
    #expect(result.stderr.contains("--heatmap"))
  }

  @Test func unwritablePathFailsWithOneLineAndKeepsNothing() throws {
    let result = try ToolRunner.run(Self.article + ["--heatmap", "/nonexistent-folder/map.png"])
    #expect(result.status == 1)
    #expect(result.stderr.hasPrefix("checkerscope: error: /nonexistent-folder/map.png"))
    #expect(result.stderr.split(separator: "\n").count == 1)
  }

  @Test func badMapFilesNameThePath() throws {
    let dir = try FixturePaths.temporaryDirectory("render")
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("x.png").path
    let bad = dir.appendingPathComponent("bad.json")
    try Data(#"{"dims": 2, "values": []}"#.utf8).write(to: bad)
    let notJSON = dir.appendingPathComponent("not.json")
    try Data("k=3".utf8).write(to: notJSON)
    for path in [bad.path, notJSON.path, dir.appendingPathComponent("missing.json").path] {
      let result = try ToolRunner.run(["render", path, "--output", out])
      #expect(result.status == 1)
      #expect(result.stderr.hasPrefix("checkerscope: error: \(path): "), "\(result.stderr)")
    }
    #expect(!FileManager.default.fileExists(atPath: out))
  }

  @Test func renderWritesA1DChart() throws {
    let dir = try FixturePaths.temporaryDirectory("render")
    defer { try? FileManager.default.removeItem(at: dir) }
    let json = dir.appendingPathComponent("map.json")
    let out = dir.appendingPathComponent("chart.png").path
    let overlap = try ToolRunner.run([
      "overlap", "--dims", "1", "--kernel", "2", "--stride", "3", "--input-size", "5", "--format", "json",
    ])
    #expect(overlap.status == 0)
    try Data(overlap.stdout.utf8).write(to: json)
    let result = try ToolRunner.run(["render", json.path, "-o", out])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("chart"))
  }
}
