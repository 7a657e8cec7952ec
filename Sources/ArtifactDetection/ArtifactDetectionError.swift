/// Why an image cannot be examined.
public enum ArtifactDetectionError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The largest candidate period is below 2.
  case invalidMaxPeriod(Int)
  /// The image is smaller than the candidate periods need.
  case imageTooSmall(width: Int, height: Int, minimumSide: Int, maxPeriod: Int)
  /// Every axis of a volume is shorter than the smallest candidate period needs.
  case volumeTooSmall(shape: [Int], minimumLength: Int)

  public var description: String {
    switch self {
    case .invalidMaxPeriod(let p):
      return "the maximum period must be at least 2, got \(p)"
    case .imageTooSmall(let w, let h, let minimum, let maxPeriod):
      return
        "the image is \(w)×\(h) but periods up to \(maxPeriod) need at least \(minimum)×\(minimum) pixels; use a larger image or a smaller maximum period"
    case .volumeTooSmall(let shape, let minimum):
      return
        "the volume is \(shape.map(String.init).joined(separator: "×")) but period 2 needs an axis of at least \(minimum) samples; use a larger volume"
    }
  }
}
