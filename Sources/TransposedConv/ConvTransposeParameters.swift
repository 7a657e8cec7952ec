/// The full parameter set of a 1D, 2D or 3D transposed convolution: one `AxisParameters` per
/// spatial axis (H then W in 2D, D, H, W in 3D) and the number of groups.
public struct ConvTransposeParameters: Sendable, Hashable, Codable {
  /// Per spatial axis, outermost first (H, W; D, H, W).
  public var axes: [AxisParameters]
  /// Channel groups (PyTorch `groups`, ≥ 1).
  public var groups: Int

  /// Creates a parameter set.
  public init(axes: [AxisParameters], groups: Int = 1) {
    self.axes = axes
    self.groups = groups
  }

  /// The largest output `outputShape` accepts: 2³¹ elements (8 GiB of Float32), far beyond any
  /// real layer, so absurd parameters fail with `.sizeOverflow` instead of exhausting memory.
  public static let maximumOutputElements = 1 << 31

  /// Number of spatial axes (1, 2 or 3).
  public var spatialRank: Int { axes.count }

  /// The output shape `(N, C_out, out…)` for `input` shape `(N, C_in, in…)` and `weight` shape
  /// `(C_in, C_out/groups, k…)`, checking every rule PyTorch checks, and that the output holds at
  /// most `maximumOutputElements` elements.
  public func outputShape(input: [Int], weight: [Int]) throws(ConvTransposeError) -> [Int] {
    let rank = axes.count
    guard rank >= 1 else { throw .axisCountMismatch(expected: 1, actual: 0) }
    guard input.count == rank + 2 else {
      throw .rankMismatch(expected: "an input of shape (N, C, \(Self.axisNames(rank)))", actual: input)
    }
    guard weight.count == rank + 2 else {
      throw .rankMismatch(
        expected: "a weight of shape (C_in, C_out/groups, \(Self.axisNames(rank, prefix: "k")))",
        actual: weight)
    }
    guard groups >= 1 else { throw .nonPositiveGroups(groups) }
    guard input[0] >= 1 else { throw .invalidArgument("batch size must be at least 1, got \(input[0])") }
    guard input[1] == weight[0] else {
      throw .weightChannelMismatch(inputChannels: input[1], weightChannels: weight[0])
    }
    guard input[1] % groups == 0 else {
      throw .channelsNotDivisible(what: "input", channels: input[1], groups: groups)
    }
    guard weight[1] >= 1 else { throw .invalidArgument("the weight has no output channels: \(weight)") }
    var shape = [input[0], weight[1] * groups]
    for axis in 0..<rank {
      shape.append(try axes[axis].outputLength(input: input[axis + 2], kernel: weight[axis + 2]))
    }
    var elements = 1
    for extent in shape {
      let (product, overflow) = elements.multipliedReportingOverflow(by: extent)
      guard !overflow, product <= Self.maximumOutputElements else { throw .sizeOverflow }
      elements = product
    }
    return shape
  }
}
