import TransposedConv

extension LayerConfig {
  /// A gain layer for one output channel of a PyTorch ConvTranspose weight.
  ///
  /// `weight` has PyTorch's layout `(C_in, C_out/groups, k…)` (`[k]` in 1D, `[kH, kW]` in 2D after
  /// the two channel axes). A constant input of 1 on every input channel reaches output channel
  /// `co = g·(C_out/groups) + c` through the input channels of group `g`, so its kernel is
  /// `Σ_{ci in group g} weight[ci, c, …]`. Errors: a shape of the wrong rank, a channel out of
  /// range, groups that do not divide `C_in`, non-finite weights.
  public init(
    weight: Tensor, outputChannel: Int, groups: Int = 1, axes: [AxisParameters]
  ) throws(OverlapError) {
    let dims = axes.count
    guard (1...3).contains(dims) else { throw .unsupportedDims(dims) }
    guard weight.rank == dims + 2 else {
      throw .weightShape(
        expected: "a weight of shape (C_in, C_out/groups, \(["k", "kH, kW", "kD, kH, kW"][dims - 1]))",
        actual: weight.shape)
    }
    guard groups >= 1 else { throw .parameters(.nonPositiveGroups(groups)) }
    let cIn = weight.shape[0]
    let cOutPerGroup = weight.shape[1]
    guard cIn >= 1, cOutPerGroup >= 1, weight.shape.dropFirst(2).allSatisfy({ $0 >= 1 }) else {
      throw .weightShape(expected: "a weight with every extent at least 1", actual: weight.shape)
    }
    guard cIn % groups == 0 else {
      throw .parameters(.channelsNotDivisible(what: "input", channels: cIn, groups: groups))
    }
    let cOut = cOutPerGroup * groups
    guard (0..<cOut).contains(outputChannel) else {
      throw .invalidArgument(
        "output channel \(outputChannel) does not exist; the weight has \(cOut) (0...\(cOut - 1))")
    }
    let kernel = Array(weight.shape.dropFirst(2))
    let taps = kernel.reduce(1, *)
    let group = outputChannel / cOutPerGroup
    let local = outputChannel % cOutPerGroup
    let perGroup = cIn / groups
    var sum = [Double](repeating: 0, count: taps)
    for ci in (group * perGroup)..<((group + 1) * perGroup) {
      let base = (ci * cOutPerGroup + local) * taps
      for t in 0..<taps { sum[t] += Double(weight.data[base + t]) }
    }
    self.init(kernel: kernel, axes: axes, weights: sum)
    try validate()
  }

  /// The number of output channels of a PyTorch ConvTranspose weight `(C_in, C_out/groups, k…)`.
  public static func outputChannels(weight: Tensor, groups: Int = 1) -> Int {
    weight.rank >= 2 ? weight.shape[1] * groups : 0
  }

  /// A gain layer whose kernel is given by a `KernelSpec` (`ones:K` gives weights of 1, still
  /// reported as gains).
  public init(kernelSpec: KernelSpec, axes: [AxisParameters]) throws(OverlapError) {
    let taps: Tensor
    do { taps = try kernelSpec.kernel(dims: axes.count) } catch { throw .parameters(error) }
    self.init(kernel: taps.shape, axes: axes, weights: taps.data.map(Double.init))
    try validate()
  }
}
