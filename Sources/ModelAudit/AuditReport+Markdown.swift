import CheckerscopeCore
import Rendering

extension AuditReport {
  /// A Markdown section: a table of layers, the verdict, and the remedies.
  ///
  /// `heading` is the Markdown heading level of the title (2 for `## …`).
  public func markdown(heading: Int = 2, title: String? = nil) -> String {
    let hashes = String(repeating: "#", count: max(1, min(6, heading)))
    var lines = ["\(hashes) \(title ?? "Audit of `\(model)`")", ""]
    lines.append(
      "Input shape: \(inputShape.map { "`\(AuditReport.shapeText($0))`" } ?? "unknown"). PEF threshold: \(NumberFormat.trimmed(threshold, 4))."
    )
    lines.append("")
    if layers.isEmpty {
      lines.append("No layer changes the sampling lattice.")
    } else {
      lines.append("| layer | op | parameters | shapes | overlap | learned weights | verdict |")
      lines.append("| --- | --- | --- | --- | --- | --- | --- |")
      for layer in layers {
        let shapes =
          "\(layer.inputShape.map(AuditReport.shapeText) ?? "?") → \(layer.outputShape.map(AuditReport.shapeText) ?? "?")"
        let cells = [
          "`\(layer.node)`", layer.op.rawValue, layer.parameterSummary, shapes, layer.countSummary,
          layer.weightSummary(threshold: threshold), "**\(layer.verdict.rawValue)**",
        ]
        lines.append(
          "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |")
      }
    }
    lines.append("")
    let first = firstArtifactLayer.map { " — the first is `\($0)`" } ?? ""
    lines.append("Model verdict: **\(verdict.rawValue)**\(first).")
    let remedies = layers.compactMap { layer in layer.remedy.map { "- `\(layer.node)`: \($0)" } }
    if !remedies.isEmpty {
      lines += ["", "Remedies:", ""] + remedies
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
