import CheckerscopeCore
import TestSupport
import Testing

@testable import TransposedConv

/// 1D/2D transposed convolutions with stride 2 along W and eight or more output channels per
/// group compute whole output rows, both W phases in alternating lanes (`PairedPhaseGEMM`): against
/// the literal reference within rounding, the same bits as the per-phase products (`PhaseGEMM`)
/// and the same bits on one thread and on all.
@Suite struct PairedPhaseGEMMTests {
  /// A random case with stride 2 along W (odd sizes, paddings, output paddings, dilations,
  /// groups, other H strides; `randomBlockedAxis`) and 6 to 22 output channels per group, so
  /// every block split of the kernel (sixes, fours, a partial last block) comes up.
  static func randomCase(dims: Int, _ rng: inout SplitMix64) -> DifferentialTests.Case {
    func int(_ range: ClosedRange<Int>) -> Int { DifferentialTests.int(range, &rng) }
    while true {
      let groups = int(1...2)
      let cIn = groups * (rng.next() % 4 == 0 ? int(20...40) : int(4...12))
      let cOutPerGroup = int(6...22)
      var axes: [AxisParameters] = []
      var inSizes: [Int] = []
      var kSizes: [Int] = []
      for axis in 0..<dims {
        let last = axis == dims - 1
        let drawn = DifferentialTests.randomBlockedAxis(
          input: last ? 1...37 : 1...9, kernel: last ? 2...6 : 1...5, stride: last ? 2...2 : 1...3, &rng)
        axes.append(drawn.axis)
        inSizes.append(drawn.input)
        kSizes.append(drawn.kernel)
      }
      let parameters = ConvTransposeParameters(axes: axes, groups: groups)
      let inShape = [int(1...2), cIn] + inSizes
      let wShape = [cIn, cOutPerGroup] + kSizes
      guard let outShape = try? parameters.outputShape(input: inShape, weight: wShape),
        outShape.reduce(1, *) <= 60_000
      else { continue }
      return DifferentialTests.Case(
        input: DifferentialTests.randomTensor(inShape, &rng),
        weight: DifferentialTests.randomTensor(wShape, &rng),
        bias: rng.next() % 2 == 0 ? DifferentialTests.randomTensor([groups * cOutPerGroup], &rng) : nil,
        parameters: parameters)
    }
  }

  /// `PairedPhaseGEMM.apply` itself on a case, or nil when it declines the shapes.
  static func paired(_ c: DifferentialTests.Case, kernels: KernelSet, parallelism: Int?) throws -> Tensor? {
    let outShape = try c.parameters.outputShape(input: c.input.shape, weight: c.weight.shape)
    let bias = c.bias?.data ?? [Float](repeating: 0, count: outShape[1])
    var out = [Float](repeating: .nan, count: outShape.reduce(1, *))
    let applied = c.input.data.withUnsafeBufferPointer { x in
      c.weight.data.withUnsafeBufferPointer { w in
        bias.withUnsafeBufferPointer { b in
          out.withUnsafeMutableBufferPointer { y in
            guard let x = x.baseAddress, let w = w.baseAddress, let b = b.baseAddress, let y = y.baseAddress
            else {
              return false
            }
            return PairedPhaseGEMM.apply(
              x: x, inputShape: c.input.shape, w: w, weightShape: c.weight.shape, bias: b,
              parameters: c.parameters, outShape: outShape, y: y, kernels: kernels, parallelism: parallelism)
          }
        }
      }
    }
    return applied ? Tensor(shape: outShape, data: out) : nil
  }

  @Test(arguments: [1, 2])
  func pairedRowsAgree(dims: Int) throws {
    let sets = KernelSet.supported.filter { $0 != .portable }
    guard let first = sets.first else { return }  // no C kernels on this CPU: the path is off
    var rng = SplitMix64(seed: 2_026_120 + UInt64(dims))
    var applied = 0
    for index in 0..<40 {
      let c = Self.randomCase(dims: dims, &rng)
      let label = "\(dims)D case \(index): \(c.parameters), input \(c.input.shape), weight \(c.weight.shape)"
      guard let actual = try Self.paired(c, kernels: first, parallelism: nil) else { continue }
      applied += 1
      let expected = try TransposedConvolution.reference(
        input: c.input, weight: c.weight, bias: c.bias, parameters: c.parameters)
      #expect(actual.shape == expected.shape, "\(label)")
      let mismatch = Approximate.firstMismatch(actual.data, expected.data)
      #expect(mismatch == nil, "\(label): \(String(describing: mismatch))")
      let phases = try TransposedConvolution.apply(
        input: c.input, weight: c.weight, bias: c.bias, parameters: c.parameters, parallelism: 1,
        kernels: first,
        pairedPhases: false)
      #expect(phases.data == actual.data, "\(label): differs from the per-phase products")
      for set in sets {
        #expect(
          try Self.paired(c, kernels: set, parallelism: 1)?.data == actual.data,
          "\(label): \(set) on one thread differs")
        let viaApply = try TransposedConvolution.apply(
          input: c.input, weight: c.weight, bias: c.bias, parameters: c.parameters, parallelism: nil,
          kernels: set)
        #expect(viaApply.data == actual.data, "\(label): apply does not take the path")
      }
    }
    // Cases with an odd kernel or dilation 2 along W, or fewer than eight channels, are declined.
    #expect(applied >= 10, "only \(applied) of 40 cases ran the paired path")
  }

  /// The benchmark's layer, small: 64 → 32 channels, k4 s2 p1, taken by the paired path.
  @Test func benchmarkShapeRunsPaired() throws {
    guard let set = KernelSet.supported.last, set != .portable else { return }
    var rng = SplitMix64(seed: 6_433)
    let axis = AxisParameters(stride: 2, padding: 1)
    let c = DifferentialTests.Case(
      input: DifferentialTests.randomTensor([1, 64, 6, 7], &rng),
      weight: DifferentialTests.randomTensor([64, 32, 4, 4], &rng),
      bias: DifferentialTests.randomTensor([32], &rng),
      parameters: ConvTransposeParameters(axes: [axis, axis]))
    let actual = try #require(try Self.paired(c, kernels: set, parallelism: nil))
    let expected = try TransposedConvolution.reference(
      input: c.input, weight: c.weight, bias: c.bias, parameters: c.parameters)
    #expect(Approximate.firstMismatch(actual.data, expected.data) == nil)
  }

  /// The kernels of both phases as terms: k4 s2 p1 reads the repeated row one ahead and one
  /// behind; odd kernels and even dilations (one phase without taps) are declined.
  @Test func termsOfCommonAxes() throws {
    let k4 = try #require(PairedPhaseGEMM.Terms(AxisParameters(stride: 2, padding: 1), kernel: 4, output: 8))
    #expect(k4.taps.map(\.even) == [1, 3] && k4.taps.map(\.odd) == [0, 2])
    #expect(k4.shifts == [1, -1])
    #expect(PairedPhaseGEMM.Terms(AxisParameters(stride: 2, padding: 1), kernel: 3, output: 8) == nil)
    #expect(PairedPhaseGEMM.Terms(AxisParameters(stride: 2, dilation: 2), kernel: 4, output: 14) == nil)
    #expect(PairedPhaseGEMM.Terms(AxisParameters(stride: 3), kernel: 6, output: 14) == nil)
  }
}
