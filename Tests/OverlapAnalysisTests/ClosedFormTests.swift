import OverlapAnalysis
import Testing
import TransposedConv

/// Count maps against the closed form of FACTS.md, against PyTorch-semantics reference
/// convolution, and 2D maps against the product of their 1D maps.
@Suite struct ClosedFormTests {
  /// FACTS.md's closed form for an interior position `o`, written independently of the library.
  static func closedForm(o: Int, k: Int, s: Int, p: Int, d: Int) -> Int {
    let r = (o + p) % s
    func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
    let g = gcd(d, s)
    if r % g != 0 { return 0 }
    let sp = s / g
    // Inverse of d/g modulo s′ by search (s′ ≤ 6).
    let dg = d / g
    let inverse = (0..<sp).first { (dg * $0) % sp == 1 % sp } ?? 0
    let j0 = ((r / g) * inverse) % sp
    if j0 >= k { return 0 }
    return (k - j0 + sp - 1) / sp
  }

  static let grid: [(k: Int, s: Int, d: Int)] = (1...12).flatMap { k in
    (1...6).flatMap { s in (1...4).map { d in (k, s, d) } }
  }

  @Test(arguments: grid)
  func interiorMatchesClosedForm(k: Int, s: Int, d: Int) throws {
    for p in Set([0, 1, d * (k - 1) / 2, d * (k - 1)]) {
      for op in Set([0, max(s, d) - 1]) {
        let n = 9
        let axis = AxisParameters(stride: s, padding: p, outputPadding: op, dilation: d)
        guard (try? axis.outputLength(input: n, kernel: k)) != nil else { continue }
        let map = try OverlapMap(layer: LayerConfig(kernel: [k], axes: [axis]), inputSize: [n])
        let low = d * (k - 1) - p
        let high = (n - 1) * s - p
        let expectedLow = max(low, 0)
        let expectedHigh = min(high, map.outputSize[0] - 1)
        if expectedLow > expectedHigh {
          #expect(map.interior[0].isEmpty, "k=\(k) s=\(s) d=\(d) p=\(p) op=\(op)")
        } else {
          #expect(map.interior[0] == expectedLow..<(expectedHigh + 1), "k=\(k) s=\(s) d=\(d) p=\(p) op=\(op)")
        }
        for o in map.interior[0] {
          #expect(
            map.values[o] == Double(Self.closedForm(o: o, k: k, s: s, p: p, d: d)),
            "k=\(k) s=\(s) d=\(d) p=\(p) op=\(op) o=\(o)")
        }
        // The tile holds the closed form at every phase; interior mean is k/s.
        for r in 0..<s {
          #expect(map.tile.values[r] == Double(Self.closedForm(o: r, k: k, s: s, p: 0, d: d)))
        }
        #expect(abs(map.interiorMetrics.mean - Double(k) / Double(s)) < 1e-12)
        // Uniform exactly when gcd(d, s) = 1 and s divides k (s′ = s then).
        func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
        #expect(map.interiorMetrics.uniform == (gcd(d, s) == 1 && k % s == 0))
      }
    }
  }

  @Test(arguments: grid)
  func fullMapMatchesReferenceConvolution(k: Int, s: Int, d: Int) throws {
    let n = 7
    for p in Set([0, d * (k - 1) / 2]) {
      let op = max(s, d) - 1
      let axis = AxisParameters(stride: s, padding: p, outputPadding: op, dilation: d)
      guard (try? axis.outputLength(input: n, kernel: k)) != nil else { continue }
      let map = try OverlapMap(layer: LayerConfig(kernel: [k], axes: [axis]), inputSize: [n])
      let reference = try TransposedConvolution.reference(
        input: Tensor(shape: [1, 1, n], repeating: 1), weight: Tensor(shape: [1, 1, k], repeating: 1),
        parameters: ConvTransposeParameters(axes: [axis]))
      #expect(map.values == reference.data.map(Double.init), "k=\(k) s=\(s) d=\(d) p=\(p)")
    }
  }

  static let twoDCases: [(kh: Int, kw: Int, sh: Int, sw: Int, dh: Int, pw: Int)] = [
    (3, 3, 2, 2, 1, 0), (3, 5, 2, 3, 1, 1), (4, 2, 3, 1, 2, 0), (7, 3, 3, 2, 1, 1), (1, 6, 2, 4, 3, 2),
    (5, 5, 4, 4, 2, 2),
  ]

  @Test(arguments: twoDCases)
  func twoDIsProductOfOneD(kh: Int, kw: Int, sh: Int, sw: Int, dh: Int, pw: Int) throws {
    let axes = [
      AxisParameters(stride: sh, padding: 0, outputPadding: 0, dilation: dh),
      AxisParameters(stride: sw, paddingBegin: pw, paddingEnd: 0, outputPadding: 0, dilation: 1),
    ]
    let input = [5, 6]
    let counts = try OverlapMap(layer: LayerConfig(kernel: [kh, kw], axes: axes), inputSize: input)
    // The same kernel given as explicit weights goes through the dense 2D scatter-add.
    let dense = try OverlapMap(
      layer: LayerConfig(kernel: [kh, kw], axes: axes, weights: [Double](repeating: 1, count: kh * kw)),
      inputSize: input)
    let h = try OverlapMap(layer: LayerConfig(kernel: [kh], axes: [axes[0]]), inputSize: [input[0]])
    let w = try OverlapMap(layer: LayerConfig(kernel: [kw], axes: [axes[1]]), inputSize: [input[1]])
    #expect(counts.outputSize == h.outputSize + w.outputSize)
    let product = h.values.flatMap { a in w.values.map { a * $0 } }
    #expect(counts.values == product)
    #expect(dense.values == product)
    #expect(counts.interior == h.interior + w.interior)
    #expect(counts.tile.values == h.tile.values.flatMap { a in w.tile.values.map { a * $0 } })
    #expect(dense.tile.values == counts.tile.values)
  }

  @Test func tileIsIndependentOfPaddingAndInputSize() throws {
    let base = try OverlapMap(dims: 1, kernel: 5, stride: 3, inputSize: 9)
    for p in 0...4 {
      for n in [4, 7, 20] {
        let map = try OverlapMap(dims: 1, kernel: 5, stride: 3, padding: p, inputSize: n)
        #expect(map.tile.values == base.tile.values)
        #expect(map.interiorMetrics == base.interiorMetrics)
        for o in map.interior[0] { #expect(map.values[o] == map.tile.values[map.phase(of: [o])[0]]) }
      }
    }
  }

  @Test func stackInteriorFollowsTheTile() throws {
    let layers = [
      LayerConfig(dims: 2, kernel: 3, stride: 2, padding: 1, outputPadding: 1),
      LayerConfig(dims: 2, kernel: 4, stride: 3, padding: 2),
    ]
    let map = try OverlapMap(layers: layers, inputSize: [6, 7])
    #expect(map.tile.shape == [6, 6])
    #expect(map.interiorCount > 0)
    for y in map.interior[0] {
      for x in map.interior[1] {
        let phase = map.phase(of: [y, x])
        #expect(map[[y, x]] == map.tile.values[phase[0] * 6 + phase[1]])
      }
    }
  }
}
