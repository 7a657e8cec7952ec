/// Locale-independent number formatting for labels: ASCII digits, `.` as decimal point, `-` sign.
public enum NumberFormat {
  /// `value` with exactly `decimals` digits after the point, rounded half away from zero
  /// (`fixed(0.125, 2)` → `"0.13"`, `fixed(-0.001, 2)` → `"0.00"`). NaN gives `n/a` (so a
  /// report or CSV never shows `nan`), infinities `inf` and `-inf`. Values beyond ±1e15 fall back to Swift's shortest representation.
  public static func fixed(_ value: Double, _ decimals: Int) -> String {
    guard value.isFinite else { return value.isNaN ? "n/a" : (value > 0 ? "inf" : "-inf") }
    let places = min(max(decimals, 0), 9)
    var scale: Double = 1
    for _ in 0..<places { scale *= 10 }
    let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
    guard scaled < 1e15 else { return "\(value)" }
    let n = Int64(scaled)
    let factor = Int64(scale)
    let whole = n / factor
    var text = n != 0 && value < 0 ? "-" : ""
    text += String(whole)
    if places > 0 {
      let frac = String(n % factor)
      text += "." + String(repeating: "0", count: places - frac.count) + frac
    }
    return text
  }

  /// An integer-valued `value` without decimals (`4`), anything else with `decimals` places.
  public static func compact(_ value: Double, decimals: Int = 2) -> String {
    if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return fixed(value, decimals)
  }

  /// `fixed(value, decimals)` without trailing zeros, and without the point when nothing is left
  /// after it (`trimmed(1.5, 4)` → `"1.5"`, `trimmed(2, 4)` → `"2"`, `trimmed(-0.00001, 4)` → `"0"`).
  /// NaN gives `n/a`, infinities `inf` and `-inf`.
  public static func trimmed(_ value: Double, _ decimals: Int) -> String {
    var text = fixed(value, decimals)
    guard text.contains("."), value.isFinite else { return text }
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text == "-0" ? "0" : text
  }
}

/// "Nice" axis ticks: multiples of 1, 2, 2.5 or 5 × 10ᵏ covering a range.
public enum Ticks {
  /// The most ticks `nice` returns.
  public static let maximumCount = 1000

  /// About `target` evenly spaced tick values within `[low, high]`, each a multiple of the chosen
  /// step, plus the number of decimals that prints the step exactly. Returns `[low]` when
  /// `low == high` or the range is not finite, and `[low, high]` when the range's width is not a
  /// finite number or the step is below the bounds' precision. Complexity: O(target).
  public static func nice(low: Double, high: Double, target: Int = 5) -> (values: [Double], decimals: Int) {
    guard low.isFinite, high.isFinite, high > low, target >= 1 else { return ([low], 0) }
    guard (high - low).isFinite else { return ([low, high], 0) }
    let raw = (high - low) / Double(target)
    var magnitude: Double = 1
    var exponent = 0
    while magnitude * 10 <= raw {
      magnitude *= 10
      exponent += 1
    }
    while magnitude > raw {
      magnitude /= 10
      exponent -= 1
    }
    var step = magnitude * 10
    var decimals = max(0, -exponent - 1)
    for (factor, extra) in [(1.0, 0), (2.0, 0), (2.5, 1), (5.0, 0)] where magnitude * factor >= raw {
      step = magnitude * factor
      decimals = max(0, -exponent + extra)
      break
    }
    let first = (low / step).rounded(.up)
    let last = (high / step).rounded(.down)
    // Counted with an integer, so a range far below the precision of its bounds (1e17…1e17 + 32,
    // where i + 1 == i) or a range too wide to step through ends instead of looping forever.
    let span = last - first
    guard span.isFinite, span >= 0, span <= Double(maximumCount) else { return ([low, high], decimals) }
    var values: [Double] = []
    for n in 0...Int(span) {
      let v = (first + Double(n)) * step
      let value = abs(v) < step * 1e-9 ? 0 : v
      if values.last != value { values.append(value) }
    }
    return (values, decimals)
  }
}
