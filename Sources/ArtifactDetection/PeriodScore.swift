import CheckerscopeCore

/// The scores of one square candidate period `s` (phase classes `(y mod s, x mod s)`).
public struct PeriodScore: Sendable, Equatable {
  /// The period `s`.
  public var period: Int
  /// `PEF_s` of the luminance image cropped (top-left) to multiples of `s`.
  public var pef: Double
  /// `PEF_s` of the high-passed image (`GreyImage.highPassed(window:)` with
  /// `GreyImage.highPassWindow(period: s)`), cropped to multiples of `s`.
  public var pefHighPass: Double
  /// The strongest peak-to-background ratio, in dB, among the lattice frequencies whose exact
  /// period is `s` (`lcm(s/gcd(a,s), s/gcd(b,s)) = s`; frequencies of smaller periods are scored
  /// under those periods).
  public var peakDb: Double
  /// The same maximum over horizontal-stripe frequencies `(a/s, 0)` only.
  public var horizontalStripesDb: Double
  /// The same maximum over vertical-stripe frequencies `(0, b/s)` only.
  public var verticalStripesDb: Double
  /// The same maximum over checker frequencies (both non-zero) only.
  public var checkerDb: Double
}
