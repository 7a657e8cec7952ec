import ArgumentParser
import Sweeps

/// `--shard I/N`, one of `N` slices of a sweep. The option declares `transform: SweepShard.argument`,
/// so a malformed shard is refused while the arguments are parsed (a usage error, exit 64).
extension SweepShard: ExpressibleByArgument {
  public init?(argument: String) {
    guard let shard = try? SweepShard.argument(argument) else { return nil }
    self = shard
  }

  /// The parse as an option's transform: the shard, or an error saying what a shard looks like.
  /// An error `SweepShard(parsing:)` throws is passed on with its own reason.
  static let argument: @Sendable (String) throws -> SweepShard = { text in
    let parse: (String) throws -> SweepShard? = SweepShard.init(parsing:)
    guard let shard = try parse(text) else {
      throw ValidationError("must be I/N with 1 ≤ I ≤ N, like 2/8")
    }
    return shard
  }
}
