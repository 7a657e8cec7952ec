import TransposedConv

extension OverlapMap {
  /// The gradient map of a strided forward convolution: how many times each input position is
  /// used (with weights: the gradient each input receives for an all-ones upstream gradient).
  ///
  /// `forward` describes the convolution (kernel, stride, begin/end padding, dilation; its output
  /// padding must be 0) and `inputSize` its input. The forward output has
  /// `m = ⌊(n + pb + pe − d(k−1) − 1)/s⌋ + 1` positions per axis (must be ≥ 1), and input `i` is read
  /// by output `o` through tap `j` when `i = o·s + j·d − pb`. That is exactly a transposed
  /// convolution of the `m` outputs with the same kernel, stride, padding and dilation, plus output
  /// padding `n − ((m−1)s − pb − pe + d(k−1) + 1)` (always in `0..<s`) to restore length `n` —
  /// PyTorch's own backward. The returned map is that transposed layer's map: its `layers` hold the
  /// equivalent transposed layer, `inputSize` is `m`, and `outputSize` is `inputSize` given here.
  /// Complexity: as a count or gain map of that layer.
  public init(gradientOf forward: LayerConfig, inputSize: [Int]) throws(OverlapError) {
    try forward.validate()
    guard inputSize.count == forward.dims else {
      throw .axisCountMismatch(what: "the input size", expected: forward.dims, actual: inputSize.count)
    }
    var axes: [AxisParameters] = []
    var outputs: [Int] = []
    for axis in 0..<forward.dims {
      let p = forward.axes[axis]
      let k = forward.kernel[axis]
      let n = inputSize[axis]
      guard p.outputPadding == 0 else {
        throw .invalidArgument("a forward convolution has no output padding; drop it for a gradient map")
      }
      guard n >= 1 else { throw .parameters(.nonPositiveInput(n)) }
      let (span, overflow) = (k - 1).multipliedReportingOverflow(by: p.dilation)
      guard !overflow, span < Int.max / 4, n < Int.max / 4, p.paddingBegin < Int.max / 4,
        p.paddingEnd < Int.max / 4
      else { throw .parameters(.sizeOverflow) }
      let padded = n + p.paddingBegin + p.paddingEnd
      guard padded >= span + 1 else {
        throw .invalidArgument(
          "calculated padded input size per channel: (\(padded)); kernel size: (\(span + 1)); kernel size can't be greater than actual input size"
        )
      }
      let m = (padded - span - 1) / p.stride + 1
      let restored = (m - 1) * p.stride - p.paddingBegin - p.paddingEnd + span + 1
      axes.append(
        AxisParameters(
          stride: p.stride, paddingBegin: p.paddingBegin, paddingEnd: p.paddingEnd,
          outputPadding: n - restored,
          dilation: p.dilation))
      outputs.append(m)
    }
    let transposed = LayerConfig(kernel: forward.kernel, axes: axes, weights: forward.weights)
    try self.init(layer: transposed, inputSize: outputs)
  }
}
