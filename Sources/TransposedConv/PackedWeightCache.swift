import Synchronization

/// Packed (or Winograd-transformed) convolution weights kept between calls, so a network run
/// several times packs each layer's weights once, as ONNX Runtime prepacks them at load.
///
/// An entry is keyed by the weight array's storage address, its element count and the packing's
/// layout (a list of integers naming the kind and sizes). The entry keeps a copy of the weight
/// array itself: that retains its storage, so while the entry lives no other array can take the
/// same address, and an owner that mutates its array copies it first (copy-on-write) — a key can
/// never name different values. At most `capacity` packed floats are kept; beyond that the least
/// recently used entries go. Weights under `smallest` floats are not cached (they pack quickly).
/// The packed values depend only on the weights and the layout, never on which call or thread
/// filled them, so a hit gives the same bits as packing anew.
///
/// A packing is kept from its key's second request on; the first only notes the key. A process
/// that runs a network once (`checkerscope probe`) then frees each layer's packed copy when the
/// layer is done, and the next layer's copy reuses those heap pages: no fresh pages to fault in
/// and zero (on the smp U-Net's probe a fifth of its CPU time) and a peak resident size lower by
/// the packed copies (217 → 139 MB there). A network run repeatedly packs each layer twice, then
/// never again. Noting a key keeps nothing alive, so a later array at the same address counts as
/// a second request: that only keeps its packing (packed from its own values) one run early.
public final class PackedWeightCache: Sendable {
  public static let shared = PackedWeightCache()
  /// Packed floats kept at most (128 MiB).
  public static let capacity = 1 << 25
  /// Weights with fewer elements are packed on every call.
  static let smallest = 1 << 14

  /// One packed copy; deallocated when the last holder lets go.
  public final class Packed: @unchecked Sendable {
    let source: [Float]
    public let pointer: UnsafeMutablePointer<Float>
    public let count: Int

    init(source: [Float], count: Int) {
      self.source = source
      self.count = count
      pointer = UnsafeMutablePointer<Float>.allocate(capacity: max(1, count))
      // A large packed copy is written once, right away: huge pages make that a few faults
      // instead of one per 4 KiB.
      MemoryAdvice.preferHugePages(UnsafeMutableBufferPointer(start: pointer, count: max(1, count)))
    }

    deinit { pointer.deallocate() }
  }

  struct Key: Hashable {
    let address: UInt
    let elements: Int
    let layout: [Int]
  }

  struct State {
    var entries: [Key: (packed: Packed, used: UInt64)] = [:]
    /// Keys requested once and not kept (forgotten all at once past `noted`).
    var seen: Set<Key> = []
    var total = 0
    var clock: UInt64 = 0
  }

  /// Keys noted at most before the notes are forgotten.
  static let noted = 4096

  private let state = Mutex(State())

  /// The packed form of `weights` for `layout` (`count` floats): from the cache, or made by
  /// `fill` (which writes all `count` floats; it may use several threads), kept when the same
  /// key was requested before.
  public func packed(
    _ weights: [Float], layout: [Int], count: Int, fill: (UnsafeMutablePointer<Float>) -> Void
  ) -> Packed {
    let address = weights.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
    let key = Key(address: address, elements: weights.count, layout: layout)
    let cacheable = weights.count >= Self.smallest && count <= Self.capacity
    var keep = false
    if cacheable {
      let (hit, again) = state.withLock { s -> (Packed?, Bool) in
        guard let entry = s.entries[key] else {
          if s.seen.remove(key) != nil { return (nil, true) }
          if s.seen.count >= Self.noted { s.seen.removeAll() }
          s.seen.insert(key)
          return (nil, false)
        }
        s.clock += 1
        s.entries[key] = (entry.packed, s.clock)
        return (entry.packed, false)
      }
      if let hit { return hit }
      keep = again
    }
    let made = Packed(source: keep ? weights : [], count: count)
    fill(made.pointer)
    guard keep else { return made }
    state.withLock { s in
      if s.entries[key] != nil { return }
      while s.total + count > Self.capacity,
        let oldest = s.entries.min(by: { $0.value.used < $1.value.used })?.key
      {
        s.total -= s.entries[oldest]?.packed.count ?? 0
        s.entries[oldest] = nil
      }
      s.clock += 1
      s.entries[key] = (made, s.clock)
      s.total += count
    }
    return made
  }

  /// Forgets that `weights`' address was requested (its notes, not its kept packings): called
  /// before an owner frees weights it used once, so that another array the allocator later puts
  /// at the same address (the next layer's weights, decoded when used) counts as a first request
  /// and its packing is freed after its layer instead of kept. A kept packing holds its own copy of
  /// the array, so no new array can take that address while it lives.
  public func forget(_ weights: [Float]) {
    let address = weights.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
    state.withLock { s in
      s.seen = s.seen.filter { $0.address != address }
    }
  }

  /// Drops every entry (tests; a caller that knows its models are gone).
  public func removeAll() {
    state.withLock { s in
      s.entries = [:]
      s.seen = []
      s.total = 0
    }
  }
}
