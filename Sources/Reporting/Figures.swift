import OverlapAnalysis
import PNGIO
import Rendering

/// Pictures for reports, drawn with the Rendering module and returned as PNG images (RGB, 8-bit;
/// the report adds the text metadata when it encodes them).
enum Figures {
  /// A map drawn as a heatmap (2D) or bar chart (1D), zero-count holes crossed out
  /// (`MapFigure.render`); with `deviation`, `value − mean` on a diverging scale.
  static func map(_ map: OverlapMap, deviation: Bool = false) throws -> PNGImage? {
    var options = MapFigureOptions()
    options.deviation = deviation
    if map.outputSize.reduce(1, *) > 400 { options.showValues = false }
    return png(try MapFigure(map: map).render(options))
  }

  /// A kernel × stride summary heatmap coloured by `metric` of each configuration's interior
  /// metrics (`GridSummary.render(interiors:metric:style:)`); nil when there is none.
  static func grid(
    _ interiors: [(kernel: Int, stride: Int, metrics: OverlapMetrics)], metric: SummaryMetric, dilation: Int,
    dims: Int
  ) throws -> PNGImage? {
    guard !interiors.isEmpty else { return nil }
    let summary = metric
    var style = HeatmapStyle()
    style.title = "interior \(summary.label), \(dims)D all-ones kernels, dilation \(dilation)"
    style.subtitle = "kernel size down, stride across; crossed cells leave zero-count holes"
    return png(try GridSummary.render(interiors: interiors, metric: summary, style: style))
  }

  /// An RGB picture as an 8-bit RGB PNG image.
  static func png(_ image: RGBImage) -> PNGImage {
    PNGImage(width: image.width, height: image.height, channels: 3, samples: .uint8(image.pixels))
  }
}
