import Testing
import TransposedConv

/// Every parameter rule is refused with its own error by both implementations (PyTorch's rules,
/// FACTS.md F14, plus asymmetric padding and output_size).
@Suite struct RefusalTests {
  struct Refusal: Sendable, CustomStringConvertible {
    var name: String
    var input: [Int]
    var weight: [Int]
    var bias: [Int]?
    var parameters: ConvTransposeParameters
    var error: ConvTransposeError
    var description: String { name }
  }

  static func axes2(_ axis: AxisParameters) -> ConvTransposeParameters {
    ConvTransposeParameters(axes: [axis, axis])
  }

  static let refusals: [Refusal] = [
    Refusal(
      name: "F14 output padding ≥ max(stride, dilation)", input: [1, 1, 4], weight: [1, 1, 3], bias: nil,
      parameters: ConvTransposeParameters(axes: [AxisParameters(stride: 1, outputPadding: 1)]),
      error: .outputPaddingTooLarge(outputPadding: 1, stride: 1, dilation: 1)),
    Refusal(
      name: "output padding equal to stride with dilation smaller", input: [1, 1, 4], weight: [1, 1, 3],
      bias: nil,
      parameters: ConvTransposeParameters(axes: [AxisParameters(stride: 3, outputPadding: 3, dilation: 2)]),
      error: .outputPaddingTooLarge(outputPadding: 3, stride: 3, dilation: 2)),
    Refusal(
      name: "negative output padding", input: [1, 1, 4], weight: [1, 1, 3], bias: nil,
      parameters: ConvTransposeParameters(axes: [AxisParameters(stride: 2, outputPadding: -1)]),
      error: .negativeOutputPadding(-1)),
    Refusal(
      name: "non-positive output size", input: [1, 1, 2], weight: [1, 1, 3], bias: nil,
      parameters: ConvTransposeParameters(axes: [AxisParameters(stride: 1, padding: 2)]),
      error: .nonPositiveOutput(
        input: 2, kernel: 3, stride: 1, paddingBegin: 2, paddingEnd: 2, dilation: 1, outputPadding: 0,
        length: 0)),
    Refusal(
      name: "channels not divisible by groups", input: [1, 3, 4, 4], weight: [3, 1, 2, 2], bias: nil,
      parameters: ConvTransposeParameters(axes: [AxisParameters(), AxisParameters()], groups: 2),
      error: .channelsNotDivisible(what: "input", channels: 3, groups: 2)),
    Refusal(
      name: "weight/input channel mismatch", input: [1, 2, 4, 4], weight: [3, 1, 2, 2], bias: nil,
      parameters: axes2(AxisParameters()), error: .weightChannelMismatch(inputChannels: 2, weightChannels: 3)),
    Refusal(
      name: "zero kernel", input: [1, 1, 4], weight: [1, 1, 0], bias: nil,
      parameters: ConvTransposeParameters(axes: [AxisParameters()]), error: .nonPositiveKernel(0)),
    Refusal(
      name: "zero stride", input: [1, 1, 4, 4], weight: [1, 1, 2, 2], bias: nil,
      parameters: axes2(AxisParameters(stride: 0)), error: .nonPositiveStride(0)),
    Refusal(
      name: "negative stride", input: [1, 1, 4], weight: [1, 1, 2], bias: nil,
      parameters: ConvTransposeParameters(axes: [AxisParameters(stride: -2)]), error: .nonPositiveStride(-2)),
    Refusal(
      name: "zero dilation", input: [1, 1, 4], weight: [1, 1, 2], bias: nil,
      parameters: ConvTransposeParameters(axes: [AxisParameters(dilation: 0)]), error: .nonPositiveDilation(0)
    ),
    Refusal(
      name: "negative padding", input: [1, 1, 4], weight: [1, 1, 2], bias: nil,
      parameters: ConvTransposeParameters(axes: [AxisParameters(stride: 1, paddingBegin: 0, paddingEnd: -1)]),
      error: .negativePadding(begin: 0, end: -1)),
    Refusal(
      name: "zero groups", input: [1, 2, 4], weight: [2, 1, 2], bias: nil,
      parameters: ConvTransposeParameters(axes: [AxisParameters()], groups: 0), error: .nonPositiveGroups(0)),
    Refusal(
      name: "wrong bias length", input: [1, 2, 4], weight: [2, 3, 2], bias: [2],
      parameters: ConvTransposeParameters(axes: [AxisParameters()]),
      error: .biasMismatch(expected: 3, actual: [2])),
    Refusal(
      name: "input rank does not match the axes", input: [1, 1, 4, 4], weight: [1, 1, 2, 2], bias: nil,
      parameters: ConvTransposeParameters(axes: [AxisParameters()]),
      error: .rankMismatch(expected: "an input of shape (N, C, L)", actual: [1, 1, 4, 4])),
    Refusal(
      name: "absurd output size", input: [1, 1, 3, 3], weight: [1, 1, 1, 1], bias: nil,
      parameters: axes2(AxisParameters(stride: 1 << 20)), error: .sizeOverflow),
    Refusal(
      name: "overflowing stride", input: [1, 1, 3], weight: [1, 1, 1], bias: nil,
      parameters: ConvTransposeParameters(axes: [AxisParameters(stride: Int.max)]), error: .sizeOverflow),
  ]

  @Test(arguments: refusals)
  func bothImplementationsRefuse(_ r: Refusal) {
    let input = Tensor(shape: r.input, repeating: 1)
    let weight = Tensor(shape: r.weight, repeating: 1)
    let bias = r.bias.map { Tensor(shape: $0, repeating: 0) }
    #expect(throws: r.error) {
      try TransposedConvolution.reference(input: input, weight: weight, bias: bias, parameters: r.parameters)
    }
    #expect(throws: r.error) {
      try TransposedConvolution.apply(input: input, weight: weight, bias: bias, parameters: r.parameters)
    }
    #expect(!r.error.description.isEmpty)
  }

  /// PyTorch's `output_size`: n = 4, k = 3, s = 2, p = 1 reaches 7 (op 0) and 8 (op 1) only.
  @Test func outputSizeChoosesOutputPadding() throws {
    let parameters = ConvTransposeParameters(axes: [AxisParameters(stride: 2, padding: 1)])
    let seven = try parameters.resolvingOutputSize([7], input: [4], kernel: [3])
    let eight = try parameters.resolvingOutputSize([8], input: [4], kernel: [3])
    #expect(seven.axes[0].outputPadding == 0)
    #expect(eight.axes[0].outputPadding == 1)
    #expect(try seven.axes[0].outputLength(input: 4, kernel: 3) == 7)
    #expect(try eight.axes[0].outputLength(input: 4, kernel: 3) == 8)
    #expect(throws: ConvTransposeError.outputSizeOutOfRange(axis: 0, requested: 9, minimum: 7, maximum: 8)) {
      try parameters.resolvingOutputSize([9], input: [4], kernel: [3])
    }
    #expect(throws: ConvTransposeError.outputSizeOutOfRange(axis: 0, requested: 6, minimum: 7, maximum: 8)) {
      try parameters.resolvingOutputSize([6], input: [4], kernel: [3])
    }
  }

  /// Per axis in 2D: stride 3 on H (n = 2, k = 2 → 5…7), stride 1 on W (n = 3, k = 2 → 4 only).
  @Test func outputSizePerAxis() throws {
    let parameters = ConvTransposeParameters(axes: [AxisParameters(stride: 3), AxisParameters(stride: 1)])
    let resolved = try parameters.resolvingOutputSize([7, 4], input: [2, 3], kernel: [2, 2])
    #expect(resolved.axes.map(\.outputPadding) == [2, 0])
    #expect(throws: ConvTransposeError.outputSizeOutOfRange(axis: 1, requested: 5, minimum: 4, maximum: 4)) {
      try parameters.resolvingOutputSize([7, 5], input: [2, 3], kernel: [2, 2])
    }
    #expect(throws: ConvTransposeError.axisCountMismatch(expected: 2, actual: 3)) {
      try parameters.resolvingOutputSize([7, 4, 1], input: [2, 3], kernel: [2, 2])
    }
  }

  @Test func hugeKernelSpecIsRefused() throws {
    let spec = try KernelSpec(parsing: "ones:100000x100000")
    #expect(throws: ConvTransposeError.self) { try spec.kernel(dims: 2) }
    #expect(try KernelSpec(parsing: "ones:4096x4096").kernel(dims: 2).count == 1 << 24)
  }

  @Test func outputSizeErrorNamesTheRange() {
    let message = ConvTransposeError.outputSizeOutOfRange(axis: 0, requested: 9, minimum: 7, maximum: 8)
      .description
    #expect(message.contains("7...8"))
    #expect(message.contains("9"))
  }
}
