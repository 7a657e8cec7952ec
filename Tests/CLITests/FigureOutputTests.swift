import Foundation
import PNGIO
import TestSupport
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// End-to-end tests of SVG figures and the figure options (`--scale/--dpi`, `--title`,
/// `--xlabel`, `--ylabel`, `report --figures`).
@Suite struct FigureOutputTests {
  static let article = RenderTests.article

  static func isWellFormedXML(_ path: String) throws -> Bool {
    XMLParser(data: try Data(contentsOf: URL(fileURLWithPath: path))).parse()
  }

  @Test func heatmapRenderAndGridWriteSVG() throws {
    let dir = try FixturePaths.temporaryDirectory("svg")
    defer { try? FileManager.default.removeItem(at: dir) }
    let direct = dir.appendingPathComponent("direct.svg").path
    let json = dir.appendingPathComponent("map.json")
    let rendered = dir.appendingPathComponent("rendered.SVG").path
    let overlap = try ToolRunner.run(Self.article + ["--format", "json", "--heatmap", direct])
    #expect(overlap.status == 0, "\(overlap.stderr)")
    try Data(overlap.stdout.utf8).write(to: json)
    let render = try ToolRunner.run(["render", json.path, "-o", rendered, "--title", "Figure 1"])
    #expect(render.status == 0, "\(render.stderr)")
    let svg = try String(contentsOfFile: direct, encoding: .utf8)
    #expect(
      svg.hasPrefix("<?xml") && svg.contains("<text ") && svg.contains("<entry key=\"Metric\">overlap count"))
    #expect(try Self.isWellFormedXML(direct) && Self.isWellFormedXML(rendered))
    #expect(try String(contentsOfFile: rendered, encoding: .utf8).contains(">Figure 1</text>"))

    let grid = dir.appendingPathComponent("grid.svg").path
    let sweep = try ToolRunner.run([
      "grid", "--kernels", "2...4", "--strides", "1...3", "--output",
      dir.appendingPathComponent("g.json").path,
      "--heatmap", grid, "--ylabel", "kernel",
    ])
    #expect(sweep.status == 0, "\(sweep.stderr)")
    #expect(try Self.isWellFormedXML(grid))
    #expect(try String(contentsOfFile: grid, encoding: .utf8).contains(">kernel</text>"))
  }

  @Test func scaleAndDpiMultiplyThePixels() throws {
    let dir = try FixturePaths.temporaryDirectory("svg")
    defer { try? FileManager.default.removeItem(at: dir) }
    let one = dir.appendingPathComponent("one.png").path
    let two = dir.appendingPathComponent("two.png").path
    let dpi = dir.appendingPathComponent("dpi.png").path
    #expect(try ToolRunner.run(Self.article + ["--heatmap", one]).status == 0)
    #expect(try ToolRunner.run(Self.article + ["--heatmap", two, "--scale", "2"]).status == 0)
    #expect(try ToolRunner.run(Self.article + ["--heatmap", dpi, "--dpi", "192"]).status == 0)
    let a = try PNGImage.read(from: one)
    let b = try PNGImage.read(from: two)
    #expect(b.width == 2 * a.width && b.height == 2 * a.height)
    #expect(try Data(contentsOf: URL(fileURLWithPath: two)) == Data(contentsOf: URL(fileURLWithPath: dpi)))
  }

  @Test func otherExtensionsAndBadScalesAreUsageErrors() throws {
    for arguments in [
      Self.article + ["--heatmap", "x.jpg"], Self.article + ["--heatmap", "x.png", "--scale", "20"],
      Self.article + ["--heatmap", "x.png", "--scale", "2", "--dpi", "192"],
      ["render", "map.json", "-o", "x.pdf"],
      ["grid", "--kernels", "3", "--strides", "2", "--output", "x.json", "--heatmap", "x.gif"],
    ] {
      let result = try ToolRunner.run(arguments)
      #expect(result.status == 64, "\(arguments): \(result.stderr)")
    }
  }

  @Test func detectWritesSVGFigures() throws {
    let dir = try FixturePaths.temporaryDirectory("svg")
    defer { try? FileManager.default.removeItem(at: dir) }
    let image = dir.appendingPathComponent("checker.png").path
    try DetectTests.writeImage(image, gain: 0.05)
    let out = dir.appendingPathComponent("out").path
    let result = try ToolRunner.run([
      "detect", image, "--heatmap", out, "--spectrum", out, "--figures", "svg", "--max-period", "4",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(try Self.isWellFormedXML(out + "/checker-spectrum.svg"))
    #expect(try Self.isWellFormedXML(out + "/checker-phase-means.svg"))
  }

  @Test func reportWritesSVGFigures() throws {
    let dir = try FixturePaths.temporaryDirectory("svg")
    defer { try? FileManager.default.removeItem(at: dir) }
    let spec = dir.appendingPathComponent("s.json")
    try Data(
      #"{"title": "t", "sections": [{"kind": "overlap", "title": "m", "maps": [{"dims": 1, "inputSize": 8, "layer": "k=4,s=3"}]}]}"#
        .utf8
    ).write(to: spec)
    let out = dir.appendingPathComponent("report").path
    let result = try ToolRunner.run(["report", spec.path, "-o", out, "--figures", "svg"])
    #expect(result.status == 0, "\(result.stderr)")
    let images = try FileManager.default.contentsOfDirectory(atPath: out + "/images")
    #expect(!images.isEmpty && images.allSatisfy { $0.hasSuffix(".svg") })
    let readme = try String(contentsOfFile: out + "/README.md", encoding: .utf8)
    #expect(readme.contains(".svg)") && readme.contains("--figures svg"))
    for image in images { #expect(try Self.isWellFormedXML(out + "/images/" + image)) }
  }
}
