import PNGIO
import Rendering
import Sweeps

/// The kernel × stride summary heatmap of a grid document (`grid --heatmap`).
enum GridHeatmap {
  /// One cell per (kernel, stride), coloured by `metric` of the interior metrics (an undefined
  /// max/min, from holes, is drawn as undefined and the cell crossed out). When the sweep has
  /// several dilations, paddings or output paddings, a cell shows the largest (worst) value over
  /// them and is crossed out when any of them has holes. Skipped configurations are left out.
  /// Kernels and strides must be the same on every axis.
  static func entries(_ document: SweepDocument, metric: SummaryMetric) throws -> [GridSummaryEntry] {
    var cells: [String: GridSummaryEntry] = [:]
    var order: [String] = []
    for record in document.records {
      guard let layer = record["layers"]?[0],
        let kernels = layer["kernel"]?.arrayValue?.compactMap(\.intValue),
        let strides = layer["stride"]?.arrayValue?.compactMap(\.intValue),
        let kernel = kernels.first, let stride = strides.first, let interior = record["interior"]
      else { continue }
      guard kernels.allSatisfy({ $0 == kernel }), strides.allSatisfy({ $0 == stride }) else {
        throw CLIError(
          "--heatmap draws kernels × strides and needs the same kernel and stride on every axis; got \(SweepDocument.configurationText(record))"
        )
      }
      let value: Double
      switch metric {
      case .maxMinRatio: value = interior["maxMinRatio"]?.doubleValue ?? .infinity
      case .cv: value = interior["cv"]?.doubleValue ?? .nan
      case .zeroFraction: value = interior["zeroFraction"]?.doubleValue ?? .nan
      }
      let holes = record["holes"]?.boolValue ?? false
      let key = "\(kernel) \(stride)"
      if var cell = cells[key] {
        if value > cell.value || (value.isNaN && !cell.value.isNaN) { cell.value = value }
        cell.hasHoles = cell.hasHoles || holes
        cells[key] = cell
      } else {
        cells[key] = GridSummaryEntry(kernel: kernel, stride: stride, value: value, hasHoles: holes)
        order.append(key)
      }
    }
    return order.compactMap { cells[$0] }
  }

  /// The PNG of the summary, with `Software`, `Parameters` (the sweep as compact JSON) and
  /// `Metric` text chunks.
  static func png(_ document: SweepDocument, metric: SummaryMetric, options: HeatmapStyleOptions) throws
    -> PNGImage
  {
    let entries = try entries(document, metric: metric)
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
    let image = try GridSummary.render(entries, metricName: metric.label, style: style)
    return PNGImage(
      width: image.width, height: image.height, channels: 3, samples: .uint8(image.pixels),
      text: [
        PNGTextChunk(key: "Software", value: "checkerscope \(Checkerscope.version)"),
        PNGTextChunk(key: "Parameters", value: try sweep.json.encoded()),
        PNGTextChunk(key: "Metric", value: "interior \(metric.label)"),
      ])
  }
}
