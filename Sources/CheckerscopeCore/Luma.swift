/// The project's one colour-to-grey rule: ITU-R BT.601 luma, `Y = 0.299 R + 0.587 G + 0.114 B`.
/// Alpha is never composited; callers pass the three colour samples.
public enum Luma {
  /// The weights for R, G, B.
  public static let weights: (red: Float, green: Float, blue: Float) = (0.299, 0.587, 0.114)

  /// The luma of samples on any scale (the result keeps the scale).
  @inlinable
  public static func rec601(_ red: Float, _ green: Float, _ blue: Float) -> Float {
    weights.red * red + weights.green * green + weights.blue * blue
  }

  /// The luma of integer samples, rounded to the nearest integer with halves up, computed exactly
  /// in integers (`(299 R + 587 G + 114 B + 500) / 1000`), for 8- and 16-bit pixels.
  @inlinable
  public static func rec601(_ red: UInt64, _ green: UInt64, _ blue: UInt64) -> UInt64 {
    (299 * red + 587 * green + 114 * blue + 500) / 1000
  }
}
