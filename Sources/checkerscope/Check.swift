import ArgumentParser
import Sweeps

/// `checkerscope check`: re-run a baseline grid document and compare every value.
struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Re-run a grid baseline and compare every value (exit 3 on drift).",
    discussion: """
      The baseline is a JSON file written by `checkerscope grid`; it records its sweep and the tool \
      version. All values equal: one summary line, exit 0. Any drift: a table of the differences \
      (configuration, field, expected, actual), one stderr line per drifted configuration and exit \
      3 (errors exit 1, usage errors 64). Numbers agree when \
      |a - b| <= T * max(1, |a|, |b|). --update rewrites the baseline (atomically) instead.
      """)

  /// The output formats.
  enum Format: String, ExpressibleByArgument, CaseIterable {
    case text, json
    /// A Markdown summary and table, e.g. for a CI job's summary page.
    case md
  }

  @Option(
    help: ArgumentHelp(
      "The baseline grid document (.json); - reads it from standard input (not with --update).",
      valueName: "FILE.json"),
    completion: .file(extensions: ["json"]))
  var baseline: String

  @Option(help: "Output format: text, json or md (default: the --output extension, else text).")
  var format: Format?

  @Option(
    name: [.short, .long], help: ResultOutput.help, completion: .file(extensions: ["txt", "json", "md"]))
  var output = OutputKind.standardStream

  @Option(
    parsing: .unconditional,
    help: ArgumentHelp("Relative tolerance for numbers (absolute below 1); default 0, exact.", valueName: "T")
  )
  var tolerance: Double = 0

  @Flag(help: "Rewrite the baseline with the current results instead of failing on drift.")
  var update = false

  @Flag(name: [.customShort("q"), .long], help: Console.quietHelp)
  var quiet = false

  @OptionGroup var resources: ResourceOptions

  func validate() throws {
    guard tolerance.isFinite, tolerance >= 0 else {
      throw ValidationError("--tolerance must be a finite number ≥ 0, got \(tolerance)")
    }
    if update, baseline == OutputKind.standardStream {
      throw ValidationError("--update rewrites the baseline file; give its path, not -")
    }
    _ = try ResultOutput.format(explicit: format, output: output, fallback: Format.text)
  }

  func run() throws {
    let format = try ResultOutput.format(explicit: format, output: output, fallback: Format.text)
    try ResultOutput.check(output)
    if update { try OutputFiles.check([baseline]) }
    let document = try GridFiles.readDocument(baseline)
    let name = baseline == OutputKind.standardStream ? "standard input" : baseline
    let total =
      document.shard?.size(of: document.sweep.configurationCount) ?? document.sweep.configurationCount
    let bar = ProgressBar(total: total, label: "check", enabled: !quiet)
    let comparison: Baseline.Comparison
    do {
      comparison = try Baseline.check(document, version: Checkerscope.version, tolerance: tolerance) {
        bar.advance(by: $0)
      }
      bar.finish()
    } catch {
      bar.finish()
      throw error
    }
    let result: String
    switch format {
    case .json: result = try comparison.json(baseline: name, updated: update)
    case .md: result = comparison.markdown(baseline: name, updated: update)
    case .text: result = comparison.text(baseline: name, updated: update)
    }
    if update { try GridFiles.write(try comparison.actual.encoded(), to: baseline) }
    try ResultOutput.write(result, to: output)
    if update || comparison.passed { return }
    var lines: [String] = []
    var byConfiguration: [String: [String]] = [:]
    for difference in comparison.differences {
      if byConfiguration[difference.configuration] == nil { lines.append(difference.configuration) }
      byConfiguration[difference.configuration, default: []].append(
        "\(difference.field) \(difference.expected) → \(difference.actual)")
    }
    throw GateTripped(
      lines: lines.map { "\(name): \($0): " + (byConfiguration[$0] ?? []).joined(separator: ", ") }
        + ["\(name): \(comparison.driftSummary); rerun with --update if the change is intended"])
  }
}
