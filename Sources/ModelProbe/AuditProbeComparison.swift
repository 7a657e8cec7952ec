import CheckerscopeCore
import ModelAudit
import ModelIO
import TransposedConv

/// The audit's static prediction per layer beside what the probe measures when the model runs on a
/// constant input, and where the two disagree (`checkerscope audit --probe`).
///
/// A layer disagrees when the audit predicts artifacts and no pattern is measured at its output;
/// when the audit predicts `ok` or `compensated` and a pattern is measured (a `gradient-only`
/// layer makes no forward pattern to disagree with); or when both agree on a pattern that the
/// model's output no longer shows.
public struct AuditProbeComparison: Sendable, Equatable {
  /// One audited layer with the probe's measurement at its output.
  public struct Row: Sendable, Equatable {
    /// The layer's node name.
    public var layer: String
    /// The PyTorch module the layer came from, when the model says.
    public var module: String? = nil
    /// The audit's verdict, as written in its reports (`artifacts`, `ok`, …).
    public var predicted: String
    /// The probe's strength at the node's output; nil when the probe could not follow or measure it.
    public var strength: Double?
    /// Whether that pattern is significant; nil when not measured.
    public var significant: Bool?
    /// The disagreement, in words; nil when the two agree (or nothing was measured).
    public var note: String?
  }

  /// One row per audited layer, in the audit's order.
  public var rows: [Row]
  /// The probe's report on the constant input.
  public var probe: ProbeReport

  /// Probes `graph` on an all-ones input of its fixed input shape and pairs each audited layer
  /// with its node.
  /// - Throws: `ProbeError.inputShapeNotFixed` when the graph's input shape has symbolic
  ///   dimensions, or any error of `Probe.run`.
  public init(audit: AuditReport, graph: ModelGraph) throws {
    let probe = try Probe.run(
      graph: graph, input: try Probe.prepare(.constant, graph: graph).input, inputLabel: "constant")
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
        layer: layer.node, module: layer.origin?.module, predicted: layer.verdict.rawValue,
        strength: measured?.strength, significant: measured?.significant, note: note)
    }
    self.probe = probe
  }

  /// Lines appended to the audit's text report: a heading naming the input's shape, then
  /// `  LAYER: audit VERDICT, probe strength S (pattern) — NOTE` per layer and the output's verdict.
  public var text: String {
    var lines = ["", "probe (constant input \(probe.inputShape.map(String.init).joined(separator: "x"))):"]
    for row in rows {
      let measured = row.strength.map {
        "strength \(ProbeReport.formatStrength($0))\(row.significant == true ? " (pattern)" : "")"
      }
      lines.append(
        "  \(row.layer)\(row.module.map { " (module \($0))" } ?? ""): audit \(row.predicted), probe \(measured ?? "not measured")\(row.note.map { " — \($0)" } ?? "")"
      )
    }
    lines.append(
      "  output: \(probe.verdict), strength \(ProbeReport.formatStrength(probe.output.measure.strength))")
    return lines.joined(separator: "\n") + "\n"
  }

  /// A `## Probe (constant input)` section appended to the audit's Markdown report: a table
  /// `layer | audit | probe strength | pattern | note` and the output's verdict.
  public var markdown: String {
    var lines = [
      "", "## Probe (constant input)", "", "| layer | audit | probe strength | pattern | note |",
      "| --- | --- | ---: | --- | --- |",
    ]
    for row in rows {
      lines.append(
        "| `\(row.layer)`\(row.module.map { " (`\($0)`)" } ?? "") | \(row.predicted) | \(row.strength.map(ProbeReport.formatStrength) ?? "-") | \(row.significant.map { $0 ? "yes" : "no" } ?? "-") | \(row.note ?? "") |"
      )
    }
    lines.append("")
    lines.append(
      "Output: **\(probe.verdict)** (strength \(ProbeReport.formatStrength(probe.output.measure.strength))).")
    return lines.joined(separator: "\n") + "\n"
  }

  /// The `probe` member of the audit's JSON: `{"layers": [{"node", "module", "audit", "strength",
  /// "significant", "disagreement"}], "output": {"strength", "verdict"}}` (`null` where not measured).
  public var json: JSONValue {
    .object([
      (
        "layers",
        .array(
          rows.map { row in
            .object([
              ("node", .string(row.layer)), ("module", row.module.map { .string($0) } ?? .null),
              ("audit", .string(row.predicted)),
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

  /// `report` (an object) with the `probe` member appended; any other value unchanged.
  public func merged(into report: JSONValue) -> JSONValue {
    guard case .object(var members) = report else { return report }
    members.append(("probe", json))
    return .object(members)
  }
}
