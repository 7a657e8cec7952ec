import ArgumentParser
import Sweeps

/// `checkerscope merge`: join the shard documents of one sweep into the unsharded document.
struct Merge: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "merge",
    abstract: "Join the shard files of a sharded grid sweep (byte-identical to the unsharded run).",
    discussion: """
      Give every shard's JSON file (from `checkerscope grid --shard I/N`), in any order. The merge \
      refuses files from different sweeps or tool versions, and missing or duplicated \
      configurations.
      """)

  /// The output formats (one: merged grid documents are JSON).
  enum Format: String, ExpressibleByArgument, CaseIterable {
    case json
  }

  @Argument(
    help: ArgumentHelp("The shard documents.", valueName: "SHARD.json"),
    completion: .file(extensions: ["json"]))
  var shards: [String]

  @Option(
    name: [.short, .long],
    help: ArgumentHelp(
      "The merged document, written only when the merge succeeded; - is standard output (the default).",
      valueName: "ALL.json"),
    completion: .file(extensions: ["json"]))
  var output = OutputKind.standardStream

  @Option(help: "Output format: json, the only one (default: the --output extension, else json).")
  var format: Format?

  @Flag(name: [.customShort("q"), .long], help: Console.quietHelp)
  var quiet = false

  @OptionGroup var resources: ResourceOptions

  func validate() throws {
    guard !shards.isEmpty else { throw ValidationError("give the shard files to merge") }
    _ = try ResultOutput.format(explicit: format, output: output, fallback: Format.json)
  }

  func run() throws {
    try ResultOutput.check(output)
    let parts = try shards.map { path in (path: path, document: try GridFiles.readDocument(path)) }
    let merged: SweepDocument
    do {
      merged = try SweepDocument.merge(parts)
    } catch {
      throw CLIError(error.description)
    }
    try ResultOutput.write(try merged.encoded(), to: output)
    try Console.status(
      "\(output): \(merged.records.count + merged.skipped.count) configurations from \(shards.count) file\(shards.count == 1 ? "" : "s")",
      quiet: quiet, resultOnStandardOutput: ResultOutput.isStandardOutput(output))
  }
}
