import OverlapAnalysis

/// The metric a grid summary colours its cells by.
public enum SummaryMetric: String, Sendable, CaseIterable {
  case maxMinRatio, cv, zeroFraction

  /// The metric's value in `metrics`; undefined values (max/min with holes, cv of a zero mean) are
  /// NaN, drawn grey and printed `n/a`.
  public func value(_ metrics: OverlapMetrics) -> Double {
    switch self {
    case .maxMinRatio: return metrics.maxMinRatio ?? .nan
    case .cv: return metrics.cv ?? .nan
    case .zeroFraction: return metrics.zeroFraction
    }
  }

  /// The colour bar caption.
  public var label: String {
    switch self {
    case .maxMinRatio: return "max/min"
    case .cv: return "coefficient of variation"
    case .zeroFraction: return "zero fraction"
    }
  }
}

extension GridSummary {
  /// Renders one entry per `(kernel, stride, map)` coloured by `metric` of the map's interior
  /// metrics; maps with zero-count cells in their interior period are crossed out. For
  /// `maxMinRatio` the domain starts at 1 (uniform) unless `style.vmin` is set.
  public static func render(
    maps: [(kernel: Int, stride: Int, map: OverlapMap)], metric: SummaryMetric,
    style: HeatmapStyle = HeatmapStyle()
  ) throws -> RGBImage {
    try render(
      interiors: maps.map { (kernel: $0.kernel, stride: $0.stride, metrics: $0.map.interiorMetrics) },
      metric: metric, style: style)
  }

  /// `render(interiors:metric:style:)` as a figure.
  public static func figure(
    interiors: [(kernel: Int, stride: Int, metrics: OverlapMetrics)], metric: SummaryMetric,
    style: HeatmapStyle = HeatmapStyle()
  ) throws -> Figure {
    let entries = interiors.map { item in
      GridSummaryEntry(
        kernel: item.kernel, stride: item.stride, value: metric.value(item.metrics),
        hasHoles: item.metrics.zeroFraction > 0)
    }
    var s = style
    if metric == .maxMinRatio, s.vmin == nil { s.vmin = 1 }
    return try figure(entries, metricName: metric.label, style: s)
  }

  /// Renders one entry per `(kernel, stride, metrics)` coloured by `metric` of the interior
  /// `metrics` (a map's `interiorMetrics` or a `SweepRecord`'s `interior`); configurations with
  /// zero-count cells in their interior period are crossed out. For `maxMinRatio` the domain
  /// starts at 1 (uniform) unless `style.vmin` is set.
  public static func render(
    interiors: [(kernel: Int, stride: Int, metrics: OverlapMetrics)], metric: SummaryMetric,
    style: HeatmapStyle = HeatmapStyle()
  ) throws -> RGBImage {
    try figure(interiors: interiors, metric: metric, style: style).raster()
  }
}
