import ArgumentParser
import Foundation
import OverlapAnalysis
import Rendering

/// `checkerscope render`: draws a map saved by `overlap --format json` as a PNG heatmap (2D) or
/// bar chart (1D).
struct Render: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Draw a map written by 'overlap --format json' as a PNG heatmap or chart.",
    discussion: """
      2D maps become heatmaps with a colour bar, 1D maps bar charts; zero-count holes are crossed \
      out and explained in a legend. The PNG carries tEXt metadata: Software, Parameters (JSON) \
      and Metric.
      """)

  @Argument(
    help: ArgumentHelp("A map written by 'checkerscope overlap --format json'.", valueName: "MAP.json"))
  var map: String

  @Option(name: [.short, .long], help: ArgumentHelp("The PNG file to write.", valueName: "FILE.png"))
  var output: String

  @OptionGroup(title: "Heatmap options")
  var style: HeatmapStyleOptions

  @OptionGroup var resources: ResourceOptions

  func run() throws {
    // The file, its text, the parsed JSON values (about 10 times the text) and the figure's values.
    try resources.requireFile(map, factor: 12)
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: map))
    } catch {
      throw CLIError(path: map, "cannot read the file; check the path and permissions")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw CLIError(path: map, "not UTF-8 text; give a map written by 'overlap --format json'")
    }
    let figure: MapFigure
    do {
      figure = try MapFigure(json: try JSONValue(parsing: text))
    } catch let error as OverlapError {
      throw CLIError(path: map, error.description)
    } catch let error as RenderingError {
      throw CLIError(path: map, error.description)
    }
    let image = try HeatmapPNG.write(
      figure, options: style.figureOptions, to: output, budget: resources.budget)
    print("\(output): \(image.width)×\(image.height) \(figure.dims == 1 ? "chart" : "heatmap")")
  }
}
