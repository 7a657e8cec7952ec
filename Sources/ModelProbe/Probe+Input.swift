import CheckerscopeCore
import TransposedConv

extension Probe {
  /// The seeded noise input of `checkerscope probe --input noise` and the study's probe section:
  /// `shape`'s elements row-major, each `u / 2²⁴` for `u` the top 24 bits of the next
  /// `SplitMix64(seed:)` output, so uniform in [0, 1) and the same on every platform.
  /// Complexity: O(elements).
  public static func noiseInput(shape: [Int], seed: UInt64) -> Tensor {
    var rng = SplitMix64(seed: seed)
    let count = shape.reduce(1, *)
    return Tensor(shape: shape, data: (0..<count).map { _ in Float(rng.next() >> 40) / Float(1 << 24) })
  }
}
