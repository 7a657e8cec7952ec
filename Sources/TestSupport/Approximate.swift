/// Approximate comparison of floating-point values and arrays for tests.
public enum Approximate {
  /// True when `a == b` (so ∞ equals only the same ∞), or both are finite and
  /// `|a − b| ≤ max(absolute, relative · max(|a|, |b|))`. NaN equals nothing; an infinity never
  /// equals a finite number (without this, `relative · ∞` would accept any difference).
  public static func equal(_ a: Double, _ b: Double, relative: Double = 1e-5, absolute: Double = 1e-5)
    -> Bool
  {
    if a == b { return true }
    guard a.isFinite, b.isFinite else { return false }
    let scale = max(abs(a), abs(b))
    return abs(a - b) <= max(absolute, relative * scale)
  }

  /// The index and values of the first element pair that differs beyond the tolerance, or nil
  /// when the arrays have the same count and all elements agree.
  public static func firstMismatch<A: BinaryFloatingPoint, B: BinaryFloatingPoint>(
    _ actual: [A], _ expected: [B], relative: Double = 1e-5, absolute: Double = 1e-5
  ) -> (index: Int, actual: Double, expected: Double)? {
    if actual.count != expected.count { return (-1, Double(actual.count), Double(expected.count)) }
    for i in actual.indices {
      let a = Double(actual[i])
      let e = Double(expected[i])
      if !equal(a, e, relative: relative, absolute: absolute) { return (i, a, e) }
    }
    return nil
  }
}
