import CheckerscopeCore
import TransposedConv

/// Benchmark cases for 3D transposed convolution (issue 14): k4 s2 p1 with bias on a
/// `(1, C, S, S, S)` input, seeded random data uniform in [−1, 1), every core.
let deconv3dBenchCases: [BenchCase] = [
  deconv3dCase("deconv3d-1x1x128x128x128-k4s2p1", channels: 1, size: 128, runs: 10),
  deconv3dCase("deconv3d-1x16x32x32x32-16to16-k4s2p1", channels: 16, size: 32, runs: 10),
]

/// A stride-2, padding-1 3D transposed convolution of a `(1, channels, size, size, size)` input
/// with a `(channels, channels, 4, 4, 4)` weight and a bias; the checksum sums every 997th output
/// element.
func deconv3dCase(_ name: String, channels: Int, size: Int, runs: Int) -> BenchCase {
  BenchCase(name, runs: runs) {
    var rng = SplitMix64(seed: 1)
    let inputShape = [1, channels, size, size, size]
    let input = Tensor(
      shape: inputShape, data: (0..<inputShape.reduce(1, *)).map { _ in rng.nextUniform() })
    let weightShape = [channels, channels, 4, 4, 4]
    let weight = Tensor(
      shape: weightShape, data: (0..<weightShape.reduce(1, *)).map { _ in rng.nextUniform() })
    let bias = Tensor(shape: [channels], data: (0..<channels).map { _ in rng.nextUniform() })
    let axis = AxisParameters(stride: 2, padding: 1)
    let parameters = ConvTransposeParameters(axes: [axis, axis, axis])
    return {
      let output = try TransposedConvolution.apply(
        input: input, weight: weight, bias: bias, parameters: parameters)
      var sum = 0.0
      for index in Swift.stride(from: 0, to: output.count, by: 997) { sum += Double(output.data[index]) }
      return sum
    }
  }
}
