import CheckerscopeCore
import OverlapAnalysis

/// Regression baselines over sweeps: re-run what a grid document records and compare every value.
public enum Baseline {
  /// One value that differs between a baseline and the re-run.
  public struct Difference: Sendable, Equatable {
    /// The configuration, like `k=3 s=2 p=0 op=0 d=1`.
    public var configuration: String
    /// The field's path in the record, like `interior.maxMinRatio` or `outputSize[0]`.
    public var field: String
    /// The baseline's and the re-run's values as compact JSON (`(absent)` when missing).
    public var expected: String
    public var actual: String

    public init(configuration: String, field: String, expected: String, actual: String) {
      self.configuration = configuration
      self.field = field
      self.expected = expected
      self.actual = actual
    }
  }

  /// The result of checking a baseline.
  public struct Comparison: Sendable, Equatable {
    /// The version that wrote the baseline.
    public var baselineVersion: String
    /// The number of configurations compared (records and skipped ones).
    public var configurations: Int
    /// The number of records and of skipped configurations in the re-run.
    public var records: Int
    public var skipped: Int
    public var differences: [Difference]
    /// The re-run as a document (what `--update` writes).
    public var actual: SweepDocument

    /// True when nothing differs.
    public var passed: Bool { differences.isEmpty }
  }

  /// Re-runs `baseline`'s sweep (its shard, if it is one) with the current tool `version` and
  /// compares every value of every configuration.
  ///
  /// Numbers agree when `|a − b| ≤ tolerance · max(1, |a|, |b|)` (relative, absolute below 1;
  /// `tolerance = 0` demands equality; an integer and a double are compared as numbers); other
  /// values must be equal. A configuration present on one side only, or a record on one side and
  /// a skipped configuration on the other, is a difference too. `progress` is passed to
  /// `Sweep.run`. Complexity: that of the sweep.
  public static func check(
    _ baseline: SweepDocument, version: String, tolerance: Double = 0,
    progress: (@Sendable (Int) -> Void)? = nil
  ) throws(SweepError) -> Comparison {
    guard tolerance >= 0, tolerance.isFinite else {
      throw .invalidArgument("the tolerance must be a finite number ≥ 0, got \(tolerance)")
    }
    let actual = try Sweep.run(baseline.sweep, shard: baseline.shard, version: version, progress: progress)
    return Comparison(
      baselineVersion: baseline.version, configurations: actual.records.count + actual.skipped.count,
      records: actual.records.count, skipped: actual.skipped.count,
      differences: compare(expected: baseline, actual: actual, tolerance: tolerance), actual: actual)
  }

  /// Every difference between two documents' entries, in the actual document's order (then the
  /// expected-only entries).
  public static func compare(expected: SweepDocument, actual: SweepDocument, tolerance: Double)
    -> [Difference]
  {
    func entries(_ document: SweepDocument) -> [(key: String, isRecord: Bool, json: JSONValue)] {
      document.records.map { (SweepDocument.key(of: $0), true, $0) }
        + document.skipped.map { (SweepDocument.key(of: $0), false, $0) }
    }
    let expectedEntries = entries(expected)
    var expectedByKey: [String: (isRecord: Bool, json: JSONValue)] = [:]
    for entry in expectedEntries where expectedByKey[entry.key] == nil {
      expectedByKey[entry.key] = (entry.isRecord, entry.json)
    }
    var seen: Set<String> = []
    var differences: [Difference] = []
    // Sweep order: records and skipped entries interleave by configuration position.
    var order: [String: Int] = [:]
    for index in 0..<actual.sweep.configurationCount {
      order[actual.sweep.configuration(at: index).key] = index
    }
    let sortedActual = entries(actual).sorted { (order[$0.key] ?? Int.max) < (order[$1.key] ?? Int.max) }
    for entry in sortedActual {
      seen.insert(entry.key)
      let name = SweepDocument.configurationText(entry.json)
      guard let old = expectedByKey[entry.key] else {
        differences.append(
          Difference(configuration: name, field: "configuration", expected: "(absent)", actual: "present"))
        continue
      }
      guard old.isRecord == entry.isRecord else {
        differences.append(
          Difference(
            configuration: name, field: "status", expected: old.isRecord ? "record" : "skipped",
            actual: entry.isRecord ? "record" : "skipped"))
        continue
      }
      differences += fieldDifferences(old.json, entry.json, configuration: name, tolerance: tolerance)
    }
    for entry in expectedEntries where !seen.contains(entry.key) {
      seen.insert(entry.key)
      differences.append(
        Difference(
          configuration: SweepDocument.configurationText(entry.json), field: "configuration",
          expected: "present",
          actual: "(absent)"))
    }
    return differences
  }

  /// The field-by-field differences of two entries (the `layers` identity is skipped).
  static func fieldDifferences(
    _ expected: JSONValue, _ actual: JSONValue, configuration: String, tolerance: Double
  )
    -> [Difference]
  {
    var e: [(String, JSONValue)] = []
    var a: [(String, JSONValue)] = []
    flatten(expected, prefix: "", into: &e)
    flatten(actual, prefix: "", into: &a)
    var actualByField: [String: JSONValue] = [:]
    for (field, value) in a { actualByField[field] = value }
    var expectedFields: Set<String> = []
    var result: [Difference] = []
    func text(_ value: JSONValue?) -> String {
      guard let value else { return "(absent)" }
      return (try? value.encoded()) ?? "?"
    }
    for (field, value) in e {
      expectedFields.insert(field)
      let other = actualByField[field]
      if let other, equal(value, other, tolerance: tolerance) { continue }
      result.append(
        Difference(configuration: configuration, field: field, expected: text(value), actual: text(other)))
    }
    for (field, value) in a where !expectedFields.contains(field) {
      result.append(
        Difference(configuration: configuration, field: field, expected: "(absent)", actual: text(value)))
    }
    return result
  }

  /// Leaves of `value` with paths like `full.period[0]`; `layers` at the top is left out.
  static func flatten(_ value: JSONValue, prefix: String, into out: inout [(String, JSONValue)]) {
    switch value {
    case .object(let members):
      for member in members where !(prefix.isEmpty && member.key == "layers") {
        flatten(member.value, prefix: prefix.isEmpty ? member.key : "\(prefix).\(member.key)", into: &out)
      }
    case .array(let elements) where !elements.isEmpty:
      for (index, element) in elements.enumerated() {
        flatten(element, prefix: "\(prefix)[\(index)]", into: &out)
      }
    default: out.append((prefix, value))
    }
  }

  /// Numbers within the tolerance, or otherwise identical values.
  static func equal(_ a: JSONValue, _ b: JSONValue, tolerance: Double) -> Bool {
    if let x = a.doubleValue, let y = b.doubleValue {
      return x == y || abs(x - y) <= tolerance * max(1, abs(x), abs(y))
    }
    return a == b
  }

  /// The differences as an aligned text table with a header row
  /// (`configuration  field  expected  actual`), one line per difference, newline-terminated.
  public static func table(_ differences: [Difference]) -> String {
    let rows =
      [["configuration", "field", "expected", "actual"]]
      + differences.map { [$0.configuration, $0.field, $0.expected, $0.actual] }
    let widths = (0..<4).map { column in rows.map { $0[column].count }.max() ?? 0 }
    return rows.map { row in
      (0..<4).map { column in
        column == 3
          ? row[column] : row[column] + String(repeating: " ", count: widths[column] - row[column].count)
      }.joined(separator: "  ")
    }.joined(separator: "\n") + "\n"
  }
}
