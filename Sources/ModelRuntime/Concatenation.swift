import Foundation
import TransposedConv

/// The data movement of `Concat`: row-major parts joined along one axis, as block copies.
///
/// Along axis `a`, each part is `outer` contiguous blocks (`outer` = the product of the extents
/// before `a`), one per outer index, and the output's row `o` is the parts' blocks `o` one after the
/// other. Every block is one `memcpy`; when the output is large the rows (or, for fewer than eight
/// rows, the blocks cut into pieces) are split over both cores, each task writing its own range.
/// O(elements), with O(total / piece) scratch at most.
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
    // Eight or more rows: tasks take contiguous row ranges. Fewer: each row's blocks in pieces (at
    // most total / piece + 7 · parts of them), so one long block still spreads over both cores.
    let byRows = outer >= 8
    var list: [Copy] = []
    if !byRows {
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
    }
    let copies = list
    return [T](unsafeUninitializedCapacity: total) { buffer, initialized in
      guard let base = buffer.baseAddress else { return }
      let destination = Destination(base: base)
      let chunks = total < 2 * piece ? 1 : byRows ? 8 : min(copies.count, 8)
      let work: @Sendable (Int) -> Void = { chunk in
        func copy(_ c: Copy) {
          parts[c.part].withUnsafeBufferPointer { src in
            guard let s = src.baseAddress else { return }
            (destination.base + c.to).initialize(from: s + c.from, count: c.count)
          }
        }
        if byRows {
          for o in (outer * chunk / chunks)..<(outer * (chunk + 1) / chunks) {
            var offset = o * row
            for (p, block) in blocks.enumerated() where block > 0 {
              copy(Copy(part: p, from: o * block, to: offset, count: block))
              offset += block
            }
          }
        } else {
          for c in copies[(copies.count * chunk / chunks)..<(copies.count * (chunk + 1) / chunks)] { copy(c) }
        }
      }
      if chunks > 1 {
        ParallelLoop.perform(iterations: chunks, work)
      } else {
        work(0)
      }
      initialized = total
    }
  }
}
