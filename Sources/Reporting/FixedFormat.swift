/// Locale-independent, fixed-point number formatting for reports and tables.
///
/// `fixed(2.25, digits: 2)` is `"2.25"`, `fixed(1.0/3, digits: 3)` is `"0.333"`; rounding is
/// half away from zero on the decimal value Swift prints; `-0.00` is written `0.00`; NaN and
/// infinities are written `nan`, `inf`, `-inf`. The same value always gives the same text.
public enum FixedFormat {
  /// `value` with exactly `digits` digits after the decimal point (no point when `digits == 0`).
  public static func fixed(_ value: Double, digits: Int) -> String {
    precondition(digits >= 0 && digits <= 15, "digits must be in 0...15")
    if value.isNaN { return "nan" }
    if value.isInfinite { return value < 0 ? "-inf" : "inf" }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
    guard scaled < 9.0e18 else { return "\(value)" }
    let integer = UInt64(scaled)
    let divisor = UInt64(scale)
    let whole = integer / divisor
    let fraction = integer % divisor
    var text = String(whole)
    if digits > 0 {
      let digitsText = String(fraction)
      text += "." + String(repeating: "0", count: digits - digitsText.count) + digitsText
    }
    return (value < 0 && integer != 0) ? "-" + text : text
  }

  /// An integer-valued number without decimals, otherwise `fixed(value, digits:)`.
  public static func compact(_ value: Double, digits: Int) -> String {
    if value.rounded() == value, abs(value) < 1e15 { return String(Int(value)) }
    return fixed(value, digits: digits)
  }

  /// `fixed(value, digits:)` without trailing zeros (and without the point when nothing is left):
  /// `trimmed(1.5, digits: 4)` is `"1.5"`, `trimmed(2, digits: 4)` is `"2"`.
  public static func trimmed(_ value: Double, digits: Int) -> String {
    var text = fixed(value, digits: digits)
    guard text.contains("."), value.isFinite else { return text }
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text == "-0" ? "0" : text
  }
}
