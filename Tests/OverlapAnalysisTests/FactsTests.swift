import OverlapAnalysis
import Testing
import TransposedConv

/// The overlap facts of Fixtures/reference/FACTS.md, one test each (F1–F18, F20; the tile part of F19).
@Suite struct FactsTests {
  func map1D(n: Int, k: Int, s: Int, p: Int = 0, op: Int = 0, d: Int = 1) throws -> OverlapMap {
    try OverlapMap(dims: 1, kernel: k, stride: s, padding: p, outputPadding: op, dilation: d, inputSize: n)
  }

  @Test func f1ArticleFigure1D() throws {
    let map = try map1D(n: 8, k: 3, s: 2)
    #expect(map.outputSize == [17])
    #expect(map.values == [1, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 1])
    #expect(map.values.reduce(0, +) == 24)
    #expect(map.isIntegral)
  }

  @Test func f2InteriorAlternates() throws {
    let m = try map1D(n: 8, k: 3, s: 2).interiorMetrics
    #expect(m.max / m.min == 2)
    #expect(m.maxMinRatio == 2)
    #expect(m.mean == 1.5)
    #expect(abs((m.cv ?? 0) - 1.0 / 3.0) < 1e-12)
    #expect(m.period == [2])
    #expect(!m.uniform)
  }

  @Test func f3ArticleFigure2D() throws {
    let map = try OverlapMap(
      layer: LayerConfig(dims: 2, kernel: 3, stride: 2), inputSize: [4, 6])
    #expect(map.outputSize == [9, 13])
    let full = map.fullMetrics
    #expect(full.min == 1 && full.max == 4)
    #expect(map.tile.shape == [2, 2])
    #expect(map.tile.values == [4, 2, 2, 1])
    let interior = map.interiorMetrics
    #expect(interior.mean == 2.25)
    #expect(abs((interior.cv ?? 0) - 0.4843) < 5e-5)
    #expect(interior.maxMinRatio == 4)
  }

  @Test func f4EvenOverlap() throws {
    #expect(try map1D(n: 8, k: 4, s: 2).tile.values == [2, 2])
    #expect(try map1D(n: 8, k: 4, s: 2).interiorMetrics.uniform)
    let twoD = try OverlapMap(dims: 2, kernel: 4, stride: 2, inputSize: 5)
    #expect(twoD.tile.values == [4, 4, 4, 4])
    let padded = try map1D(n: 4, k: 4, s: 2, p: 1)
    #expect(padded.values == [1, 2, 2, 2, 2, 2, 2, 1])
    #expect(padded.outputSize == [8])
  }

  @Test func f5KernelFiveStrideTwo() throws {
    let oneD = try map1D(n: 8, k: 5, s: 2)
    #expect(oneD.tile.values == [3, 2])
    #expect(oneD.interiorMetrics.maxMinRatio == 1.5)
    #expect(try OverlapMap(dims: 2, kernel: 5, stride: 2, inputSize: 6).interiorMetrics.maxMinRatio == 2.25)
  }

  @Test(arguments: [(5, [2.0, 2, 1]), (4, [2.0, 1, 1]), (7, [3.0, 2, 2])])
  func f6StrideThreePhases(k: Int, phases: [Double]) throws {
    #expect(try map1D(n: 10, k: k, s: 3).tile.values == phases)
  }

  @Test func f6TwoDRatio() throws {
    #expect(try OverlapMap(dims: 2, kernel: 5, stride: 3, inputSize: 6).interiorMetrics.maxMinRatio == 4)
  }

  @Test(arguments: [(2, 3, [1.0, 1, 0]), (1, 2, [1.0, 0])])
  func f7HolesHaveNoRatio(k: Int, s: Int, phases: [Double]) throws {
    let map = try map1D(n: 6, k: k, s: s)
    #expect(map.tile.values == phases)
    let m = map.interiorMetrics
    #expect(m.maxMinRatio == nil)
    #expect(m.min == 0)
    #expect(m.zeroFraction == Double(phases.filter { $0 == 0 }.count) / Double(phases.count))
    #expect(map.fullMetrics.maxMinRatio == nil)
  }

  @Test(arguments: 1...9)
  func f8StrideOneIsUniform(k: Int) throws {
    let m = try map1D(n: 12, k: k, s: 1).interiorMetrics
    #expect(m.uniform && m.min == Double(k) && m.period == [1])
  }

  @Test func f9Dilation() throws {
    let map = try map1D(n: 4, k: 3, s: 2, d: 2)
    #expect(map.values == [1, 0, 2, 0, 3, 0, 3, 0, 2, 0, 1])
  }

  @Test func f10DilationAndStride() throws {
    let a = try map1D(n: 8, k: 3, s: 3, d: 2)
    #expect(a.tile.values == [1, 1, 1] && a.interiorMetrics.uniform)
    #expect(try map1D(n: 8, k: 3, s: 4, d: 2).tile.values == [2, 0, 1, 0])
  }

  @Test func f11OutputPaddingIsComputed() throws {
    let map = try map1D(n: 4, k: 3, s: 2, p: 1, op: 1)
    #expect(map.values == [1, 2, 1, 2, 1, 2, 1, 1])
  }

  @Test func f12OutputPaddingBeyondExtent() throws {
    let map = try map1D(n: 3, k: 3, s: 2, op: 1)
    #expect(map.outputSize == [8])
    #expect(map.values.last == 0)
  }

  @Test(arguments: [(4, 3, 2, 1, 0, 7), (4, 3, 2, 1, 1, 8), (5, 3, 2, 1, 0, 9), (2, 3, 1, 0, 0, 4)])
  func f13OutputSizes(n: Int, k: Int, s: Int, p: Int, op: Int, expected: Int) throws {
    #expect(try map1D(n: n, k: k, s: s, p: p, op: op).outputSize == [expected])
  }

  @Test func f14OutputPaddingTooLarge() {
    #expect(
      throws: OverlapError.parameters(.outputPaddingTooLarge(outputPadding: 1, stride: 1, dilation: 1))
    ) { try map1D(n: 4, k: 3, s: 1, op: 1) }
    let message = OverlapError.parameters(.outputPaddingTooLarge(outputPadding: 1, stride: 1, dilation: 1))
      .description
    #expect(message.contains("output padding must be smaller than either stride or dilation"))
  }

  func f15Stack(_ extra: [LayerConfig] = []) throws -> OverlapMap {
    let layer = LayerConfig(dims: 1, kernel: 3, stride: 2)
    return try OverlapMap(layers: [layer, layer] + extra, inputSize: [5])
  }

  @Test func f15TwoStackedLayers() throws {
    let first = try map1D(n: 5, k: 3, s: 2)
    #expect(first.outputSize == [11])
    let map = try f15Stack()
    #expect(map.outputSize == [23])
    #expect(map.values == [1, 1, 2, 1, 3, 2, 3, 1, 3, 2, 3, 1, 3, 2, 3, 1, 3, 2, 3, 1, 2, 1, 1])
    #expect(map.tile.values == [3, 2, 3, 1])
    let m = map.interiorMetrics
    #expect(m.period == [4] && m.maxMinRatio == 3)
  }

  @Test func f16StrideOneLayerAfterStack() throws {
    let k2 = try f15Stack([LayerConfig(dims: 1, kernel: 2, stride: 1)])
    #expect(k2.interiorMetrics.period == [4])
    #expect(Set(k2.tile.values) == [4, 5])
    // The period [4,5,5,4] up to the phase origin: some rotation of it.
    let rotations = (0..<4).map { r in (0..<4).map { [4.0, 5, 5, 4][($0 + r) % 4] } }
    #expect(rotations.contains(k2.tile.values))
    let k4 = try f15Stack([LayerConfig(dims: 1, kernel: 4, stride: 1)])
    #expect(k4.interiorMetrics.uniform && k4.interiorMetrics.min == 9 && k4.interiorMetrics.period == [1])
  }

  @Test func f17ZeroOrderHoldKernelIsFlat() throws {
    let layer = LayerConfig(kernel: [3], axes: [AxisParameters(stride: 2)], weights: [1, 2, 1])
    let map = try OverlapMap(layer: layer, inputSize: [8])
    #expect(map.tile.values == [2, 2])
    #expect(map.interiorMetrics.uniform)
    #expect(!map.isIntegral)
    for o in map.interior[0] { #expect(map.values[o] == 2) }
  }

  @Test func f18EvenOverlapButArtifacts() throws {
    let layer = LayerConfig(kernel: [4], axes: [AxisParameters(stride: 2)], weights: [1, 0, 1, 0])
    let map = try OverlapMap(layer: layer, inputSize: [8])
    #expect(map.tile.values == [2, 0])
    // Interior positions alternate 2, 0: even positions (phase 0) get 2, odd ones 0.
    #expect(map.interior[0].count >= 4)
    for o in map.interior[0] { #expect(map.values[o] == (o % 2 == 0 ? 2 : 0)) }
    #expect(!map.interiorMetrics.uniform)
  }

  /// F19 (tile part): the DFT of a tiled k=3, s=2 map puts its non-DC power at (½,0), (0,½), (½,½)
  /// in the ratio 9 : 9 : 1, computed here by a plain DFT of the 2×2 tile.
  @Test func f19TilePower() throws {
    let tile = try OverlapMap(dims: 2, kernel: 3, stride: 2, inputSize: 6).tile
    #expect(tile.shape == [2, 2])
    let t = tile.values
    // 2×2 DFT: X(a,b) = Σ t[y][x]·(−1)^(a·y + b·x).
    func power(_ a: Int, _ b: Int) -> Double {
      var sum = 0.0
      for y in 0..<2 {
        for x in 0..<2 { sum += t[y * 2 + x] * ((a * y + b * x) % 2 == 0 ? 1 : -1) }
      }
      return sum * sum
    }
    #expect(power(1, 0) / power(1, 1) == 9)
    #expect(power(0, 1) / power(1, 1) == 9)
  }

  /// F20: TensorFlow 'same' keeps `full[0:2n]`, PyTorch p=1, op=1 keeps `full[1:2n+1]`.
  @Test(arguments: [3, 4, 7])
  func f20SamePaddingConventions(n: Int) throws {
    let full = try map1D(n: n, k: 3, s: 2).values
    let torch = try map1D(n: n, k: 3, s: 2, p: 1, op: 1)
    #expect(torch.outputSize == [2 * n])
    #expect(full.count == 2 * n + 1)
    #expect(torch.values == Array(full[1..<(2 * n + 1)]))
    let tensorFlow = try OverlapMap(
      layer: LayerConfig(kernel: [3], axes: [AxisParameters(stride: 2, paddingBegin: 0, paddingEnd: 1)]),
      inputSize: [n])
    #expect(tensorFlow.outputSize == [2 * n])
    #expect(tensorFlow.values == Array(full[0..<(2 * n)]))
  }
}
