import ArgumentParser
import OverlapAnalysis

/// `checkerscope merge`: join the shard documents of one sweep into the unsharded document.
struct Merge: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Join the shard files of a sharded grid sweep (byte-identical to the unsharded run).",
    discussion: """
      Give every shard's JSON file (from `checkerscope grid --shard I/N`), in any order. The merge \
      refuses files from different sweeps or tool versions, and missing or duplicated \
      configurations.
      """)

  @Argument(help: ArgumentHelp("The shard documents.", valueName: "SHARD.json"))
  var shards: [String]

  @Option(
    help: ArgumentHelp("The merged document; written only when the merge succeeded.", valueName: "ALL.json"))
  var output: String

  @OptionGroup var resources: ResourceOptions

  func validate() throws {
    guard !shards.isEmpty else { throw ValidationError("give the shard files to merge") }
    guard output.lowercased().hasSuffix(".json") else {
      throw ValidationError("--output must end in .json, got '\(output)'")
    }
  }

  func run() throws {
    let parts = try shards.map { path in (path: path, document: try GridFiles.readDocument(path)) }
    let merged: SweepDocument
    do {
      merged = try SweepDocument.merge(parts)
    } catch {
      throw CLIError(error.description)
    }
    try GridFiles.write(try merged.encoded(), to: output)
    print(
      "\(output): \(merged.records.count + merged.skipped.count) configurations from \(shards.count) file\(shards.count == 1 ? "" : "s")"
    )
  }
}
