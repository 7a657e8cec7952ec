import ArgumentParser
import CheckerscopeCore
import FileOutput
import OverlapAnalysis
import PNGIO
import Rendering

/// The drawing options shared by `overlap --heatmap` and `render`.
struct HeatmapStyleOptions: ParsableArguments {
  @Option(help: ArgumentHelp("Colormap (default: viridis; rdbu is diverging).", valueName: "NAME"))
  var colormap: Colormap?

  @Option(
    parsing: .unconditional,
    help: "Pixels per cell or bar, 1…512 (default: automatic, long side about 512–768 px).")
  var cellSize: Int?

  @Option(
    parsing: .unconditional, help: "Low end of the colour domain (default 0, or symmetric with --deviation).")
  var vmin: Double?

  @Option(parsing: .unconditional, help: "High end of the colour domain (default: the map's largest value).")
  var vmax: Double?

  @Flag(help: "Do not print the values in the cells.")
  var noValues = false

  @Flag(help: "Draw each value's deviation from the map's mean with a diverging colormap (for gain maps).")
  var deviation = false

  @Option(help: "Pixels per layout pixel, 0.5…8 (default 1); an SVG's width and height follow it.")
  var scale: Double?

  @Option(help: "Resolution in dots per inch at 96 dpi per layout pixel (--dpi 192 is --scale 2).")
  var dpi: Double?

  @Option(help: "Replace the figure's title line.")
  var title: String?

  @Option(help: "Replace the horizontal axis title.")
  var xlabel: String?

  @Option(help: "Replace the vertical axis title.")
  var ylabel: String?

  /// True when any option was given, so `overlap` can insist on `--heatmap`.
  var isSet: Bool {
    colormap != nil || cellSize != nil || vmin != nil || vmax != nil || noValues || deviation || scale != nil
      || dpi != nil || title != nil || xlabel != nil || ylabel != nil
  }

  /// The drawing scale: `--scale`, or `--dpi` ÷ 96, or 1.
  var drawScale: Double { scale ?? dpi.map { $0 / 96 } ?? 1 }

  /// Refuses drawing options without the file they would draw: `heatmap` is the command's
  /// `--heatmap` value.
  func requireHeatmap(_ heatmap: String?) throws {
    if heatmap == nil, isSet { throw ValidationError("the heatmap options need --heatmap FILE.png|FILE.svg") }
    if let heatmap { _ = try FigureOutput.format(of: heatmap, option: "--heatmap") }
  }

  func validate() throws {
    if let cellSize, !Heatmap.cellSizeRange.contains(cellSize) {
      throw ValidationError("--cell-size must be 1…512 pixels, got \(cellSize)")
    }
    for (name, value) in [("--vmin", vmin), ("--vmax", vmax)] {
      if let value, !value.isFinite { throw ValidationError("\(name) must be a finite number") }
    }
    if let vmin, let vmax, vmin >= vmax {
      throw ValidationError("--vmin \(vmin) must be smaller than --vmax \(vmax)")
    }
    if scale != nil, dpi != nil { throw ValidationError("give --scale or --dpi, not both") }
    if !Figure.scaleRange.contains(drawScale) || !drawScale.isFinite {
      throw ValidationError(
        "--scale must be 0.5…8 (--dpi 48…768), got \(NumberFormat.trimmed(drawScale, 4))")
    }
  }

  /// The options as the renderer takes them.
  var figureOptions: MapFigureOptions {
    var options = MapFigureOptions()
    options.colormap = colormap
    options.cellSize = cellSize
    options.vmin = vmin
    options.vmax = vmax
    options.showValues = !noValues
    options.deviation = deviation
    options.title = title
    options.xLabel = xlabel
    options.yLabel = ylabel
    return options
  }
}

/// `--heatmap FILE.png` and its drawing options, for commands that compute a map.
struct HeatmapOptions: ParsableArguments {
  @Option(
    name: .customLong("heatmap"),
    help: ArgumentHelp("Also draw the map as a PNG or SVG (by extension).", valueName: "FILE.png|FILE.svg"),
    completion: .file(extensions: OutputKind.figureExtensions))
  var heatmap: String?

  @OptionGroup(title: "Heatmap options")
  var style: HeatmapStyleOptions

  func validate() throws {
    try style.requireHeatmap(heatmap)
    if let heatmap {
      _ = try FigureOutput.format(of: heatmap, option: "--heatmap")
    }
  }

  /// Draws `map` into a temporary beside the `--heatmap` file (nil without `--heatmap`), to be
  /// committed once the command's other output is written; refused before drawing when the
  /// picture would need more than `budget`.
  func stage(_ map: OverlapMap, budget: MemoryBudget = .default) throws -> StagedFile? {
    guard let heatmap else { return nil }
    let figure = try MapFigure(map: map)
    try HeatmapPNG.requireMemory(figure, options: style, path: heatmap, budget: budget)
    let bytes = try FigureOutput.encode(
      try figure.figure(style.figureOptions),
      format: try FigureOutput.format(of: heatmap, option: "--heatmap"),
      scale: style.drawScale, text: try HeatmapPNG.metadata(figure, options: style.figureOptions))
    return try AtomicFile.stage(bytes, for: heatmap)
  }
}

/// Writes a `MapFigure` as a PNG with tEXt metadata or an SVG with the same metadata.
enum HeatmapPNG {
  /// The metadata: `Software` (checkerscope and version), `Parameters` (the map's parameters as
  /// compact JSON) and `Metric` (what the colours show).
  static func metadata(_ figure: MapFigure, options: MapFigureOptions) throws -> [PNGTextChunk] {
    [
      PNGTextChunk(key: "Software", value: "checkerscope \(Checkerscope.version)"),
      PNGTextChunk(key: "Parameters", value: try figure.parameters.encoded()),
      PNGTextChunk(key: "Metric", value: figure.metricName(options)),
    ]
  }

  /// Draws and writes atomically in the format of `path`'s extension; nothing is written when
  /// drawing fails or would need more than `budget`. Returns the figure's pixel size at the
  /// chosen scale.
  @discardableResult
  static func write(
    _ figure: MapFigure, options: HeatmapStyleOptions, to path: String, budget: MemoryBudget = .default
  ) throws -> (width: Int, height: Int) {
    try requireMemory(figure, options: options, path: path, budget: budget)
    let drawing = try figure.figure(options.figureOptions)
    try FigureOutput.write(
      drawing, to: path, scale: options.drawScale, text: try metadata(figure, options: options.figureOptions))
    return drawing.pixelSize(scale: options.drawScale)
  }

  /// Refuses, as a CLI error naming `path`, a picture that would need more than `budget`.
  static func requireMemory(
    _ figure: MapFigure, options: HeatmapStyleOptions, path: String, budget: MemoryBudget
  ) throws {
    do {
      try budget.require(
        bytes: figure.bytesNeeded(cellSize: options.figureOptions.cellSize, scale: options.drawScale),
        what: "\(path): drawing the picture")
    } catch {
      throw CLIError(error.description)
    }
  }
}
