import PNGIO
import Rendering
import Sweeps

/// `grid --heatmap`: the sweep's kernel × stride summary (`GridSummary.figure(of:metric:options:)`)
/// with the command's drawing options, and its metadata as PNG text chunks.
enum GridHeatmap {
  /// The figure of the summary; a sweep without a computed configuration is a CLI error.
  static func figure(_ document: SweepDocument, metric: SummaryMetric, options: HeatmapStyleOptions) throws
    -> Figure
  {
    do {
      return try GridSummary.figure(of: document, metric: metric, options: options.figureOptions)
    } catch RenderingError.emptyGrid(rows: 0, columns: 0) {
      throw CLIError("--heatmap: the sweep has no computed configuration to draw")
    }
  }

  /// `Software`, `Parameters` (the sweep as compact JSON) and `Metric`, for the PNG's text chunks
  /// or the SVG's metadata.
  static func metadata(_ document: SweepDocument, metric: SummaryMetric) throws -> [PNGTextChunk] {
    try GridSummary.metadata(of: document, metric: metric, software: "checkerscope \(Checkerscope.version)")
      .map { PNGTextChunk(key: $0.key, value: $0.value) }
  }
}
