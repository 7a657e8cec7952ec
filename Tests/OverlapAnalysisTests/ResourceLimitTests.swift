import CheckerscopeCore
import OverlapAnalysis
import TestSupport
import Testing
import TransposedConv

/// Sizes from input that used to trap or run for hours, and the faster algorithms that replaced
/// the slow ones, each against a plain reference written here.
@Suite struct ResourceLimitTests {
  /// The 1D all-ones count map by brute force: every (input, tap) pair, `o = i·s + j·d − pb`.
  static func counts(n: Int, k: Int, s: Int, d: Int = 1, pb: Int = 0, length: Int) -> [Double] {
    var out = [Double](repeating: 0, count: length)
    for i in 0..<n {
      for j in 0..<k {
        let o = i * s + j * d - pb
        if o >= 0 && o < length { out[o] += 1 }
      }
    }
    return out
  }

  @Test("all-ones counts by prefix sums match brute force", arguments: [1, 2, 3, 5])
  func prefixSumCounts(d: Int) throws {
    var random = SplitMix64(seed: UInt64(d))
    for _ in 0..<40 {
      let k = Int.random(in: 1...9, using: &random)
      let s = Int.random(in: 1...5, using: &random)
      let n = Int.random(in: 1...6, using: &random)
      let p = Int.random(in: 0...(d * (k - 1)), using: &random)
      let layer = LayerConfig(dims: 1, kernel: k, stride: s, padding: p, dilation: d)
      guard let map = try? OverlapMap(layer: layer, inputSize: [n]) else { continue }
      let expected = Self.counts(n: n, k: k, s: s, d: d, pb: p, length: map.outputSize[0])
      #expect(map.values == expected, "k=\(k) s=\(s) d=\(d) p=\(p) n=\(n)")
    }
  }

  @Test("a 5000-tap 2D map is computed, not refused: 5009 × 5009 positions")
  func largeKernelSmallInput() throws {
    let map = try OverlapMap(dims: 2, kernel: 5000, stride: 3, inputSize: 4)
    #expect(map.outputSize == [5009, 5009])
    let axis = Self.counts(n: 4, k: 5000, s: 3, length: 5009)
    for (y, x) in [(0, 0), (3, 9), (2500, 4), (5008, 5008), (4999, 17)] {
      #expect(map[[y, x]] == axis[y] * axis[x])
    }
    // The infinite-input tile: phase t of an axis is reached by the taps j ≡ t (mod 3).
    let axisTile = (0..<3).map { t in Double((0..<5000).filter { $0 % 3 == t }.count) }
    #expect(map.tile.shape == [3, 3])
    var expected: [Double] = []
    for u in axisTile {
      for w in axisTile { expected.append(u * w) }
    }
    #expect(map.tile.values == expected)
  }

  @Test("a 200000-tap 1D map and its tile")
  func hugeKernel1D() throws {
    let map = try OverlapMap(dims: 1, kernel: 200_000, stride: 3, inputSize: 4)
    #expect(map.values == Self.counts(n: 4, k: 200_000, s: 3, length: map.outputSize[0]))
    let phases: [Double] = (0..<3).map { t in Double((0..<200_000).filter { $0 % 3 == t }.count) }
    #expect(map.tile.values == phases)
  }

  @Test("separable gain kernels equal the dense 2D scatter")
  func separableGains() throws {
    var random = SplitMix64(seed: 11)
    for _ in 0..<10 {
      let (kH, kW) = (Int.random(in: 1...4, using: &random), Int.random(in: 1...4, using: &random))
      let a = (0..<kH).map { _ in Double(Int.random(in: -3...3, using: &random)) }
      let b = (0..<kW).map { _ in Double(Int.random(in: -3...3, using: &random)) }
      let weights = a.flatMap { u in b.map { u * $0 } }
      let (s, n) = (Int.random(in: 1...3, using: &random), Int.random(in: 1...5, using: &random))
      let layer = LayerConfig(
        kernel: [kH, kW], axes: [AxisParameters(stride: s), AxisParameters(stride: s + 1)], weights: weights)
      let map = try OverlapMap(layer: layer, inputSize: [n, n + 1])
      let (outH, outW) = (map.outputSize[0], map.outputSize[1])
      var expected = [Double](repeating: 0, count: outH * outW)
      for iy in 0..<n {
        for ix in 0..<(n + 1) {
          for jy in 0..<kH {
            for jx in 0..<kW {
              expected[(iy * s + jy) * outW + ix * (s + 1) + jx] += weights[jy * kW + jx]
            }
          }
        }
      }
      // The separable path multiplies sums of 1D products: equal up to rounding.
      #expect(Approximate.firstMismatch(map.values, expected, relative: 1e-12, absolute: 1e-12) == nil)
    }
  }

  @Test("a non-separable gain map beyond the work bound is refused before working")
  func denseWorkBound() {
    var weights = [Double](repeating: 1, count: 600 * 600)
    weights[1] = 2  // not an outer product
    let layer = LayerConfig(
      kernel: [600, 600], axes: [AxisParameters(), AxisParameters()], weights: weights)
    #expect(throws: OverlapError.self) { try OverlapMap(layer: layer, inputSize: [600, 600]) }
  }

  @Test("the map's memory is checked against the budget")
  func budget() {
    let small = MemoryBudget(bytes: 1 << 20)
    let error = #expect(throws: OverlapError.self) {
      try OverlapMap(
        layer: LayerConfig(dims: 2, kernel: 3, stride: 2), inputSize: [1000, 1000], budget: small)
    }
    guard case .resource(.overBudget(_, let bytes, let budget)) = error else {
      Issue.record("expected an over-budget refusal, got \(String(describing: error))")
      return
    }
    #expect(bytes >= 1999 * 1999 * 8)
    #expect(budget == 1 << 20)
  }

  @Test("huge strides are refused by the phase count, not trapped")
  func hugeStrides() {
    let layer = LayerConfig(dims: 2, kernel: 3, stride: 1 << 33)
    #expect(throws: OverlapError.self) { try PolyphaseSums(layer: layer) }
    #expect(throws: OverlapError.self) {
      try OverlapMap(remedy: .resizeBilinear, factor: [1 << 62], kernel: [3], inputSize: [1])
    }
  }
}
