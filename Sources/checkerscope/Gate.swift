import ArgumentParser

/// A CI gate that tripped (`--fail-on artifacts`, a model `--baseline` that drifted, `check`'s
/// drift): the command finished its work and wrote its result, and `Checkerscope.main` prints one
/// stderr line per failing layer or file, `checkerscope: gate: <line>`, and exits with
/// `GateTripped.exitCode` (3), which no error or usage problem uses, so CI can tell a tripped gate
/// from a broken run (1) or a bad command line (64).
struct GateTripped: Error {
  /// The exit status of a tripped gate.
  static let exitCode: Int32 = 3
  /// At most this many lines are printed; the rest is summarised in one more line.
  static let maximumLines = 50

  /// One line per failing layer or file (without the `checkerscope: gate: ` prefix).
  var lines: [String]

  /// The lines to print, the ones past `maximumLines` summarised as `… and N more`.
  var printed: [String] {
    guard lines.count > Self.maximumLines else { return lines }
    return Array(lines.prefix(Self.maximumLines)) + ["… and \(lines.count - Self.maximumLines) more"]
  }
}

/// `--ignore NAME`, shared by `audit` and `probe`: layers accepted as they are.
struct IgnoreOptions: ParsableArguments {
  @Option(
    name: .customLong("ignore"),
    help: ArgumentHelp(
      "A layer the gate accepts as it is, by node name or PyTorch module path (repeatable).",
      valueName: "NAME"))
  var names: [String] = []

  /// True when `node` (or its module path, when known) is exempted.
  func ignores(node: String, module: String? = nil) -> Bool {
    names.contains(node) || module.map(names.contains) == true
  }

  /// Refuses names that match nothing in `known` (node names and module paths): a typo or an
  /// exemption gone stale would otherwise silently exempt nothing.
  func checkKnown(_ known: Set<String>, model: String) throws {
    for name in names where !known.contains(name) {
      throw CLIError(
        path: model,
        "--ignore '\(name)': no layer has this node name or module path")
    }
  }
}
