import CheckerscopeCore
import ModelAudit
import ModelIO
import OverlapAnalysis
import Rendering

/// A `model` section: the audit of an ONNX model as a table, the verdict, the remedies, and per layer
/// the overlap map and the worst channel's gain tile.
enum ModelSection {
  static func run(_ request: ModelRequest, into builder: inout ReportBuilder) throws {
    try builder.budget.require(fileAt: request.model, copies: 2)
    var graph = try ONNXReader.read(contentsOf: request.model)
    let declared = graph.fixedInputShape
    if let shape = request.inputShape { graph = try graph.withInputShape(shape) }
    var report = try ModelAuditor.audit(
      graph: graph, threshold: request.threshold,
      trustDeclaredShapes: declared != nil && declared == graph.fixedInputShape)
    report.model = request.displayPath
    let shape = report.inputShape.map { $0.map(String.init).joined(separator: "x") } ?? "unknown"
    builder.document.paragraph(
      "The audit of `\(request.displayPath)` (input \(shape), PEF threshold \(NumberFormat.trimmed(report.threshold, 4))): every node that changes the sampling lattice, in graph order."
    )
    let rows = report.layers.map { layer in
      [
        "`\(layer.node)`" + (layer.moduleDescription.map { "<br>module `\($0)`" } ?? ""), layer.op.rawValue,
        layer.parameterSummary,
        "\(layer.inputShape.map(Self.shape) ?? "?") → \(layer.outputShape.map(Self.shape) ?? "?")",
        layer.countSummary, layer.weightSummary(threshold: report.threshold), "**\(layer.verdict.rawValue)**",
      ]
    }
    builder.document.table(
      header: ["layer", "op", "parameters", "shapes", "overlap", "learned weights", "verdict"], rows: rows)
    let remedies = report.remedyItems
    if !remedies.isEmpty { builder.document.raw("Remedies:\n\n" + remedies.joined(separator: "\n") + "\n") }
    if request.heatmaps {
      for (index, layer) in report.layers.enumerated() {
        if let map = try AuditHeatmaps.overlapMap(layer) {
          try MapSections.figure(
            map, name: "layer-\(index + 1)-overlap", label: "layer `\(layer.node)`", into: &builder,
            caption:
              "Overlap counts of `\(layer.node)` (\(layer.op.rawValue), all-ones kernel\(layer.op == .conv ? ", gradient" : "")).",
            options: AuditHeatmaps.figureOptions(layer, figure: try MapFigure(map: map), gain: false)
          )
        }
        if let map = try AuditHeatmaps.gainMap(layer), let weights = layer.weights {
          try MapSections.figure(
            map, name: "layer-\(index + 1)-gain", label: "layer `\(layer.node)`", into: &builder,
            caption:
              "Learned response of `\(layer.node)`'s worst output channel (\(weights.worstChannel), PEF \(NumberFormat.trimmed(weights.pefMax, 4))) to a flat input: its phase tile, three periods per axis.",
            options: AuditHeatmaps.figureOptions(layer, figure: try MapFigure(map: map), gain: true)
          )
        }
      }
    }
    builder.dataLine([try builder.addJSON("audit", report.json)])
    let first = report.firstArtifactLayer.map { ", first at `\($0)`" } ?? ""
    let counts = Dictionary(grouping: report.layers, by: \.verdict).mapValues(\.count)
    let summary = AuditVerdict.allCases.compactMap { verdict in
      counts[verdict].map { "\($0) \(verdict.rawValue)" }
    }.joined(separator: ", ")
    builder.finding(
      "The model's verdict is **\(report.verdict.rawValue)**\(first) (\(report.layers.count) layer\(report.layers.count == 1 ? "" : "s"): \(summary.isEmpty ? "none" : summary))."
    )
  }

  static func shape(_ values: [Int]) -> String { values.map(String.init).joined(separator: "x") }
}
