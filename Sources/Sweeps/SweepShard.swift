import OverlapAnalysis

/// One of `count` deterministic slices of a sweep: configuration `c` (0-based) belongs to shard
/// `index` (1-based) when `c mod count = index − 1`. Round-robin, so every shard gets a similar
/// mix of small and large kernels.
public struct SweepShard: Sendable, Hashable, CustomStringConvertible {
  /// 1-based shard number, `1 ≤ index ≤ count`.
  public var index: Int
  /// Number of shards (≥ 1).
  public var count: Int

  /// Creates a shard; nil unless `1 ≤ index ≤ count`.
  public init?(index: Int, count: Int) {
    guard count >= 1, (1...count).contains(index) else { return nil }
    self.index = index
    self.count = count
  }

  /// Parses `I/N`, for example `3/8`; nil for anything else or an out-of-range `I`.
  public init?(parsing text: String) {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else { return nil }
    self.init(index: i, count: n)
  }

  /// True when configuration `configuration` (0-based) is in this shard.
  public func contains(_ configuration: Int) -> Bool { configuration % count == index - 1 }

  /// How many of `total` configurations the shard holds: `⌊(total − index) / count⌋ + 1` when
  /// `index ≤ total`, else 0 (written so that no intermediate value overflows, whatever `count`).
  public func size(of total: Int) -> Int { index <= total ? (total - index) / count + 1 : 0 }

  public var description: String { "\(index)/\(count)" }
}
