import CheckerscopeCore

extension Baseline.Comparison {
  /// `N configurations (R computed, S skipped)`.
  var counts: String {
    "\(configurations) configurations (\(records) computed, \(skipped) skipped)"
  }

  /// `N values differ` (singular for one value).
  var valuesDiffer: String { "\(differences.count) value\(differences.count == 1 ? " differs" : "s differ")" }

  /// `M of K configurations`: how many configurations hold a difference.
  var driftedConfigurations: String {
    "\(Set(differences.map(\.configuration)).count) of \(configurations) configurations"
  }

  /// `N values differ in M of K configurations`: what `check` says when the baseline drifted.
  public var driftSummary: String { "\(valuesDiffer) in \(driftedConfigurations)" }

  /// The plain-text result of `check`: one line when the baseline was `updated` or everything
  /// matches, else the aligned table of differences (`Baseline.table`). `baseline` names the file.
  public func text(baseline name: String, updated: Bool) -> String {
    if updated {
      return
        "\(name): updated, \(counts), \(differences.count) difference\(differences.count == 1 ? "" : "s") from version \(baselineVersion)\n"
    }
    if passed { return "\(name): all \(counts) match (baseline version \(baselineVersion))\n" }
    return Baseline.table(differences)
  }

  /// `{"baseline","baselineVersion","passed","updated","configurations","computed","skipped",
  /// "differences":[{"configuration","field","expected","actual"}]}`, pretty-printed with a final
  /// newline; expected and actual values are JSON values (`null` when absent from one side).
  public func json(baseline name: String, updated: Bool) throws(SweepError) -> String {
    let list: [JSONValue] = differences.map { difference in
      .object([
        ("configuration", .string(difference.configuration)),
        ("field", .string(difference.field)),
        ("expected", Self.value(difference.expected)),
        ("actual", Self.value(difference.actual)),
      ])
    }
    let document: JSONValue = .object([
      ("baseline", .string(name)),
      ("baselineVersion", .string(baselineVersion)),
      ("passed", .bool(passed)),
      ("updated", .bool(updated)),
      ("configurations", .int(configurations)),
      ("computed", .int(records)),
      ("skipped", .int(skipped)),
      ("differences", .array(list)),
    ])
    do { return try document.encoded(style: .pretty) + "\n" } catch { throw .json(error) }
  }

  /// A heading, one sentence, and (when values differ) a table `configuration | field | expected |
  /// actual`, for a CI job's summary (GitHub's `$GITHUB_STEP_SUMMARY`) or a pull-request comment.
  public func markdown(baseline name: String, updated: Bool) -> String {
    var lines = ["## checkerscope check: `\(name)`", ""]
    if updated {
      lines.append(
        "Updated: \(counts), \(differences.count) value\(differences.count == 1 ? "" : "s") changed from version \(baselineVersion)."
      )
    } else if passed {
      lines.append("All \(counts) match (baseline version \(baselineVersion)).")
    } else {
      lines.append(
        "**\(valuesDiffer)** in \(driftedConfigurations) (baseline version \(baselineVersion))."
      )
    }
    if !differences.isEmpty {
      lines += ["", "| configuration | field | expected | actual |", "| --- | --- | --- | --- |"]
      for d in differences {
        lines.append(
          "| " + [d.configuration, d.field, d.expected, d.actual].map(Self.cell).joined(separator: " | ")
            + " |")
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
