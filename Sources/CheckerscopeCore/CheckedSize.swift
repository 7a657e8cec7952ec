/// Overflow-checked arithmetic for sizes that come from input: shapes in files, command-line
/// numbers, layer parameters. Every product or sum of input-driven extents goes through here, so
/// a huge value is refused with `CoreError.sizeOverflow` instead of trapping.
public enum CheckedSize {
  /// `factors[0] · factors[1] · …` (1 for no factors), or `.sizeOverflow(what:)`.
  /// Negative factors are allowed (the result is their plain product).
  public static func product(_ factors: [Int], what: @autoclosure () -> String) throws(CoreError) -> Int {
    var result = 1
    for factor in factors {
      let (p, overflow) = result.multipliedReportingOverflow(by: factor)
      guard !overflow else { throw .sizeOverflow(what: what()) }
      result = p
    }
    return result
  }

  /// `product([…])` with the factors written out.
  public static func product(_ factors: Int..., what: @autoclosure () -> String) throws(CoreError) -> Int {
    try product(factors, what: what())
  }

  /// `terms[0] + terms[1] + …` (0 for no terms), or `.sizeOverflow(what:)`.
  public static func sum(_ terms: [Int], what: @autoclosure () -> String) throws(CoreError) -> Int {
    var result = 0
    for term in terms {
      let (s, overflow) = result.addingReportingOverflow(term)
      guard !overflow else { throw .sizeOverflow(what: what()) }
      result = s
    }
    return result
  }

  /// `sum([…])` with the terms written out.
  public static func sum(_ terms: Int..., what: @autoclosure () -> String) throws(CoreError) -> Int {
    try sum(terms, what: what())
  }

  /// The product, or nil when it overflows (for callers with their own error type).
  public static func productOrNil(_ factors: [Int]) -> Int? {
    var result = 1
    for factor in factors {
      let (p, overflow) = result.multipliedReportingOverflow(by: factor)
      if overflow { return nil }
      result = p
    }
    return result
  }

  /// The sum, or nil when it overflows (for callers with their own error type).
  public static func sumOrNil(_ terms: [Int]) -> Int? {
    var result = 0
    for term in terms {
      let (s, overflow) = result.addingReportingOverflow(term)
      if overflow { return nil }
      result = s
    }
    return result
  }

  /// `value` as an `Int` when it is a whole number that fits, or `.notAnInteger`.
  public static func integer(_ value: Double, what: @autoclosure () -> String) throws(CoreError) -> Int {
    guard let result = Int(exactly: value) else { throw .notAnInteger(what: what(), value: value) }
    return result
  }

  /// `value` rounded down and clamped to `Int.min...Int.max` (NaN gives 0): for counts derived
  /// from doubles where saturation is the right answer (how many ticks fit, how far to step).
  public static func saturating(_ value: Double) -> Int {
    guard !value.isNaN else { return 0 }
    // 2^63 is exactly representable; every double below it converts without trapping.
    if value >= 9_223_372_036_854_775_808.0 { return Int.max }
    if value <= -9_223_372_036_854_775_808.0 { return Int.min }
    return Int(value.rounded(.down))
  }
}
