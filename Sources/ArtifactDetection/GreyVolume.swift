/// One or more equally shaped 3D volumes of values (for example the `N·C` volumes of an
/// `(N, C, D, H, W)` tensor), row-major `[count, D, H, W]`, that `VolumeDetector` examines together.
public struct GreyVolume: Sendable, Equatable {
  /// The extent per axis, `[D, H, W]`.
  public let shape: [Int]
  /// The number of stacked volumes (≥ 1).
  public let count: Int
  /// `count · D · H · W` values; `(v, z, y, x)` is at `((v·D + z)·H + y)·W + x`.
  public let values: [Float]

  /// Wraps values. Precondition: three positive extents, `count ≥ 1`, and the matching number of
  /// values.
  public init(shape: [Int], count: Int = 1, values: [Float]) {
    precondition(shape.count == 3 && shape.allSatisfy { $0 >= 1 } && count >= 1, "a volume has three extents")
    precondition(values.count == count * shape.reduce(1, *), "values do not match the shape")
    self.shape = shape
    self.count = count
    self.values = values
  }

  /// The axis names used in reports, in `shape` order.
  public static let axisNames = ["z", "y", "x"]

  /// Calls `body` once per line along `axis` with the line's values (every volume, every position
  /// of the other two axes), in a fixed order.
  func forEachLine(along axis: Int, _ body: ([Float]) -> Void) {
    let (d, h, w) = (shape[0], shape[1], shape[2])
    let length = shape[axis]
    let step = axis == 2 ? 1 : axis == 1 ? w : h * w
    var line = [Float](repeating: 0, count: length)
    for v in 0..<count {
      let base = v * d * h * w
      for z in 0..<(axis == 0 ? 1 : d) {
        for y in 0..<(axis == 1 ? 1 : h) {
          for x in 0..<(axis == 2 ? 1 : w) {
            let start = base + (z * h + y) * w + x
            for i in 0..<length { line[i] = values[start + i * step] }
            body(line)
          }
        }
      }
    }
  }
}
