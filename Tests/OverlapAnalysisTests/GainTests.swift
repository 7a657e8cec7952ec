import CheckerscopeCore
import OverlapAnalysis
import Testing
import TransposedConv

/// Gain maps, polyphase sums and the zero-order-hold condition (FACTS.md F17, F18, "Weighted kernels").
@Suite struct GainTests {
  func layer(_ weights: [Double], s: Int, d: Int = 1) -> LayerConfig {
    LayerConfig(kernel: [weights.count], axes: [AxisParameters(stride: s, dilation: d)], weights: weights)
  }

  @Test func f17HoldFactorGivesFlatOutput() throws {
    let sums = try PolyphaseSums(layer: layer([1, 2, 1], s: 2))
    #expect(sums.sums == [2, 2])
    #expect(sums.meetsZeroOrderHold && sums.holdMiss == 0 && sums.relativeHoldMiss == 0)
  }

  @Test func f18EvenOverlapStillMissesTheHold() throws {
    let sums = try PolyphaseSums(layer: layer([1, 0, 1, 0], s: 2))
    #expect(sums.sums == [2, 0])
    #expect(!sums.meetsZeroOrderHold)
    #expect(sums.holdMiss == 2 && sums.relativeHoldMiss == 2)
  }

  @Test func allOnesSumsAreTheClosedFormCounts() throws {
    // k=7, s=3: ⌈(7−r)/3⌉ = 3, 2, 2.
    #expect(try PolyphaseSums(layer: LayerConfig(dims: 1, kernel: 7, stride: 3)).sums == [3, 2, 2])
    // k=3, s=4, d=2: F10's phases.
    #expect(
      try PolyphaseSums(layer: LayerConfig(dims: 1, kernel: 3, stride: 4, dilation: 2)).sums == [2, 0, 1, 0])
  }

  @Test(arguments: [(2, 1), (3, 1), (2, 2), (4, 3)])
  func bilinearKernelsMeetTheHoldAtTheirFactor(factor: Int, dims: Int) throws {
    // Bilinear upsampling by f uses a triangle of 2f taps; its phases all sum to 1 per axis.
    let spec = try KernelSpec(parsing: "bilinear:\(2 * factor)")
    let axes = [AxisParameters](repeating: AxisParameters(stride: factor), count: min(dims, 2))
    let sums = try PolyphaseSums(layer: LayerConfig(kernelSpec: spec, axes: axes))
    #expect(sums.meetsZeroOrderHold)
    for s in sums.sums { #expect(abs(s - 1) < 1e-6) }
  }

  /// The interior tile of a single weighted layer is its polyphase sums, in 1D and 2D, with
  /// dilation; and every interior position of the finite map holds the sum of its phase.
  @Test(arguments: [
    ([5], [2], [1]), ([4], [3], [2]), ([3, 4], [2, 2], [1, 1]), ([5, 3], [3, 2], [2, 1]),
    ([2, 6], [4, 3], [1, 3]),
  ])
  func tileEqualsPolyphaseSums(kernel: [Int], stride: [Int], dilation: [Int]) throws {
    let spec = KernelSpec(kind: .random, size: PerAxis(kernel), seed: 7)
    let axes = (0..<kernel.count).map {
      AxisParameters(stride: stride[$0], padding: 1, outputPadding: 0, dilation: dilation[$0])
    }
    let layer = try LayerConfig(kernelSpec: spec, axes: axes)
    let sums = try PolyphaseSums(layer: layer)
    let map = try OverlapMap(layer: layer, inputSize: [Int](repeating: 9, count: kernel.count))
    #expect(map.tile.shape == stride)
    for (a, b) in zip(map.tile.values, sums.sums) { #expect(abs(a - b) < 1e-12) }
    #expect(map.interiorCount > 0)
    let width = stride.count == 2 ? stride[1] : 1
    for y in map.interior[0] {
      for x in (kernel.count == 2 ? map.interior[1] : 0..<1) {
        let position = kernel.count == 2 ? [y, x] : [y]
        let phase = map.phase(of: position)
        let index = kernel.count == 2 ? phase[0] * width + phase[1] : phase[0]
        #expect(abs(map[position] - sums.sums[index]) < 1e-12)
      }
    }
    #expect(map.interiorMetrics.uniform == sums.meetsZeroOrderHold)
  }

  /// A PyTorch-layout weight reduces to one kernel per output channel: the sum over the input
  /// channels of its group (checked against the reference transposed convolution of a ones input).
  @Test(arguments: [1, 2])
  func perChannelKernelsMatchTheReferenceConvolution(groups: Int) throws {
    let cIn = 4
    let cOutPerGroup = 3
    var rng = SplitMix64(seed: 11)
    let weight = Tensor(
      shape: [cIn, cOutPerGroup, 3, 2], data: (0..<(cIn * cOutPerGroup * 6)).map { _ in rng.nextUniform() })
    let axes = [AxisParameters(stride: 2, padding: 1), AxisParameters(stride: 2)]
    let reference = try TransposedConvolution.reference(
      input: Tensor(shape: [1, cIn, 5, 4], repeating: 1), weight: weight,
      parameters: ConvTransposeParameters(axes: axes, groups: groups))
    let cOut = LayerConfig.outputChannels(weight: weight, groups: groups)
    #expect(cOut == cOutPerGroup * groups)
    let plane = reference.shape[2] * reference.shape[3]
    for co in 0..<cOut {
      let layer = try LayerConfig(weight: weight, outputChannel: co, groups: groups, axes: axes)
      let map = try OverlapMap(layer: layer, inputSize: [5, 4])
      #expect(map.outputSize == Array(reference.shape[2...]))
      let expected = Array(reference.data[(co * plane)..<((co + 1) * plane)])
      #expect(zip(map.values, expected).allSatisfy { abs($0 - Double($1)) < 1e-5 }, "channel \(co)")
    }
  }

  @Test func badWeightsAreRejected() {
    let axes = [AxisParameters(stride: 2)]
    #expect(throws: OverlapError.self) {
      try LayerConfig(weight: Tensor(shape: [2, 3, 3, 3], repeating: 1), outputChannel: 0, axes: axes)
    }
    #expect(throws: OverlapError.self) {
      try LayerConfig(weight: Tensor(shape: [2, 3, 3], repeating: 1), outputChannel: 3, axes: axes)
    }
    #expect(throws: OverlapError.self) {
      try LayerConfig(
        weight: Tensor(shape: [3, 1, 3], repeating: 1), outputChannel: 0, groups: 2, axes: axes)
    }
    #expect(throws: OverlapError.nonFiniteWeight(index: 1)) {
      try LayerConfig(weight: Tensor(shape: [1, 1, 3], data: [1, .nan, 1]), outputChannel: 0, axes: axes)
    }
  }

  @Test func gainStackThroughTwoLayers() throws {
    // Two [1,2,1] s=2 layers: each meets the hold, so the stacked interior is flat 2·2 = 4.
    let l = layer([1, 2, 1], s: 2)
    let map = try OverlapMap(layers: [l, l], inputSize: [6])
    #expect(map.tile.shape == [4])
    #expect(map.tile.values == [4, 4, 4, 4])
    #expect(map.interiorMetrics.uniform)
  }
}
