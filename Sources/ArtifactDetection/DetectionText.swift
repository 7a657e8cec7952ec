import CheckerscopeCore

/// The number and column helpers of the detection text tables (`Detection.text(file:)`,
/// `VolumeDetector.Result.text(file:)`).
enum DetectionText {
  /// `v` with `decimals` digits after the point, like C's `%.Nf` (locale-independent).
  static func number(_ v: Double, _ decimals: Int = 4) -> String { NumberFormat.printf(v, decimals) }

  /// `s` padded with spaces on the right to `width` characters (never cut).
  static func pad(_ s: String, _ width: Int) -> String {
    s.count >= width ? s : s + String(repeating: " ", count: width - s.count)
  }
}
