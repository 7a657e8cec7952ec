import Foundation

extension NumberFormat {
  /// C's `%.Nf` in the POSIX locale: `decimals` digits after the point, the exact binary value
  /// rounded half to even (`printf(1.0625, 3)` → `"1.062"`), `-0.0` kept as `-0.000`. The CSV
  /// and detection tables use it; `fixed(_:_:)` rounds half away from zero and drops the sign of
  /// zero, so the two are not interchangeable for the same output.
  public static func printf(_ value: Double, _ decimals: Int) -> String {
    String(format: "%.\(max(0, decimals))f", locale: Locale(identifier: "en_US_POSIX"), value)
  }

  /// C's `%.Ng` in the POSIX locale (`digits` significant digits), without trailing zeros after
  /// a point in non-exponent form; `0` for zero. Maps' gain values are written this way.
  public static func significant(_ value: Double, _ digits: Int) -> String {
    if value == 0 { return "0" }
    var text = String(format: "%.\(max(1, digits))g", locale: Locale(identifier: "en_US_POSIX"), value)
    if text.contains("."), !text.contains("e") {
      while text.hasSuffix("0") { text.removeLast() }
      if text.hasSuffix(".") { text.removeLast() }
    }
    return text
  }
}
