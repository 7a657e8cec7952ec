import ArgumentParser
import CheckerscopeCore
import OverlapAnalysis
import PNGIO
import Rendering

/// The drawing options shared by `overlap --heatmap` and `render`.
struct HeatmapStyleOptions: ParsableArguments {
  @Option(help: "Colormap: viridis (default), magma, inferno, cividis, grey, or rdbu (diverging).")
  var colormap: String?

  @Option(help: "Pixels per cell or bar, 1…512 (default: automatic, long side about 512–768 px).")
  var cellSize: Int?

  @Option(help: "Low end of the colour domain (default 0, or symmetric with --deviation).")
  var vmin: Double?

  @Option(help: "High end of the colour domain (default: the map's largest value).")
  var vmax: Double?

  @Flag(help: "Do not print the values in the cells.")
  var noValues = false

  @Flag(help: "Draw each value's deviation from the map's mean with a diverging colormap (for gain maps).")
  var deviation = false

  /// True when any option was given, so `overlap` can insist on `--heatmap`.
  var isSet: Bool {
    colormap != nil || cellSize != nil || vmin != nil || vmax != nil || noValues || deviation
  }

  /// Refuses drawing options without the file they would draw: `heatmap` is the command's
  /// `--heatmap` value.
  func requireHeatmap(_ heatmap: String?) throws {
    if heatmap == nil, isSet { throw ValidationError("the heatmap options need --heatmap FILE.png") }
  }

  func validate() throws {
    if let colormap, Colormap.named(colormap) == nil {
      throw ValidationError(
        "unknown colormap '\(colormap)'; choose one of \(Colormap.names.joined(separator: ", "))")
    }
    if let cellSize, !Heatmap.cellSizeRange.contains(cellSize) {
      throw ValidationError("--cell-size must be 1…512 pixels, got \(cellSize)")
    }
    for (name, value) in [("--vmin", vmin), ("--vmax", vmax)] {
      if let value, !value.isFinite { throw ValidationError("\(name) must be a finite number") }
    }
    if let vmin, let vmax, vmin >= vmax {
      throw ValidationError("--vmin \(vmin) must be smaller than --vmax \(vmax)")
    }
  }

  /// The options as the renderer takes them.
  var figureOptions: MapFigureOptions {
    var options = MapFigureOptions()
    options.colormap = colormap.flatMap(Colormap.named)
    options.cellSize = cellSize
    options.vmin = vmin
    options.vmax = vmax
    options.showValues = !noValues
    options.deviation = deviation
    return options
  }
}

/// `--heatmap FILE.png` and its drawing options, for commands that compute a map.
struct HeatmapOptions: ParsableArguments {
  @Option(
    name: .customLong("heatmap"), help: ArgumentHelp("Also draw the map as a PNG.", valueName: "FILE.png"))
  var heatmap: String?

  @OptionGroup(title: "Heatmap options")
  var style: HeatmapStyleOptions

  func validate() throws {
    try style.requireHeatmap(heatmap)
  }

  /// Draws `map` and writes the PNG when `--heatmap` was given.
  func write(_ map: OverlapMap, budget: MemoryBudget = .default) throws {
    guard let heatmap else { return }
    let figure = try MapFigure(map: map)
    try HeatmapPNG.write(figure, options: style.figureOptions, to: heatmap, budget: budget)
  }
}

/// Writes a `MapFigure` as an 8-bit RGB PNG with tEXt metadata.
enum HeatmapPNG {
  /// The PNG of `figure`: `Software` (checkerscope and version), `Parameters` (the map's
  /// parameters as compact JSON) and `Metric` (what the colours show).
  static func encode(_ figure: MapFigure, options: MapFigureOptions) throws -> (PNGImage, RGBImage) {
    let image = try figure.render(options)
    let png = PNGImage(
      width: image.width, height: image.height, channels: 3, samples: .uint8(image.pixels),
      text: [
        PNGTextChunk(key: "Software", value: "checkerscope \(Checkerscope.version)"),
        PNGTextChunk(key: "Parameters", value: try figure.parameters.encoded()),
        PNGTextChunk(key: "Metric", value: figure.metricName(options)),
      ])
    return (png, image)
  }

  /// The bytes drawing and encoding `figure` needs at most: the RGB raster, its copy as PNG
  /// samples and the encoder's rows (3 × 3 bytes a pixel), for a picture of the grid's cells at
  /// `cellSize` pixels (1 when automatic: large maps get 1-pixel cells, small ones stay below
  /// 1024 pixels a side) plus 1024 pixels of margins, title, colour bar and legend per side.
  static func memoryNeeded(_ figure: MapFigure, options: MapFigureOptions) -> Int {
    let cell = options.cellSize ?? 1
    guard
      let height = CheckedSize.productOrNil([figure.grid.rows, cell]).flatMap({
        CheckedSize.sumOrNil([max($0, 1024), 1024])
      }),
      let width = CheckedSize.productOrNil([figure.grid.columns, cell]).flatMap({
        CheckedSize.sumOrNil([max($0, 1024), 1024])
      })
    else { return Int.max }
    return CheckedSize.productOrNil([height, width, 9]) ?? Int.max
  }

  /// Renders and writes atomically; nothing is written when drawing fails or would need more
  /// than `budget`.
  @discardableResult
  static func write(
    _ figure: MapFigure, options: MapFigureOptions, to path: String, budget: MemoryBudget = .default
  ) throws -> RGBImage {
    do {
      try budget.require(bytes: memoryNeeded(figure, options: options), what: "\(path): drawing the picture")
    } catch {
      throw CLIError(error.description)
    }
    let (png, image) = try encode(figure, options: options)
    try png.write(to: path)
    return image
  }
}
