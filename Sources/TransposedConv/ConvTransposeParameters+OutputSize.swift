import CheckerscopeCore

extension ConvTransposeParameters {
  /// The range of output lengths one axis can reach by choosing output padding:
  /// `minimum = (n − 1)·stride − paddingBegin − paddingEnd + dilation·(k − 1) + 1` (output padding 0)
  /// up to `minimum + stride − 1`, as PyTorch's `output_size` argument allows. The lower end is
  /// raised to 1 because an output needs at least one element.
  public static func outputLengthRange(axis: AxisParameters, input: Int, kernel: Int)
    throws(ConvTransposeError) -> ClosedRange<Int>
  {
    var base = axis
    base.outputPadding = 0
    try base.validate(kernel: kernel)
    guard input >= 1 else { throw .nonPositiveInput(input) }
    guard let full = CheckedSize.productOrNil([input - 1, axis.stride]),
      let taps = CheckedSize.productOrNil([kernel - 1, axis.dilation]),
      let minimum = CheckedSize.sumOrNil([full, -axis.paddingBegin, -axis.paddingEnd, taps, 1]),
      let maximum = CheckedSize.sumOrNil([minimum, axis.stride, -1])
    else { throw .sizeOverflow }
    guard maximum >= 1 else {
      throw .nonPositiveOutput(
        input: input, kernel: kernel, stride: axis.stride, paddingBegin: axis.paddingBegin,
        paddingEnd: axis.paddingEnd, dilation: axis.dilation, outputPadding: 0, length: minimum)
    }
    return max(1, minimum)...maximum
  }

  /// A copy whose output padding on every axis makes the output exactly `outputSize` (PyTorch's
  /// `output_size`), for spatial input sizes `input` and kernel sizes `kernel` (one per axis).
  ///
  /// `outputSize` holds one length per spatial axis, or one for every axis when given once.
  /// Any output padding already set is replaced. Each axis accepts lengths in
  /// `[minimum, minimum + stride − 1]` (see `outputLengthRange`); other lengths throw
  /// `.outputSizeOutOfRange` with the valid range. The chosen output padding is still checked
  /// against PyTorch's rule `outputPadding < max(stride, dilation)`, which it always satisfies.
  public func resolvingOutputSize(_ outputSize: [Int], input: [Int], kernel: [Int])
    throws(ConvTransposeError) -> ConvTransposeParameters
  {
    let rank = axes.count
    let sizes = outputSize.count == 1 ? [Int](repeating: outputSize[0], count: rank) : outputSize
    guard sizes.count == rank else { throw .axisCountMismatch(expected: rank, actual: outputSize.count) }
    guard input.count == rank, kernel.count == rank else {
      throw .axisCountMismatch(expected: rank, actual: min(input.count, kernel.count))
    }
    var result = self
    for axis in 0..<rank {
      let range = try Self.outputLengthRange(axis: axes[axis], input: input[axis], kernel: kernel[axis])
      guard range.contains(sizes[axis]) else {
        throw .outputSizeOutOfRange(
          axis: axis, requested: sizes[axis], minimum: range.lowerBound, maximum: range.upperBound)
      }
      let minimum = range.upperBound - axes[axis].stride + 1
      result.axes[axis].outputPadding = sizes[axis] - minimum
      _ = try result.axes[axis].outputLength(input: input[axis], kernel: kernel[axis])
    }
    return result
  }
}
