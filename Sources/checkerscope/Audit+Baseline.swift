import ArgumentParser
import ModelAudit

/// `audit --write-baseline FILE` and `audit --baseline FILE`: a model's audit recorded, then
/// compared on every new export or checkpoint (`ModelBaseline`).
struct ModelBaselineOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Record every layer's facts and learned-weight measures into FILE (JSON).", valueName: "FILE.json"),
    completion: .file(extensions: ["json"]))
  var writeBaseline: String?

  @Option(
    help: ArgumentHelp(
      "Compare with a baseline FILE; exit 3 on drift, one stderr line per drifted layer.",
      valueName: "FILE.json"),
    completion: .file(extensions: ["json"]))
  var baseline: String?

  @Option(
    help: ArgumentHelp(
      "With --baseline: how far a channel's PEF may move (absolute; default 1e-4).", valueName: "T"))
  var pefTolerance: Double = ModelBaseline.Tolerances.defaultPEF

  @Option(
    help: ArgumentHelp(
      "With --baseline: how far a phase gain may move, relative to the layer's largest |gain| (default 1e-4).",
      valueName: "T"))
  var gainTolerance: Double = ModelBaseline.Tolerances.defaultGain

  func validate() throws {
    for (name, value) in [("--pef-tolerance", pefTolerance), ("--gain-tolerance", gainTolerance)] {
      guard value.isFinite, value >= 0 else {
        throw ValidationError("\(name) must be a finite number ≥ 0, got \(value)")
      }
    }
    if let writeBaseline {
      try OutputFiles.requireExtension(writeBaseline, ["json"], option: "--write-baseline")
    }
    if writeBaseline != nil, writeBaseline == baseline {
      throw ValidationError("--write-baseline and --baseline name the same file; give one of them")
    }
  }

  /// Reads and checks the baseline before any work (nil without `--baseline`); errors name the file.
  func read() throws -> ModelBaseline? {
    guard let baseline else { return nil }
    let text = try InputText.read(baseline, what: "a model baseline (audit --write-baseline)")
    do {
      return try ModelBaseline(
        parsing: text, path: baseline == OutputKind.standardStream ? "standard input" : baseline)
    } catch {
      throw CLIError(error.description)
    }
  }

  /// Writes `report`'s baseline atomically when `--write-baseline` was given.
  func write(_ report: AuditReport) throws {
    guard let writeBaseline else { return }
    try GridFiles.write(try ModelBaseline(report: report).encoded(), to: writeBaseline)
  }

  /// The gate's lines for `report` against `baseline`: one per drifted layer not in `ignore`.
  func driftLines(_ report: AuditReport, baseline: ModelBaseline, ignore: IgnoreOptions) -> [String] {
    let drifts = baseline.compare(
      with: report, tolerances: ModelBaseline.Tolerances(pef: pefTolerance, gain: gainTolerance)
    ).filter { !ignore.ignores(node: $0.layer, module: $0.module) }
    var order: [String] = []
    var byLayer: [String: [ModelBaseline.Drift]] = [:]
    for drift in drifts {
      if byLayer[drift.layer] == nil { order.append(drift.layer) }
      byLayer[drift.layer, default: []].append(drift)
    }
    let name = self.baseline ?? "baseline"
    return order.map { layer in
      let list = byLayer[layer] ?? []
      let module = list.first?.module.map { " (\($0))" } ?? ""
      return "\(report.model): \(layer)\(module): drift from \(name): "
        + list.map(\.description).joined(separator: ", ")
    }
  }
}
