/// One cell of a kernel × stride grid summary.
public struct GridSummaryEntry: Sendable, Equatable {
  public var kernel: Int
  public var stride: Int
  /// The metric's value; non-finite when undefined (e.g. max/min with zero-count cells).
  public var value: Double
  /// True when the configuration leaves zero-count holes.
  public var hasHoles: Bool

  public init(kernel: Int, stride: Int, value: Double, hasHoles: Bool) {
    self.kernel = kernel
    self.stride = stride
    self.value = value
    self.hasHoles = hasHoles
  }
}

/// Draws a sweep's summary: kernel sizes as rows (smallest at the top), strides as columns
/// (smallest at the left), each cell coloured by a metric with its value printed, and the
/// configurations with holes greyed, labelled `holes` and explained in the legend.
public enum GridSummary {
  /// Renders `entries` to pixels at `scale` (see `figure(_:metricName:style:)`).
  public static func render(
    _ entries: [GridSummaryEntry], metricName: String, style: HeatmapStyle = HeatmapStyle(), scale: Double = 1
  ) throws -> RGBImage {
    try figure(entries, metricName: metricName, style: style).raster(scale: scale)
  }

  /// The figure of `entries` (any order; missing kernel/stride pairs are drawn as undefined).
  /// `metricName` labels the colour bar; `style` supplies colours, domain and title.
  /// - Throws: `RenderingError.emptyGrid` for no entries, or any heatmap error.
  public static func figure(
    _ entries: [GridSummaryEntry], metricName: String, style: HeatmapStyle = HeatmapStyle()
  ) throws -> Figure {
    let kernels = Array(Set(entries.map(\.kernel))).sorted()
    let strides = Array(Set(entries.map(\.stride))).sorted()
    guard !kernels.isEmpty else { throw RenderingError.emptyGrid(rows: 0, columns: 0) }
    var values = Array(repeating: Double.nan, count: kernels.count * strides.count)
    var marks = Array(repeating: false, count: values.count)
    for e in entries {
      guard let r = kernels.firstIndex(of: e.kernel), let c = strides.firstIndex(of: e.stride) else {
        continue
      }
      // A configuration with holes is greyed and labelled, and kept out of the colour domain.
      values[r * strides.count + c] = e.hasHoles ? .nan : e.value
      marks[r * strides.count + c] = e.hasHoles
    }
    let grid = try ValueGrid(rows: kernels.count, columns: strides.count, values: values)
    var s = style
    s.rowLabels = kernels.map { "k=\($0)" }
    s.columnLabels = strides.map { "s=\($0)" }
    if s.rowAxisTitle == HeatmapStyle().rowAxisTitle { s.rowAxisTitle = "kernel size" }
    if s.columnAxisTitle == HeatmapStyle().columnAxisTitle { s.columnAxisTitle = "stride" }
    s.colorBarLabel = metricName
    if s.markedLabel == HeatmapStyle().markedLabel {
      s.markedLabel = "holes: the configuration leaves zero-count holes"
    }
    if s.markedText == nil { s.markedText = "holes" }
    return try Heatmap.figure(grid, marked: marks, style: s)
  }
}
