import Foundation

/// The data movement of `Concat`: row-major parts joined along one axis, as block copies.
///
/// Along axis `a`, each part is `outer` contiguous blocks (`outer` = the product of the extents
/// before `a`), one per outer index, and the output's row `o` is the parts' blocks `o` one after the
/// other. Every block is one `memcpy`; long blocks are cut into pieces, and when the output is large
/// the pieces are split over both cores (each writes its own range). O(elements).
enum Concatenation {
  /// Elements per copy piece, and the output size from which the pieces are split over both cores.
  static let piece = 1 << 16

  /// The output buffer, written by the tasks at disjoint ranges.
  struct Destination<T>: @unchecked Sendable {
    let base: UnsafeMutablePointer<T>
  }

  /// One copy: `count` elements from `part` at `from` to the output at `to`.
  struct Copy: Sendable {
    var part: Int
    var from: Int
    var to: Int
    var count: Int
  }

  /// The blocks of `parts` joined: `blocks[p]` elements of part `p` per outer index, `outer`
  /// outer indices (every `parts[p].count == outer · blocks[p]`).
  static func join<T: Sendable>(_ parts: [[T]], blocks: [Int], outer: Int) -> [T] {
    let row = blocks.reduce(0, +)
    let total = outer * row
    if total == 0 { return [] }
    var list: [Copy] = []
    for o in 0..<outer {
      var offset = o * row
      for (p, block) in blocks.enumerated() where block > 0 {
        var start = 0
        while start < block {
          let count = min(piece, block - start)
          list.append(Copy(part: p, from: o * block + start, to: offset + start, count: count))
          start += count
        }
        offset += block
      }
    }
    let copies = list
    return [T](unsafeUninitializedCapacity: total) { buffer, initialized in
      guard let base = buffer.baseAddress else { return }
      let destination = Destination(base: base)
      let chunks = total >= 2 * piece ? min(copies.count, 8) : 1
      let work: @Sendable (Int) -> Void = { chunk in
        for c in copies[(copies.count * chunk / chunks)..<(copies.count * (chunk + 1) / chunks)] {
          parts[c.part].withUnsafeBufferPointer { src in
            guard let s = src.baseAddress else { return }
            (destination.base + c.to).initialize(from: s + c.from, count: c.count)
          }
        }
      }
      if chunks > 1 {
        DispatchQueue.concurrentPerform(iterations: chunks, execute: work)
      } else {
        work(0)
      }
      initialized = total
    }
  }
}
