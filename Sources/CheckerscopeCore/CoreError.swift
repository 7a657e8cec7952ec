/// Why an input-driven size cannot be used: it overflows, is not a whole number, or needs more
/// memory than the budget allows.
///
/// Each case carries its context; `description` says what is wrong and how to fix it.
public enum CoreError: Error, Sendable, Equatable, CustomStringConvertible {
  /// An input-driven size (a product or sum of extents) does not fit in a 64-bit integer.
  case sizeOverflow(what: String)
  /// A number that must be a whole number in range is not (too large, fractional or not finite).
  case notAnInteger(what: String, value: Double)
  /// A job needs `bytes` bytes of memory but the budget is `budget` bytes.
  case overBudget(what: String, bytes: Int, budget: Int)
  /// A job needs more work than the tool does in one run.
  case tooMuchWork(what: String, operations: Int, limit: Int)
  /// A memory size such as `4G` could not be read.
  case invalidMemorySize(text: String)

  public var description: String {
    switch self {
    case .sizeOverflow(let what):
      return "\(what) is too large to count (it overflows a 64-bit integer); use smaller sizes"
    case .notAnInteger(let what, let value):
      return "\(what) must be a whole number below 2^63, got \(value)"
    case .overBudget(let what, let bytes, let budget):
      return
        "\(what) needs \(MemoryBudget.format(bytes: bytes)) of memory, more than the budget of \(MemoryBudget.format(bytes: budget)); raise it with --max-memory (e.g. --max-memory \(MemoryBudget.suggestion(for: bytes))) or use smaller sizes"
    case .tooMuchWork(let what, let operations, let limit):
      return
        "\(what) needs about \(operations) operations, more than the limit of \(limit) for one run; use smaller sizes"
    case .invalidMemorySize(let text):
      return
        "'\(text)' is not a memory size; write bytes (1048576) or a number with a unit: K, M, G, T (powers of 1024; KiB, MiB, GiB, TiB and KB, MB, GB, TB mean the same)"
    }
  }
}
