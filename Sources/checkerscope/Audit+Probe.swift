import CheckerscopeCore
import Foundation
import ModelAudit
import ModelIO
import ModelProbe
import OverlapAnalysis
import TransposedConv

/// `audit --probe`: the audit's static prediction per layer beside what the probe measures when the
/// model runs on a constant input, and where the two disagree.
struct AuditProbeComparison {
  /// One audited layer with the probe's measurement at its output (nil when the probe could not
  /// follow or measure it).
  struct Row {
    var layer: String
    var predicted: String
    var strength: Double?
    var significant: Bool?
    var note: String?
  }

  var rows: [Row]
  var probe: ProbeReport

  /// Probes `graph` on an all-ones input and pairs each audited layer with its node.
  init(audit: AuditReport, graph: ModelGraph) throws {
    guard let shape = graph.fixedInputShape else {
      throw CLIError("--probe needs a fixed input shape; give --input-shape")
    }
    let probe = try Probe.run(graph: graph, input: Tensor(shape: shape, repeating: 1), inputLabel: "constant")
    let byName = Dictionary(probe.nodes.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    let outputClean = !probe.output.measure.significant
    rows = audit.layers.map { layer in
      let measured = byName[layer.node].flatMap { $0.measure.measured ? $0.measure : nil }
      var note: String?
      let predicted = layer.verdict == .artifacts
      if let measured {
        if predicted && !measured.significant {
          note = "predicted artifacts, no pattern measured at this layer"
        } else if !predicted && measured.significant && layer.verdict != .gradientOnly {
          note = "predicted \(layer.verdict.rawValue), pattern measured"
        } else if predicted && measured.significant && outputClean {
          note = "pattern measured here, cancelled by the output"
        }
      }
      return Row(
        layer: layer.node, predicted: layer.verdict.rawValue, strength: measured?.strength,
        significant: measured?.significant, note: note)
    }
    self.probe = probe
  }

  /// Lines appended to the text report.
  var text: String {
    var lines = ["", "probe (constant input \(probe.inputShape.map(String.init).joined(separator: "x"))):"]
    for row in rows {
      let measured = row.strength.map {
        "strength \(ProbeReport.formatStrength($0))\(row.significant == true ? " (pattern)" : "")"
      }
      lines.append(
        "  \(row.layer): audit \(row.predicted), probe \(measured ?? "not measured")\(row.note.map { " — \($0)" } ?? "")"
      )
    }
    lines.append(
      "  output: \(probe.verdict), strength \(ProbeReport.formatStrength(probe.output.measure.strength))")
    return lines.joined(separator: "\n") + "\n"
  }

  /// Rows appended to the Markdown report.
  var markdown: String {
    var lines = [
      "", "## Probe (constant input)", "", "| layer | audit | probe strength | pattern | note |",
      "| --- | --- | ---: | --- | --- |",
    ]
    for row in rows {
      lines.append(
        "| `\(row.layer)` | \(row.predicted) | \(row.strength.map(ProbeReport.formatStrength) ?? "-") | \(row.significant.map { $0 ? "yes" : "no" } ?? "-") | \(row.note ?? "") |"
      )
    }
    lines.append("")
    lines.append(
      "Output: **\(probe.verdict)** (strength \(ProbeReport.formatStrength(probe.output.measure.strength))).")
    return lines.joined(separator: "\n") + "\n"
  }

  /// The `probe` member added to the audit's JSON.
  var json: JSONValue {
    .object([
      (
        "layers",
        .array(
          rows.map { row in
            .object([
              ("node", .string(row.layer)), ("audit", .string(row.predicted)),
              ("strength", row.strength.map { .double($0) } ?? .null),
              ("significant", row.significant.map { .bool($0) } ?? .null),
              ("disagreement", row.note.map { .string($0) } ?? .null),
            ])
          })
      ),
      (
        "output",
        .object([("strength", .double(probe.output.measure.strength)), ("verdict", .string(probe.verdict))])
      ),
    ])
  }

  /// `report` with the `probe` member appended.
  func merged(into report: JSONValue) -> JSONValue {
    guard case .object(var members) = report else { return report }
    members.append(("probe", json))
    return .object(members)
  }
}
