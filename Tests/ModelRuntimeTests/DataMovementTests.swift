import CheckerscopeCore
import Testing
import TransposedConv

@testable import ModelRuntime

/// The data-movement fast paths (`AxisGather`, `AxisPermutation`, `Concatenation`) against plain
/// index loops written here, element by element and bit for bit, on odd sizes, unit axes and
/// outputs large enough to be split over both cores. The inputs hold −0, NaN and ±∞ so that a copy
/// that went through arithmetic would show.
@Suite("Data movement fast paths agree with plain loops")
struct DataMovementTests {
  static func int(_ range: ClosedRange<Int>, _ rng: inout SplitMix64) -> Int {
    range.lowerBound + Int(rng.next() % UInt64(range.count))
  }

  /// Distinct values with −0, NaN (with a payload) and ±∞ mixed in.
  static func values(_ count: Int, _ rng: inout SplitMix64) -> [Float] {
    (0..<count).map { i in
      switch rng.next() % 16 {
      case 0: return -0.0
      case 1: return Float(bitPattern: 0x7FC0_1234)
      case 2: return .infinity
      case 3: return -.infinity
      default: return Float(i) + 0.25
      }
    }
  }

  static func bits(_ a: [Float]) -> [UInt32] { a.map(\.bitPattern) }

  static func strides(_ shape: [Int]) -> [Int] {
    var result = [Int](repeating: 1, count: shape.count)
    for axis in stride(from: shape.count - 2, through: 0, by: -1) {
      result[axis] = result[axis + 1] * shape[axis + 1]
    }
    return result
  }

  /// `offset(o)` for every multi-index `o` of `shape`, in row-major order (an odometer).
  static func offsets(_ shape: [Int], _ offset: ([Int]) -> Int) -> [Int] {
    let total = shape.reduce(1, *)
    var result: [Int] = []
    result.reserveCapacity(total)
    var o = [Int](repeating: 0, count: shape.count)
    for _ in 0..<total {
      result.append(offset(o))
      var axis = shape.count - 1
      while axis >= 0 {
        o[axis] += 1
        if o[axis] < shape[axis] { break }
        o[axis] = 0
        axis -= 1
      }
    }
    return result
  }

  /// A random map of `out` entries into `0..<n`: the identity, a run, ×k repetition, a reversal or
  /// arbitrary indices.
  static func randomMap(n: Int, _ rng: inout SplitMix64) -> [Int] {
    switch rng.next() % 5 {
    case 0: return Array(0..<n)
    case 1:
      let start = int(0...(n - 1), &rng)
      return Array(start..<int((start + 1)...n, &rng))
    case 2:
      let k = int(2...3, &rng)
      return (0..<(n * k - int(0...(k - 1), &rng))).map { $0 / k }
    case 3: return Array((0..<n).reversed())
    default: return (0..<int(1...(2 * n), &rng)).map { _ in int(0...(n - 1), &rng) }
    }
  }

  @Test("AxisGather equals the index loop", arguments: [1, 2, 3, 4, 5])
  func gather(rank: Int) {
    var rng = SplitMix64(seed: 240 + UInt64(rank))
    for _ in 0..<40 {
      let shape = (0..<rank).map { _ in Self.int(1...(rank >= 4 ? 7 : 19), &rng) }
      let x = Self.values(shape.reduce(1, *), &rng)
      let maps = shape.map { Self.randomMap(n: $0, &rng) }
      let outShape = maps.map(\.count)
      let inStrides = Self.strides(shape)
      let expected = Self.offsets(outShape) { o in
        (0..<rank).reduce(0) { $0 + maps[$1][o[$1]] * inStrides[$1] }
      }.map { x[$0] }
      let actual = AxisGather.gather(x, inShape: shape, maps: maps)
      #expect(Self.bits(actual) == Self.bits(expected), "shape \(shape), maps \(maps)")
    }
  }

  @Test("AxisGather on a large ×2 upsampling split over both cores")
  func gatherLarge() {
    var rng = SplitMix64(seed: 7)
    let shape = [2, 5, 33, 47]
    let x = Self.values(shape.reduce(1, *), &rng)
    let maps = [[0, 1], Array(0..<5), (0..<66).map { $0 / 2 }, (0..<94).map { $0 / 2 }]
    let actual = AxisGather.gather(x, inShape: shape, maps: maps)
    var expected: [Float] = []
    for n in 0..<2 {
      for c in 0..<5 {
        for y in 0..<66 {
          for w in 0..<94 { expected.append(x[((n * 5 + c) * 33 + y / 2) * 47 + w / 2]) }
        }
      }
    }
    #expect(Self.bits(actual) == Self.bits(expected))
    #expect(AxisGather.rowKind(maps[3]) == .repeated(start: 0, factor: 2))
    #expect(AxisGather.rowKind([3, 4, 5]) == .run(start: 3))
    #expect(AxisGather.rowKind([0, 0, 1, 2]) == .indexed)
  }

  @Test("AxisPermutation equals the index loop", arguments: [1, 2, 3, 4, 5])
  func permutation(rank: Int) {
    var rng = SplitMix64(seed: 480 + UInt64(rank))
    // Large enough for several tiles and both cores: a 1D copy, (C, H·W) → (H·W, C), a 3D rotation,
    // NCHW → NHWC and a 5D shuffle; then small random shapes, unit axes one time in four.
    let large: [([Int], [Int])] = [
      ([70_001], [0]), ([333, 301], [1, 0]), ([37, 45, 41], [2, 0, 1]), ([1, 33, 47, 45], [0, 2, 3, 1]),
      ([3, 9, 1, 41, 61], [4, 2, 0, 3, 1]),
    ]
    for trial in 0..<40 {
      let (shape, perm): ([Int], [Int])
      if trial == 0 {
        (shape, perm) = large[rank - 1]
      } else {
        shape = (0..<rank).map { _ in rng.next() % 4 == 0 ? 1 : Self.int(2...11, &rng) }
        var p = Array(0..<rank)
        p.shuffle(using: &rng)
        perm = p
      }
      let x = Self.values(shape.reduce(1, *), &rng)
      let outShape = perm.map { shape[$0] }
      let inStrides = Self.strides(shape)
      let sources = Self.offsets(outShape) { o in (0..<rank).reduce(0) { $0 + o[$1] * inStrides[perm[$1]] } }
      let expected = sources.map { x[$0] }
      let actual = AxisPermutation.permute(x, shape: shape, perm: perm)
      #expect(Self.bits(actual) == Self.bits(expected), "shape \(shape), perm \(perm)")
      let ints = x.indices.map { Int64($0) * 3 - 7 }
      let intsExpected = sources.map { ints[$0] }
      #expect(AxisPermutation.permute(ints, shape: shape, perm: perm) == intsExpected)
    }
  }

  @Test("AxisPermutation simplifies unit and neighbouring axes")
  func simplify() {
    // (N, C, H, W) → (N, H, W, C) with N = 1: one 2D transpose of C × (H·W).
    let a = AxisPermutation.simplify(shape: [1, 3, 4, 5], perm: [0, 2, 3, 1])
    #expect(a.extents == [20, 3] && a.strides == [1, 20])
    // Only unit axes move: one run, the input's order.
    #expect(AxisPermutation.simplify(shape: [2, 1, 3], perm: [1, 0, 2]).extents == [6])
  }

  @Test("Concatenation equals the index loop", arguments: [1, 2, 3, 4])
  func concatenation(rank: Int) {
    var rng = SplitMix64(seed: 720 + UInt64(rank))
    for trial in 0..<30 {
      // The first trial is large enough for several pieces over both cores.
      let limit = trial == 0 ? [140_000, 400, 50, 16][rank - 1] : 6
      let base = (0..<rank).map { _ in Self.int((trial == 0 ? limit / 2 : 1)...limit, &rng) }
      let axis = Self.int(0...(rank - 1), &rng)
      let shapes = (0..<Self.int(1...4, &rng)).map { _ -> [Int] in
        var s = base
        s[axis] = Self.int(0...(limit - 1), &rng)
        return s
      }
      let parts = shapes.map { Self.values($0.reduce(1, *), &rng) }
      var outShape = base
      outShape[axis] = shapes.reduce(0) { $0 + $1[axis] }
      // Each output position as (part << 40) + the position's offset in that part.
      let partStrides = shapes.map(Self.strides)
      let expected = Self.offsets(outShape) { index in
        var o = index
        var p = 0
        while o[axis] >= shapes[p][axis] {
          o[axis] -= shapes[p][axis]
          p += 1
        }
        return p << 40 + (0..<rank).reduce(0) { $0 + o[$1] * partStrides[p][$1] }
      }.map { parts[$0 >> 40][$0 & (1 << 40 - 1)] }
      let outer = base[..<axis].reduce(1, *)
      let blocks = shapes.map { $0[axis...].reduce(1, *) }
      let actual = Concatenation.join(parts, blocks: blocks, outer: outer)
      #expect(Self.bits(actual) == Self.bits(expected), "shapes \(shapes), axis \(axis)")
    }
  }
}
