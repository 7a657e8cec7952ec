import CheckerscopeCore
import Foundation
import TestSupport
import Testing

@testable import TransposedConv

/// The blocked path's micro-kernels on 3D layers: every kernel set this CPU supports (C and
/// Swift) against the literal reference, serial against parallel, AVX2 against AVX-512.
@Suite struct KernelSet3DTests {
  /// A random 3D configuration the four-channel tiles apply to (rows up to 40 positions).
  static func randomBlockedCase(_ rng: inout SplitMix64) -> DifferentialTests.Case {
    DifferentialTests.randomBlockedCase(
      .init(
        groups: 1...2, inputs: 1...8, wideInputs: 33...36, wideOneIn: 5, channelBlock: 4,
        axes: [(1...4, 1...4, 1...3), (1...4, 1...4, 1...3), (1...40, 1...4, 1...3)], maximumOutput: 80_000),
      &rng)
  }

  @Test func everySupportedKernelSetMatchesReferenceIn3D() throws {
    var rng = SplitMix64(seed: 3_003)
    // 24 random cases by default, 80 with CHECKERSCOPE_SLOW_TESTS=1 (CI).
    for index in 0..<(SlowTests.enabled ? 80 : 24) {
      let c = Self.randomBlockedCase(&rng)
      let expected = try TransposedConvolution.reference(
        input: c.input, weight: c.weight, bias: c.bias, parameters: c.parameters)
      var results: [KernelSet: Tensor] = [:]
      for set in KernelSet.supported {
        let parallel = try TransposedConvolution.apply(
          input: c.input, weight: c.weight, bias: c.bias, parameters: c.parameters, parallelism: nil,
          kernels: set)
        let serial = try TransposedConvolution.apply(
          input: c.input, weight: c.weight, bias: c.bias, parameters: c.parameters, parallelism: 1,
          kernels: set)
        let label = "case \(index), \(set): \(c.parameters), input \(c.input.shape), weight \(c.weight.shape)"
        #expect(parallel.data == serial.data, "\(label): threads changed the result")
        #expect(parallel.shape == expected.shape, "\(label)")
        let mismatch = Approximate.firstMismatch(parallel.data, expected.data)
        #expect(mismatch == nil, "\(label): \(String(describing: mismatch))")
        results[set] = parallel
      }
      if let avx2 = results[.avx2], let avx512 = results[.avx512] {
        #expect(avx2.data == avx512.data, "case \(index): AVX2 and AVX-512 kernels differ")
      }
    }
  }

  /// The combined gather lists of a 3D layer: each output row's pairs are the product of the D
  /// and H lists, in increasing flattened-tap order, with flattened input rows (`d·H + h`).
  @Test func outerPairsAreTheProductOfTheAxisLists() {
    let d = AxisParameters(stride: 2, padding: 1)
    let h = AxisParameters(stride: 3, paddingBegin: 0, paddingEnd: 2, outputPadding: 1, dilation: 2)
    let w = AxisParameters()
    let gather = OuterGather(axes: [d, h, w], input: [3, 4, 5], kernel: [4, 3, 2], output: [6, 13, 6])
    gather.withPairs { pairs in
      let taps = UnsafeMutablePointer<Int>.allocate(capacity: gather.maxPairs)
      let inputs = UnsafeMutablePointer<Int>.allocate(capacity: gather.maxPairs)
      defer {
        taps.deallocate()
        inputs.deallocate()
      }
      for od in 0..<6 {
        for oh in 0..<13 {
          // Brute force from the scatter rule o = i·stride + j·dilation − paddingBegin.
          var expected: [(tap: Int, input: Int)] = []
          for jd in 0..<4 {
            for jh in 0..<3 {
              for id in 0..<3 where id * 2 + jd - 1 == od {
                for ih in 0..<4 where ih * 3 + jh * 2 == oh {
                  expected.append((jd * 3 + jh, id * 4 + ih))
                }
              }
            }
          }
          let count = pairs.pairs(row: od * 13 + oh, taps: taps, inputs: inputs)
          #expect(count == expected.count, "row (\(od), \(oh))")
          #expect(count <= gather.maxPairs)
          for p in 0..<min(count, expected.count) {
            #expect(
              taps[p] == expected[p].tap && inputs[p] == expected[p].input, "row (\(od), \(oh)), pair \(p)")
          }
        }
      }
    }
  }
}
