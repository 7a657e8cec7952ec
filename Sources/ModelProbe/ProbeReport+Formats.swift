import CheckerscopeCore
import Foundation
import OverlapAnalysis
import Rendering

extension ProbeReport {
  /// The `--format json` document (keys in a fixed order; see README "Probing a model").
  public var json: JSONValue {
    func ints(_ values: [Int]) -> JSONValue { .array(values.map { .int($0) }) }
    func period(_ values: [Int]?) -> JSONValue { values.map(ints) ?? .null }
    let nodeList: [JSONValue] = nodes.map { node in
      let m = node.measure
      return .object([
        ("node", .string(node.name)), ("op", .string(node.op)), ("output", .string(node.output)),
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
          ("node", .string(o.node)), ("op", .string(o.op)), ("layer", o.layer.map { .string($0) } ?? .null),
          ("layerOp", o.layerOp.map { .string($0) } ?? .null),
        ])
      } ?? .null
    let out = output.measure
    return .object([
      ("model", .string(model)), ("input", .string(input)), ("inputShape", ints(inputShape)),
      ("nodes", .array(nodeList)), ("origin", originValue),
      (
        "output",
        .object([
          ("node", .string(output.name)), ("period", period(out.period)), ("strength", .double(out.strength)),
          ("significant", .bool(out.significant)), ("interior", ints(out.interior)),
          ("region", ints(out.region)), ("confidence", .double(out.confidence)),
          ("borderReach", .double(borderReach)),
        ])
      ),
      ("verdict", .string(verdict)), ("confidence", .double(out.confidence)),
      ("inputChoice", inputChoice.map { .string($0) } ?? .null),
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
    guard value.isFinite, value != 0 else { return value == 0 ? "0" : "nan" }
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

  /// Rows of the node table: node, op, shape, lattice, period, strength, F, mark.
  var rows: [[String]] {
    nodes.map { node in
      let m = node.measure
      let period = m.measured ? Self.shapeText(m.candidate ?? []) : "-"
      let mark =
        !m.measured ? "too small" : (m.significant ? "PATTERN" : "") + (m.confidence < 1 ? " (border)" : "")
      return [
        node.name, node.op, Self.shapeText(node.shape), Self.shapeText(node.lattice), period,
        m.measured ? Self.strengthText(m.strength) : "-", m.measured ? Self.ratioText(m.varianceRatio) : "-",
        mark,
      ]
    }
  }

  var summaryLines: [String] {
    var lines: [String] = []
    if let origin {
      let layer = origin.layer.map { " — made by \($0) (\(origin.layerOp ?? ""))" } ?? ""
      lines.append("origin: \(origin.node) (\(origin.op))\(layer)")
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
    let header = ["node", "op", "shape", "lattice", "period", "strength", "F", ""]
    let table = [header] + rows
    let widths = header.indices.map { column in table.map { $0[column].count }.max() ?? 0 }
    var lines = ["model: \(model)", "input: \(input) \(Self.shapeText(inputShape))"]
    if let inputChoice { lines.append("input size: \(inputChoice)") }
    lines.append("")
    for row in table {
      let cells = row.indices.map { i in row[i].padding(toLength: widths[i], withPad: " ", startingAt: 0) }
      lines.append(cells.joined(separator: "  ").trimmingTrailingSpaces())
    }
    lines.append("")
    lines += summaryLines
    return lines.joined(separator: "\n") + "\n"
  }

  /// The `--format md` report: a Markdown table and the summary.
  public func markdown() -> String {
    var lines = [
      "# Probe: \(model)", "",
      "Input: `\(input)` \(Self.shapeText(inputShape))." + (inputChoice.map { " Size chosen: \($0)." } ?? ""),
      "",
      "| node | op | shape | lattice | period | strength | F | |",
      "| --- | --- | --- | --- | --- | ---: | ---: | --- |",
    ]
    for row in rows {
      lines.append(
        "| " + row.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |")
    }
    lines.append("")
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
