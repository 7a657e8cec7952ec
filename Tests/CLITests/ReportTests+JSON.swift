import CheckerscopeCore
import Testing

/// How the committed reports' JSON data files are compared: structure, keys, strings, booleans
/// and integers exactly; numbers with a fraction or exponent within a relative tolerance, since
/// they are printed in full (shortest round-trip form) and their last digits depend on the kernel
/// set (fused multiply-adds or not) and the C library's `log10`, `exp`, `tanh` (Docs/PLATFORMS.md).
enum ReportJSON {
  /// Relative tolerance for non-integer numbers: 1e-5 of the larger magnitude (the kernel sets
  /// differ by at most 9e-7 relative in the committed reports), or 1e-12 absolute near zero.
  static let relativeTolerance = 1e-5
  static let absoluteTolerance = 1e-12

  /// nil when `a` and `b` agree; otherwise where and how they first differ.
  static func firstDifference(_ a: JSONValue, _ b: JSONValue, at path: String = "$") -> String? {
    switch (a, b) {
    case (.object(let x), .object(let y)):
      guard x.map(\.key) == y.map(\.key) else { return "\(path): keys \(x.map(\.key)) vs \(y.map(\.key))" }
      for (m, n) in zip(x, y) {
        if let difference = firstDifference(m.value, n.value, at: "\(path).\(m.key)") { return difference }
      }
      return nil
    case (.array(let x), .array(let y)):
      guard x.count == y.count else { return "\(path): \(x.count) vs \(y.count) elements" }
      for (index, (m, n)) in zip(x, y).enumerated() {
        if let difference = firstDifference(m, n, at: "\(path)[\(index)]") { return difference }
      }
      return nil
    case (.double, _), (_, .double):
      guard let x = a.doubleValue, let y = b.doubleValue else { return "\(path): \(a) vs \(b)" }
      let allowed = max(relativeTolerance * max(abs(x), abs(y)), absoluteTolerance)
      return abs(x - y) <= allowed || x == y ? nil : "\(path): \(x) vs \(y) (more than \(allowed) apart)"
    default:
      return a == b ? nil : "\(path): \(a) vs \(b)"
    }
  }
}

@Suite struct ReportJSONTests {
  func difference(_ a: String, _ b: String) throws -> String? {
    ReportJSON.firstDifference(try JSONValue(parsing: a), try JSONValue(parsing: b))
  }

  @Test func numbersWithinTheToleranceAgreeAndEverythingElseIsExact() throws {
    #expect(try difference(#"{"a": [0.9645773154903097, 2]}"#, #"{"a": [0.964577316432474, 2]}"#) == nil)
    #expect(try difference(#"{"a": 1e-300}"#, #"{"a": 0.0}"#) == nil)
    #expect(
      try difference(#"{"a": 0.96457}"#, #"{"a": 0.96459}"#)
        == "$.a: 0.96457 vs 0.96459 (more than 9.6459e-06 apart)")
    #expect(try difference(#"{"a": 3}"#, #"{"a": 4}"#) != nil)
    #expect(try difference(#"{"a": 1, "b": 2}"#, #"{"b": 2, "a": 1}"#) != nil)
    #expect(try difference(#"[1, 2]"#, #"[1, 2, 3]"#) == "$: 2 vs 3 elements")
    #expect(try difference(#"{"v": "x"}"#, #"{"v": "y"}"#) != nil)
    #expect(try difference(#"{"v": null}"#, #"{"v": 0.0}"#) != nil)
  }
}
