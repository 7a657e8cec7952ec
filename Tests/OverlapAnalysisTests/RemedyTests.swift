import CheckerscopeCore
import OverlapAnalysis
import Testing
import TransposedConv

/// Remedy maps: resize-convolution and sub-pixel convolution with ICNR have flat interiors, and
/// their stacks match plain implementations of the operations written here.
@Suite struct RemedyTests {
  /// Nearest upsampling by `s` then a stride-1 'same' convolution of all ones, by hand:
  /// output `o` counts the taps `o + j − ⌊(k−1)/2⌋` that land inside `0..<n·s`.
  static func resizeNearestCounts(n: Int, k: Int, s: Int) -> [Double] {
    let length = n * s
    return (0..<length).map { o in
      Double((0..<k).filter { (0..<length).contains(o + $0 - (k - 1) / 2) }.count)
    }
  }

  /// Stride-1 'same' convolution of n ones, then each value repeated s times (pixel shuffle of
  /// identical ICNR channels).
  static func subpixelCounts(n: Int, k: Int, s: Int) -> [Double] {
    let conv = (0..<n).map { o in Double((0..<k).filter { (0..<n).contains(o + $0 - (k - 1) / 2) }.count) }
    return conv.flatMap { [Double](repeating: $0, count: s) }
  }

  @Test(arguments: [(3, 2), (4, 2), (5, 3), (1, 2), (2, 3), (7, 4)])
  func resizeNearestMatchesHandImplementation(k: Int, s: Int) throws {
    let map = try OverlapMap(remedy: .resizeNearest, factor: [s], kernel: [k], inputSize: [6])
    #expect(map.outputSize == [6 * s])
    #expect(map.values == Self.resizeNearestCounts(n: 6, k: k, s: s))
    #expect(map.interiorMetrics.uniform && map.interiorMetrics.min == Double(k))
  }

  @Test(arguments: [(3, 2), (4, 2), (5, 3), (1, 2), (2, 3)])
  func subpixelMatchesHandImplementation(k: Int, s: Int) throws {
    let map = try OverlapMap(remedy: .subpixelICNR, factor: [s], kernel: [k], inputSize: [6])
    #expect(map.values == Self.subpixelCounts(n: 6, k: k, s: s))
    #expect(map.interiorMetrics.uniform && map.interiorMetrics.min == Double(k))
  }

  @Test(arguments: [2, 3, 4])
  func resizeBilinearHasFlatInterior(s: Int) throws {
    let map = try OverlapMap(remedy: .resizeBilinear, factor: [s, s], kernel: [3, 3], inputSize: [5, 5])
    #expect(map.outputSize == [5 * s, 5 * s])
    let m = map.interiorMetrics
    #expect(m.uniform)
    #expect(abs(m.mean - 9) < 1e-5)
    for y in map.interior[0] {
      for x in map.interior[1] { #expect(abs(map[[y, x]] - 9) < 1e-5) }
    }
  }

  @Test func remediesBeatTheTransposedConvolution() throws {
    // k=3, s=2: the transposed convolution's interior max/min is 4 in 2D; every remedy's is 1.
    let deconv = try OverlapMap(dims: 2, kernel: 3, stride: 2, inputSize: 6)
    #expect(deconv.interiorMetrics.maxMinRatio == 4)
    for remedy in Remedy.allCases {
      let map = try OverlapMap(remedy: remedy, factor: [2, 2], kernel: [3, 3], inputSize: [6, 6])
      #expect(map.interiorMetrics.cv == 0, "\(remedy)")
    }
  }

  @Test func weightedRemedyKeepsItsKernelOrientation() throws {
    // A stride-1 'same' convolution with [1, 2, 3] on 1,1,1,1 (after nearest ×1): zero padding at
    // both ends gives 5, 6, 6, 3 (cross-correlation: y[o] = Σ w[j]·x[o + j − 1]).
    let map = try OverlapMap(
      remedy: .resizeNearest, factor: [1], kernel: [3], weights: [1, 2, 3], inputSize: [4])
    #expect(map.values == [5, 6, 6, 3])
  }

  /// The stacks against the real operations of TransposedConv (nearest/bilinear upsampling,
  /// stride-1 convolution, ICNR and pixel shuffle) applied to an all-ones image, with a random
  /// kernel and odd sizes; 'same' padding for odd k is symmetric, so Convolution.apply applies.
  @Test(arguments: [([3, 5], [2, 3]), ([1, 3], [3, 2]), ([5, 5], [4, 4])])
  func stacksMatchTheOperations(kernel: [Int], factor: [Int]) throws {
    let input = [4, 5]
    var rng = SplitMix64(seed: 5)
    let taps = (0..<(kernel[0] * kernel[1])).map { _ in rng.nextUniform() }
    let weights = taps.map(Double.init)
    let weight = Tensor(shape: [1, 1] + kernel, data: taps)
    let ones = Tensor(shape: [1, 1] + input, repeating: 1)
    let padding = kernel.map { ($0 - 1) / 2 }

    let nearest = try Convolution.apply(
      input: Upsampling.nearest(ones, factor: factor), weight: weight, padding: padding)
    let nearestMap = try OverlapMap(
      remedy: .resizeNearest, factor: factor, kernel: kernel, weights: weights, inputSize: input)
    #expect(nearestMap.outputSize == Array(nearest.shape[2...]))
    #expect(zip(nearestMap.values, nearest.data).allSatisfy { abs($0 - Double($1)) < 1e-5 })

    let icnr = try ICNR.weight(subKernel: weight, factor: factor[0])
    let subpixel = try PixelShuffle.shuffle(
      Convolution.apply(input: ones, weight: icnr, padding: padding), factor: factor[0])
    let subpixelMap = try OverlapMap(
      remedy: .subpixelICNR, factor: [factor[0], factor[0]], kernel: kernel, weights: weights,
      inputSize: input)
    #expect(zip(subpixelMap.values, subpixel.data).allSatisfy { abs($0 - Double($1)) < 1e-5 })

    // Bilinear: the stack agrees with the operations on every interior position.
    let bilinear = try Convolution.apply(
      input: Upsampling.bilinear(ones, factor: factor), weight: weight, padding: padding)
    let bilinearMap = try OverlapMap(
      remedy: .resizeBilinear, factor: factor, kernel: kernel, weights: weights, inputSize: input)
    let stack = try OverlapMap(
      layers: Remedy.resizeBilinear.layers(factor: factor, kernel: kernel, weights: weights), inputSize: input
    )
    let width = bilinearMap.outputSize[1]
    for y in stack.interior[0] {
      for x in stack.interior[1] {
        #expect(abs(stack[[y, x]] - Double(bilinear.data[y * width + x])) < 1e-5)
      }
    }
  }

  @Test func bilinearBordersRepeatTheEdgeSample() throws {
    // Bilinear upsampling of ones is all ones (PyTorch clamps at the edges); a 'same' k=3 ones
    // convolution then gives 2 at both ends and 3 inside; k=4 (padding 1 begin, 2 end) 3 … 3, 2.
    let k3 = try OverlapMap(remedy: .resizeBilinear, factor: [2], kernel: [3], inputSize: [4])
    #expect(k3.values == [2, 3, 3, 3, 3, 3, 3, 2])
    let k4 = try OverlapMap(remedy: .resizeBilinear, factor: [3], kernel: [4], inputSize: [4])
    #expect(k4.values == [3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 3, 2])
  }
}
