import CheckerscopeCore
import TransposedConv

/// Benchmark cases for the deconv part of checkerscope: the five cases of issue 3, each run by
/// `TransposedConvolution.apply` on seeded random data (uniform in [−1, 1)), and the two
/// multi-channel ones again on one thread (`-t1`), which a loaded machine disturbs less.
let deconvBenchCases: [BenchCase] = [
  deconvCase("deconv2d-1x1x2048x2048-k4s2p1", cIn: 1, cOut: 1, size: 2048, kernel: 4, groups: 1),
  deconvCase("deconv2d-1x1x2048x2048-k3s2p1", cIn: 1, cOut: 1, size: 2048, kernel: 3, groups: 1),
  deconvCase("deconv2d-1x3x1024x1024-k4s2p1-g3", cIn: 3, cOut: 3, size: 1024, kernel: 4, groups: 3),
  deconvCase("deconv2d-1x16x256x256-16to16-k4s2p1", cIn: 16, cOut: 16, size: 256, kernel: 4, groups: 1),
  deconvCase(
    "deconv2d-1x64x64x64-64to32-k4s2p1", cIn: 64, cOut: 32, size: 64, kernel: 4, groups: 1, runs: 50),
  deconvCase(
    "deconv2d-1x16x256x256-16to16-k4s2p1-t1", cIn: 16, cOut: 16, size: 256, kernel: 4, groups: 1,
    parallelism: 1),
  deconvCase(
    "deconv2d-1x64x64x64-64to32-k4s2p1-t1", cIn: 64, cOut: 32, size: 64, kernel: 4, groups: 1, runs: 50,
    parallelism: 1),
]

/// A stride-2, padding-1 2D transposed convolution of a `(1, cIn, size, size)` input with a
/// `(cIn, cOut/groups, kernel, kernel)` weight and a bias. The checksum sums every 997th output
/// element, so it is cheap next to the convolution but depends on the whole computation.
/// `parallelism` is passed to `apply` (`nil`: every core).
func deconvCase(
  _ name: String, cIn: Int, cOut: Int, size: Int, kernel: Int, groups: Int, runs: Int = 10,
  parallelism: Int? = nil
) -> BenchCase {
  BenchCase(name, runs: runs) {
    var rng = SplitMix64(seed: 1)
    let input = Tensor(
      shape: [1, cIn, size, size], data: (0..<(cIn * size * size)).map { _ in rng.nextUniform() })
    let weightShape = [cIn, cOut / groups, kernel, kernel]
    let weight = Tensor(
      shape: weightShape, data: (0..<weightShape.reduce(1, *)).map { _ in rng.nextUniform() })
    let bias = Tensor(shape: [cOut], data: (0..<cOut).map { _ in rng.nextUniform() })
    let axis = AxisParameters(stride: 2, padding: 1)
    let parameters = ConvTransposeParameters(axes: [axis, axis], groups: groups)
    return {
      let output = try TransposedConvolution.apply(
        input: input, weight: weight, bias: bias, parameters: parameters, parallelism: parallelism)
      var sum = 0.0
      for index in Swift.stride(from: 0, to: output.count, by: 997) { sum += Double(output.data[index]) }
      return sum
    }
  }
}
