import CheckerscopeCore
import TestSupport
import Testing
import TransposedConv

/// The fast path against the literal reference on seeded random 3D configurations.
@Suite struct Differential3DTests {
  static func randomTensor(_ shape: [Int], _ rng: inout SplitMix64) -> Tensor {
    Tensor(shape: shape, data: (0..<shape.reduce(1, *)).map { _ in rng.nextUniform() })
  }

  static func int(_ range: ClosedRange<Int>, _ rng: inout SplitMix64) -> Int {
    range.lowerBound + Int(rng.next() % UInt64(range.count))
  }

  @Test func fastMatchesReferenceOnRandom3DConfigurations() throws {
    var rng = SplitMix64(seed: 20_261_129)
    var coverage: [String: Int] = [:]
    var index = 0
    // 150 random configurations by default, 300 in CI's slow run (the same first 150).
    let cases = SlowTests.enabled ? 300 : 150
    while index < cases {
      let groups = Self.int(1...3, &rng)
      let cIn = groups * Self.int(1...3, &rng)
      let cOutPerGroup = rng.next() % 3 == 0 ? 4 * Self.int(1...2, &rng) : Self.int(1...3, &rng)
      let batch = Self.int(1...2, &rng)
      var axes: [AxisParameters] = []
      var inSizes: [Int] = []
      var kSizes: [Int] = []
      for _ in 0..<3 {
        let n = rng.next() % 6 == 0 ? 1 : Self.int(1...7, &rng)
        let k = rng.next() % 6 == 0 ? 1 : Self.int(1...5, &rng)
        let s = Self.int(1...4, &rng)
        let d = Self.int(1...3, &rng)
        let reach = d * (k - 1)
        let pb = Self.int(0...(reach + 1), &rng)
        let pe = rng.next() % 3 == 0 ? Self.int(0...(reach + 1), &rng) : pb
        let op = Self.int(0...(max(s, d) - 1), &rng)
        axes.append(
          AxisParameters(stride: s, paddingBegin: pb, paddingEnd: pe, outputPadding: op, dilation: d))
        inSizes.append(n)
        kSizes.append(k)
      }
      // The fast path's register tiles need rows of at least a tile; make some W axes long.
      if rng.next() % 4 == 0 { inSizes[2] = Self.int(16...40, &rng) }
      let parameters = ConvTransposeParameters(axes: axes, groups: groups)
      let inShape = [batch, cIn] + inSizes
      let wShape = [cIn, cOutPerGroup] + kSizes
      guard let outShape = try? parameters.outputShape(input: inShape, weight: wShape),
        outShape.reduce(1, *) <= 60_000
      else { continue }
      index += 1
      if groups > 1 { coverage["groups", default: 0] += 1 }
      if axes.contains(where: { !$0.isSymmetric }) { coverage["asymmetric padding", default: 0] += 1 }
      if axes.contains(where: { $0.dilation > 1 }) { coverage["dilation", default: 0] += 1 }
      if axes.contains(where: { $0.outputPadding > 0 }) { coverage["output_padding", default: 0] += 1 }
      if Set(axes.map(\.stride)).count > 1 { coverage["asymmetric stride", default: 0] += 1 }
      if cOutPerGroup % 4 == 0, cIn / groups * kSizes[0] * kSizes[1] >= 4, outShape[4] >= 16 {
        coverage["four-channel tiles", default: 0] += 1
      }
      let input = Self.randomTensor(inShape, &rng)
      let weight = Self.randomTensor(wShape, &rng)
      let bias = rng.next() % 2 == 0 ? Self.randomTensor([groups * cOutPerGroup], &rng) : nil
      let expected = try TransposedConvolution.reference(
        input: input, weight: weight, bias: bias, parameters: parameters)
      let serial = try TransposedConvolution.apply(
        input: input, weight: weight, bias: bias, parameters: parameters, parallelism: 1)
      let parallel = try TransposedConvolution.apply(
        input: input, weight: weight, bias: bias, parameters: parameters)
      #expect(serial.shape == expected.shape, "case \(index): \(parameters)")
      #expect(serial == parallel, "case \(index): thread count changed the result")
      let mismatch = Approximate.firstMismatch(serial.data, expected.data)
      #expect(
        mismatch == nil,
        "case \(index): \(parameters), input \(inShape), weight \(wShape): \(String(describing: mismatch))")
    }
    for category in [
      "groups", "asymmetric padding", "dilation", "output_padding", "asymmetric stride", "four-channel tiles",
    ] {
      #expect(
        coverage[category, default: 0] >= cases / 20, "too few random cases cover \(category): \(coverage)")
    }
  }

  /// A 3D layer whose D axis has size 1 and kernel 1 is the 2D layer on (H, W), and a 3D layer
  /// with H and W of size 1 is the 1D layer on D: the extra axis changes nothing.
  @Test func unitAxesReduceTo2DAnd1D() throws {
    var rng = SplitMix64(seed: 5)
    let x2 = Self.randomTensor([1, 8, 9, 21], &rng)
    let w2 = Self.randomTensor([8, 4, 4, 3], &rng)
    let a = AxisParameters(stride: 2, paddingBegin: 1, paddingEnd: 2, outputPadding: 1, dilation: 1)
    let b = AxisParameters(stride: 3, padding: 1, dilation: 2)
    let y2 = try TransposedConvolution.apply(
      input: x2, weight: w2, parameters: ConvTransposeParameters(axes: [a, b]))
    let y3 = try TransposedConvolution.apply(
      input: Tensor(shape: [1, 8, 1, 9, 21], data: x2.data),
      weight: Tensor(shape: [8, 4, 1, 4, 3], data: w2.data),
      parameters: ConvTransposeParameters(axes: [AxisParameters(), a, b]))
    #expect(y3.shape == [1, 4, 1] + y2.shape.dropFirst(2))
    #expect(y3.data == y2.data)
    let x1 = Self.randomTensor([2, 3, 17], &rng)
    let w1 = Self.randomTensor([3, 2, 5], &rng)
    let y1 = try TransposedConvolution.reference(
      input: x1, weight: w1, parameters: ConvTransposeParameters(axes: [b]))
    let y1in3 = try TransposedConvolution.apply(
      input: Tensor(shape: [2, 3, 17, 1, 1], data: x1.data),
      weight: Tensor(shape: [3, 2, 5, 1, 1], data: w1.data),
      parameters: ConvTransposeParameters(axes: [b, AxisParameters(), AxisParameters()]))
    #expect(y1in3.shape == y1.shape + [1, 1])
    #expect(Approximate.firstMismatch(y1in3.data, y1.data) == nil)
  }

  /// The bench's multi-channel shape, smaller: 16 → 16 channels, k4 s2 p1, every path.
  @Test func multiChannelK4S2P1MatchesReference() throws {
    var rng = SplitMix64(seed: 16)
    let input = Self.randomTensor([1, 16, 3, 3, 20], &rng)
    let weight = Self.randomTensor([16, 16, 4, 4, 4], &rng)
    let bias = Self.randomTensor([16], &rng)
    let axis = AxisParameters(stride: 2, padding: 1)
    let parameters = ConvTransposeParameters(axes: [axis, axis, axis])
    let actual = try TransposedConvolution.apply(
      input: input, weight: weight, bias: bias, parameters: parameters)
    let expected = try TransposedConvolution.reference(
      input: input, weight: weight, bias: bias, parameters: parameters)
    #expect(actual.shape == [1, 16, 6, 6, 40])
    #expect(Approximate.firstMismatch(actual.data, expected.data) == nil)
  }
}
