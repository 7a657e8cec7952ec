import CheckerscopeCore

/// One lattice frequency `(a/s, b/s)` of the spectrum and how far it stands out of its
/// neighbourhood.
public struct LatticePeak: Sendable, Equatable {
  /// What a peak at this frequency looks like in the image.
  public enum Pattern: String, Sendable, Equatable, CaseIterable {
    /// `(a/s, 0)`: the image varies along y only (rows of alternating brightness).
    case horizontalStripes
    /// `(0, b/s)`: the image varies along x only (columns of alternating brightness).
    case verticalStripes
    /// Both frequencies non-zero: a checkerboard-like pattern.
    case checker
  }

  /// The lattice period `s` this frequency was examined under.
  public var period: Int
  /// Row index `a` (frequency `a/s` cycles per pixel along y), `0 ≤ a < s`.
  public var a: Int
  /// Column index `b` (frequency `b/s` along x), `0 ≤ b < s`.
  public var b: Int
  /// `|X|²` at the lattice frequency (DFT of the high-passed, mean-removed image).
  public var power: Double
  /// The neighbourhood's power: the largest `|X|²` among the 40 bins at Chebyshev distance 2 or
  /// 3 from the lattice bin.
  public var background: Double
  /// `10·log10(power / background)`, both floored at a tiny fraction of the image energy so a
  /// blank image gives 0 dB rather than a division by zero.
  public var peakDb: Double

  /// The exact period of this frequency along y: `s / gcd(a, s)` (1 when `a = 0`).
  public var periodY: Int { period / gcd(a, period) }
  /// The exact period of this frequency along x: `s / gcd(b, s)` (1 when `b = 0`).
  public var periodX: Int { period / gcd(b, period) }

  /// The stripe/checker class of the frequency.
  public var pattern: Pattern {
    if b == 0 { return .horizontalStripes }
    if a == 0 { return .verticalStripes }
    return .checker
  }
}
