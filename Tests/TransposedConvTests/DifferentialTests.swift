import CheckerscopeCore
import TestSupport
import Testing
import TransposedConv

/// The fast path against the literal reference over many seeded random configurations.
@Suite struct DifferentialTests {
  /// One random configuration and the categories it covers.
  struct Case {
    var input: Tensor
    var weight: Tensor
    var bias: Tensor?
    var parameters: ConvTransposeParameters
  }

  static func randomTensor(_ shape: [Int], _ rng: inout SplitMix64) -> Tensor {
    Tensor(shape: shape, data: (0..<shape.reduce(1, *)).map { _ in rng.nextUniform() })
  }

  static func int(_ range: ClosedRange<Int>, _ rng: inout SplitMix64) -> Int {
    range.lowerBound + Int(rng.next() % UInt64(range.count))
  }

  /// Draws a configuration whose output is valid (draws again until PyTorch's rules hold).
  static func randomCase(_ rng: inout SplitMix64) -> Case {
    while true {
      let dims = int(1...2, &rng)
      let groups = int(1...3, &rng)
      let cIn = groups * int(1...3, &rng)
      let cOutPerGroup = rng.next() % 4 == 0 ? 4 * int(1...2, &rng) : int(1...3, &rng)
      let batch = int(1...2, &rng)
      var axes: [AxisParameters] = []
      var inSizes: [Int] = []
      var kSizes: [Int] = []
      for _ in 0..<dims {
        let n = rng.next() % 6 == 0 ? 1 : int(1...(dims == 1 ? 40 : 12), &rng)
        let k = rng.next() % 6 == 0 ? 1 : int(1...6, &rng)
        let s = int(1...5, &rng)
        let d = int(1...3, &rng)
        let reach = d * (k - 1)
        let asymmetric = rng.next() % 3 == 0
        let pb = int(0...(reach + 1), &rng)
        let pe = asymmetric ? int(0...(reach + 1), &rng) : pb
        let maxOp = max(s, d) - 1
        let op = rng.next() % 3 == 0 ? maxOp : int(0...maxOp, &rng)
        axes.append(
          AxisParameters(stride: s, paddingBegin: pb, paddingEnd: pe, outputPadding: op, dilation: d))
        inSizes.append(n)
        kSizes.append(k)
      }
      let parameters = ConvTransposeParameters(axes: axes, groups: groups)
      let inShape = [batch, cIn] + inSizes
      let wShape = [cIn, cOutPerGroup] + kSizes
      guard (try? parameters.outputShape(input: inShape, weight: wShape)) != nil else { continue }
      let input = randomTensor(inShape, &rng)
      let weight = randomTensor(wShape, &rng)
      let bias = rng.next() % 2 == 0 ? randomTensor([groups * cOutPerGroup], &rng) : nil
      return Case(input: input, weight: weight, bias: bias, parameters: parameters)
    }
  }

  @Test func fastMatchesReferenceOnRandomConfigurations() throws {
    var rng = SplitMix64(seed: 20_261_128)
    var coverage: [String: Int] = [:]
    for index in 0..<1_200 {
      let c = Self.randomCase(&rng)
      let axes = c.parameters.axes
      let kernel = Array(c.weight.shape.dropFirst(2))
      let inSizes = Array(c.input.shape.dropFirst(2))
      for (a, axis) in axes.enumerated() {
        if inSizes[a] == 1 { coverage["input size 1", default: 0] += 1 }
        if kernel[a] == 1 { coverage["k = 1", default: 0] += 1 }
        if axis.stride > kernel[a] { coverage["stride > kernel", default: 0] += 1 }
        if axis.stride > 1, axis.dilation > 1, gcd(axis.stride, axis.dilation) > 1 {
          coverage["dilation shares a factor with stride", default: 0] += 1
        }
        if axis.outputPadding > 0, axis.outputPadding == max(axis.stride, axis.dilation) - 1 {
          coverage["maximal output_padding", default: 0] += 1
        }
        if !axis.isSymmetric { coverage["asymmetric padding", default: 0] += 1 }
      }
      if c.parameters.groups > 1 { coverage["groups", default: 0] += 1 }
      // The fast path's four-channel register tiles: output channels per group in fours.
      if c.weight.shape[1] % 4 == 0,
        c.weight.shape[0] / c.parameters.groups * (axes.count == 2 ? kernel[0] : 1) >= 4
      {
        coverage["four-channel blocks", default: 0] += 1
      }
      if c.input.shape[0] > 1 { coverage["batch > 1", default: 0] += 1 }
      if axes.count == 1 { coverage["1D", default: 0] += 1 } else { coverage["2D", default: 0] += 1 }

      let expected = try TransposedConvolution.reference(
        input: c.input, weight: c.weight, bias: c.bias, parameters: c.parameters)
      let actual = try TransposedConvolution.apply(
        input: c.input, weight: c.weight, bias: c.bias, parameters: c.parameters)
      #expect(actual.shape == expected.shape, "case \(index): \(c.parameters)")
      let mismatch = Approximate.firstMismatch(actual.data, expected.data)
      #expect(
        mismatch == nil,
        "case \(index): \(c.parameters), input \(c.input.shape), weight \(c.weight.shape): \(String(describing: mismatch))"
      )
    }
    for category in [
      "input size 1", "k = 1", "stride > kernel", "dilation shares a factor with stride",
      "maximal output_padding", "asymmetric padding", "groups", "batch > 1", "1D", "2D",
      "four-channel blocks",
    ] {
      #expect(coverage[category, default: 0] >= 20, "too few random cases cover \(category): \(coverage)")
    }
  }

  /// Three output channels per group (row path) and four (register-tile path).
  @Test(arguments: [3, 4])
  func resultDoesNotDependOnThreadCount(outPerGroup: Int) throws {
    var rng = SplitMix64(seed: 7)
    let input = Self.randomTensor([2, 4, 37, 53], &rng)
    let weight = Self.randomTensor([4, outPerGroup, 5, 4], &rng)
    let bias = Self.randomTensor([2 * outPerGroup], &rng)
    let axis = AxisParameters(stride: 3, paddingBegin: 2, paddingEnd: 1, outputPadding: 1, dilation: 2)
    let parameters = ConvTransposeParameters(axes: [axis, AxisParameters(stride: 2, padding: 1)], groups: 2)
    let serial = try TransposedConvolution.apply(
      input: input, weight: weight, bias: bias, parameters: parameters, parallelism: 1)
    let parallel = try TransposedConvolution.apply(
      input: input, weight: weight, bias: bias, parameters: parameters)
    #expect(serial == parallel)
    let expected = try TransposedConvolution.reference(
      input: input, weight: weight, bias: bias, parameters: parameters)
    #expect(Approximate.firstMismatch(parallel.data, expected.data) == nil)
  }

  @Test func largeSingleChannelMatchesReference() throws {
    var rng = SplitMix64(seed: 99)
    let input = Self.randomTensor([1, 1, 64, 80], &rng)
    for (k, p) in [(4, 1), (3, 1)] {
      let weight = Self.randomTensor([1, 1, k, k], &rng)
      let axis = AxisParameters(stride: 2, padding: p)
      let parameters = ConvTransposeParameters(axes: [axis, axis])
      let actual = try TransposedConvolution.apply(input: input, weight: weight, parameters: parameters)
      let expected = try TransposedConvolution.reference(input: input, weight: weight, parameters: parameters)
      #expect(Approximate.firstMismatch(actual.data, expected.data) == nil)
    }
  }

  /// Multi-channel layers large enough for the register tiles, with borders, groups and odd strides.
  @Test(arguments: [(2, 1, 4, 2, 1), (1, 2, 3, 3, 2), (2, 2, 4, 1, 0)])
  func multiChannelTilesMatchReference(groups: Int, batch: Int, k: Int, s: Int, p: Int) throws {
    var rng = SplitMix64(seed: UInt64(k * 100 + s * 10 + p))
    let input = Self.randomTensor([batch, 6 * groups, 13, 29], &rng)
    let weight = Self.randomTensor([6 * groups, 8, k, k + 1], &rng)
    let bias = Self.randomTensor([8 * groups], &rng)
    let axis = AxisParameters(stride: s, padding: p)
    let parameters = ConvTransposeParameters(
      axes: [axis, AxisParameters(stride: s, paddingBegin: p, paddingEnd: 0, outputPadding: s - 1)],
      groups: groups)
    let actual = try TransposedConvolution.apply(
      input: input, weight: weight, bias: bias, parameters: parameters)
    let expected = try TransposedConvolution.reference(
      input: input, weight: weight, bias: bias, parameters: parameters)
    #expect(actual.shape == expected.shape)
    #expect(Approximate.firstMismatch(actual.data, expected.data) == nil)
  }

  /// Many input channels (several item chunks per tile), rows long enough for full and partial
  /// 16-wide tiles, and a stride that leaves phases of unequal length; serial equals parallel.
  @Test(arguments: [(4, 2, 1), (3, 2, 1), (5, 3, 2)])
  func wideMultiChannelMatchesReference(k: Int, s: Int, p: Int) throws {
    var rng = SplitMix64(seed: UInt64(1_000 + k * 100 + s * 10 + p))
    let input = Self.randomTensor([1, 40, 9, 45], &rng)
    let weight = Self.randomTensor([40, 8, k, k], &rng)
    let bias = Self.randomTensor([8], &rng)
    let axis = AxisParameters(stride: s, padding: p)
    let parameters = ConvTransposeParameters(axes: [axis, axis])
    let serial = try TransposedConvolution.apply(
      input: input, weight: weight, bias: bias, parameters: parameters, parallelism: 1)
    let parallel = try TransposedConvolution.apply(
      input: input, weight: weight, bias: bias, parameters: parameters)
    #expect(serial == parallel)
    let expected = try TransposedConvolution.reference(
      input: input, weight: weight, bias: bias, parameters: parameters)
    #expect(serial.shape == expected.shape)
    #expect(Approximate.firstMismatch(serial.data, expected.data) == nil)
  }

  func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
}
