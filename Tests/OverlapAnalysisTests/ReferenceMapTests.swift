import CheckerscopeCore
import OverlapAnalysis
import Testing
import TransposedConv

/// 2D maps (counts and gains) against the reference transposed convolution of TransposedConv,
/// with dilation, asymmetric padding and output padding.
@Suite struct ReferenceMapTests {
  @Test(
    arguments: [
      ([3, 4], [2, 3], [1, 2], [(1, 0), (0, 2)], [1, 0]),
      ([5, 2], [3, 1], [2, 1], [(2, 2), (0, 0)], [2, 0]),
      ([1, 6], [4, 2], [1, 3], [(0, 0), (3, 1)], [0, 2]),
    ] as [([Int], [Int], [Int], [(Int, Int)], [Int])])
  func mapsMatchReference(kernel: [Int], stride: [Int], dilation: [Int], padding: [(Int, Int)], op: [Int])
    throws
  {
    let axes = (0..<2).map {
      AxisParameters(
        stride: stride[$0], paddingBegin: padding[$0].0, paddingEnd: padding[$0].1, outputPadding: op[$0],
        dilation: dilation[$0])
    }
    let input = [6, 5]
    var rng = SplitMix64(seed: 3)
    let taps = (0..<(kernel[0] * kernel[1])).map { _ in rng.nextUniform() }
    for weights in [nil, taps] as [[Float]?] {
      let reference = try TransposedConvolution.reference(
        input: Tensor(shape: [1, 1] + input, repeating: 1),
        weight: Tensor(shape: [1, 1] + kernel, data: weights ?? [Float](repeating: 1, count: taps.count)),
        parameters: ConvTransposeParameters(axes: axes))
      let map = try OverlapMap(
        layer: LayerConfig(kernel: kernel, axes: axes, weights: weights.map { $0.map(Double.init) }),
        inputSize: input)
      #expect(map.outputSize == Array(reference.shape[2...]))
      #expect(zip(map.values, reference.data).allSatisfy { abs($0 - Double($1)) < 1e-5 })
      #expect(map.isIntegral == (weights == nil))
    }
  }
}
