import PNGIO
import Rendering
import Sweeps

/// The kernel × stride summary heatmap of a grid document (`grid --heatmap`).
enum GridHeatmap {
  /// The figure of the summary.
  static func figure(_ document: SweepDocument, metric: SummaryMetric, options: HeatmapStyleOptions) throws
    -> Figure
  {
    let entries = try GridSummaryEntry.entries(of: document, metric: metric)
    guard !entries.isEmpty else {
      throw CLIError("--heatmap: the sweep has no computed configuration to draw")
    }
    var style = HeatmapStyle()
    if let name = options.colormap, let colormap = Colormap.named(name) { style.colormap = colormap }
    style.cellSize = options.cellSize
    style.vmin = options.vmin ?? (metric == .maxMinRatio ? 1 : nil)
    style.vmax = options.vmax
    style.showValues = !options.noValues
    let sweep = document.sweep
    style.title = "\(sweep.dims)D interior \(metric.label): k=\(sweep.kernels) s=\(sweep.strides)"
    let extra = [("d", sweep.dilations), ("p", sweep.paddings), ("op", sweep.outputPaddings)]
    style.subtitle = extra.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
    if extra.contains(where: { $0.1.values.count > 1 }) { style.subtitle += " (each cell: the worst value)" }
    if let title = options.title { style.title = title }
    if let xlabel = options.xlabel { style.columnAxisTitle = xlabel }
    if let ylabel = options.ylabel { style.rowAxisTitle = ylabel }
    return try GridSummary.figure(entries, metricName: metric.label, style: style)
  }

  /// `Software`, `Parameters` (the sweep as compact JSON) and `Metric`, for the PNG's text chunks
  /// or the SVG's metadata.
  static func metadata(_ document: SweepDocument, metric: SummaryMetric) throws -> [PNGTextChunk] {
    [
      PNGTextChunk(key: "Software", value: "checkerscope \(Checkerscope.version)"),
      PNGTextChunk(key: "Parameters", value: try document.sweep.json.encoded()),
      PNGTextChunk(key: "Metric", value: "interior \(metric.label)"),
    ]
  }
}
