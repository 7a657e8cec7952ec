import ArgumentParser
import OverlapAnalysis

/// `checkerscope check`: re-run a baseline grid document and compare every value.
struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Re-run a grid baseline and compare every value (exit 1 on drift).",
    discussion: """
      The baseline is a JSON file written by `checkerscope grid`; it records its sweep and the tool \
      version. All values equal: one summary line, exit 0. Any drift: a table of the differences \
      (configuration, field, expected, actual) and exit 1. Numbers agree when \
      |a - b| <= T * max(1, |a|, |b|). --update rewrites the baseline (atomically) instead.
      """)

  @Option(help: ArgumentHelp("The baseline grid document (.json).", valueName: "FILE.json"))
  var baseline: String

  @Option(
    help: ArgumentHelp("Relative tolerance for numbers (absolute below 1); default 0, exact.", valueName: "T")
  )
  var tolerance: Double = 0

  @Flag(help: "Rewrite the baseline with the current results instead of failing on drift.")
  var update = false

  @Flag(help: "No progress bar.")
  var quiet = false

  @OptionGroup var resources: ResourceOptions

  func validate() throws {
    guard tolerance.isFinite, tolerance >= 0 else {
      throw ValidationError("--tolerance must be a finite number ≥ 0, got \(tolerance)")
    }
  }

  func run() throws {
    let document = try GridFiles.readDocument(baseline)
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
    let counts =
      "\(comparison.configurations) configurations (\(comparison.records) computed, \(comparison.skipped) skipped)"
    if update {
      try GridFiles.write(try comparison.actual.encoded(), to: baseline)
      print(
        "\(baseline): updated, \(counts), \(comparison.differences.count) difference\(comparison.differences.count == 1 ? "" : "s") from version \(comparison.baselineVersion)"
      )
      return
    }
    if comparison.passed {
      print("\(baseline): all \(counts) match (baseline version \(comparison.baselineVersion))")
      return
    }
    print(Baseline.table(comparison.differences), terminator: "")
    let drifted = Set(comparison.differences.map(\.configuration)).count
    throw CLIError(
      path: baseline,
      "\(comparison.differences.count) value\(comparison.differences.count == 1 ? " differs" : "s differ") in \(drifted) of \(comparison.configurations) configurations; rerun with --update if the change is intended"
    )
  }
}
