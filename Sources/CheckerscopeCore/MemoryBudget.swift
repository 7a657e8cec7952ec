/// The most memory one command may allocate for its data, checked before allocating.
///
/// Every command estimates, from sizes it knows up front (a PNG's header, a `.npy` shape, layer
/// parameters), the bytes its large buffers will need — decoded images, input, weight and output
/// tensors, map cells, work copies — and calls `require(bytes:what:)` first. A refusal names the
/// size needed, the budget and the option that raises it (`--max-memory`). The default is 4 GiB.
/// Small bookkeeping (strings, headers, a few kilobytes of tables) is not counted.
public struct MemoryBudget: Sendable, Hashable, CustomStringConvertible {
  /// The budget in bytes (≥ 0).
  public var bytes: Int

  /// The default budget: 4 GiB.
  public static let defaultBytes = 4 << 30
  /// The default budget.
  public static let `default` = MemoryBudget(bytes: defaultBytes)
  /// The most work (multiply-adds or visited positions) one job may do: 2⁴⁰, about ten minutes
  /// of arithmetic on one core. Work is bounded separately from memory because a small output can
  /// still need a great many operations.
  public static let maximumOperations = 1 << 40

  /// A budget of `bytes` bytes (negative values count as 0).
  public init(bytes: Int) {
    self.bytes = max(0, bytes)
  }

  /// Parses a size: plain bytes (`1048576`) or a number with a unit `K`, `M`, `G`, `T` (binary:
  /// powers of 1024), optionally followed by `iB` or `B` (`512M`, `8GiB`, `1.5G`, `4gb`).
  /// Errors: `.invalidMemorySize` for anything else, negative or overflowing sizes.
  public init(parsing text: String) throws(CoreError) {
    let trimmed = text.filter { $0 != " " }.lowercased()
    var number = Substring(trimmed)
    var shift = 0
    for (suffix, bits) in [
      ("kib", 10), ("mib", 20), ("gib", 30), ("tib", 40), ("kb", 10), ("mb", 20), ("gb", 30), ("tb", 40),
      ("k", 10), ("m", 20), ("g", 30), ("t", 40), ("b", 0),
    ] where number.hasSuffix(suffix) {
      number = number.dropLast(suffix.count)
      shift = bits
      break
    }
    guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
      let value = Double(number), value.isFinite, value >= 0
    else { throw .invalidMemorySize(text: text) }
    let scaled = value * Double(1 << shift)
    guard scaled < 9_223_372_036_854_775_808.0 else { throw .invalidMemorySize(text: text) }
    self.init(bytes: Int(scaled.rounded(.down)))
  }

  /// Throws `.overBudget` when `bytes` (the memory `what` needs) exceeds the budget.
  public func require(bytes needed: Int, what: @autoclosure () -> String) throws(CoreError) {
    guard needed <= bytes else { throw .overBudget(what: what(), bytes: needed, budget: bytes) }
  }

  /// Checks `count` elements of `elementSize` bytes each (the product overflow-checked).
  public func require(elements count: Int, of elementSize: Int, what: @autoclosure () -> String)
    throws(CoreError)
  {
    let name = what()
    guard let needed = CheckedSize.productOrNil([count, elementSize]) else {
      throw .overBudget(what: name, bytes: Int.max, budget: bytes)
    }
    try require(bytes: needed, what: name)
  }

  /// Throws `.tooMuchWork` when `operations` exceeds `maximumOperations`.
  public static func requireWork(_ operations: Int, what: @autoclosure () -> String) throws(CoreError) {
    guard operations <= maximumOperations else {
      throw .tooMuchWork(what: what(), operations: operations, limit: maximumOperations)
    }
  }

  /// The budget as text, e.g. `4 GiB`.
  public var description: String { Self.format(bytes: bytes) }

  /// A byte count for people: `512 B`, `1.5 KiB`, `2.0 GiB`, `8 EiB` (one decimal below 10 units).
  public static func format(bytes: Int) -> String {
    if bytes == Int.max { return "more than 8 EiB" }
    let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
    var value = Double(bytes)
    var unit = 0
    while value >= 1024, unit < units.count - 1 {
      value /= 1024
      unit += 1
    }
    if unit == 0 { return "\(bytes) B" }
    let tenths = Int((value * 10).rounded(.up))
    return value < 10
      ? "\(tenths / 10).\(tenths % 10) \(units[unit])" : "\(Int(value.rounded(.up))) \(units[unit])"
  }

  /// A `--max-memory` value at least `bytes`, rounded up to whole GiB (or MiB below 1 GiB).
  public static func suggestion(for bytes: Int) -> String {
    if bytes == Int.max { return "64G" }
    let mib = bytes / (1 << 20) + (bytes % (1 << 20) == 0 ? 0 : 1)
    if mib < 1024 { return "\(max(1, mib))M" }
    return "\(mib / 1024 + (mib % 1024 == 0 ? 0 : 1))G"
  }
}
