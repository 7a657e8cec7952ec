import ArgumentParser
import CheckerscopeCore
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
    help: ArgumentHelp(
      "A map written by 'checkerscope overlap --format json'; - reads it from standard input.",
      valueName: "MAP.json"),
    completion: .file(extensions: ["json"]))
  var map: String

  @Option(
    name: [.short, .long], help: ArgumentHelp("The PNG file to write.", valueName: "FILE.png"),
    completion: .file(extensions: OutputKind.figureExtensions))
  var output: String

  @Flag(name: [.customShort("q"), .long], help: Console.quietHelp)
  var quiet = false

  @OptionGroup(title: "Heatmap options")
  var style: HeatmapStyleOptions

  func validate() throws {
    try OutputFiles.requireExtension(output, OutputKind.figureExtensions, option: "--output")
  }

  func run() throws {
    try OutputFiles.check([output])
    let text = try InputText.read(map, what: "a map written by 'overlap --format json'")
    let name = map == OutputKind.standardStream ? "standard input" : map
    let figure: MapFigure
    do {
      figure = try MapFigure(json: try JSONValue(parsing: text))
    } catch let error as JSONError {
      throw CLIError(path: name, error.description)
    } catch let error as OverlapError {
      throw CLIError(path: name, error.description)
    } catch let error as RenderingError {
      throw CLIError(path: name, error.description)
    }
    let image = try HeatmapPNG.write(figure, options: style.figureOptions, to: output)
    try Console.status(
      "\(output): \(image.width)×\(image.height) \(["chart", "heatmap", "montage"][figure.dims - 1])",
      quiet: quiet)
  }
}
