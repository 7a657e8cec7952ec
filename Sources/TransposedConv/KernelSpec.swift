import CheckerscopeCore

/// A kernel described in words rather than a file: `ones:K`, `bilinear:K`, `random:K:SEED`.
///
/// `K` is a per-axis size (`3`, `3x5` or `2x2x2`). The spec is the same everywhere in the tool.
/// - `ones`: every tap 1 (its gain map is the overlap-count map).
/// - `bilinear`: the separable triangle used by bilinear upsampling,
///   `w[i] = 1 − |i − c| / f` with `f = ⌈k/2⌉`, `c = f − 1` for odd `k` and `f − 0.5` for even `k`
///   (k = 4 gives 0.25, 0.75, 0.75, 0.25); in 2D and 3D the outer product of the axes.
/// - `random`: uniform in [−1, 1) from a SplitMix64 stream seeded by `SEED`, row-major;
///   the same seed gives the same kernel on every machine.
public struct KernelSpec: Sendable, Hashable, CustomStringConvertible {
  /// The kind of kernel.
  public enum Kind: String, Sendable, Hashable, CaseIterable {
    case ones, bilinear, random
  }

  public var kind: Kind
  public var size: PerAxis
  public var seed: UInt64

  public init(kind: Kind, size: PerAxis, seed: UInt64 = 0) {
    self.kind = kind
    self.size = size
    self.seed = seed
  }

  /// Parses the textual form; the error says which part is wrong.
  public init(parsing text: String) throws(ConvTransposeError) {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
    guard let kind = Kind(rawValue: parts[0]) else {
      throw .invalidArgument(
        "unknown kernel spec '\(text)'; use ones:K, bilinear:K or random:K:SEED (K like 3 or 3x5)")
    }
    guard parts.count >= 2, let size = PerAxis(parsing: parts[1]), size.values.allSatisfy({ $0 >= 1 })
    else {
      throw .invalidArgument(
        "kernel spec '\(text)' needs a size of at least 1, like \(kind.rawValue):3 or \(kind.rawValue):3x5")
    }
    var seed: UInt64 = 0
    switch kind {
    case .random:
      guard parts.count == 3, let value = UInt64(parts[2]) else {
        throw .invalidArgument("kernel spec '\(text)' needs a seed: random:K:SEED, e.g. random:3:42")
      }
      seed = value
    case .ones, .bilinear:
      guard parts.count == 2 else {
        throw .invalidArgument("kernel spec '\(text)' has extra parts; use \(kind.rawValue):K")
      }
    }
    self.init(kind: kind, size: size, seed: seed)
  }

  public var description: String {
    kind == .random ? "random:\(size):\(seed)" : "\(kind.rawValue):\(size)"
  }

  /// The largest kernel a spec may describe (2²⁴ taps), so a typo cannot exhaust memory.
  public static let maximumTaps = 1 << 24

  /// The kernel taps for `dims` spatial axes, shape `[k]`, `[kH, kW]` or `[kD, kH, kW]`, row-major.
  public func kernel(dims: Int) throws(ConvTransposeError) -> Tensor {
    let sizes = try size.resolved(dims: dims)
    var count = 1
    for extent in sizes {
      let (product, overflow) = count.multipliedReportingOverflow(by: extent)
      guard !overflow, product <= Self.maximumTaps else {
        throw .invalidArgument(
          "kernel spec '\(self)' has too many taps (at most \(Self.maximumTaps)); use a smaller size")
      }
      count = product
    }
    switch kind {
    case .ones:
      return Tensor(shape: sizes, repeating: 1)
    case .bilinear:
      // The outer product, first axis outermost (1·a is exactly a, so 1D is the triangle itself).
      var data: [Float] = [1]
      for axis in sizes.map(Self.triangle) {
        data = data.flatMap { a in axis.map { a * $0 } }
      }
      return Tensor(shape: sizes, data: data)
    case .random:
      var rng = SplitMix64(seed: seed)
      return Tensor(shape: sizes, data: (0..<count).map { _ in rng.nextUniform() })
    }
  }

  /// The 1D bilinear-upsampling triangle of `k` taps.
  static func triangle(_ k: Int) -> [Float] {
    let f = Double((k + 1) / 2)
    let c = k % 2 == 1 ? f - 1 : f - 0.5
    return (0..<k).map { Float(1 - abs(Double($0) - c) / f) }
  }
}
