import CheckerscopeCore
import Sweeps

extension GridSummary {
  /// The kernel × stride summary of a sweep document: `GridSummaryEntry.entries(of:metric:)` drawn
  /// by `figure(_:metricName:style:)`, titled `2D interior max/min: k=1...4 s=1...3` with the
  /// other parameters (`d=1 p=0 op=0`) as the subtitle, which adds `(each cell: the worst value)`
  /// when any of them has several values. `options` sets the colormap, cell size, colour domain
  /// (`vmin` defaults to 1 for `maxMinRatio`, the smallest ratio there is), values on or off, and
  /// replaces the title and axis titles; `subtitle` replaces the subtitle; `deviation` does not
  /// apply to summaries and is ignored.
  /// - Throws: `RenderingError.emptyGrid(rows: 0, columns: 0)` when the sweep has no computed
  ///   configuration, `.unevenGrid` for per-axis kernels or strides, or any heatmap error.
  public static func figure(
    of document: SweepDocument, metric: SummaryMetric, options: MapFigureOptions = MapFigureOptions()
  ) throws -> Figure {
    let entries = try GridSummaryEntry.entries(of: document, metric: metric)
    guard !entries.isEmpty else { throw RenderingError.emptyGrid(rows: 0, columns: 0) }
    var style = HeatmapStyle()
    if let colormap = options.colormap { style.colormap = colormap }
    style.cellSize = options.cellSize
    style.vmin = options.vmin ?? (metric == .maxMinRatio ? 1 : nil)
    style.vmax = options.vmax
    style.showValues = options.showValues
    let sweep = document.sweep
    style.title = "\(sweep.dims)D interior \(metric.label): k=\(sweep.kernels) s=\(sweep.strides)"
    let extra = [("d", sweep.dilations), ("p", sweep.paddings), ("op", sweep.outputPaddings)]
    style.subtitle = extra.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
    if extra.contains(where: { $0.1.values.count > 1 }) { style.subtitle += " (each cell: the worst value)" }
    if let title = options.title { style.title = title }
    if let subtitle = options.subtitle { style.subtitle = subtitle }
    if let xLabel = options.xLabel { style.columnAxisTitle = xLabel }
    if let yLabel = options.yLabel { style.rowAxisTitle = yLabel }
    return try figure(entries, metricName: metric.label, style: style)
  }

  /// The summary's metadata for a PNG's text chunks or an SVG's `<metadata>`: `Software` (the
  /// `software` given, e.g. `checkerscope 0.1.0`), `Parameters` (the sweep as compact JSON) and
  /// `Metric` (`interior max/min`).
  /// - Throws: `JSONError` if the sweep's JSON cannot be encoded (a non-finite number).
  public static func metadata(of document: SweepDocument, metric: SummaryMetric, software: String) throws
    -> [(key: String, value: String)]
  {
    [
      ("Software", software),
      ("Parameters", try document.sweep.json.encoded()),
      ("Metric", "interior \(metric.label)"),
    ]
  }
}
