/// The per-axis parameters of a transposed convolution, in PyTorch's terms, with ONNX-style
/// asymmetric padding.
///
/// Output length: `(n − 1)·stride − paddingBegin − paddingEnd + dilation·(k − 1) + outputPadding + 1`.
/// Scatter rule: input index `i` and kernel tap `j` add `x[i]·w[j]` to output
/// `o = i·stride + j·dilation − paddingBegin` when `0 ≤ o < out`.
public struct AxisParameters: Sendable, Hashable, Codable {
  /// Step between the output positions of consecutive inputs (≥ 1).
  public var stride: Int
  /// Output positions removed at the start of the full result (≥ 0).
  public var paddingBegin: Int
  /// Output positions removed at the end of the full result (≥ 0).
  public var paddingEnd: Int
  /// Extra positions added at the end (PyTorch `output_padding`, `< max(stride, dilation)`).
  public var outputPadding: Int
  /// Spacing between kernel taps (≥ 1).
  public var dilation: Int

  /// Creates axis parameters; `padding` applies to both ends.
  public init(stride: Int = 1, padding: Int = 0, outputPadding: Int = 0, dilation: Int = 1) {
    self.init(
      stride: stride, paddingBegin: padding, paddingEnd: padding, outputPadding: outputPadding,
      dilation: dilation)
  }

  /// Creates axis parameters with separate begin and end padding.
  public init(stride: Int, paddingBegin: Int, paddingEnd: Int, outputPadding: Int = 0, dilation: Int = 1) {
    self.stride = stride
    self.paddingBegin = paddingBegin
    self.paddingEnd = paddingEnd
    self.outputPadding = outputPadding
    self.dilation = dilation
  }

  /// True when both ends are padded equally (PyTorch can express it).
  public var isSymmetric: Bool { paddingBegin == paddingEnd }

  /// The output length for an input of length `input` and a kernel of `kernel` taps, or an error
  /// when the parameters are impossible (checked like PyTorch, plus asymmetric padding).
  public func outputLength(input: Int, kernel: Int) throws(ConvTransposeError) -> Int {
    try validate(kernel: kernel)
    guard input >= 1 else { throw .nonPositiveInput(input) }
    let (full, overflow1) = (input - 1).multipliedReportingOverflow(by: stride)
    let (taps, overflow2) = (kernel - 1).multipliedReportingOverflow(by: dilation)
    guard !overflow1, !overflow2 else { throw .sizeOverflow }
    // Every term is non-negative here; add the positive ones and subtract the padding, checked.
    var length = 1
    for term in [full, taps, outputPadding, -paddingBegin, -paddingEnd] {
      let (sum, overflow) = length.addingReportingOverflow(term)
      guard !overflow else { throw .sizeOverflow }
      length = sum
    }
    guard length >= 1 else {
      throw .nonPositiveOutput(
        input: input, kernel: kernel, stride: stride, paddingBegin: paddingBegin, paddingEnd: paddingEnd,
        dilation: dilation, outputPadding: outputPadding, length: length)
    }
    return length
  }

  /// Checks the parameters on their own (kernel size, stride, dilation, padding, output padding).
  public func validate(kernel: Int) throws(ConvTransposeError) {
    guard kernel >= 1 else { throw .nonPositiveKernel(kernel) }
    guard stride >= 1 else { throw .nonPositiveStride(stride) }
    guard dilation >= 1 else { throw .nonPositiveDilation(dilation) }
    guard paddingBegin >= 0, paddingEnd >= 0 else {
      throw .negativePadding(begin: paddingBegin, end: paddingEnd)
    }
    guard outputPadding >= 0 else { throw .negativeOutputPadding(outputPadding) }
    guard outputPadding < max(stride, dilation) else {
      throw .outputPaddingTooLarge(outputPadding: outputPadding, stride: stride, dilation: dilation)
    }
  }
}
