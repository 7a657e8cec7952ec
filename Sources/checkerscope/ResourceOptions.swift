import ArgumentParser
import CheckerscopeCore

/// The resource option every subcommand takes: `--max-memory SIZE`, the memory budget
/// (`MemoryBudget`) checked before any large allocation.
struct ResourceOptions: ParsableArguments {
  @Option(
    name: .customLong("max-memory"),
    help: ArgumentHelp(
      "Memory budget for this run, like 4G, 512M, 8GiB or bytes (default 4G); larger jobs are refused before they start.",
      valueName: "SIZE"),
    transform: MemoryBudget.argument)
  var maxMemory: MemoryBudget?

  /// The budget: `--max-memory`, or 4 GiB.
  var budget: MemoryBudget { maxMemory ?? .default }
}
