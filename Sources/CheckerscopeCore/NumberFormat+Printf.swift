import Foundation

extension NumberFormat {
  /// The POSIX locale, made once (creating one per value dominated large text maps).
  private static let posix = Locale(identifier: "en_US_POSIX")

  /// C's `%.Nf` in the POSIX locale: `decimals` digits after the point, the exact binary value
  /// rounded half to even (`printf(1.0625, 3)` → `"1.062"`), `-0.0` kept as `-0.000`. The CSV
  /// and detection tables use it; `fixed(_:_:)` rounds half away from zero and drops the sign of
  /// zero, so the two are not interchangeable for the same output.
  public static func printf(_ value: Double, _ decimals: Int) -> String {
    String(format: "%.\(max(0, decimals))f", locale: posix, value)
  }

  /// C's `%.Ng` in the POSIX locale (`digits` significant digits), without trailing zeros after
  /// a point in non-exponent form; `0` for zero. Maps' gain values are written this way.
  public static func significant(_ value: Double, _ digits: Int) -> String {
    if value == 0 { return "0" }
    let digits = max(1, digits)
    // Whole numbers below 10^digits print the same through %g; skip the (slow) formatter for them.
    if digits <= 15, value == value.rounded(), abs(value) < pow(10, Double(digits)) {
      return String(Int(value))
    }
    var text = String(format: "%.\(digits)g", locale: posix, value)
    if text.contains("."), !text.contains("e") {
      while text.hasSuffix("0") { text.removeLast() }
      if text.hasSuffix(".") { text.removeLast() }
    }
    return text
  }
}
