import ArgumentParser
import CheckerscopeCore
import Foundation
import OverlapAnalysis
import Rendering

/// `checkerscope render`: draws a map saved by `overlap --format json` as a PNG heatmap (2D) or
/// bar chart (1D).
struct Render: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "render",
    abstract: "Draw a map written by 'overlap --format json' as a PNG or SVG heatmap or chart.",
    discussion: """
      2D maps become heatmaps with a colour bar, 1D maps bar charts; zero-count holes are greyed (crossed on a \
      chart) and explained in a legend. The output's extension chooses the format: .png (pixels, \
      --scale/--dpi for more of them) or .svg (vector, real text). Both carry the metadata \
      Software, Parameters (JSON) and Metric (PNG tEXt chunks, SVG <metadata>).
      """)

  @Argument(
    help: ArgumentHelp(
      "A map written by 'checkerscope overlap --format json'; - reads it from standard input.",
      valueName: "MAP.json"),
    completion: .file(extensions: ["json"]))
  var map: String

  @Option(
    name: [.short, .long],
    help: ArgumentHelp("The figure to write; .png or .svg.", valueName: "FILE.png|FILE.svg"),
    completion: .file(extensions: OutputKind.figureExtensions))
  var output: String

  @Flag(name: [.customShort("q"), .long], help: Console.quietHelp)
  var quiet = false

  @OptionGroup(title: "Heatmap options")
  var style: HeatmapStyleOptions

  @OptionGroup var resources: ResourceOptions

  func validate() throws {
    _ = try FigureOutput.format(of: output, option: "--output")
  }

  func run() throws {
    try OutputFiles.check([output])
    if map != OutputKind.standardStream {
      // The file, its text, the parsed JSON values (about 10 times the text) and the figure's values.
      try resources.requireFile(map, factor: 12)
    }
    let text = try InputText.read(map, what: "a map written by 'overlap --format json'")
    let name = map == OutputKind.standardStream ? "standard input" : map
    let figure: MapFigure
    do {
      figure = try MapFigure(json: try JSONValue(parsing: text))
    } catch let error as JSONError {
      throw CLIError(path: name, error.description)
    } catch let error as RenderingError {
      throw CLIError(path: name, error.description)
    }
    let size = try HeatmapPNG.write(figure, options: style, to: output, budget: resources.budget)
    try Console.status(
      "\(output): \(size.width)×\(size.height) \(["chart", "heatmap", "montage"][figure.dims - 1])",
      quiet: quiet)
  }
}
