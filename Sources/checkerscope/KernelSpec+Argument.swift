import ArgumentParser
import TransposedConv

/// `--kernel-spec SPEC` (`ones:3`, `bilinear:4x4`, `random:3:7`). Options declare
/// `transform: KernelSpec.argument`, so a malformed spec is refused while the arguments are parsed,
/// with `KernelSpec(parsing:)`'s reason (a usage error, exit 64).
extension KernelSpec: ExpressibleByArgument {
  public init?(argument: String) {
    guard let spec = try? KernelSpec(parsing: argument) else { return nil }
    self = spec
  }

  /// The parse as an option's transform: the spec, or an error saying what is wrong with it.
  static let argument: @Sendable (String) throws -> KernelSpec = { try KernelSpec(parsing: $0) }
}
