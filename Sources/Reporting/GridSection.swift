import CheckerscopeCore
import OverlapAnalysis
import Rendering
import Sweeps
import TransposedConv

/// A kernel × stride sweep: per dilation, a summary heatmap, a kernel × stride table of the
/// metric, and a CSV with every configuration's interior metrics.
///
/// Each dilation is one `SweepSpec` (kernels × strides, the request's padding and input size) whose
/// configurations are computed with `Sweep.outcome`, so the report shows the same interior metrics
/// as `checkerscope grid`; configurations that break PyTorch's rules are listed as invalid.
enum GridSection {
  struct Cell {
    var kernel: Int
    var stride: Int
    var metrics: OverlapMetrics?
  }

  static func run(_ request: GridRequest, into builder: inout ReportBuilder) throws {
    var csvRows: [[String]] = []
    var sentences: [String] = []
    for dilation in request.dilations {
      let cells = try Self.cells(request, dilation: dilation)
      let computed = cells.compactMap { cell in
        cell.metrics.map { (kernel: cell.kernel, stride: cell.stride, metrics: $0) }
      }
      if let image = try Figures.grid(
        computed, metric: request.metric, dilation: dilation, dims: request.dims)
      {
        try builder.figure(
          image, name: "grid-d\(dilation)",
          alt:
            "Heatmap of the interior \(label(request.metric)) for kernels \(range(request.kernels)) and strides \(range(request.strides)), dilation \(dilation)",
          caption:
            "Interior \(label(request.metric)) of \(request.dims)D all-ones kernels, dilation \(dilation): kernel size down, stride across; grey cells leave zero-count holes."
        )
      }
      if request.dilations.count > 1 { builder.document.paragraph("**Dilation \(dilation)**") }
      builder.document.table(
        header: ["k \\ s"] + request.strides.map { "s=\($0)" },
        rows: request.kernels.map { k in
          ["k=\(k)"]
            + request.strides.map { s in
              cellText(cells.first { $0.kernel == k && $0.stride == s }?.metrics, metric: request.metric)
            }
        },
        alignRight: Set(1...request.strides.count))
      for cell in cells {
        guard let m = cell.metrics else {
          csvRows.append([
            "\(dilation)", "\(cell.kernel)", "\(cell.stride)", "", "", "", "", "", "", "", "invalid",
          ])
          continue
        }
        csvRows.append([
          "\(dilation)", "\(cell.kernel)", "\(cell.stride)", MapSections.sizes(m.period), Numbers.text(m.min),
          Numbers.text(m.max), Numbers.text(m.mean), m.cv.map { NumberFormat.fixed($0, 6) } ?? "",
          m.maxMinRatio.map { NumberFormat.fixed($0, 6) } ?? "",
          NumberFormat.fixed(m.zeroFraction, 6),
          m.uniform ? "uniform" : (m.zeroFraction > 0 ? "holes" : "uneven"),
        ])
      }
      sentences.append(summary(cells, dilation: dilation, many: request.dilations.count > 1))
    }
    let csv = CSV.text(
      header: [
        "dilation", "kernel", "stride", "period", "min", "max", "mean", "cv", "maxMinRatio", "zeroFraction",
        "class",
      ], rows: csvRows)
    builder.dataLine([builder.addData("grid.csv", text: csv)])
    builder.finding(sentences.joined(separator: " "))
  }

  /// The cells of one dilation, kernel-major (every stride of the first kernel, then the next
  /// kernel …); `metrics` is nil for a configuration the sweep skips.
  static func cells(_ request: GridRequest, dilation: Int) throws -> [Cell] {
    let spec = SweepSpec(
      dims: request.dims, kernels: ValueList(request.kernels), strides: ValueList(request.strides),
      dilations: ValueList([dilation]), paddings: ValueList([request.padding]),
      inputSize: PerAxis([request.inputSize]))
    try spec.validate()
    return (0..<spec.configurationCount).map { index in
      let configuration = spec.configuration(at: index)
      var metrics: OverlapMetrics?
      if case .record(let record) = Sweep.outcome(configuration) { metrics = record.interior }
      return Cell(
        kernel: configuration.layer.kernel[0], stride: configuration.layer.axes[0].stride, metrics: metrics)
    }
  }

  static func label(_ metric: SummaryMetric) -> String {
    switch metric {
    case .cv: return "coefficient of variation"
    case .zeroFraction: return "zero fraction"
    case .maxMinRatio: return "max/min ratio"
    }
  }

  static func range(_ values: [Int]) -> String {
    guard let first = values.first, let last = values.last else { return "" }
    return values == Array(first...last)
      ? "\(first)…\(last)" : values.map(String.init).joined(separator: ", ")
  }

  static func cellText(_ metrics: OverlapMetrics?, metric: SummaryMetric) -> String {
    guard let m = metrics else { return "—" }
    switch metric {
    case .cv: return m.cv.map { NumberFormat.fixed($0, 3) } ?? "—"
    case .zeroFraction: return NumberFormat.fixed(m.zeroFraction, 2)
    case .maxMinRatio: return m.maxMinRatio.map { NumberFormat.fixed($0, 2) } ?? "holes"
    }
  }

  static func summary(_ cells: [Cell], dilation: Int, many: Bool) -> String {
    let valid = cells.compactMap { c in c.metrics.map { (c.kernel, c.stride, $0) } }
    let uniform = valid.filter { $0.2.uniform }
    let holes = valid.filter { $0.2.zeroFraction > 0 }
    let uneven = valid.filter { !$0.2.uniform && $0.2.zeroFraction == 0 }
    let worst = uneven.max { ($0.2.maxMinRatio ?? 0, -$0.0) < ($1.2.maxMinRatio ?? 0, -$1.0) }
    var text = many ? "With dilation \(dilation): " : ""
    text +=
      "\(uniform.count) of \(valid.count) configurations are uniform, \(holes.count) \(holes.count == 1 ? "leaves" : "leave") holes, \(uneven.count) \(uneven.count == 1 ? "is" : "are") uneven"
    if let worst {
      text +=
        "; the most uneven without holes is k=\(worst.0), s=\(worst.1) (max/min \(Numbers.ratio(worst.2.maxMinRatio)))"
    }
    return text + "."
  }
}
