import Foundation
import TestSupport
import Testing

@testable import Reporting

/// The default study reproduces every fact of FACTS.md, and a mismatch would be visible.
@Suite struct DistillFactsTests {
  @Test(arguments: DistillFacts.ids)
  func everyFactMatches(id: String) throws {
    let check = try DistillFacts.check(id)
    #expect(check.id == id)
    #expect(check.matches, "\(id): expected \(check.expected), computed \(check.computed)")
    #expect(!check.sentence.isEmpty)
    // Every fact but the rejected setting (F14) is shown as a map.
    #expect((check.map == nil) == (id == "F14"))
  }

  @Test func theFactsCoverFACTSmd() throws {
    // Independent of the code: the ids in the facts table of FACTS.md itself.
    let text = try String(contentsOf: FixturePaths.url("reference/FACTS.md"), encoding: .utf8)
    let ids = text.split(separator: "\n").compactMap { line -> String? in
      guard line.hasPrefix("| F") else { return nil }
      return line.split(separator: "|").first.map { $0.filter { !$0.isWhitespace } }
    }
    #expect(ids == DistillFacts.ids)
  }

  @Test func theExpectedColumnQuotesFACTSmd() throws {
    // Each expected text is FACTS.md's own, with its Markdown code marks removed.
    let text = try String(contentsOf: FixturePaths.url("reference/FACTS.md"), encoding: .utf8)
      .replacingOccurrences(of: "`", with: "")
    for id in DistillFacts.ids {
      let check = try DistillFacts.check(id)
      let row = text.split(separator: "\n").first { $0.hasPrefix("| \(id) |") }.map(String.init) ?? ""
      #expect(row.contains(check.expected), "\(id): '\(check.expected)' is not in FACTS.md's row")
    }
  }

  @Test func aMismatchIsMarkedInTheTableAndTheFinding() throws {
    var builder = ReportBuilder(version: "test")
    builder.section = 1
    let good = try DistillFacts.check("F1")
    var bad = try DistillFacts.check("F2")
    bad.computed = "interior 2,2"
    bad.matches = false
    try FactsSection.render([good, bad], into: &builder)
    let text = builder.document.text
    #expect(text.contains("| F1 "))
    #expect(text.split(separator: "\n").contains { $0.hasPrefix("| F2 ") && $0.contains("✗") })
    #expect(text.split(separator: "\n").contains { $0.hasPrefix("| F1 ") && $0.contains("✓") })
    #expect(text.contains("1 of 2 facts match FACTS.md; F2 do"))
  }

  @Test func theCommittedReportShowsEveryFactAsMatching() throws {
    let url = FixturePaths.repositoryRoot.appendingPathComponent("Reports/distill-reproduction/README.md")
    let text = try String(contentsOf: url, encoding: .utf8)
    let rows = text.split(separator: "\n").filter { $0.hasPrefix("| F") }
    #expect(rows.count == 20)
    for (index, row) in rows.enumerated() {
      #expect(row.hasPrefix("| F\(index + 1) "), "\(row)")
      #expect(row.hasSuffix("| ✓     |"), "\(row)")
    }
    #expect(!rows.contains { $0.contains("✗") })
    #expect(text.contains("**Finding.** All 20 facts checked here match FACTS.md"))
  }
}
