import ArgumentParser
import FileOutput
import OverlapAnalysis
import PNGIO
import Rendering

/// The drawing options shared by `overlap --heatmap` and `render`.
struct HeatmapStyleOptions: ParsableArguments {
  @Option(help: "Colormap: viridis (default), magma, inferno, cividis, grey, or rdbu (diverging).")
  var colormap: String?

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
    name: .customLong("heatmap"), help: ArgumentHelp("Also draw the map as a PNG.", valueName: "FILE.png"),
    completion: .file(extensions: OutputKind.figureExtensions))
  var heatmap: String?

  @OptionGroup(title: "Heatmap options")
  var style: HeatmapStyleOptions

  func validate() throws {
    try style.requireHeatmap(heatmap)
    if let heatmap {
      try OutputFiles.requireExtension(heatmap, OutputKind.figureExtensions, option: "--heatmap")
    }
  }

  /// Draws `map` into a temporary beside the `--heatmap` file (nil without `--heatmap`), to be
  /// committed once the command's other output is written.
  func stage(_ map: OverlapMap) throws -> StagedFile? {
    guard let heatmap else { return nil }
    let figure = try MapFigure(map: map)
    let (png, _) = try HeatmapPNG.encode(figure, options: style.figureOptions)
    return try AtomicFile.stage(try png.encoded(), for: heatmap)
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

  /// Renders and writes atomically; nothing is written when drawing fails.
  @discardableResult
  static func write(_ figure: MapFigure, options: MapFigureOptions, to path: String) throws -> RGBImage {
    let (png, image) = try encode(figure, options: options)
    try AtomicFile.write(try png.encoded(), to: path)
    return image
  }
}
