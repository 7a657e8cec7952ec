import CheckerscopeCore

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
          "`\(layer.node)`" + (layer.moduleDescription.map { "<br>module `\($0)`" } ?? ""), layer.op.rawValue,
          layer.parameterSummary, shapes, layer.countSummary,
          layer.weightSummary(threshold: threshold), "**\(layer.verdict.rawValue)**",
        ]
        lines.append(
          "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |")
      }
    }
    lines.append("")
    let first = firstArtifactLayer.map { " — the first is `\($0)`" } ?? ""
    lines.append("Model verdict: **\(verdict.rawValue)**\(first).")
    let remedies = remedyItems
    if !remedies.isEmpty {
      lines += ["", "Remedies:", ""] + remedies
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// One Markdown list item a remedy: `` `up` (`/up/ConvTranspose`): replace … by one of these …: ``
  /// then the alternatives as a code block under the item.
  public var remedyItems: [String] {
    layers.compactMap { layer in
      layer.remedy.map { remedy in
        let label = layer.origin.map { "`\($0.module)` (`\(layer.node)`)" } ?? "`\(layer.node)`"
        // Prose lines are joined; the indented alternatives become a code block under the item.
        let parts = remedy.split(separator: "\n")
        let prose = parts.filter { !$0.hasPrefix(" ") }.joined(separator: " ")
        let code = parts.filter { $0.hasPrefix(" ") }.map { "  " + $0.drop { $0 == " " } }
        guard !code.isEmpty else { return "- \(label): \(prose)" }
        return (["- \(label): \(prose)", "", "  ```python"] + code + ["  ```"]).joined(separator: "\n")
      }
    }
  }
}
