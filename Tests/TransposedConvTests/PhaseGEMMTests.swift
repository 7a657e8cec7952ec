import CheckerscopeCore
import TestSupport
import Testing

@testable import TransposedConv

/// 1D/2D transposed convolutions with eight or more output channels per group run as one GEMM
/// per output phase (`PhaseGEMM`) on the C kernels: against the literal reference within
/// rounding; the same bits on one thread and on all, with every C kernel set the CPU runs.
@Suite struct PhaseGEMMTests {
  static func randomCase(dims: Int, _ rng: inout SplitMix64) -> DifferentialTests.Case {
    let outer: (ClosedRange<Int>, ClosedRange<Int>, ClosedRange<Int>) = (1...12, 1...5, 1...4)
    let block = rng.next() % 2 == 0 ? 8 : 12
    return DifferentialTests.randomBlockedCase(
      .init(
        groups: 1...2, inputs: 1...12, wideInputs: 20...40, wideOneIn: 4, channelBlock: block,
        axes: [(ClosedRange<Int>, ClosedRange<Int>, ClosedRange<Int>)](repeating: outer, count: dims - 1)
          + [(1...45, 1...5, 1...4)], maximumOutput: 120_000), &rng)
  }

  @Test(arguments: [1, 2])
  func phaseProductsAgree(dims: Int) throws {
    let sets = KernelSet.supported.filter { $0 != .portable }
    guard let first = sets.first else { return }  // no C kernels on this CPU: the path is off
    var rng = SplitMix64(seed: 2_424 + UInt64(dims))
    // 16 random cases by default, 40 with CHECKERSCOPE_SLOW_TESTS=1 (CI).
    for index in 0..<(SlowTests.enabled ? 40 : 16) {
      let c = Self.randomCase(dims: dims, &rng)
      let label = "\(dims)D case \(index): \(c.parameters), input \(c.input.shape), weight \(c.weight.shape)"
      func run(_ set: KernelSet, parallelism: Int?) throws -> Tensor {
        try TransposedConvolution.apply(
          input: c.input, weight: c.weight, bias: c.bias, parameters: c.parameters, parallelism: parallelism,
          kernels: set)
      }
      let actual = try run(first, parallelism: nil)
      let expected = try TransposedConvolution.reference(
        input: c.input, weight: c.weight, bias: c.bias, parameters: c.parameters)
      #expect(actual.shape == expected.shape, "\(label)")
      let mismatch = Approximate.firstMismatch(actual.data, expected.data)
      #expect(mismatch == nil, "\(label): \(String(describing: mismatch))")
      for set in sets {
        #expect(try run(set, parallelism: 1).data == actual.data, "\(label): \(set) on one thread differs")
      }
    }
  }

  /// The image-side benchmark's multi-channel shape, small: 64 → 32 channels, k4 s2 p1.
  @Test func benchmarkShape() throws {
    guard let set = KernelSet.supported.last, set != .portable else { return }
    var rng = SplitMix64(seed: 6_432)
    let input = DifferentialTests.randomTensor([1, 64, 12, 12], &rng)
    let weight = DifferentialTests.randomTensor([64, 32, 4, 4], &rng)
    let bias = DifferentialTests.randomTensor([32], &rng)
    let parameters = ConvTransposeParameters(axes: [
      AxisParameters(stride: 2, padding: 1), .init(stride: 2, padding: 1),
    ])
    let actual = try TransposedConvolution.apply(
      input: input, weight: weight, bias: bias, parameters: parameters, parallelism: nil, kernels: set)
    let engine = try TransposedConvolution.apply(
      input: input, weight: weight, bias: bias, parameters: parameters, parallelism: nil, kernels: set,
      phaseProducts: false)
    let expected = try TransposedConvolution.reference(
      input: input, weight: weight, bias: bias, parameters: parameters)
    #expect(Approximate.firstMismatch(actual.data, expected.data) == nil)
    #expect(Approximate.firstMismatch(engine.data, expected.data) == nil)
  }
}
