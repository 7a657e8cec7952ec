import CheckerscopeCore
import OverlapAnalysis

/// The facts section: the table of F1…F20 with expected and computed values, then each fact with
/// its map and one sentence.
enum FactsSection {
  static func run(ids: [String], into builder: inout ReportBuilder) throws {
    try render(try ids.map { try DistillFacts.check($0) }, into: &builder)
  }

  /// Writes the table, the per-fact subsections and the finding for `checks`.
  static func render(_ checks: [FactCheck], into builder: inout ReportBuilder) throws {
    let matching = checks.filter(\.matches).count
    builder.document.table(
      header: ["fact", "setting", "expected (FACTS.md)", "computed by checkerscope", "match"],
      rows: checks.map { [$0.id, $0.setting, $0.expected, $0.computed, $0.matches ? "✓" : "✗"] })
    let csv = CSV.text(
      header: ["fact", "setting", "expected", "computed", "match"],
      rows: checks.map { [$0.id, $0.setting, $0.expected, $0.computed, $0.matches ? "yes" : "no"] })
    let csvPath = builder.addData("facts.csv", text: csv)
    builder.dataLine([csvPath])
    for check in checks {
      builder.document.heading("\(check.id): \(check.setting)", level: 3)
      if let map = check.map, let image = try Figures.map(map) {
        let kind = map.dims == 1 ? "Bar chart" : "Heatmap"
        let quantity = map.isIntegral ? "overlap counts" : "gains"
        try builder.figure(
          image, name: check.id.lowercased(), alt: "\(kind) of the \(quantity) for \(check.id)",
          caption: "\(check.id). \(check.mapCaption).")
      }
      builder.document.paragraph(
        "\(check.sentence)\n\nExpected: \(check.expected). Computed: \(check.computed). \(check.matches ? "✓ matches" : "✗ does not match")."
      )
    }
    let mismatched = checks.filter { !$0.matches }.map(\.id)
    builder.finding(
      mismatched.isEmpty
        ? "All \(checks.count) facts checked here match FACTS.md: the tool reproduces every number of the article's overlap analysis."
        : "\(matching) of \(checks.count) facts match FACTS.md; \(mismatched.joined(separator: ", ")) do not."
    )
  }
}
