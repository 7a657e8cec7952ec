import CheckerscopeCore
import Testing
import TransposedConv

@testable import ModelRuntime

/// `WindowPool`'s fast path against `ReferenceWindow.pool` (the plain loops), bit for bit: max and
/// average, with and without `count_include_pad`, odd sizes, strides, asymmetric pads, `ceil_mode`
/// outputs whose last window runs past the end padding, ties of −0 and +0 and NaN in the input.
@Suite("WindowPool agrees with the reference loops")
struct WindowPoolTests {
  static func int(_ range: ClosedRange<Int>, _ rng: inout SplitMix64) -> Int {
    range.lowerBound + Int(rng.next() % UInt64(range.count))
  }

  /// Small integers (many ties), −0 and +0, NaN and −∞.
  static func tensor(_ shape: [Int], _ rng: inout SplitMix64) -> Tensor {
    let data = (0..<shape.reduce(1, *)).map { _ -> Float in
      switch rng.next() % 20 {
      case 0: return -0.0
      case 1: return 0
      case 2: return .nan
      case 3: return -.infinity
      default: return Float(Int(rng.next() % 9) - 4) * 0.375
      }
    }
    return Tensor(shape: shape, data: data)
  }

  /// A random window of the given rank with its output extents by ONNX's rule, floor or ceil.
  static func randomCase(rank: Int, _ rng: inout SplitMix64) -> (
    x: Tensor, output: [Int], kernel: [Int], strides: [Int], begin: [Int], end: [Int]
  ) {
    let ceil = rng.next() % 2 == 0
    var (input, kernel, strides, begin, end, output) = ([Int](), [Int](), [Int](), [Int](), [Int](), [Int]())
    for _ in 0..<rank {
      let k = int(1...4, &rng)
      let s = int(1...3, &rng)
      let pb = int(0...(k - 1), &rng)
      let pe = rng.next() % 3 == 0 ? int(0...(k - 1), &rng) : pb
      let n = int(max(1, k - pb - pe)...(k + 12), &rng)
      let span = n + pb + pe - k
      var out = (ceil ? (span + s - 1) / s : span / s) + 1
      if ceil && (out - 1) * s >= n + pb { out -= 1 }
      input.append(n)
      kernel.append(k)
      strides.append(s)
      begin.append(pb)
      end.append(pe)
      output.append(out)
    }
    let x = tensor([int(1...2, &rng), int(1...3, &rng)] + input, &rng)
    return (x, Array(x.shape[..<2]) + output, kernel, strides, begin, end)
  }

  @Test("random windows", arguments: [1, 2, 3])
  func random(rank: Int) {
    var rng = SplitMix64(seed: 2400 + UInt64(rank))
    for index in 0..<120 {
      let c = Self.randomCase(rank: rank, &rng)
      let dilations = [Int](repeating: 1, count: rank)
      #expect(
        WindowPool.takesFastPath(rank: c.x.rank, kernel: c.kernel, dilations: dilations, indices: false))
      for (isMax, includePad) in [(true, false), (false, false), (false, true)] {
        let expected = ReferenceWindow.pool(
          c.x, output: c.output, kernel: c.kernel, strides: c.strides, dilations: dilations,
          padBegin: c.begin,
          padEnd: c.end, max: isMax, includePad: includePad)
        let actual = WindowPool.pool(
          c.x, output: c.output, kernel: c.kernel, strides: c.strides, dilations: dilations,
          padBegin: c.begin,
          padEnd: c.end, max: isMax, includePad: includePad)
        #expect(actual.shape == expected.shape)
        #expect(
          actual.data.map(\.bitPattern) == expected.data.map(\.bitPattern),
          "case \(index) max \(isMax) pad \(includePad): \(c.x.shape) k \(c.kernel) s \(c.strides) p \(c.begin) \(c.end)"
        )
      }
    }
  }

  @Test("a ResNet stem max pool split over both cores")
  func stem() {
    var rng = SplitMix64(seed: 64)
    let x = Self.tensor([2, 16, 63, 64], &rng)
    let args = (
      output: [2, 16, 32, 32], kernel: [3, 3], strides: [2, 2], dilations: [1, 1], pads: [1, 1]
    )
    for isMax in [true, false] {
      let expected = ReferenceWindow.pool(
        x, output: args.output, kernel: args.kernel, strides: args.strides, dilations: args.dilations,
        padBegin: args.pads, padEnd: args.pads, max: isMax, includePad: false)
      let actual = WindowPool.pool(
        x, output: args.output, kernel: args.kernel, strides: args.strides, dilations: args.dilations,
        padBegin: args.pads, padEnd: args.pads, max: isMax, includePad: false)
      #expect(actual.data.map(\.bitPattern) == expected.data.map(\.bitPattern))
    }
  }

  @Test("dilated windows and the Indices output stay on the reference loops")
  func refusals() {
    #expect(!WindowPool.takesFastPath(rank: 4, kernel: [3, 3], dilations: [1, 2], indices: false))
    #expect(!WindowPool.takesFastPath(rank: 4, kernel: [3, 3], dilations: [1, 1], indices: true))
    #expect(
      !WindowPool.takesFastPath(
        rank: 7, kernel: [3, 3, 3, 3, 3], dilations: [1, 1, 1, 1, 1], indices: false))
    #expect(WindowPool.takesFastPath(rank: 5, kernel: [2, 2, 2], dilations: [1, 1, 1], indices: false))
  }
}
