import CheckerscopeCore
import TestSupport
import Testing
import TransposedConv

/// Upsampling, stride-1 convolution, pixel shuffle and ICNR against hand-computed cases.
@Suite struct CompanionOpsTests {
  func expectClose(_ actual: Tensor, _ shape: [Int], _ expected: [Float], _ note: String = "") {
    #expect(actual.shape == shape, "\(note)")
    #expect(
      Approximate.firstMismatch(actual.data, expected, relative: 1e-6, absolute: 1e-6) == nil,
      "\(note): \(actual.data)")
  }

  @Test func nearest1D() throws {
    let x = Tensor(shape: [1, 1, 3], data: [1, 2, 3])
    expectClose(try Upsampling.nearest(x, factor: [2]), [1, 1, 6], [1, 1, 2, 2, 3, 3])
  }

  @Test func nearest2DWithPerAxisFactors() throws {
    let x = Tensor(shape: [1, 1, 2, 2], data: [1, 2, 3, 4])
    expectClose(
      try Upsampling.nearest(x, factor: [2, 3]), [1, 1, 4, 6],
      [1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 3, 3, 3, 4, 4, 4])
  }

  /// `src = max(0, (o + 0.5)/f − 0.5)`: for [0, 4] and f = 2 the sources are 0, 0.25, 0.75, 1.25.
  @Test func bilinear1DFactor2() throws {
    let x = Tensor(shape: [1, 1, 2], data: [0, 4])
    expectClose(try Upsampling.bilinear(x, factor: [2]), [1, 1, 4], [0, 1, 3, 4])
  }

  /// f = 4 on [0, 8]: sources −0.375→0, −0.125→0, 0.125, 0.375, 0.625, 0.875, 1.125→8, 1.375→8.
  @Test func bilinear1DFactor4() throws {
    let x = Tensor(shape: [1, 1, 2], data: [0, 8])
    expectClose(try Upsampling.bilinear(x, factor: [4]), [1, 1, 8], [0, 0, 1, 3, 5, 7, 8, 8])
  }

  /// Rows [0,4] and [8,12] become [0,1,3,4] and [8,9,11,12]; rows mix 1:0, ¾:¼, ¼:¾, 0:1.
  @Test func bilinear2D() throws {
    let x = Tensor(shape: [1, 1, 2, 2], data: [0, 4, 8, 12])
    expectClose(
      try Upsampling.bilinear(x, factor: [2]), [1, 1, 4, 4],
      [0, 1, 3, 4, 2, 3, 5, 6, 6, 7, 9, 10, 8, 9, 11, 12])
  }

  @Test func upsamplingRefusals() {
    let x = Tensor(shape: [1, 1, 2, 2], data: [0, 4, 8, 12])
    #expect(throws: ConvTransposeError.self) { try Upsampling.nearest(x, factor: [0]) }
    #expect(throws: ConvTransposeError.axisCountMismatch(expected: 2, actual: 3)) {
      try Upsampling.bilinear(x, factor: [2, 2, 2])
    }
    #expect(throws: ConvTransposeError.self) {
      try Upsampling.nearest(Tensor(shape: [4], data: [1, 2, 3, 4]), factor: [2])
    }
  }

  /// Cross-correlation with [1, 0, −1] and padding 1: y[o] = x[o−1] − x[o+1].
  @Test func conv1DCrossCorrelationWithPaddingAndBias() throws {
    let x = Tensor(shape: [1, 1, 3], data: [1, 2, 3])
    let w = Tensor(shape: [1, 1, 3], data: [1, 0, -1])
    let b = Tensor(shape: [1], data: [0.5])
    expectClose(
      try Convolution.apply(input: x, weight: w, bias: b, padding: [1]), [1, 1, 3], [-1.5, -1.5, 2.5])
  }

  /// 3×3 input 1…9, kernel [[1,2],[3,4]], no padding: 1+4+12+20 = 37, 47, 67, 77.
  @Test func conv2DValid() throws {
    let x = Tensor(shape: [1, 1, 3, 3], data: (1...9).map(Float.init))
    let w = Tensor(shape: [1, 1, 2, 2], data: [1, 2, 3, 4])
    expectClose(try Convolution.apply(input: x, weight: w), [1, 1, 2, 2], [37, 47, 67, 77])
  }

  @Test func conv2DGroupsKeepChannelsApart() throws {
    let x = Tensor(shape: [1, 2, 1, 2], data: [1, 2, 3, 4])
    let w = Tensor(shape: [2, 1, 1, 1], data: [2, 3])
    expectClose(try Convolution.apply(input: x, weight: w, groups: 2), [1, 2, 1, 2], [2, 4, 9, 12])
  }

  /// A stride-1 convolution equals the transposed convolution with the kernel flipped, the
  /// channel axes swapped and padding `k − 1 − p` (checked on random data).
  @Test func convMatchesFlippedTransposedConvolution() throws {
    var rng = SplitMix64(seed: 3)
    let x = Tensor(shape: [2, 3, 6, 7], data: (0..<(2 * 3 * 42)).map { _ in rng.nextUniform() })
    let w = Tensor(shape: [4, 3, 3, 2], data: (0..<(4 * 3 * 6)).map { _ in rng.nextUniform() })
    var flipped = [Float](repeating: 0, count: w.count)
    for co in 0..<4 {
      for ci in 0..<3 {
        for jy in 0..<3 {
          for jx in 0..<2 {
            flipped[((ci * 4 + co) * 3 + (2 - jy)) * 2 + (1 - jx)] = w.data[((co * 3 + ci) * 3 + jy) * 2 + jx]
          }
        }
      }
    }
    let conv = try Convolution.apply(input: x, weight: w, padding: [1, 0])
    let parameters = ConvTransposeParameters(axes: [AxisParameters(padding: 1), AxisParameters(padding: 1)])
    let viaTransposed = try TransposedConvolution.reference(
      input: x, weight: Tensor(shape: [3, 4, 3, 2], data: flipped), parameters: parameters)
    #expect(conv.shape == [2, 4, 6, 6])
    #expect(conv.shape == viaTransposed.shape)
    #expect(Approximate.firstMismatch(conv.data, viaTransposed.data) == nil)
  }

  @Test func convRefusals() {
    let x = Tensor(shape: [1, 2, 3, 3], repeating: 1)
    #expect(throws: ConvTransposeError.self) {
      try Convolution.apply(input: x, weight: Tensor(shape: [1, 3, 2, 2], repeating: 1))
    }
    #expect(throws: ConvTransposeError.self) {
      try Convolution.apply(input: x, weight: Tensor(shape: [1, 2, 4, 4], repeating: 1))
    }
    #expect(throws: ConvTransposeError.channelsNotDivisible(what: "output", channels: 3, groups: 2)) {
      try Convolution.apply(input: x, weight: Tensor(shape: [3, 1, 1, 1], repeating: 1), groups: 2)
    }
    #expect(throws: ConvTransposeError.biasMismatch(expected: 1, actual: [2])) {
      try Convolution.apply(
        input: x, weight: Tensor(shape: [1, 2, 1, 1], repeating: 1), bias: Tensor(shape: [2], repeating: 0))
    }
  }

  /// Channels c0…c3 = [0,1], [10,11], [20,21], [30,31] with r = 2: row 0 interleaves c0 and c1,
  /// row 1 interleaves c2 and c3 (PyTorch's `c·r² + i·r + j` order).
  @Test func pixelShuffleOrder() throws {
    let x = Tensor(shape: [1, 4, 1, 2], data: [0, 1, 10, 11, 20, 21, 30, 31])
    expectClose(try PixelShuffle.shuffle(x, factor: 2), [1, 1, 2, 4], [0, 10, 1, 11, 20, 30, 21, 31])
    #expect(throws: ConvTransposeError.self) { try PixelShuffle.shuffle(x, factor: 3) }
  }

  @Test func icnrCopiesEachSubKernelToItsBlock() throws {
    let sub = Tensor(shape: [2, 1, 1, 2], data: [1, 2, 3, 4])
    let w = try ICNR.weight(subKernel: sub, factor: 2)
    expectClose(w, [8, 1, 1, 2], [1, 2, 1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4, 3, 4])
  }

  /// Convolution with the ICNR weight followed by pixel shuffle is nearest upsampling of the
  /// sub-kernel convolution: no checkerboard at initialisation.
  @Test func icnrThenShuffleIsNearestUpsampling() throws {
    var rng = SplitMix64(seed: 11)
    let x = Tensor(shape: [1, 2, 5, 4], data: (0..<40).map { _ in rng.nextUniform() })
    let sub = Tensor(shape: [3, 2, 3, 3], data: (0..<54).map { _ in rng.nextUniform() })
    let shuffled = try PixelShuffle.shuffle(
      try Convolution.apply(input: x, weight: try ICNR.weight(subKernel: sub, factor: 3), padding: [1]),
      factor: 3)
    let upsampled = try Upsampling.nearest(
      try Convolution.apply(input: x, weight: sub, padding: [1]), factor: [3])
    #expect(shuffled.shape == [1, 3, 15, 12])
    #expect(shuffled == upsampled)
  }
}
