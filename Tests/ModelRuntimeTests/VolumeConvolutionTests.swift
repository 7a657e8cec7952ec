import CheckerscopeCore
import TestSupport
import Testing
import TransposedConv

@testable import ModelRuntime

/// The 3D convolutions on `FlatCorrelation` (`VolumeConvolution`) against the plain loops of
/// `ReferenceWindow`, with every kernel set this CPU supports: random forward convolutions
/// (strides, asymmetric pads past the kernel's reach, dilations), random transposed convolutions
/// (strides, pads, output extents longer or shorter than the natural one), and layers the size of
/// MONAI's networks so that several threads, bands and channel blocks take part.
@Suite("VolumeConvolution agrees with the reference loops")
struct VolumeConvolutionTests {
  typealias Case = FastConvolutionTests

  static func check(_ actual: Tensor, _ expected: Tensor, _ label: String) {
    #expect(actual.shape == expected.shape, "\(label)")
    let mismatch = Approximate.firstMismatch(actual.data, expected.data, relative: 1e-4, absolute: 1e-4)
    #expect(mismatch == nil, "\(label): \(String(describing: mismatch))")
  }

  @Test("random forward convolutions", arguments: KernelSet.supported)
  func forward(kernels: KernelSet) throws {
    var rng = SplitMix64(seed: 3024)
    var runs = 0
    for index in 0..<60 {
      var (x, w, b, plan) = Case.randomCase(rank: 3, &rng)
      if plan.groups != 1 {
        // One group: keep the first group's channels.
        let cInPG = w.shape[1]
        let cOutPG = w.shape[0] / plan.groups
        x = Tensor(
          shape: [x.shape[0], cInPG] + x.shape[2...],
          data: (0..<x.shape[0]).flatMap { n in
            let plane = x.count / (x.shape[0] * x.shape[1])
            return x.data[(n * x.shape[1] * plane)..<((n * x.shape[1] + cInPG) * plane)]
          })
        w = Tensor(shape: [cOutPG] + w.shape[1...], data: Array(w.data[0..<(w.count / plan.groups)]))
        b = b.map { Tensor(shape: [cOutPG], data: Array($0.data[0..<cOutPG])) }
        plan.input = x.shape
        plan.weight = w.shape
        plan.output[1] = cOutPG
        plan.groups = 1
      }
      let expected = ReferenceWindow.convolution(x, w, b, plan)
      guard let actual = try VolumeConvolution.convolution(x, w, b, plan, kernels: kernels) else {
        #expect(plan.strides.contains { $0 > 1 } && plan.dilations.contains { $0 > 1 }, "case \(index)")
        continue
      }
      runs += 1
      Self.check(actual, expected, "case \(index): \(plan)")
    }
    #expect(runs >= 40)
  }

  @Test("random transposed convolutions", arguments: KernelSet.supported)
  func transposed(kernels: KernelSet) throws {
    var rng = SplitMix64(seed: 4024)
    for index in 0..<60 {
      let cIn = Case.int(1...5, &rng)
      let cOut = Case.int(1...9, &rng)
      let batch = Case.int(1...2, &rng)
      var input: [Int] = []
      var kernel: [Int] = []
      var strides: [Int] = []
      var pads: [Int] = []
      var output: [Int] = []
      for _ in 0..<3 {
        let k = Case.int(1...4, &rng)
        let s = Case.int(1...3, &rng)
        let n = Case.int(1...6, &rng)
        let natural = (n - 1) * s + k
        let p = Case.int(0...(k - 1), &rng)
        // Output extents from 1 up to s − 1 past the padded natural one (output padding).
        let o = Case.int(1...(natural - p + s - 1), &rng)
        input.append(n)
        kernel.append(k)
        strides.append(s)
        pads.append(p)
        output.append(o)
      }
      let x = Case.tensor([batch, cIn] + input, &rng)
      let w = Case.tensor([cIn, cOut] + kernel, &rng)
      let b = rng.next() % 2 == 0 ? Case.tensor([cOut], &rng) : nil
      let expected = ReferenceWindow.transposed(
        x, w, b, output: [batch, cOut] + output, strides: strides, dilations: [1, 1, 1], padBegin: pads,
        groups: 1)
      let actual = try #require(
        try VolumeConvolution.transposed(
          x, w, b, strides: strides, dilations: [1, 1, 1], padBegin: pads, output: output, groups: 1,
          kernels: kernels))
      Self.check(actual, expected, "case \(index): \(input) k \(kernel) s \(strides) p \(pads) → \(output)")
    }
  }

  /// MONAI-like layers: (channels in, out, size, kernel, stride, pad) forward and the upsampling
  /// transposed convolutions (kernel 2 or 3, stride 2) of DynUNet, BasicUNet and UNet.
  @Test(
    "3D network layers",
    arguments: [(4, 8, 10, 3, 1, 1), (8, 16, 9, 3, 2, 1), (6, 3, 9, 1, 1, 0), (8, 8, 8, 2, 2, 0)])
  func layers(_ shape: (Int, Int, Int, Int, Int, Int)) throws {
    try Self.layer(shape)
  }

  /// Larger layers: many bands and channel blocks per thread.
  @Test(
    "larger 3D network layers", .tags(.slow), .onlyWithSlowTests,
    arguments: [(16, 16, 12, 3, 1, 1), (12, 20, 20, 3, 1, 1), (16, 8, 16, 3, 2, 1)])
  func largerLayers(_ shape: (Int, Int, Int, Int, Int, Int)) throws {
    try Self.layer(shape)
  }

  /// A layer wide enough for Winograd's F(2×2×2, 3×3×3) (`Winograd3D.applies` on the C sets; the
  /// portable set runs it on `FlatCorrelation`): the engine's result against the reference loops.
  @Test("a 3×3×3 layer on the Winograd path")
  func winogradLayer() throws {
    var rng = SplitMix64(seed: 5024)
    let x = Case.tensor([1, 16, 9, 8, 17], &rng)
    let w = Case.tensor([18, 16, 3, 3, 3], &rng)
    let b = Case.tensor([18], &rng)
    let plan = ConvPlan(
      input: x.shape, weight: w.shape, output: [1, 18, 9, 8, 17], strides: [1, 1, 1], dilations: [1, 1, 1],
      padBegin: [1, 1, 1], padEnd: [1, 1, 1], groups: 1)
    let expected = ReferenceWindow.convolution(x, w, b, plan)
    for kernels in KernelSet.supported {
      #expect(
        Winograd3D.applies(
          inputChannels: 16, outputChannels: 18, kernel: [3, 3, 3], strides: plan.strides,
          dilations: plan.dilations, groups: 1, output: [9, 8, 17], kernels: kernels)
          == (kernels != .portable))
      Self.check(
        try #require(try VolumeConvolution.convolution(x, w, b, plan, kernels: kernels)), expected,
        "\(kernels) Winograd layer")
    }
  }

  /// The AVX2 and AVX-512 sets give the same bits on the 3D paths: strided forward layers on
  /// `FlatCorrelation` (48-position tiles and a last 24), a transposed layer, and Winograd layers
  /// with an even and an odd number of eight-tile groups per row (the AVX-512 input transform
  /// takes two groups at a time, an odd last one on the AVX2 kernel).
  @Test("AVX2 and AVX-512 agree bit for bit in 3D")
  func setsAgree() throws {
    guard KernelSet.avx512.isSupported else { return }
    var rng = SplitMix64(seed: 6024)
    // (channels in, out, depth, height, width, kernel, stride, pad)
    let shapes = [
      (5, 9, 7, 6, 53, 3, 2, 1), (4, 8, 5, 9, 31, 2, 1, 0), (16, 18, 8, 8, 64, 3, 1, 1),
      (16, 16, 8, 9, 45, 3, 1, 1), (17, 16, 9, 8, 81, 3, 1, 1),
    ]
    for (cIn, cOut, d, h, w, k, s, p) in shapes {
      #expect(
        Winograd3D.applies(
          inputChannels: cIn, outputChannels: cOut, kernel: [k, k, k], strides: [s, s, s],
          dilations: [1, 1, 1], groups: 1, output: [d, h, w], kernels: .avx512) == (cIn >= 16))
      let x = Case.tensor([1, cIn, d, h, w], &rng)
      let weight = Case.tensor([cOut, cIn, k, k, k], &rng)
      let b = Case.tensor([cOut], &rng)
      let output = [d, h, w].map { ($0 + 2 * p - k) / s + 1 }
      let plan = ConvPlan(
        input: x.shape, weight: weight.shape, output: [1, cOut] + output, strides: [s, s, s],
        dilations: [1, 1, 1], padBegin: [p, p, p], padEnd: [p, p, p], groups: 1)
      let avx2 = try #require(try VolumeConvolution.convolution(x, weight, b, plan, kernels: .avx2))
      let avx512 = try #require(try VolumeConvolution.convolution(x, weight, b, plan, kernels: .avx512))
      #expect(avx2.data == avx512.data, "forward \(plan)")
      Self.check(avx512, ReferenceWindow.convolution(x, weight, b, plan), "forward \(plan)")
    }
    let xt = Case.tensor([1, 6, 5, 7, 29], &rng)
    let wt = Case.tensor([6, 10, 2, 2, 2], &rng)
    let transposed = try [KernelSet.avx2, .avx512].map { kernels in
      try #require(
        try VolumeConvolution.transposed(
          xt, wt, nil, strides: [2, 2, 2], dilations: [1, 1, 1], padBegin: [0, 0, 0], output: [10, 14, 58],
          groups: 1, kernels: kernels))
    }
    #expect(transposed[0].data == transposed[1].data, "transposed")
  }

  static func layer(_ shape: (Int, Int, Int, Int, Int, Int)) throws {
    let (cIn, cOut, size, k, s, p) = shape
    for kernels in KernelSet.supported {
      var rng = SplitMix64(seed: UInt64(cIn * 1000 + cOut * 10 + k))
      let x = Case.tensor([1, cIn, size, size, size], &rng)
      let w = Case.tensor([cOut, cIn, k, k, k], &rng)
      let b = Case.tensor([cOut], &rng)
      let o = (size + 2 * p - k) / s + 1
      let plan = ConvPlan(
        input: x.shape, weight: w.shape, output: [1, cOut, o, o, o], strides: [s, s, s],
        dilations: [1, 1, 1], padBegin: [p, p, p], padEnd: [p, p, p], groups: 1)
      check(
        try #require(try VolumeConvolution.convolution(x, w, b, plan, kernels: kernels)),
        ReferenceWindow.convolution(x, w, b, plan), "\(kernels) forward \(shape)")
      // The matching upsampling layer back to about `size`, as the decoders have it.
      let xt = Case.tensor([1, cOut, o, o, o], &rng)
      let wt = Case.tensor([cOut, cIn, k, k, k], &rng)
      let bt = Case.tensor([cIn], &rng)
      let up = (o - 1) * s + k - 2 * p + (s > 1 && k % 2 == 1 ? 1 : 0)
      check(
        try #require(
          try VolumeConvolution.transposed(
            xt, wt, bt, strides: [s, s, s], dilations: [1, 1, 1], padBegin: [p, p, p], output: [up, up, up],
            groups: 1, kernels: kernels)),
        ReferenceWindow.transposed(
          xt, wt, bt, output: [1, cIn, up, up, up], strides: [s, s, s], dilations: [1, 1, 1],
          padBegin: [p, p, p], groups: 1),
        "\(kernels) transposed \(shape)")
    }
  }
}
