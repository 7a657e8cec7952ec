import CheckerscopeCore

/// How to draw a `MapFigure`: the command line's `--colormap`, `--cell-size`, `--vmin/--vmax`,
/// `--no-values` and `--deviation`.
public struct MapFigureOptions: Sendable, Equatable {
  /// nil: viridis, or the diverging map with `deviation`.
  public var colormap: Colormap?
  /// Pixels per cell (or per bar in 1D); nil chooses automatically.
  public var cellSize: Int?
  public var vmin: Double?
  public var vmax: Double?
  public var showValues = true
  /// Draw `value − mean` with a domain symmetric around 0 (for gain maps).
  public var deviation = false
  /// Replaces the automatic title line (`--title`).
  public var title: String?
  /// Replaces the automatic subtitle (sizes); an empty string drops it.
  public var subtitle: String?
  /// Replaces the horizontal axis title (`--xlabel`).
  public var xLabel: String?
  /// Replaces the vertical axis title (`--ylabel`).
  public var yLabel: String?

  public init() {}
}

extension MapFigure {
  /// The legend text for zero cells.
  public static let holeLabel = "hole: 0, nothing lands here"

  /// The name of the quantity the colours show, for the PNG `Metric` entry: `overlap count`,
  /// `gain`, or `gain - mean` (`overlap count - mean`) with `deviation` (ASCII, so it fits a tEXt chunk).
  public func metricName(_ options: MapFigureOptions) -> String {
    options.deviation ? quantity + " - mean" : quantity
  }

  /// Draws the figure to pixels at `scale` (see `figure(_:)`).
  public func render(_ options: MapFigureOptions = MapFigureOptions(), scale: Double = 1) throws -> RGBImage {
    try figure(options).raster(scale: scale)
  }

  /// The figure: a bar chart for a 1D map, a heatmap for a 2D map (and for a 1D map with
  /// `deviation`, as a one-row strip), a montage of slices with one colour bar for a 3D map
  /// (`VolumeMontage`). Zero cells are marked as holes except in deviation mode.
  /// - Throws: `RenderingError` for a bad domain, cell size or an oversized picture.
  public func figure(_ options: MapFigureOptions = MapFigureOptions()) throws -> Figure {
    let values = options.deviation ? grid.values.map { $0 - gridMean } : grid.values
    let marks = options.deviation ? nil : grid.values.map { $0 == 0 }
    let hasHoles = marks?.contains(true) ?? false
    var title = self.title
    if options.deviation { title += " · mean " + NumberFormat.fixed(gridMean, 2) }
    if let custom = options.title { title = custom }
    if dims == 1 && !options.deviation {
      var style = BarChartStyle()
      style.colormap = options.colormap ?? .viridis
      style.slotWidth = options.cellSize
      style.vmin = options.vmin
      style.vmax = options.vmax
      style.showValues = options.showValues
      style.title = title
      style.subtitle = options.subtitle ?? subtitle
      style.xAxisTitle = options.xLabel ?? "output position"
      style.yAxisTitle = options.yLabel ?? quantity
      style.markedLabel = MapFigure.holeLabel
      return try BarChart.figure(values, marked: hasHoles ? marks : nil, style: style)
    }
    if dims == 3 { return try montageFigure(values: values, marks: hasHoles ? marks : nil, title, options) }
    var style = heatmapStyle(title, options)
    style.rowAxisTitle = options.yLabel ?? (dims == 1 ? "" : "output row y")
    style.columnAxisTitle = options.xLabel ?? (dims == 1 ? "output position" : "output column x")
    if dims == 1 { style.rowLabels = [""] }
    let shown = try ValueGrid(rows: grid.rows, columns: grid.columns, values: values)
    return try Heatmap.figure(shown, marked: hasHoles ? marks : nil, style: style)
  }

  /// The mean of all values of the finite map (borders included), the centre of deviation mode.
  public var gridMean: Double {
    grid.values.reduce(0, +) / Double(grid.values.count)
  }

  /// The heatmap style a map's figure starts from (2D heatmaps and 3D montages alike): the
  /// colormap, cell size, domain and value labels of `options`, the title and subtitle, the metric
  /// as the colour bar's label and the holes' legend.
  func heatmapStyle(_ title: String, _ options: MapFigureOptions) -> HeatmapStyle {
    var style = options.deviation ? HeatmapStyle.diverging() : HeatmapStyle()
    if let colormap = options.colormap { style.colormap = colormap }
    style.cellSize = options.cellSize
    style.vmin = options.vmin
    style.vmax = options.vmax
    style.showValues = options.showValues
    style.title = title
    style.subtitle = options.subtitle ?? subtitle
    style.colorBarLabel = metricName(options)
    style.markedLabel = MapFigure.holeLabel
    return style
  }
}
