import Foundation
import TransposedConv

/// The data movement of `Transpose`: a row-major tensor with its axes reordered,
/// `out[i_{perm[0]}, …, i_{perm[r−1]}] = in[i_0, …, i_{r−1}]`, as exact copies.
///
/// The permutation is first simplified: axes of extent 1 are dropped and output axes that are
/// neighbours in the input too are merged, so `(N, C, H·W) → (N, H·W, C)` becomes a plain 2D
/// transpose and a permutation that only moves unit axes becomes a shared copy of the input. Then,
/// when the input's last axis stays last, every output row is one `memcpy`; otherwise the two axes
/// that carry the input's and the output's contiguous runs are copied in square tiles, so both the
/// reads and the writes stay within a few cache lines. Large outputs are split over both cores (each
/// task writes its own tiles). O(elements).
enum AxisPermutation {
  /// Side of the square tiles of the strided case, in elements.
  static let tile = 16
  /// Elements from which the copy is split over both cores.
  static let parallelThreshold = 1 << 16

  /// The simplified problem: extents and input strides per remaining output axis, outermost first.
  static func simplify(shape: [Int], perm: [Int]) -> (extents: [Int], strides: [Int]) {
    var inStrides = [Int](repeating: 1, count: shape.count)
    for axis in stride(from: shape.count - 2, through: 0, by: -1) {
      inStrides[axis] = inStrides[axis + 1] * shape[axis + 1]
    }
    var extents: [Int] = []
    var strides: [Int] = []
    for axis in perm where shape[axis] != 1 {
      if let last = extents.last, let outer = strides.last, outer == inStrides[axis] * shape[axis] {
        // Contiguous in the input too: the merged axis steps by the inner axis's stride.
        extents[extents.count - 1] = last * shape[axis]
        strides[strides.count - 1] = inStrides[axis]
      } else {
        extents.append(shape[axis])
        strides.append(inStrides[axis])
      }
    }
    return (extents, strides)
  }

  /// `source` (shape `shape`) with its axes permuted by `perm` (a permutation of the axes).
  static func permute<T>(_ source: [T], shape: [Int], perm: [Int]) -> [T] {
    let (extents, strides) = simplify(shape: shape, perm: perm)
    let total = extents.reduce(1, *)
    // No axes left, or one run in input order: the output has the input's element order.
    if total == 0 || extents.count <= 1 { return source }
    return [T](unsafeUninitializedCapacity: total) { buffer, initialized in
      source.withUnsafeBufferPointer { src in
        guard let s = src.baseAddress, let d = buffer.baseAddress else { return }
        Plan(extents: extents, strides: strides, source: s, destination: d).run()
      }
      initialized = total
    }
  }

  /// One permutation: the simplified extents, input strides and output strides, and the buffers.
  struct Plan<T>: @unchecked Sendable {
    let extents: [Int]
    let inStrides: [Int]
    let outStrides: [Int]
    /// The output axis whose input stride is 1 (the input's innermost axis).
    let inner: Int
    let source: UnsafePointer<T>
    let destination: UnsafeMutablePointer<T>

    init(extents: [Int], strides: [Int], source: UnsafePointer<T>, destination: UnsafeMutablePointer<T>) {
      self.extents = extents
      inStrides = strides
      var out = [Int](repeating: 1, count: extents.count)
      for axis in stride(from: extents.count - 2, through: 0, by: -1) {
        out[axis] = out[axis + 1] * extents[axis + 1]
      }
      outStrides = out
      inner = strides.firstIndex(of: 1) ?? extents.count - 1
      self.source = source
      self.destination = destination
    }

    /// The axes walked by the outer loop (all but the last, and but `inner` when it is not last).
    var outerAxes: [Int] {
      let last = extents.count - 1
      return (0..<last).filter { $0 != inner }
    }

    /// Runs the jobs — (outer position, tile row) pairs — in contiguous chunks, on both cores when
    /// the output is large.
    func run() {
      let last = extents.count - 1
      let axes = outerAxes
      let outerCount = axes.reduce(1) { $0 * extents[$1] }
      let tileRows = inner == last ? 1 : (extents[inner] + AxisPermutation.tile - 1) / AxisPermutation.tile
      let jobs = outerCount * tileRows
      let total = extents.reduce(1, *)
      let chunks = total >= AxisPermutation.parallelThreshold ? min(jobs, 8) : 1
      let work: @Sendable (Int) -> Void = { chunk in
        let begin = jobs * chunk / chunks
        let end = jobs * (chunk + 1) / chunks
        for job in begin..<end { self.job(job / tileRows, tileRow: job % tileRows, axes: axes) }
      }
      if chunks > 1 {
        ParallelLoop.perform(iterations: chunks, work)
      } else {
        work(0)
      }
    }

    /// Copies the part of the output at outer position `position` (over `axes`) and tile row
    /// `tileRow` of the `inner` axis.
    func job(_ position: Int, tileRow: Int, axes: [Int]) {
      var rest = position
      var src = 0
      var dst = 0
      for axis in axes.reversed() {
        let i = rest % extents[axis]
        rest /= extents[axis]
        src += i * inStrides[axis]
        dst += i * outStrides[axis]
      }
      let last = extents.count - 1
      let count = extents[last]
      if inner == last {
        (destination + dst).initialize(from: source + src, count: count)
        return
      }
      let tile = AxisPermutation.tile
      let (rowStride, columnStride) = (outStrides[inner], inStrides[last])
      let rows = tileRow * tile..<min((tileRow + 1) * tile, extents[inner])
      var column = 0
      while column < count {
        let columns = column..<min(column + tile, count)
        for i in rows {
          let s = source + src + i
          let d = destination + dst + i * rowStride
          for j in columns { d[j] = s[j * columnStride] }
        }
        column += tile
      }
    }
  }
}
