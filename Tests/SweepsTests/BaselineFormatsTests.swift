import CheckerscopeCore
import Foundation
import Sweeps
import TestSupport
import Testing

/// `check`'s three result forms for one drifted value, written out by hand from their definitions
/// (the drift: k=3 s=2 has interior max/min 2 by FACTS.md F2; the altered baseline says 2.5).
@Suite struct BaselineFormatsTests {
  func comparison(drift: Bool) throws -> Baseline.Comparison {
    let data = try Data(contentsOf: FixturePaths.url("baselines/grid1d-k16-s8.json"))
    var document = try SweepDocument(parsing: String(decoding: data, as: UTF8.self))
    if drift {
      let index = 2 * 8 + 1
      guard case .object(var members) = document.records[index],
        let slot = members.firstIndex(where: { $0.key == "interior" }),
        case .object(var interior) = members[slot].value,
        let field = interior.firstIndex(where: { $0.key == "maxMinRatio" })
      else {
        Issue.record("record \(index) has no interior.maxMinRatio")
        return try Baseline.check(document, version: "test")
      }
      interior[field].value = .double(2.5)
      members[slot].value = .object(interior)
      document.records[index] = .object(members)
    }
    return try Baseline.check(document, version: "test")
  }

  @Test func text() throws {
    let version = try comparison(drift: false).baselineVersion
    #expect(
      try comparison(drift: false).text(baseline: "b.json", updated: false)
        == "b.json: all 128 configurations (128 computed, 0 skipped) match (baseline version \(version))\n")
    #expect(
      try comparison(drift: true).text(baseline: "b.json", updated: true)
        == "b.json: updated, 128 configurations (128 computed, 0 skipped), 1 difference from version \(version)\n"
    )
    #expect(
      try comparison(drift: true).text(baseline: "b.json", updated: false)
        == "configuration" + String(repeating: " ", count: 7 + 2) + "field"
        + String(repeating: " ", count: 15 + 2)
        + "expected  actual\n" + "k=3 s=2 p=0 op=0 d=1  interior.maxMinRatio  2.5"
        + String(repeating: " ", count: 5 + 2)
        + "2.0\n")
    #expect(try comparison(drift: true).driftSummary == "1 value differs in 1 of 128 configurations")
  }

  @Test func json() throws {
    let drifted = try comparison(drift: true)
    let text = try drifted.json(baseline: "b.json", updated: false)
    #expect(text.hasSuffix("}\n"))
    let value = try JSONValue(parsing: text)
    #expect(
      value.objectValue?.map(\.key) == [
        "baseline", "baselineVersion", "passed", "updated", "configurations", "computed", "skipped",
        "differences",
      ])
    #expect(value["passed"] == .bool(false) && value["updated"] == .bool(false))
    #expect(value["configurations"]?.intValue == 128 && value["skipped"]?.intValue == 0)
    let difference = try #require(value["differences"]?[0])
    #expect(difference["configuration"]?.stringValue == "k=3 s=2 p=0 op=0 d=1")
    #expect(difference["field"]?.stringValue == "interior.maxMinRatio")
    #expect(difference["expected"]?.doubleValue == 2.5 && difference["actual"]?.doubleValue == 2.0)
  }

  @Test func markdown() throws {
    let drifted = try comparison(drift: true)
    let version = drifted.baselineVersion
    #expect(
      drifted.markdown(baseline: "b.json", updated: false)
        == """
        ## checkerscope check: `b.json`

        **1 value differs** in 1 of 128 configurations (baseline version \(version)).

        | configuration | field | expected | actual |
        | --- | --- | --- | --- |
        | `k=3 s=2 p=0 op=0 d=1` | `interior.maxMinRatio` | `2.5` | `2.0` |

        """)
    #expect(
      try comparison(drift: false).markdown(baseline: "b.json", updated: false)
        == "## checkerscope check: `b.json`\n\nAll 128 configurations (128 computed, 0 skipped) match (baseline version \(version)).\n"
    )
  }
}
