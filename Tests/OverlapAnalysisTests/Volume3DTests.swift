import CheckerscopeCore
import OverlapAnalysis
import TestSupport
import Testing
import TransposedConv

/// 3D overlap and gain maps against independent derivations: 1D brute-force counts (a 3D all-ones
/// map is the outer product of its three axis maps, FACTS.md), a plain gather-form 3D transposed
/// convolution written here, and the closed form of FACTS.md per axis for the interior tile.
@Suite struct Volume3DTests {
  /// One axis of a layer: kernel, stride, begin/end padding, output padding, dilation.
  typealias Axis = (k: Int, s: Int, pb: Int, pe: Int, op: Int, d: Int)

  static let cases: [[Axis]] = [
    [(3, 2, 0, 0, 0, 1), (3, 2, 0, 0, 0, 1), (3, 2, 0, 0, 0, 1)],
    [(2, 2, 0, 0, 0, 1), (3, 2, 1, 1, 1, 1), (4, 3, 0, 2, 0, 1)],
    [(3, 2, 0, 0, 1, 2), (1, 1, 0, 0, 0, 1), (5, 3, 2, 1, 2, 1)],
    [(4, 2, 1, 1, 0, 1), (2, 3, 0, 0, 0, 1), (3, 1, 1, 1, 0, 1)],
  ]

  static func layer(_ axes: [Axis], weights: [Double]? = nil) -> LayerConfig {
    LayerConfig(
      kernel: axes.map(\.k),
      axes: axes.map {
        AxisParameters(
          stride: $0.s, paddingBegin: $0.pb, paddingEnd: $0.pe, outputPadding: $0.op, dilation: $0.d)
      }, weights: weights)
  }

  /// The 1D count `c(o) = #{(i, j) : i·s + j·d − pb = o}`, plainly.
  static func counts1D(n: Int, _ a: Axis) -> [Int] {
    let length = (n - 1) * a.s - a.pb - a.pe + a.d * (a.k - 1) + a.op + 1
    var c = [Int](repeating: 0, count: length)
    for i in 0..<n {
      for j in 0..<a.k {
        let o = i * a.s + j * a.d - a.pb
        if o >= 0, o < length { c[o] += 1 }
      }
    }
    return c
  }

  /// A 3D transposed convolution in gather form: for each output and tap, the input it reads
  /// (`i = (o + pb − j·d)/s` when that divides exactly and lies inside).
  static func gather(_ input: [Double], shape: [Int], _ axes: [Axis], weights: [Double]) -> (
    [Double], [Int]
  ) {
    var out: [Int] = []
    for axis in 0..<3 {
      let a = axes[axis]
      let full: Int = (shape[axis] - 1) * a.s + a.d * (a.k - 1) + 1
      out.append(full - a.pb - a.pe + a.op)
    }
    func source(_ o: Int, _ j: Int, _ axis: Int) -> Int? {
      let a = axes[axis]
      let t = o + a.pb - j * a.d
      guard t >= 0, t % a.s == 0, t / a.s < shape[axis] else { return nil }
      return t / a.s
    }
    var result = [Double](repeating: 0, count: out[0] * out[1] * out[2])
    for z in 0..<out[0] {
      for y in 0..<out[1] {
        for x in 0..<out[2] {
          var sum = 0.0
          for jz in 0..<axes[0].k {
            guard let iz = source(z, jz, 0) else { continue }
            for jy in 0..<axes[1].k {
              guard let iy = source(y, jy, 1) else { continue }
              for jx in 0..<axes[2].k {
                guard let ix = source(x, jx, 2) else { continue }
                let i: Int = (iz * shape[1] + iy) * shape[2] + ix
                let j: Int = (jz * axes[1].k + jy) * axes[2].k + jx
                sum += input[i] * weights[j]
              }
            }
          }
          let index: Int = (z * out[1] + y) * out[2] + x
          result[index] = sum
        }
      }
    }
    return (result, out)
  }

  static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }

  /// FACTS.md's closed form per phase `r` of one axis (padding-free phases).
  static func closedForm(k: Int, s: Int, d: Int) -> [Int] {
    let g = gcd(d, s)
    let sPrime = s / g
    let inverse = (0..<sPrime).first { ((d / g) * $0) % sPrime == 1 % sPrime } ?? 0
    return (0..<s).map { r in
      guard r % g == 0 else { return 0 }
      let j0 = ((r / g) * inverse) % sPrime
      return j0 >= k ? 0 : (k - j0 + sPrime - 1) / sPrime
    }
  }

  @Test(arguments: cases)
  func countMapIsTheOuterProductOfItsAxes(axes: [Axis]) throws {
    let input = [4, 3, 5]
    let map = try OverlapMap(layer: Self.layer(axes), inputSize: input)
    let c = (0..<3).map { Self.counts1D(n: input[$0], axes[$0]) }
    #expect(map.dims == 3 && map.isIntegral)
    #expect(map.outputSize == c.map(\.count))
    var expected: [Double] = []
    for a in c[0] { for b in c[1] { for e in c[2] { expected.append(Double(a * b * e)) } } }
    #expect(map.values == expected)
    // And each axis is the library's own 1D map.
    for axis in 0..<3 {
      let oneD = try OverlapMap(layer: Self.layer([axes[axis]]), inputSize: [input[axis]])
      #expect(oneD.values == c[axis].map(Double.init))
    }
  }

  @Test(arguments: cases)
  func gainMapMatchesBruteForce(axes: [Axis]) throws {
    var rng = SplitMix64(seed: 11)
    let taps = axes.reduce(1) { $0 * $1.k }
    let weights = (0..<taps).map { _ in Double(rng.nextUniform()) - 0.3 }
    let input = [3, 4, 3]
    let map = try OverlapMap(layer: Self.layer(axes, weights: weights), inputSize: input)
    let (expected, shape) = Self.gather(
      [Double](repeating: 1, count: input.reduce(1, *)), shape: input, axes, weights: weights)
    #expect(!map.isIntegral)
    #expect(map.outputSize == shape)
    #expect(zip(map.values, expected).allSatisfy { abs($0 - $1) < 1e-12 })
  }

  @Test func stacksMatchBruteForce() throws {
    let first: [Axis] = [(3, 2, 1, 1, 1, 1), (2, 2, 0, 0, 0, 1), (3, 2, 0, 0, 0, 1)]
    let second: [Axis] = [(2, 2, 0, 0, 0, 1), (3, 1, 1, 1, 0, 1), (4, 2, 1, 1, 0, 1)]
    var rng = SplitMix64(seed: 5)
    let w1 = (0..<(3 * 2 * 3)).map { _ in Double(rng.nextUniform()) }
    let w2 = (0..<(2 * 3 * 4)).map { _ in Double(rng.nextUniform()) }
    let input = [5, 4, 5]
    for weighted in [false, true] {
      let map = try OverlapMap(
        layers: [
          Self.layer(first, weights: weighted ? w1 : nil), Self.layer(second, weights: weighted ? w2 : nil),
        ], inputSize: input)
      let (mid, midShape) = Self.gather(
        [Double](repeating: 1, count: 100), shape: input, first,
        weights: weighted ? w1 : [Double](repeating: 1, count: 18))
      let (expected, shape) = Self.gather(
        mid, shape: midShape, second, weights: weighted ? w2 : [Double](repeating: 1, count: 24))
      #expect(map.outputSize == shape)
      #expect(zip(map.values, expected).allSatisfy { abs($0 - $1) < 1e-9 }, "weighted \(weighted)")
      // Interior positions hold the tile's value at their phase.
      var checked = 0
      for z in map.interior[0] {
        for y in map.interior[1] {
          for x in map.interior[2] {
            let phase = map.phase(of: [z, y, x])
            let t = (phase[0] * map.tile.shape[1] + phase[1]) * map.tile.shape[2] + phase[2]
            #expect(abs(map[[z, y, x]] - map.tile.values[t]) < 1e-9)
            checked += 1
          }
        }
      }
      #expect(checked == map.interiorCount && checked > 0)
    }
  }

  @Test(arguments: [(3, 2, 1), (5, 3, 1), (3, 4, 2), (2, 3, 1), (4, 2, 1)])
  func interiorTileIsTheClosedFormProduct(k: Int, s: Int, d: Int) throws {
    let axes: [Axis] = [(k, s, 1, 1, 0, d), (k + 1, s, 0, 0, 0, 1), (k, 2, 0, 0, 0, 1)]
    let map = try OverlapMap(layer: Self.layer(axes), inputSize: [9, 9, 9])
    let c = axes.map { Self.closedForm(k: $0.k, s: $0.s, d: $0.d) }
    var expected: [Double] = []
    for a in c[0] { for b in c[1] { for e in c[2] { expected.append(Double(a * b * e)) } } }
    #expect(map.tile.shape == axes.map(\.s))
    #expect(map.tile.values == expected)
    let interior = map.interiorMetrics
    let low = expected.min() ?? 0
    let high = expected.max() ?? 0
    #expect(interior.min == low && interior.max == high)
    #expect(abs(interior.mean - expected.reduce(0, +) / Double(expected.count)) < 1e-12)
    // FACTS: the interior mean is k/s per axis, so the product in 3D.
    let meanProduct = axes.reduce(1.0) { $0 * Double($1.k) / Double($1.s) }
    #expect(abs(interior.mean - meanProduct) < 1e-12)
    #expect(interior.maxMinRatio == (low > 0 ? high / low : nil))
  }

  @Test func jsonKeepsItsShapeWithThreeAxes() throws {
    let map = try OverlapMap(dims: 3, kernel: 3, stride: 2, inputSize: 2)
    let json = map.json
    #expect(json["dims"] == 3)
    #expect(json["inputSize"]?.arrayValue?.count == 3 && json["outputSize"]?.arrayValue?.count == 3)
    let values = try #require(json["values"]?.arrayValue)
    #expect(values.count == 5)
    #expect(values.allSatisfy { $0.arrayValue?.count == 5 })
    #expect(values.allSatisfy { $0.arrayValue?.allSatisfy { $0.arrayValue?.count == 5 } ?? false })
    // value (z, y, x) = c(z)·c(y)·c(x) with c = 1,1,2,1,1 (n=2, k=3, s=2).
    #expect(values[2][2]?[2] == 8 && values[0][2]?[1] == 2 && values[4][4]?[4] == 1)
    #expect(json["full"]?["period"]?.arrayValue?.count == 3)
    #expect(json["interior"]?["period"]?.arrayValue?.count == 3)
    #expect(json["layers"]?[0]?["padding"]?.arrayValue?.count == 3)
  }

  @Test func textReportShowsDepthSlices() throws {
    let map = try OverlapMap(dims: 3, kernel: 3, stride: 2, inputSize: 2)
    let text = map.textReport()
    #expect(text.contains("overlap counts, 3D, input 2x2x2 -> output 5x5x5, 1 layer"))
    #expect(text.contains("depth z = 0:\n1 1 2 1 1\n"))
    #expect(text.contains("depth z = 4:\n"))
    #expect(text.contains("interior positions: depth 2...2, rows 2...2, columns 2...2 (1 of 125)"))
    // The tile: c = 2,1 per axis (FACTS F2), so depth slice 1 is 2·(2,1)⊗(2,1).
    #expect(text.contains("  depth z = 1:\n  4 2\n  2 1\n"))
  }

  @Test func polyphaseSumsHaveEightPhasesForStrideTwo() throws {
    var rng = SplitMix64(seed: 9)
    let weights = (0..<27).map { _ in Double(rng.nextUniform()) }
    let sums = try PolyphaseSums(
      layer: LayerConfig(
        kernel: [3, 3, 3],
        axes: [AxisParameters](
          repeating: AxisParameters(stride: 2), count: 3), weights: weights))
    var expected = [Double](repeating: 0, count: 8)
    for z in 0..<3 {
      for y in 0..<3 {
        for x in 0..<3 {
          expected[(z % 2) * 4 + (y % 2) * 2 + x % 2] += weights[(z * 3 + y) * 3 + x]
        }
      }
    }
    #expect(zip(sums.sums, expected).allSatisfy { abs($0 - $1) < 1e-12 })
    #expect(sums.json["sums"]?.arrayValue?.count == 2 && sums.json["sums"]?[1]?[0]?.arrayValue?.count == 2)
    // The map's tile is the polyphase sums (FACTS.md, weighted kernels), phase by phase.
    let map = try OverlapMap(
      layer: LayerConfig(
        kernel: [3, 3, 3], axes: [AxisParameters](repeating: AxisParameters(stride: 2), count: 3),
        weights: weights), inputSize: [6, 6, 6])
    #expect(zip(map.tile.values, expected).allSatisfy { abs($0 - $1) < 1e-12 })
  }

  @Test func remediesHaveAFlatInteriorInThreeDimensions() throws {
    for remedy in Remedy.allCases {
      let map = try OverlapMap(remedy: remedy, factor: [2, 2, 2], kernel: [3, 3, 3], inputSize: [4, 3, 4])
      #expect(map.outputSize == [8, 6, 8])
      #expect(map.interiorMetrics.uniform, "\(remedy)")
      #expect(abs(map.interiorMetrics.mean - 27) < 1e-4, "\(remedy)")
    }
    // resize-bilinear: the 'same' convolution of ones: Π over axes of the taps inside the volume.
    let map = try OverlapMap(
      remedy: .resizeBilinear, factor: [2, 2, 2], kernel: [3, 3, 3], inputSize: [2, 2, 2])
    func inside(_ o: Int) -> Double { Double((0..<3).filter { (0..<4).contains(o + $0 - 1) }.count) }
    for z in 0..<4 {
      for y in 0..<4 {
        for x in 0..<4 {
          #expect(map[[z, y, x]] == inside(z) * inside(y) * inside(x))
        }
      }
    }
  }

  @Test func gradientMapCountsForwardUses() throws {
    let forward = LayerConfig(
      kernel: [3, 2, 3],
      axes: [
        AxisParameters(stride: 2, padding: 1), AxisParameters(stride: 2),
        AxisParameters(stride: 1, padding: 1),
      ])
    let input = [7, 6, 5]
    let map = try OverlapMap(gradientOf: forward, inputSize: input)
    #expect(map.outputSize == input)
    // A forward convolution reads input i through output o and tap j when i = o·s + j − p.
    func uses(_ n: Int, k: Int, s: Int, p: Int) -> [Int] {
      let m = (n + 2 * p - k) / s + 1
      var c = [Int](repeating: 0, count: n)
      for o in 0..<m { for j in 0..<k where (0..<n).contains(o * s + j - p) { c[o * s + j - p] += 1 } }
      return c
    }
    let a = uses(7, k: 3, s: 2, p: 1)
    let b = uses(6, k: 2, s: 2, p: 0)
    let c = uses(5, k: 3, s: 1, p: 1)
    var expected: [Double] = []
    for u in a { for v in b { for w in c { expected.append(Double(u * v * w)) } } }
    #expect(map.values == expected)
  }

  @Test func layerSpecsReadThreeAxes() throws {
    let layer = try LayerConfig(parsing: "k=3x2x4,s=2,p=1x0x1", dims: 3)
    #expect(layer.kernel == [3, 2, 4] && layer.strides == [2, 2, 2])
    #expect(layer.axes.map(\.paddingBegin) == [1, 0, 1])
    #expect(throws: OverlapError.self) { try LayerConfig(parsing: "k=3x2x4", dims: 2) }
    #expect(throws: OverlapError.self) { try LayerConfig(parsing: "k=3", dims: 4) }
    #expect(PerAxis(parsing: "2x3x4")?.values == [2, 3, 4])
    #expect(PerAxis(parsing: "2x3x4x5") == nil)
  }

  @Test func trilinearKernelSpecIsTheOuterProductOfTriangles() throws {
    let layer = try LayerConfig(
      kernelSpec: try KernelSpec(parsing: "bilinear:4"),
      axes: [AxisParameters](repeating: AxisParameters(stride: 2, padding: 1), count: 3))
    // The 1D bilinear-upsampling triangle for s = 2: 1/4, 3/4, 3/4, 1/4.
    let t: [Double] = [0.25, 0.75, 0.75, 0.25]
    #expect(layer.kernel == [4, 4, 4])
    #expect(layer.weights == t.flatMap { a in t.flatMap { b in t.map { a * b * $0 } } })
    let map = try OverlapMap(layer: layer, inputSize: [5, 5, 5])
    // Every phase sums to 1 on each axis, so the interior is flat 1 (FACTS.md, weighted kernels).
    #expect(map.interiorMetrics.uniform && abs(map.interiorMetrics.mean - 1) < 1e-12)
  }
}
