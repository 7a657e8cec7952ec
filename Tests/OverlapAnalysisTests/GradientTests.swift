import OverlapAnalysis
import Testing
import TransposedConv

/// Gradient maps of strided forward convolutions: how often each input position is read.
@Suite struct GradientTests {
  /// Brute force, written here: count (o, j) with i = o·s + j·d − pb for every forward output o.
  static func usage(n: Int, k: Int, s: Int, pb: Int, pe: Int, d: Int) -> [Double] {
    let m = (n + pb + pe - d * (k - 1) - 1) / s + 1
    var counts = [Double](repeating: 0, count: n)
    for o in 0..<m {
      for j in 0..<k {
        let i = o * s + j * d - pb
        if (0..<n).contains(i) { counts[i] += 1 }
      }
    }
    return counts
  }

  @Test func handComputedExample() throws {
    // n=8, k=3, s=2, p=1: forward outputs read inputs (−1,0,1), (1,2,3), (3,4,5), (5,6,7).
    let forward = LayerConfig(dims: 1, kernel: 3, stride: 2, padding: 1)
    let map = try OverlapMap(gradientOf: forward, inputSize: [8])
    #expect(map.outputSize == [8])
    #expect(map.inputSize == [4])
    #expect(map.values == [1, 2, 1, 2, 1, 2, 1, 1])
  }

  @Test(arguments: [(3, 2, 1), (4, 2, 1), (5, 3, 2), (3, 3, 1), (7, 4, 3), (2, 5, 1), (1, 2, 1)])
  func matchesBruteForce(k: Int, s: Int, d: Int) throws {
    for n in [d * (k - 1) + 1, 9, 16] {
      for (pb, pe) in [(0, 0), (1, 1), (2, 0), (0, 3)] where n + pb + pe >= d * (k - 1) + 1 {
        let forward = LayerConfig(
          kernel: [k], axes: [AxisParameters(stride: s, paddingBegin: pb, paddingEnd: pe, dilation: d)])
        let map = try OverlapMap(gradientOf: forward, inputSize: [n])
        #expect(
          map.values == Self.usage(n: n, k: k, s: s, pb: pb, pe: pe, d: d), "n=\(n) k=\(k) s=\(s) d=\(d)")
      }
    }
  }

  @Test func twoDGradientIsTheCheckerboard() throws {
    let map = try OverlapMap(
      gradientOf: LayerConfig(dims: 2, kernel: 3, stride: 2, padding: 1), inputSize: [8, 8])
    #expect(map.outputSize == [8, 8])
    #expect(Set(map.tile.values) == [4, 2, 1])
    #expect(map.interiorMetrics.maxMinRatio == 4)
  }

  @Test func inputSmallerThanKernelIsRejected() {
    #expect(throws: OverlapError.self) {
      try OverlapMap(gradientOf: LayerConfig(dims: 1, kernel: 5, stride: 1), inputSize: [3])
    }
    #expect(throws: OverlapError.self) {
      try OverlapMap(gradientOf: LayerConfig(dims: 1, kernel: 3, stride: 2, outputPadding: 1), inputSize: [8])
    }
  }
}
