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
    let outer: (ClosedRange<Int>, ClosedRange<Int>, ClosedRange<Int>) = (1...4, 1...4, 1...3)
    return DifferentialTests.randomBlockedCase(
      .init(
        groups: 1...3, inputs: 1...12, wideInputs: 33...40, wideOneIn: 4, channelBlock: 8,
        axes: [(ClosedRange<Int>, ClosedRange<Int>, ClosedRange<Int>)](repeating: outer, count: dims - 1)
          + [(1...45, 1...4, 1...4)], maximumOutput: 120_000), &rng)
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
    #expect(RowKernel.blockChannels(for: geometry(cOutPerGroup: 16, groups: 1), kernels: .portable) == 4)
  }

  /// 1D, 2D and 3D: eight-channel blocks equal four-channel blocks (AVX-512 and AVX2) exactly,
  /// serial equals parallel, and all agree with the literal reference within rounding.
  @Test(
    .enabled(if: KernelSet.avx512.isSupported, "needs a CPU with AVX-512F (the eight-channel kernel)"),
    arguments: [1, 2, 3])
  func wideBlocksEqualNarrowBlocks(dims: Int) throws {
    var rng = SplitMix64(seed: 8_008 + UInt64(dims))
    for index in 0..<40 {
      let c = Self.randomWideCase(dims: dims, &rng)
      let label = "\(dims)D case \(index): \(c.parameters), input \(c.input.shape), weight \(c.weight.shape)"
      func run(_ set: KernelSet, wide: Bool, parallelism: Int?) throws -> Tensor {
        try TransposedConvolution.apply(
          input: c.input, weight: c.weight, bias: c.bias, parameters: c.parameters, parallelism: parallelism,
          kernels: set, wideBlocks: wide, phaseProducts: false)
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
}
