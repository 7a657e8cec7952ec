import Testing

@testable import TransposedConv

/// When `PackedWeightCache` packs and when it answers from what it kept: a key's first request
/// packs without keeping (a network run once frees each packed copy after its layer), the second
/// packs and keeps, later ones are answered with the kept copy; small weights are never kept.
@Suite("Packed weight cache")
struct PackedWeightCacheTests {
  /// `weights` packed as their negation through `cache`, counting the fills.
  static func request(
    _ cache: PackedWeightCache, _ weights: [Float], layout: [Int], fills: inout Int
  ) -> PackedWeightCache.Packed {
    var count = 0
    let packed = cache.packed(weights, layout: layout, count: weights.count) { target in
      count += 1
      for (i, v) in weights.enumerated() { target[i] = -v }
    }
    fills += count
    return packed
  }

  @Test("kept from the second request on")
  func secondRequest() {
    let cache = PackedWeightCache()
    let weights = (0..<PackedWeightCache.smallest).map { Float($0) * 0.5 }
    var fills = 0
    let first = Self.request(cache, weights, layout: [1], fills: &fills)
    #expect(fills == 1)
    let second = Self.request(cache, weights, layout: [1], fills: &fills)
    #expect(fills == 2)
    let third = Self.request(cache, weights, layout: [1], fills: &fills)
    #expect(fills == 2)
    #expect(third === second)
    #expect(first !== second)
    for packed in [first, second, third] {
      #expect((0..<weights.count).allSatisfy { packed.pointer[$0] == -weights[$0] })
    }
    // Another layout of the same weights is another key: packed twice before it is kept.
    _ = Self.request(cache, weights, layout: [2], fills: &fills)
    _ = Self.request(cache, weights, layout: [2], fills: &fills)
    _ = Self.request(cache, weights, layout: [2], fills: &fills)
    #expect(fills == 4)
    // Emptied: the next request is a first one again.
    cache.removeAll()
    _ = Self.request(cache, weights, layout: [1], fills: &fills)
    _ = Self.request(cache, weights, layout: [1], fills: &fills)
    #expect(fills == 6)
  }

  @Test("small weights are packed on every request")
  func small() {
    let cache = PackedWeightCache()
    let weights = [Float](repeating: 1, count: PackedWeightCache.smallest - 1)
    var fills = 0
    for _ in 0..<3 { _ = Self.request(cache, weights, layout: [0], fills: &fills) }
    #expect(fills == 3)
  }

  @Test("a forgotten address is a first request again; a kept packing is not forgotten")
  func forget() {
    let cache = PackedWeightCache()
    let weights = (0..<PackedWeightCache.smallest).map { Float($0) }
    var fills = 0
    let first = Self.request(cache, weights, layout: [1], fills: &fills)
    cache.forget(weights)
    // Without the note the second request is a first one: packed, not kept.
    let second = Self.request(cache, weights, layout: [1], fills: &fills)
    #expect(fills == 2)
    #expect(first.source.isEmpty && second.source.isEmpty)
    // The third is a second request: packed and kept; the fourth is answered from the cache.
    let third = Self.request(cache, weights, layout: [1], fills: &fills)
    let fourth = Self.request(cache, weights, layout: [1], fills: &fills)
    #expect(fills == 3)
    #expect(third.source.count == weights.count)
    #expect(fourth === third)
    // Forgetting the notes leaves a kept packing in place.
    cache.forget(weights)
    let fifth = Self.request(cache, weights, layout: [1], fills: &fills)
    #expect(fills == 3)
    #expect(fifth === third)
    #expect((0..<weights.count).allSatisfy { fifth.pointer[$0] == -weights[$0] })
    // Another array's notes are untouched: its second request keeps, its third hits.
    let other = (0..<PackedWeightCache.smallest).map { Float($0) + 1 }
    _ = Self.request(cache, other, layout: [1], fills: &fills)
    cache.forget(weights)
    let otherSecond = Self.request(cache, other, layout: [1], fills: &fills)
    let otherThird = Self.request(cache, other, layout: [1], fills: &fills)
    #expect(fills == 5)
    #expect(otherThird === otherSecond)
  }
}
