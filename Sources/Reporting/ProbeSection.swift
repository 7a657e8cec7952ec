import CheckerscopeCore
import ModelIO
import ModelProbe
import PNGIO
import Rendering
import TransposedConv

/// A `probe` section: the model run on a constant or noise input, the strength of the periodic
/// pattern at every node against depth (a bar chart, patterns marked), the origin and the verdict.
enum ProbeSection {
  static func run(_ request: ProbeRequest, into builder: inout ReportBuilder) throws {
    try builder.budget.require(fileAt: request.model, copies: 2)
    let prepared: (graph: ModelGraph, input: Tensor)
    do {
      prepared = try Probe.prepare(
        Probe.Stimulus(rawValue: request.input) ?? .constant,
        graph: try ONNXReader.read(contentsOf: request.model),
        inputShape: request.inputShape, seed: 1, budget: builder.budget)
    } catch ProbeError.inputShapeNotFixed {
      throw ReportError.sectionFailed(section: "probe", reason: "\(request.displayPath): give inputShape")
    }
    let (graph, input) = prepared
    let shape = input.shape
    var report = try Probe.run(graph: graph, input: input, inputLabel: request.input, budget: builder.budget)
    report.model = request.displayPath
    let shapeText = shape.map(String.init).joined(separator: "x")
    builder.document.paragraph(
      "`\(request.displayPath)` run by checkerscope's interpreter on a \(request.input) input (\(shapeText)); the strength of the periodic pattern in each node output's interior, in graph order."
    )
    var style = BarChartStyle()
    style.title = "periodic pattern strength by depth"
    style.subtitle =
      "\(request.displayPath.split(separator: "/").last.map(String.init) ?? request.displayPath), \(request.input) input \(shapeText)"
    style.xAxisTitle = "node (graph order)"
    style.xLabels = report.nodes.map { $0.module ?? $0.name }
    style.referenceValue = PeriodicMeasure.strengthThreshold
    style.referenceLabel =
      "significant from strength \(ProbeReport.formatStrength(PeriodicMeasure.strengthThreshold)) (with F ≥ \(Int(PeriodicMeasure.varianceRatioThreshold)))"
    style.yAxisTitle = "strength"
    style.valueDecimals = 3
    style.showValues = report.nodes.count <= 24
    style.markedLabel = "significant pattern"
    let rgb = try BarChart.render(
      report.nodes.map(\.measure.strength), marked: report.nodes.map(\.measure.significant), style: style)
    _ = try builder.figure(
      PNGImage(rgb: rgb),
      name: "probe-profile", alt: "strength by depth",
      caption:
        "Strength √(E′/T) of the periodic pattern at each node, named by its PyTorch module where the model says (crosses: significant; dashed: the strength threshold; maps too small for an interior measured on their central window, marked (border) in the table)."
    )
    let rows = report.nodes.enumerated().map { index, node in
      [
        String(index + 1), "`\(node.name)`", node.op, node.shape.map(String.init).joined(separator: "x"),
        node.measure.significant
          ? node.measure.period.map { $0.map(String.init).joined(separator: "x") } ?? "-" : "-",
        ProbeReport.formatStrength(node.measure.strength),
        [
          node.measure.significant ? "**pattern**" : "",
          node.measure.measured && node.measure.confidence < 1 ? "(border)" : "",
        ].filter { !$0.isEmpty }.joined(separator: " "),
      ]
    }
    builder.document.table(header: ["#", "node", "op", "shape", "period", "strength", ""], rows: rows)
    builder.dataLine([try builder.addJSON("probe", report.json)])
    let origin =
      report.origin.map { o in
        "first at `\(o.node)` (\(o.op))" + (o.layer.map { ", made by `\($0)`" } ?? "")
      } ?? "no node carries a significant pattern"
    builder.finding(
      "The probe's verdict is **\(report.verdict)** (output strength \(ProbeReport.formatStrength(report.output.measure.strength))); \(origin)."
    )
  }
}
