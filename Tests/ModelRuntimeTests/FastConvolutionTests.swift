import CheckerscopeCore
import TestSupport
import Testing
import TransposedConv

@testable import ModelRuntime

/// The fast forward convolution (`FastConvolution`, on the transposed-convolution engine) against the
/// plain loops of `ReferenceWindow.convolution`, over random 1D, 2D and 3D shapes with strides,
/// asymmetric pads (also past the kernel's reach), dilations and groups.
@Suite("FastConvolution agrees with the reference loops")
struct FastConvolutionTests {
  static func int(_ range: ClosedRange<Int>, _ rng: inout SplitMix64) -> Int {
    range.lowerBound + Int(rng.next() % UInt64(range.count))
  }

  static func tensor(_ shape: [Int], _ rng: inout SplitMix64) -> Tensor {
    let count = shape.reduce(1, *)
    return Tensor(shape: shape, data: (0..<count).map { _ in Float(Int(rng.next() % 2001) - 1000) / 1000 })
  }

  /// The sizes of a random window per axis: kernel up to `kernelMax`, strides up to 3 when
  /// `strided`, dilations up to 2 when `dilated`, pads up to one past the kernel's reach (the end
  /// pad equal to the begin pad two times in three), inputs from the least that gives one output to
  /// `extraMax` more; the output extents by ONNX's formula.
  static func randomWindow(
    rank: Int, kernelMax: Int, extraMax: Int, strided: Bool, dilated: Bool, _ rng: inout SplitMix64
  ) -> (
    input: [Int], kernel: [Int], output: [Int], strides: [Int], dilations: [Int], padBegin: [Int],
    padEnd: [Int]
  ) {
    var input: [Int] = []
    var kernel: [Int] = []
    var output: [Int] = []
    var strides: [Int] = []
    var dilations: [Int] = []
    var padBegin: [Int] = []
    var padEnd: [Int] = []
    for _ in 0..<rank {
      let k = int(1...kernelMax, &rng)
      let s = strided ? int(1...3, &rng) : 1
      let d = dilated ? int(1...2, &rng) : 1
      let reach = d * (k - 1)
      let pb = int(0...(reach + 1), &rng)
      let pe = rng.next() % 3 == 0 ? int(0...(reach + 1), &rng) : pb
      let minimum = max(1, reach + 1 - pb - pe)
      let n = int(minimum...(minimum + extraMax), &rng)
      input.append(n)
      kernel.append(k)
      strides.append(s)
      dilations.append(d)
      padBegin.append(pb)
      padEnd.append(pe)
      output.append((n + pb + pe - reach - 1) / s + 1)
    }
    return (input, kernel, output, strides, dilations, padBegin, padEnd)
  }

  /// A random plan of the given rank: strided or dilated (one time in three each; both at once one
  /// time in ten, which the fast path refuses), pads up to one past the kernel's reach.
  static func randomCase(rank: Int, _ rng: inout SplitMix64) -> (Tensor, Tensor, Tensor?, ConvPlan) {
    let groups = int(1...3, &rng)
    let cInPG = int(1...5, &rng)
    let cOutPG = rng.next() % 3 == 0 ? 4 * int(1...2, &rng) : int(1...6, &rng)
    let batch = int(1...2, &rng)
    let both = rng.next() % 10 == 0
    let strided = both || rng.next() % 3 == 0
    let dilated = both || rng.next() % 3 == 0
    let window = randomWindow(
      rank: rank, kernelMax: rank == 3 ? 3 : 5, extraMax: rank == 3 ? 6 : 10, strided: strided,
      dilated: dilated,
      &rng)
    let (input, kernel, output) = (window.input, window.kernel, window.output)
    let (strides, dilations, padBegin, padEnd) = (
      window.strides, window.dilations, window.padBegin, window.padEnd
    )
    let x = tensor([batch, groups * cInPG] + input, &rng)
    let w = tensor([groups * cOutPG, cInPG] + kernel, &rng)
    let b = rng.next() % 2 == 0 ? tensor([groups * cOutPG], &rng) : nil
    let plan = ConvPlan(
      input: x.shape, weight: w.shape, output: [batch, groups * cOutPG] + output, strides: strides,
      dilations: dilations, padBegin: padBegin, padEnd: padEnd, groups: groups)
    return (x, w, b, plan)
  }

  @Test("random cases", arguments: [1, 2, 3])
  func random(rank: Int) throws {
    var rng = SplitMix64(seed: 24 + UInt64(rank))
    var fastRuns = 0
    for index in 0..<(rank == 3 ? 60 : 80) {
      let (x, w, b, plan) = Self.randomCase(rank: rank, &rng)
      let expected = ReferenceWindow.convolution(x, w, b, plan)
      guard let actual = try FastConvolution.apply(x, w, b, plan) else {
        #expect(
          plan.strides.contains { $0 > 1 } && plan.dilations.contains { $0 > 1 }, "case \(index): \(plan)")
        continue
      }
      fastRuns += 1
      #expect(actual.shape == expected.shape, "case \(index): \(plan)")
      let mismatch = Approximate.firstMismatch(actual.data, expected.data, relative: 1e-4, absolute: 1e-4)
      #expect(mismatch == nil, "case \(index): \(plan): \(String(describing: mismatch))")
    }
    #expect(fastRuns >= 40)
  }

  /// MONAI-like 3D layers, large enough for the engine's blocked tiles and several threads.
  @Test(
    "3D network layers",
    arguments: [
      // (channels in, out, size, kernel, stride, pad)
      (4, 8, 12, 3, 1, 1), (8, 16, 12, 3, 2, 1), (16, 16, 7, 3, 1, 1), (6, 3, 9, 1, 1, 0),
      (8, 8, 10, 2, 2, 0),
    ])
  func layers(_ shape: (Int, Int, Int, Int, Int, Int)) throws {
    let (cIn, cOut, size, k, s, p) = shape
    var rng = SplitMix64(seed: UInt64(cIn * 1000 + cOut * 10 + k))
    let x = Self.tensor([1, cIn, size, size, size], &rng)
    let w = Self.tensor([cOut, cIn, k, k, k], &rng)
    let b = Self.tensor([cOut], &rng)
    let o = (size + 2 * p - k) / s + 1
    let plan = ConvPlan(
      input: x.shape, weight: w.shape, output: [1, cOut, o, o, o], strides: [s, s, s], dilations: [1, 1, 1],
      padBegin: [p, p, p], padEnd: [p, p, p], groups: 1)
    let expected = ReferenceWindow.convolution(x, w, b, plan)
    let actual = try #require(try FastConvolution.apply(x, w, b, plan))
    #expect(actual.shape == expected.shape)
    let mismatch = Approximate.firstMismatch(actual.data, expected.data, relative: 1e-4, absolute: 1e-4)
    #expect(mismatch == nil, "\(String(describing: mismatch))")
  }
}
