import ArgumentParser
import Sweeps

/// The value lists of `grid` (`--kernels 1...8`, `--strides 1,2,4`, `--dilations 1,2`, …). Options
/// declare `transform: ValueList.argument`, so a malformed list is refused while the arguments are
/// parsed, with `ValueList(parsing:)`'s reason (a usage error, exit 64).
extension ValueList: ExpressibleByArgument {
  public init?(argument: String) {
    guard let list = try? ValueList(parsing: argument) else { return nil }
    self = list
  }

  /// The parse as an option's transform: the list, or an error saying which part is wrong.
  static let argument: @Sendable (String) throws -> ValueList = { try ValueList(parsing: $0) }
}
