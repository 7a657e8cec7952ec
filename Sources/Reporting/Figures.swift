import OverlapAnalysis
import PNGIO
import Rendering

/// Figures for reports, drawn with the Rendering module; the report writes them as PNG or SVG
/// (`ReportBuilder.figure`).
enum Figures {
  /// A map drawn as a heatmap (2D) or bar chart (1D), zero-count holes greyed (crossed on a chart)
  /// (`MapFigure.render`); with `deviation`, `value − mean` on a diverging scale.
  /// `options` may replace the title and axis titles (the gradient maps do).
  static func map(_ map: OverlapMap, deviation: Bool = false, options: MapFigureOptions = MapFigureOptions())
    throws -> Figure?
  {
    var options = options
    options.deviation = deviation
    if map.outputSize.reduce(1, *) > 400 { options.showValues = false }
    return try MapFigure(map: map).figure(options)
  }

  /// A kernel × stride summary heatmap coloured by `metric` of each configuration's interior
  /// metrics (`GridSummary.render(interiors:metric:style:)`); nil when there is none.
  static func grid(
    _ interiors: [(kernel: Int, stride: Int, metrics: OverlapMetrics)], metric: SummaryMetric, dilation: Int,
    dims: Int
  ) throws -> Figure? {
    guard !interiors.isEmpty else { return nil }
    let summary = metric
    var style = HeatmapStyle()
    style.title = "interior \(summary.label), \(dims)D all-ones kernels, dilation \(dilation)"
    style.subtitle = "kernel size down, stride across; grey cells leave zero-count holes"
    return try GridSummary.figure(interiors: interiors, metric: summary, style: style)
  }
}
