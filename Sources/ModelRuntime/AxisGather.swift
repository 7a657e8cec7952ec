import Foundation
import TransposedConv

/// Copies a row-major tensor through one index map per axis:
/// `out[o₀, …, o_{r−1}] = in[m₀[o₀], …, m_{r−1}[o_{r−1}]]` — the data movement of `Slice` (any
/// steps) and of a nearest `Resize` (any scales and rounding), as exact copies.
///
/// The last axis is copied as one row per output row: a `memcpy` when its map is a contiguous
/// run, a tight loop when it repeats each source element `k` times (integer upsampling), an
/// indexed loop otherwise. Along the other axes, an output block whose source index equals the one
/// before it is a `memcpy` of the block just written (the rows and planes that upsampling
/// repeats). Large outputs are split into blocks over the leading axes and run on all cores; every
/// element is written exactly once, so the result does not depend on the split.
/// O(output elements).
enum AxisGather {
  /// How the last axis's map reads its source row.
  enum RowKind: Equatable {
    /// `map[i] = start + i`.
    case run(start: Int)
    /// `map[i] = start + i / factor` (each source element repeated `factor` times).
    case repeated(start: Int, factor: Int)
    /// Any other map.
    case indexed
  }

  /// The shape of the last axis's map.
  static func rowKind(_ map: [Int]) -> RowKind {
    guard let start = map.first else { return .indexed }
    if map.indices.allSatisfy({ map[$0] == start + $0 }) { return .run(start: start) }
    var factor = 1
    while factor < map.count && map[factor] == start { factor += 1 }
    if factor > 1 && map.indices.allSatisfy({ map[$0] == start + $0 / factor }) {
      return .repeated(start: start, factor: factor)
    }
    return .indexed
  }

  /// Output elements from which the copy is split over both cores.
  static let parallelThreshold = 1 << 16

  /// Gathers `source` (shape `inShape`) through `maps` (one per axis, every entry in range) into a
  /// new array of `maps.map(\.count)` elements in row-major order.
  static func gather<T>(_ source: [T], inShape: [Int], maps: [[Int]]) -> [T] {
    precondition(maps.count == inShape.count, "one map per axis")
    let outShape = maps.map(\.count)
    let total = outShape.reduce(1, *)
    if total == 0 { return [] }
    // Every map the identity: the output is the input (its storage shared).
    if zip(maps, inShape).allSatisfy({ map, n in map.count == n && map.indices.allSatisfy { map[$0] == $0 } })
    {
      return source
    }
    return [T](unsafeUninitializedCapacity: total) { buffer, initialized in
      source.withUnsafeBufferPointer { src in
        guard let s = src.baseAddress, let d = buffer.baseAddress else { return }
        let plan = Plan(inShape: inShape, maps: maps, source: s, destination: d)
        plan.run()
      }
      initialized = total
    }
  }

  /// One gather: the strides, the maps and the two buffers (each task writes its own blocks).
  struct Plan<T>: @unchecked Sendable {
    let rank: Int
    let maps: [[Int]]
    let outShape: [Int]
    let inStrides: [Int]
    let outStrides: [Int]
    let row: RowKind
    let source: UnsafePointer<T>
    let destination: UnsafeMutablePointer<T>

    init(inShape: [Int], maps: [[Int]], source: UnsafePointer<T>, destination: UnsafeMutablePointer<T>) {
      rank = inShape.count
      self.maps = maps
      outShape = maps.map(\.count)
      var strides = [Int](repeating: 1, count: rank)
      var outer = [Int](repeating: 1, count: rank)
      for axis in stride(from: rank - 2, through: 0, by: -1) {
        strides[axis] = strides[axis + 1] * inShape[axis + 1]
        outer[axis] = outer[axis + 1] * outShape[axis + 1]
      }
      inStrides = strides
      outStrides = outer
      row = AxisGather.rowKind(maps[rank - 1])
      self.source = source
      self.destination = destination
    }

    /// Splits the output into blocks over the leading axes (enough for both cores when the output
    /// is large) and fills each.
    func run() {
      let total = outShape.reduce(1, *)
      var leading = 0
      var blocks = 1
      if total >= AxisGather.parallelThreshold {
        while leading < rank - 1 && blocks < 8 {
          blocks *= outShape[leading]
          leading += 1
        }
      }
      let (lead, count) = (leading, blocks)
      // At most eight tasks, each a contiguous range of blocks.
      let chunks = min(count, 8)
      let work: @Sendable (Int) -> Void = { chunk in
        for block in (count * chunk / chunks)..<(count * (chunk + 1) / chunks) {
          var rest = block
          var src = 0
          var dst = 0
          for axis in stride(from: lead - 1, through: 0, by: -1) {
            let o = rest % outShape[axis]
            rest /= outShape[axis]
            src += maps[axis][o] * inStrides[axis]
            dst += o * outStrides[axis]
          }
          fill(axis: lead, source: src, destination: dst)
        }
      }
      if chunks > 1 {
        ParallelLoop.perform(iterations: chunks, work)
      } else {
        work(0)
      }
    }

    /// Fills the output block at `destination` (axes `axis…`) from the source block at `source`.
    func fill(axis: Int, source from: Int, destination to: Int) {
      if axis == rank - 1 {
        copyRow(source: from, destination: to)
        return
      }
      let map = maps[axis]
      let (inStride, outStride) = (inStrides[axis], outStrides[axis])
      for o in 0..<map.count {
        let at = to + o * outStride
        if o > 0 && map[o] == map[o - 1] {
          (destination + at).initialize(from: destination + at - outStride, count: outStride)
        } else {
          fill(axis: axis + 1, source: from + map[o] * inStride, destination: at)
        }
      }
    }

    /// One output row of the last axis.
    func copyRow(source from: Int, destination to: Int) {
      let src = source + from
      let dst = destination + to
      let count = outShape[rank - 1]
      switch row {
      case .run(let start):
        dst.initialize(from: src + start, count: count)
      case .repeated(let start, let factor):
        let whole = count / factor
        var i = 0
        if factor == 2 {
          for j in 0..<whole {
            let v = src[start + j]
            dst[2 * j] = v
            dst[2 * j + 1] = v
          }
          i = 2 * whole
        } else {
          for j in 0..<whole {
            let v = src[start + j]
            for r in 0..<factor { dst[j * factor + r] = v }
          }
          i = whole * factor
        }
        while i < count {
          dst[i] = src[start + i / factor]
          i += 1
        }
      case .indexed:
        let map = maps[rank - 1]
        map.withUnsafeBufferPointer { m in
          for i in 0..<count { dst[i] = src[m[i]] }
        }
      }
    }
  }
}
