/// The verdict on one image and the scores behind it.
public struct Detection: Sendable, Equatable {
  /// True when at least one lattice peak reaches the detector's threshold.
  public var artifact: Bool
  /// The artifact's period `[py, px]` (rows, columns), or nil without an artifact. An axis
  /// without periodic structure has period 1 (e.g. `[2, 1]`: horizontal stripes of period 2).
  public var period: [Int]?
  /// Relative spread of the phase means at `period` (`PhaseMeanTile.relativeSpread`): an
  /// estimate of the gain modulation `(max g − min g) / mean g`; 0 without an artifact.
  public var strength: Double
  /// One score per square candidate period `s = 2 … maxPeriod`, in order.
  public var scores: [PeriodScore]
  /// The significant lattice peaks (one per conjugate pair), strongest first.
  public var peaks: [LatticePeak]
  /// The fingerprint: the phase-mean tile at `period`, or, without an artifact, at the square
  /// period with the highest `peakDb`.
  public var tile: PhaseMeanTile
}
