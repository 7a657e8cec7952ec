import CheckerscopeCore
import Sweeps

/// `check --format json|md`: the comparison as one JSON object or a Markdown summary.
enum CheckReport {
  /// `{"baseline","baselineVersion","passed","updated","configurations","computed","skipped",
  /// "differences":[{"configuration","field","expected","actual"}]}`; expected and actual values
  /// are JSON values (`null` when absent from one side).
  static func json(_ comparison: Baseline.Comparison, baseline: String, updated: Bool) throws -> String {
    let differences: [JSONValue] = comparison.differences.map { difference in
      .object([
        ("configuration", .string(difference.configuration)),
        ("field", .string(difference.field)),
        ("expected", value(difference.expected)),
        ("actual", value(difference.actual)),
      ])
    }
    let document: JSONValue = .object([
      ("baseline", .string(baseline)),
      ("baselineVersion", .string(comparison.baselineVersion)),
      ("passed", .bool(comparison.passed)),
      ("updated", .bool(updated)),
      ("configurations", .int(comparison.configurations)),
      ("computed", .int(comparison.records)),
      ("skipped", .int(comparison.skipped)),
      ("differences", .array(differences)),
    ])
    return try document.encoded(style: .pretty) + "\n"
  }

  /// A heading, one sentence, and (when values differ) a table `configuration | field | expected |
  /// actual`, for a CI job's summary (GitHub's `$GITHUB_STEP_SUMMARY`) or a pull-request comment.
  static func markdown(_ comparison: Baseline.Comparison, baseline: String, updated: Bool) -> String {
    let differences = comparison.differences
    let drifted = Set(differences.map(\.configuration)).count
    var lines = ["## checkerscope check: `\(baseline)`", ""]
    let counts =
      "\(comparison.configurations) configurations (\(comparison.records) computed, \(comparison.skipped) skipped)"
    if updated {
      lines.append(
        "Updated: \(counts), \(differences.count) value\(differences.count == 1 ? "" : "s") changed from version \(comparison.baselineVersion)."
      )
    } else if comparison.passed {
      lines.append("All \(counts) match (baseline version \(comparison.baselineVersion)).")
    } else {
      lines.append(
        "**\(differences.count) value\(differences.count == 1 ? " differs" : "s differ")** in \(drifted) of \(comparison.configurations) configurations (baseline version \(comparison.baselineVersion))."
      )
    }
    if !differences.isEmpty {
      lines += ["", "| configuration | field | expected | actual |", "| --- | --- | --- | --- |"]
      for d in differences {
        lines.append(
          "| " + [d.configuration, d.field, d.expected, d.actual].map(cell).joined(separator: " | ") + " |")
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// A table cell: `|` escaped, in code style.
  static func cell(_ text: String) -> String {
    "`" + text.replacingOccurrences(of: "|", with: "\\|") + "`"
  }

  /// A difference's value as JSON: its compact JSON text parsed, `null` for `(absent)`.
  static func value(_ text: String) -> JSONValue {
    (try? JSONValue(parsing: text)) ?? .null
  }
}
