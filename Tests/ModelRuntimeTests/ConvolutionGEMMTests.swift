import CheckerscopeCore
import TestSupport
import Testing
import TransposedConv

@testable import ModelRuntime

/// The GEMM path of 1D/2D `Conv` (`ConvolutionGEMM`, the C kernels) against the plain loops of
/// `ReferenceWindow.convolution`, on random shapes with at least eight output channels per group:
/// strides, dilations (also both at once), asymmetric pads past the kernel's reach, groups, planes
/// whose positions end inside a register tile. Each C kernel set the CPU runs, one thread and all
/// threads, must give the same bits.
@Suite("ConvolutionGEMM agrees with the reference loops")
struct ConvolutionGEMMTests {
  typealias Case = (x: Tensor, w: Tensor, b: Tensor?, plan: ConvPlan)

  static func randomCase(rank: Int, _ rng: inout SplitMix64) -> Case {
    let int = FastConvolutionTests.int
    let groups = int(1...2, &rng)
    let cInPG = int(1...9, &rng)
    let cOutPG = int(8...27, &rng)
    let batch = int(1...2, &rng)
    let strided = rng.next() % 2 == 0
    let dilated = rng.next() % 3 == 0
    let window = FastConvolutionTests.randomWindow(
      rank: rank, kernelMax: rank == 1 ? 9 : 5, extraMax: rank == 1 ? 70 : 40, strided: strided,
      dilated: dilated,
      &rng)
    let (input, kernel, output) = (window.input, window.kernel, window.output)
    let (strides, dilations, padBegin, padEnd) = (
      window.strides, window.dilations, window.padBegin, window.padEnd
    )
    let x = FastConvolutionTests.tensor([batch, groups * cInPG] + input, &rng)
    let w = FastConvolutionTests.tensor([groups * cOutPG, cInPG] + kernel, &rng)
    let b = rng.next() % 2 == 0 ? FastConvolutionTests.tensor([groups * cOutPG], &rng) : nil
    let plan = ConvPlan(
      input: x.shape, weight: w.shape, output: [batch, groups * cOutPG] + output, strides: strides,
      dilations: dilations, padBegin: padBegin, padEnd: padEnd, groups: groups)
    return (x, w, b, plan)
  }

  static func gemm(
    _ c: Case, kernels: KernelSet, parallelism: Int?, algorithm: ConvolutionGEMM.Algorithm = .automatic
  ) -> Tensor? {
    ConvolutionGEMM.apply(
      input: c.x, weight: c.w, bias: c.b, strides: c.plan.strides, dilations: c.plan.dilations,
      padBegin: c.plan.padBegin, output: Array(c.plan.output[2...]), groups: c.plan.groups, kernels: kernels,
      parallelism: parallelism, algorithm: algorithm)
  }

  @Test("random cases", arguments: [1, 2])
  func random(rank: Int) throws {
    let sets = KernelSet.supported.filter { $0 != .portable }
    guard let first = sets.first else { return }  // no C kernels on this CPU: the path is off
    var rng = SplitMix64(seed: 2400 + UInt64(rank))
    var runs = 0
    for index in 0..<60 {
      let c = Self.randomCase(rank: rank, &rng)
      let expected = ReferenceWindow.convolution(c.x, c.w, c.b, c.plan)
      guard let actual = Self.gemm(c, kernels: first, parallelism: nil) else { continue }
      runs += 1
      #expect(actual.shape == expected.shape, "case \(index): \(c.plan)")
      let mismatch = Approximate.firstMismatch(actual.data, expected.data, relative: 1e-4, absolute: 1e-4)
      #expect(mismatch == nil, "case \(index): \(c.plan): \(String(describing: mismatch))")
      for set in sets {
        #expect(Self.gemm(c, kernels: set, parallelism: 1)?.data == actual.data, "case \(index), \(set)")
      }
    }
    #expect(runs >= 30)
  }

  /// Layers the size of real networks' (several threads, full and partial tiles, the wide-row
  /// scratch, im2col): against the reference within 1e-4, and the same bits on one thread.
  @Test(
    "network layers",
    arguments: [
      // (channels in, out, size, kernel, stride, pad)
      (16, 32, 33, 3, 1, 1), (8, 24, 40, 7, 2, 3), (32, 16, 17, 1, 1, 0), (24, 40, 20, 3, 2, 1),
      (16, 12, 64, 1, 2, 0), (8, 16, 30, 3, 1, 1), (40, 24, 9, 3, 1, 0),
    ])
  func layers(_ shape: (Int, Int, Int, Int, Int, Int)) throws {
    guard let set = KernelSet.supported.last, set != .portable else { return }
    let (cIn, cOut, size, k, s, p) = shape
    var rng = SplitMix64(seed: UInt64(cIn * 1000 + cOut * 10 + k))
    let x = FastConvolutionTests.tensor([1, cIn, size, size], &rng)
    let w = FastConvolutionTests.tensor([cOut, cIn, k, k], &rng)
    let b = FastConvolutionTests.tensor([cOut], &rng)
    let o = (size + 2 * p - k) / s + 1
    let plan = ConvPlan(
      input: x.shape, weight: w.shape, output: [1, cOut, o, o], strides: [s, s], dilations: [1, 1],
      padBegin: [p, p], padEnd: [p, p], groups: 1)
    let c: Case = (x, w, b, plan)
    let expected = ReferenceWindow.convolution(x, w, b, plan)
    let actual = try #require(Self.gemm(c, kernels: set, parallelism: nil))
    let mismatch = Approximate.firstMismatch(actual.data, expected.data, relative: 1e-4, absolute: 1e-4)
    #expect(mismatch == nil, "\(String(describing: mismatch))")
    #expect(Self.gemm(c, kernels: set, parallelism: 1)?.data == actual.data)
  }

  /// 3×3 stride-1 layers with 16 or more channels each way (Winograd F(2×2, 3×3)): odd and even
  /// sizes, pads 0–2 on each side, groups and batches.
  @Test("Winograd layers")
  func winograd() throws {
    let sets = KernelSet.supported.filter { $0 != .portable }
    guard let first = sets.first else { return }
    let int = FastConvolutionTests.int
    var rng = SplitMix64(seed: 2_433)
    for index in 0..<12 {
      let groups = int(1...2, &rng)
      let (cInPG, cOutPG, batch) = (int(16...20, &rng), int(16...20, &rng), int(1...2, &rng))
      let (pt, pl, pb, pr) = (int(0...2, &rng), int(0...2, &rng), int(0...2, &rng), int(0...2, &rng))
      let (h, w) = (int(4...19, &rng), int(4...19, &rng))
      let x = FastConvolutionTests.tensor([batch, groups * cInPG, h, w], &rng)
      let weight = FastConvolutionTests.tensor([groups * cOutPG, cInPG, 3, 3], &rng)
      let b = index % 2 == 0 ? FastConvolutionTests.tensor([groups * cOutPG], &rng) : nil
      let plan = ConvPlan(
        input: x.shape, weight: weight.shape,
        output: [batch, groups * cOutPG, h + pt + pb - 2, w + pl + pr - 2],
        strides: [1, 1], dilations: [1, 1], padBegin: [pt, pl], padEnd: [pb, pr], groups: groups)
      let c: Case = (x, weight, b, plan)
      let expected = ReferenceWindow.convolution(x, weight, b, plan)
      let actual = try #require(Self.gemm(c, kernels: first, parallelism: nil, algorithm: .winograd))
      let mismatch = Approximate.firstMismatch(actual.data, expected.data, relative: 1e-4, absolute: 1e-4)
      #expect(mismatch == nil, "case \(index): \(plan): \(String(describing: mismatch))")
      for set in sets {
        #expect(
          Self.gemm(c, kernels: set, parallelism: 1, algorithm: .winograd)?.data == actual.data,
          "case \(index), \(set)")
      }
      // The direct product of the same layer: within the tolerance of the reference too.
      let direct = try #require(Self.gemm(c, kernels: first, parallelism: nil, algorithm: .direct))
      #expect(
        Approximate.firstMismatch(direct.data, expected.data, relative: 1e-4, absolute: 1e-4) == nil,
        "case \(index) direct")
    }
  }

  /// 1D 1×1 layers (no wide-row positions to drop) of every output length 1…70, one thread: each
  /// count of positions a 16-wide (AVX2) or 32-wide (AVX-512) register tile can end on, masked
  /// loads and stores included. Against the
  /// reference within 1e-4, and every C set the CPU runs gives the first one's bits.
  @Test("every tail of a register tile")
  func tails() throws {
    let sets = KernelSet.supported.filter { $0 != .portable }
    guard let first = sets.first else { return }
    var rng = SplitMix64(seed: 2_477)
    for length in 1...70 {
      let x = FastConvolutionTests.tensor([1, 16, length], &rng)
      let w = FastConvolutionTests.tensor([13, 16, 1], &rng)
      let b = FastConvolutionTests.tensor([13], &rng)
      let plan = ConvPlan(
        input: x.shape, weight: w.shape, output: [1, 13, length], strides: [1], dilations: [1],
        padBegin: [0], padEnd: [0], groups: 1)
      let c: Case = (x, w, b, plan)
      let expected = ReferenceWindow.convolution(x, w, b, plan)
      let actual = try #require(Self.gemm(c, kernels: first, parallelism: 1))
      let mismatch = Approximate.firstMismatch(actual.data, expected.data, relative: 1e-4, absolute: 1e-4)
      #expect(mismatch == nil, "length \(length): \(String(describing: mismatch))")
      for set in sets.dropFirst() {
        #expect(Self.gemm(c, kernels: set, parallelism: 1)?.data == actual.data, "length \(length), \(set)")
      }
    }
  }

  @Test("the portable set and 3D stay on the engine")
  func refusals() {
    #expect(
      !ConvolutionGEMM.applies(
        rank: 2, inputChannels: 16, outputChannels: 16, kernel: [3, 3], groups: 1, kernels: .portable))
    #expect(
      !ConvolutionGEMM.applies(
        rank: 3, inputChannels: 16, outputChannels: 16, kernel: [3, 3, 3], groups: 1, kernels: .avx2))
    #expect(
      !ConvolutionGEMM.applies(
        rank: 2, inputChannels: 16, outputChannels: 16, kernel: [3, 3], groups: 16, kernels: .avx2))
  }
}
