import ArgumentParser
import CheckerscopeCore

/// `--max-memory SIZE` (`4G`, `512M`, `8GiB`, bytes). The option declares
/// `transform: MemoryBudget.argument`, so a malformed size is refused while the arguments are
/// parsed, with `MemoryBudget(parsing:)`'s reason (a usage error, exit 64).
extension MemoryBudget: ExpressibleByArgument {
  public init?(argument: String) {
    guard let budget = try? MemoryBudget(parsing: argument) else { return nil }
    self = budget
  }

  /// The parse as an option's transform: the budget, or an error saying what is wrong with the size.
  static let argument: @Sendable (String) throws -> MemoryBudget = { try MemoryBudget(parsing: $0) }
}
