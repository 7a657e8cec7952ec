import Testing
import TransposedConv

/// `Tensor.depthwiseWeight(repeating:channels:)`: the taps copied once per channel, shape
/// `(channels, 1, k…)`, and the size and channel checks.
@Suite("Depthwise weights")
struct DepthwiseWeightTests {
  @Test("1D taps for two channels: (2, 1, 3), the taps twice")
  func repeatsTheTaps() throws {
    let weight = try Tensor.depthwiseWeight(repeating: Tensor(shape: [3], data: [1, 2, 3]), channels: 2)
    #expect(weight.shape == [2, 1, 3])
    #expect(weight.data == [1, 2, 3, 1, 2, 3])
  }

  @Test("2D taps for three channels, applied with groups 3, convolve each channel on its own")
  func eachChannelOnItsOwn() throws {
    let taps = Tensor(shape: [2, 2], data: [1, 2, 3, 4])
    let weight = try Tensor.depthwiseWeight(repeating: taps, channels: 3)
    #expect(weight.shape == [3, 1, 2, 2])
    // One pixel per channel, values 1, 10, 100: stride 1 puts value × taps on the 2×2 output.
    let input = Tensor(shape: [1, 3, 1, 1], data: [1, 10, 100])
    let output = try TransposedConvolution.apply(
      input: input, weight: weight, bias: nil,
      parameters: ConvTransposeParameters(axes: [AxisParameters(), AxisParameters()], groups: 3))
    #expect(output.shape == [1, 3, 2, 2])
    #expect(output.data == [1, 2, 3, 4, 10, 20, 30, 40, 100, 200, 300, 400])
  }

  @Test("no channel, or more than maximumTaps values in all, is refused")
  func refusals() {
    #expect(throws: ConvTransposeError.self) {
      try Tensor.depthwiseWeight(repeating: Tensor(shape: [1], data: [1]), channels: 0)
    }
    #expect(throws: ConvTransposeError.self) {
      try Tensor.depthwiseWeight(
        repeating: Tensor(shape: [2], data: [1, 1]), channels: KernelSpec.maximumTaps / 2 + 1)
    }
  }
}
