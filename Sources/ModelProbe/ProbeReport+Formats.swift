import CheckerscopeCore
import Foundation

extension ProbeReport {
  /// The `--format json` document (keys in a fixed order; see README "Probing a model").
  public var json: JSONValue {
    func ints(_ values: [Int]) -> JSONValue { .array(values.map { .int($0) }) }
    func period(_ values: [Int]?) -> JSONValue { values.map(ints) ?? .null }
    let nodeList: [JSONValue] = nodes.map { node in
      let m = node.measure
      return .object([
        ("node", .string(node.name)), ("module", node.module.map { .string($0) } ?? .null),
        ("op", .string(node.op)), ("output", .string(node.output)),
        ("shape", ints(node.shape)), ("lattice", ints(node.lattice)), ("interior", ints(m.interior)),
        ("measured", .bool(m.measured)), ("period", period(m.period)), ("candidate", period(m.candidate)),
        ("strength", .double(m.strength)), ("amplitude", .double(m.amplitude)),
        ("varianceRatio", .double(m.varianceRatio)), ("significant", .bool(m.significant)),
        ("confidence", .double(m.confidence)),
      ])
    }
    let originValue: JSONValue =
      origin.map { o in
        .object([
          ("node", .string(o.node)), ("module", o.module.map { .string($0) } ?? .null),
          ("op", .string(o.op)), ("layer", o.layer.map { .string($0) } ?? .null),
          ("layerOp", o.layerOp.map { .string($0) } ?? .null),
          ("layerModule", o.layerModule.map { .string($0) } ?? .null),
        ])
      } ?? .null
    let out = output.measure
    return .object([
      ("model", .string(model)), ("input", .string(input)), ("inputShape", ints(inputShape)),
      ("nodes", .array(nodeList)), ("origin", originValue),
      (
        "output",
        .object([
          ("node", .string(output.name)), ("module", output.module.map { .string($0) } ?? .null),
          ("period", period(out.period)), ("strength", .double(out.strength)),
          ("significant", .bool(out.significant)), ("interior", ints(out.interior)),
          ("region", ints(out.region)), ("confidence", .double(out.confidence)),
          ("borderReach", .double(borderReach)),
        ])
      ),
      ("verdict", .string(verdict)), ("confidence", .double(out.confidence)),
      ("inputChoice", inputChoice.map { .string($0) } ?? .null),
      (
        "memory",
        .object([
          ("predictedPeakBytes", .int(memory.predictedPeakBytes)),
          ("predictionIsComplete", .bool(memory.predictionIsComplete)),
          ("measuredPeakBytes", .int(memory.measuredPeakBytes)),
        ])
      ),
      (
        "thresholds",
        .object([
          ("strength", .double(PeriodicMeasure.strengthThreshold)),
          ("amplitude", .double(PeriodicMeasure.amplitudeFloor)),
          ("varianceRatio", .double(PeriodicMeasure.varianceRatioThreshold)),
          ("minimumPeriods", .int(PeriodicMeasure.minimumPeriods)),
        ])
      ),
    ])
  }

  /// A strength as the text and Markdown reports print it (`0.0123`, `3.2e-8`).
  public static func formatStrength(_ value: Double) -> String { strengthText(value) }

  static func shapeText(_ values: [Int]) -> String { values.map(String.init).joined(separator: "x") }

  static func strengthText(_ value: Double) -> String {
    value == 0 ? "0" : value >= 0.001 ? NumberFormat.fixed(value, 4) : scientific(value)
  }

  /// `3.2e-8`: one decimal of mantissa, locale-independent.
  static func scientific(_ value: Double) -> String {
    guard value.isFinite, value != 0 else { return value == 0 ? "0" : NumberFormat.fixed(value, 1) }
    var exponent = Int((log10(abs(value))).rounded(.down))
    var mantissa = value / pow(10, Double(exponent))
    if abs(mantissa) >= 9.95 {
      mantissa /= 10
      exponent += 1
    }
    return NumberFormat.fixed(mantissa, 1) + "e" + String(exponent)
  }

  static func ratioText(_ value: Double) -> String {
    value < 1e4 ? NumberFormat.fixed(value, 1) : scientific(value)
  }

  /// True when some node names a PyTorch module that its node name does not already spell
  /// (`node_ConvTranspose_3` of the dynamo exporter): the table then has a module column.
  var showsModules: Bool {
    nodes.contains { node in node.module.map { !node.name.contains("/\($0)/") } ?? false }
  }

  /// The table's header: node, [module,] op, shape, lattice, period, strength, F, mark.
  var header: [String] {
    ["node"] + (showsModules ? ["module"] : []) + ["op", "shape", "lattice", "period", "strength", "F", ""]
  }

  /// Rows of the node table, as `header`. The period is shown only where the pattern is significant.
  var rows: [[String]] {
    nodes.map { node in
      let m = node.measure
      let period = m.measured && m.significant ? Self.shapeText(m.period ?? m.candidate ?? []) : "-"
      let mark =
        !m.measured ? "too small" : (m.significant ? "PATTERN" : "") + (m.confidence < 1 ? " (border)" : "")
      return [node.name] + (showsModules ? [node.module ?? "-"] : []) + [
        node.op, Self.shapeText(node.shape), Self.shapeText(node.lattice), period,
        m.measured ? Self.strengthText(m.strength) : "-", m.measured ? Self.ratioText(m.varianceRatio) : "-",
        mark,
      ]
    }
  }

  /// What the columns mean, two lines under the table.
  static var legend: [String] {
    [
      "lattice: the period the upsampling layers upstream create; period: the pattern's, shown where significant",
      "F: variance between phase means over variance within phases; significant: strength ≥ "
        + "\(NumberFormat.trimmed(PeriodicMeasure.strengthThreshold, 4)) and F ≥ "
        + "\(NumberFormat.trimmed(PeriodicMeasure.varianceRatioThreshold, 4))",
    ]
  }

  var summaryLines: [String] {
    var lines: [String] = []
    if let origin {
      func label(_ name: String, _ op: String?, _ module: String?) -> String {
        let details = [op, module.map { "module \($0)" }].compactMap { $0 }
        return details.isEmpty ? name : "\(name) (\(details.joined(separator: ", ")))"
      }
      let madeBy =
        origin.layer.map { layer in
          layer == origin.node
            ? " — an upsampling layer itself"
            : " — made by \(label(layer, origin.layerOp, origin.layerModule))"
        } ?? ""
      lines.append("origin: \(label(origin.node, origin.op, origin.module))\(madeBy)")
    } else {
      lines.append("origin: none (no node carries a significant periodic pattern)")
    }
    let out = output.measure
    let period = out.period.map { " at period \(Self.shapeText($0))" } ?? ""
    lines.append(
      "output: \(output.name) strength \(Self.strengthText(out.strength))\(period)\(out.significant ? " (significant)" : " (not significant)")"
    )
    if out.confidence < 1 {
      lines.append(
        "verdict: \(verdict) (confidence \(NumberFormat.fixed(out.confidence, 2)): the border reaches \(NumberFormat.fixed(100 * borderReach, 0)) % of the output; measured on its central \(Self.shapeText(out.region)); a larger input gives an interior)"
      )
    } else {
      lines.append("verdict: \(verdict)")
    }
    return lines
  }

  /// The `--format text` report: a fixed-width table, then origin, output and verdict.
  public var text: String {
    let table = [header] + rows
    let widths = header.indices.map { column in table.map { $0[column].count }.max() ?? 0 }
    var lines = ["model: \(model)", "input: \(input) \(Self.shapeText(inputShape))"]
    if let inputChoice { lines.append("input size: \(inputChoice)") }
    lines.append("")
    for row in table {
      let cells = row.indices.map { i in row[i].padding(toLength: widths[i], withPad: " ", startingAt: 0) }
      lines.append(cells.joined(separator: "  ").trimmingTrailingSpaces())
    }
    lines += Self.legend + [""]
    lines += summaryLines
    return lines.joined(separator: "\n") + "\n"
  }

  /// The `--format md` report: a Markdown table and the summary.
  public func markdown() -> String {
    var lines = [
      "# Probe: \(model)", "",
      "Input: `\(input)` \(Self.shapeText(inputShape))." + (inputChoice.map { " Size chosen: \($0)." } ?? ""),
      "",
      "| " + header.joined(separator: " | ") + " |",
      "| " + header.map { ["strength", "F"].contains($0) ? "---:" : "---" }.joined(separator: " | ") + " |",
    ]
    for row in rows {
      lines.append(
        "| " + row.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |")
    }
    lines += [""] + Self.legend.map { $0 + "." } + [""]
    lines += summaryLines.map { "- \($0)" }
    return lines.joined(separator: "\n") + "\n"
  }
}

extension String {
  fileprivate func trimmingTrailingSpaces() -> String {
    var s = self
    while s.hasSuffix(" ") { s.removeLast() }
    return s
  }
}
