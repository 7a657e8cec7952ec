import CheckerscopeCore
import Foundation
import TestSupport
import Testing

@testable import TransposedConv

/// The AVX-512 kernel's blocks of eight output channels (`ckern_tile8_avx512`) against blocks of
/// four (`ckern_tile4_avx512`, and the AVX2 kernel): every lane takes the same items in the same
/// order with one fused multiply-add each, so the outputs must be equal bit for bit.
@Suite struct WideBlockTests {
  /// A random 1D, 2D or 3D configuration with output channels per group in eights: rows up to
  /// 180 positions (full 32-wide tiles and every tail), 1 to 40 input channels per group (more
  /// than one 32-item chunk), strides 1–4, dilation, asymmetric padding, groups and batches.
  static func randomWideCase(dims: Int, _ rng: inout SplitMix64) -> DifferentialTests.Case {
    func int(_ range: ClosedRange<Int>) -> Int { DifferentialTests.int(range, &rng) }
    while true {
      let groups = int(1...3)
      let cIn = groups * (rng.next() % 4 == 0 ? int(33...40) : int(1...12))
      let cOutPerGroup = 8 * int(1...2)
      var axes: [AxisParameters] = []
      var inSizes: [Int] = []
      var kSizes: [Int] = []
      for a in 0..<dims {
        let last = a == dims - 1
        let drawn = DifferentialTests.randomBlockedAxis(
          input: last ? 1...45 : 1...4, kernel: 1...4, stride: last ? 1...4 : 1...3, &rng)
        axes.append(drawn.axis)
        inSizes.append(drawn.input)
        kSizes.append(drawn.kernel)
      }
      let parameters = ConvTransposeParameters(axes: axes, groups: groups)
      let inShape = [int(1...2), cIn] + inSizes
      let wShape = [cIn, cOutPerGroup] + kSizes
      guard let outShape = try? parameters.outputShape(input: inShape, weight: wShape),
        outShape.reduce(1, *) <= 120_000
      else { continue }
      let geometry = Geometry(input: inShape, weight: wShape, output: outShape, parameters: parameters)
      guard RowKernel.blockedApplies(geometry) else { continue }
      return DifferentialTests.Case(
        input: DifferentialTests.randomTensor(inShape, &rng),
        weight: DifferentialTests.randomTensor(wShape, &rng),
        bias: rng.next() % 2 == 0 ? DifferentialTests.randomTensor([groups * cOutPerGroup], &rng) : nil,
        parameters: parameters)
    }
  }

  /// The block width follows the kernel set and the channel count.
  @Test func blockWidthChoice() {
    func geometry(cOutPerGroup: Int, groups: Int) -> Geometry {
      let parameters = ConvTransposeParameters(axes: [AxisParameters(stride: 2)], groups: groups)
      let inShape = [1, 8 * groups, 10]
      let wShape = [8 * groups, cOutPerGroup, 3]
      let outShape = (try? parameters.outputShape(input: inShape, weight: wShape)) ?? []
      return Geometry(input: inShape, weight: wShape, output: outShape, parameters: parameters)
    }
    #expect(RowKernel.blockChannels(for: geometry(cOutPerGroup: 16, groups: 2), kernels: .avx512) == 8)
    #expect(RowKernel.blockChannels(for: geometry(cOutPerGroup: 12, groups: 2), kernels: .avx512) == 4)
    #expect(
      RowKernel.blockChannels(for: geometry(cOutPerGroup: 16, groups: 1), kernels: .avx512, wide: false) == 4)
    #expect(RowKernel.blockChannels(for: geometry(cOutPerGroup: 16, groups: 1), kernels: .avx2) == 4)
    #expect(RowKernel.blockChannels(for: geometry(cOutPerGroup: 16, groups: 1), kernels: .swift) == 4)
  }

  /// 1D, 2D and 3D: eight-channel blocks equal four-channel blocks (AVX-512 and AVX2) exactly,
  /// serial equals parallel, and all agree with the literal reference within rounding.
  @Test(arguments: [1, 2, 3]) func wideBlocksEqualNarrowBlocks(dims: Int) throws {
    guard KernelSet.supported.contains(.avx512) else { return }
    var rng = SplitMix64(seed: 8_008 + UInt64(dims))
    for index in 0..<40 {
      let c = Self.randomWideCase(dims: dims, &rng)
      let label = "\(dims)D case \(index): \(c.parameters), input \(c.input.shape), weight \(c.weight.shape)"
      func run(_ set: KernelSet, wide: Bool, parallelism: Int?) throws -> Tensor {
        try TransposedConvolution.apply(
          input: c.input, weight: c.weight, bias: c.bias, parameters: c.parameters, parallelism: parallelism,
          kernels: set, wideBlocks: wide)
      }
      let wide = try run(.avx512, wide: true, parallelism: nil)
      let wideSerial = try run(.avx512, wide: true, parallelism: 1)
      let narrow = try run(.avx512, wide: false, parallelism: 1)
      let avx2 = try run(.avx2, wide: true, parallelism: 1)
      let expected = try TransposedConvolution.reference(
        input: c.input, weight: c.weight, bias: c.bias, parameters: c.parameters)
      #expect(wide.shape == expected.shape, "\(label)")
      #expect(wide.data == wideSerial.data, "\(label): threads changed the result")
      #expect(wide.data == narrow.data, "\(label): blocks of 8 and 4 differ")
      #expect(wide.data == avx2.data, "\(label): AVX-512 blocks of 8 and AVX2 differ")
      let mismatch = Approximate.firstMismatch(wide.data, expected.data)
      #expect(mismatch == nil, "\(label): \(String(describing: mismatch))")
    }
  }

  /// Hand-computed, through every supported set: one input channel of ones over 70 positions
  /// (two 32-wide tiles and a 6-wide tail), a 1×1 kernel with weight `k + 1` for output channel
  /// `k` of 16, summed over 4 identical kernel rows (H: input 4 rows, k = 4, p = 3 gives one
  /// output row reached by all 4): output channel `k` is `4·(k + 1)` everywhere.
  @Test func handComputedEightChannelTiles() throws {
    let input = Tensor(shape: [1, 1, 4, 70], data: [Float](repeating: 1, count: 4 * 70))
    var weights: [Float] = []
    for k in 0..<16 { weights += [Float](repeating: Float(k + 1), count: 4) }
    let weight = Tensor(shape: [1, 16, 4, 1], data: weights)
    let parameters = ConvTransposeParameters(
      axes: [AxisParameters(stride: 1, padding: 3), AxisParameters()])
    for set in KernelSet.supported {
      let y = try TransposedConvolution.apply(
        input: input, weight: weight, bias: nil, parameters: parameters, parallelism: 1, kernels: set)
      #expect(y.shape == [1, 16, 1, 70])
      for k in 0..<16 {
        #expect(
          y.data[(k * 70)..<((k + 1) * 70)].allSatisfy { $0 == Float(4 * (k + 1)) }, "\(set), channel \(k)")
      }
    }
  }
}
