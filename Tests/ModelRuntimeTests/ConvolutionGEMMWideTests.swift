import CheckerscopeCore
import TestSupport
import Testing

@testable import ModelRuntime
@testable import TransposedConv

/// The GEMM paths on layers wide enough for automatic Winograd (32+ channels each way, 128+
/// together), long sums (`k` in the thousands, so the C kernel's position blocks shrink below 256
/// and end inside a tile) and packed weights reused from `PackedWeightCache`: against the plain
/// loops of `ReferenceWindow.convolution` within 1e-4, the same bits on one thread and on all.
@Suite("ConvolutionGEMM on wide layers and cached weights")
struct ConvolutionGEMMWideTests {
  typealias Case = ConvolutionGEMMTests.Case

  static func layer(
    cIn: Int, cOut: Int, size: (Int, Int), k: Int, stride: Int, pad: (Int, Int, Int, Int), dilation: Int = 1,
    groups: Int = 1, batch: Int = 1, seed: UInt64
  ) -> Case {
    var rng = SplitMix64(seed: seed)
    let x = FastConvolutionTests.tensor([batch, cIn, size.0, size.1], &rng)
    let w = FastConvolutionTests.tensor([cOut, cIn / groups, k, k], &rng)
    let b = FastConvolutionTests.tensor([cOut], &rng)
    let reach = dilation * (k - 1)
    let outH = (size.0 + pad.0 + pad.2 - reach - 1) / stride + 1
    let outW = (size.1 + pad.1 + pad.3 - reach - 1) / stride + 1
    let plan = ConvPlan(
      input: x.shape, weight: w.shape, output: [batch, cOut, outH, outW], strides: [stride, stride],
      dilations: [dilation, dilation], padBegin: [pad.0, pad.1], padEnd: [pad.2, pad.3], groups: groups)
    return (x, w, b, plan)
  }

  static let layers: [Case] = [
    // Automatic Winograd: odd sizes, asymmetric pads, a batch of two, two groups.
    layer(cIn: 70, cOut: 130, size: (11, 13), k: 3, stride: 1, pad: (1, 0, 2, 1), batch: 2, seed: 1),
    layer(cIn: 2 * 130, cOut: 2 * 64, size: (9, 7), k: 3, stride: 1, pad: (1, 1, 1, 1), groups: 2, seed: 2),
    // Long sums on the direct product: strided im2col with k = 1800 (position blocks of 48).
    layer(cIn: 200, cOut: 20, size: (13, 15), k: 3, stride: 2, pad: (1, 1, 0, 1), seed: 3),
    // Dilated 3×3 (never Winograd), k = 1152, padded planes.
    layer(cIn: 128, cOut: 14, size: (17, 19), k: 3, stride: 1, pad: (2, 2, 2, 2), dilation: 2, seed: 4),
    // 1×1 stride 2 and a 7×7 stride-2 stem on three channels.
    layer(cIn: 96, cOut: 40, size: (15, 9), k: 1, stride: 2, pad: (0, 0, 0, 0), seed: 5),
    layer(cIn: 3, cOut: 24, size: (37, 29), k: 7, stride: 2, pad: (3, 3, 3, 3), seed: 6),
  ]

  @Test("wide layers against the reference", arguments: 0..<6)
  func wide(index: Int) throws {
    guard let set = KernelSet.supported.last, set != .portable else { return }
    let c = Self.layers[index]
    let expected = ReferenceWindow.convolution(c.x, c.w, c.b, c.plan)
    let actual = try #require(ConvolutionGEMMTests.gemm(c, kernels: set, parallelism: nil))
    #expect(actual.shape == expected.shape)
    let mismatch = Approximate.firstMismatch(actual.data, expected.data, relative: 1e-4, absolute: 1e-4)
    #expect(mismatch == nil, "\(c.plan): \(String(describing: mismatch))")
    // Again (packed weights from the cache when they are large enough) and on one thread.
    #expect(ConvolutionGEMMTests.gemm(c, kernels: set, parallelism: nil)?.data == actual.data)
    #expect(ConvolutionGEMMTests.gemm(c, kernels: set, parallelism: 1)?.data == actual.data)
  }

  /// Fresh weights of one size, one after another: were a cached packing found again under a
  /// reused address, a later layer would come out with an earlier one's weights.
  @Test("the cache never answers for other weights")
  func freshWeights() throws {
    guard let set = KernelSet.supported.last, set != .portable else { return }
    var rng = SplitMix64(seed: 99)
    let x = FastConvolutionTests.tensor([1, 64, 10, 10], &rng)
    for round in 0..<3 {
      for algorithm in [ConvolutionGEMM.Algorithm.direct, .winograd] {
        // 64·64·9 = 36 864 weights: above the cache's smallest.
        let w = FastConvolutionTests.tensor([64, 64, 3, 3], &rng)
        let plan = ConvPlan(
          input: x.shape, weight: w.shape, output: [1, 64, 10, 10], strides: [1, 1], dilations: [1, 1],
          padBegin: [1, 1], padEnd: [1, 1], groups: 1)
        let c: Case = (x, w, nil, plan)
        let expected = ReferenceWindow.convolution(x, w, nil, plan)
        let actual = try #require(
          ConvolutionGEMMTests.gemm(c, kernels: set, parallelism: nil, algorithm: algorithm))
        let mismatch = Approximate.firstMismatch(actual.data, expected.data, relative: 1e-4, absolute: 1e-4)
        #expect(mismatch == nil, "round \(round), \(algorithm): \(String(describing: mismatch))")
      }
    }
  }

  @Test("a weight changed by its owner is packed anew")
  func copyOnWrite() throws {
    guard let set = KernelSet.supported.last, set != .portable else { return }
    var rng = SplitMix64(seed: 98)
    let x = FastConvolutionTests.tensor([1, 32, 12, 12], &rng)
    let w = FastConvolutionTests.tensor([64, 32, 3, 3], &rng)
    let plan = ConvPlan(
      input: x.shape, weight: w.shape, output: [1, 64, 12, 12], strides: [1, 1], dilations: [1, 1],
      padBegin: [1, 1], padEnd: [1, 1], groups: 1)
    // Twice: the cache keeps a packing from its second request on.
    for _ in 0..<2 {
      _ = try #require(ConvolutionGEMMTests.gemm((x, w, nil, plan), kernels: set, parallelism: nil))
    }
    var data = w.data
    for i in stride(from: 0, to: data.count, by: 7) { data[i] = -data[i] }
    let changed = Tensor(shape: w.shape, data: data)
    let expected = ReferenceWindow.convolution(x, changed, nil, plan)
    let actual = try #require(
      ConvolutionGEMMTests.gemm((x, changed, nil, plan), kernels: set, parallelism: nil))
    #expect(Approximate.firstMismatch(actual.data, expected.data, relative: 1e-4, absolute: 1e-4) == nil)
  }

  /// The banded schedule (small bands forced by a small budget) against the phased one: the
  /// same bits, one thread or two, and the reference within 1e-4 (odd sizes, asymmetric pads,
  /// two groups, a batch of two, a last band shorter than the others).
  @Test("banded Winograd gives the phased schedule's bits")
  func banded() throws {
    guard let set = KernelSet.supported.last, set != .portable else { return }
    var rng = SplitMix64(seed: 97)
    let (groups, cInPG, cOutPG, batch) = (2, 18, 20, 2)
    let (h, w, pt, pl, pb, pr) = (37, 23, 1, 2, 0, 1)
    let (outH, outW) = (h + pt + pb - 2, w + pl + pr - 2)
    let x = FastConvolutionTests.tensor([batch, groups * cInPG, h, w], &rng)
    let weight = FastConvolutionTests.tensor([groups * cOutPG, cInPG, 3, 3], &rng)
    let bias = FastConvolutionTests.tensor([groups * cOutPG], &rng)
    let shape = ConvolutionGEMM.Shape(
      batch: batch, cIn: groups * cInPG, cOut: groups * cOutPG, groups: groups, input: [h, w],
      kernel: [3, 3],
      output: [outH, outW], strides: [1, 1], dilations: [1, 1], padBegin: [pt, pl])
    let tilesH = (outH + 1) / 2
    let tilesW = (outW + 1) / 2
    #expect(Winograd.bandRows(shape, tilesH: tilesH, tilesW: tilesW, budget: 1 << 30) == nil)
    #expect(Winograd.bandRows(shape, tilesH: tilesH, tilesW: tilesW, budget: 1) == 2)
    func run(budget: Int, workers: Int) -> [Float] {
      var y = [Float](repeating: .nan, count: batch * groups * cOutPG * outH * outW)
      x.data.withUnsafeBufferPointer { xb in
        weight.data.withUnsafeBufferPointer { wb in
          y.withUnsafeMutableBufferPointer { yb in
            guard let xp = xb.baseAddress, let wp = wb.baseAddress, let yp = yb.baseAddress else { return }
            Winograd.run(
              shape, x: xp, w: wp, weights: weight.data, bias: bias.data, y: yp, kernels: set,
              workers: workers,
              bandBudget: budget)
          }
        }
      }
      return y
    }
    let phased = run(budget: 1 << 30, workers: 2)
    let plan = ConvPlan(
      input: x.shape, weight: weight.shape, output: [batch, groups * cOutPG, outH, outW], strides: [1, 1],
      dilations: [1, 1], padBegin: [pt, pl], padEnd: [pb, pr], groups: groups)
    let expected = ReferenceWindow.convolution(x, weight, bias, plan)
    #expect(Approximate.firstMismatch(phased, expected.data, relative: 1e-4, absolute: 1e-4) == nil)
    #expect(run(budget: 1, workers: 2) == phased)
    #expect(run(budget: 1, workers: 1) == phased)
  }

  @Test("Winograd runs automatically only on wide channels")
  func winogradChoice() {
    func shape(_ cIn: Int, _ cOut: Int, _ size: Int) -> ConvolutionGEMM.Shape {
      ConvolutionGEMM.Shape(
        batch: 1, cIn: cIn, cOut: cOut, groups: 1, input: [size, size], kernel: [3, 3], output: [size, size],
        strides: [1, 1], dilations: [1, 1], padBegin: [1, 1])
    }
    #expect(Winograd.applies(shape(128, 128, 32)))
    #expect(Winograd.applies(shape(192, 64, 64)))
    #expect(Winograd.applies(shape(64, 64, 64)))
    #expect(Winograd.applies(shape(128, 32, 128)))
    #expect(!Winograd.applies(shape(32, 32, 128)))
    #expect(!Winograd.applies(shape(32, 16, 256)))
    #expect(!Winograd.applies(shape(4, 512, 32)))
    #expect(Winograd.eligible(shape(16, 16, 8)))
    #expect(!Winograd.eligible(shape(512, 512, 3)))
  }
}
