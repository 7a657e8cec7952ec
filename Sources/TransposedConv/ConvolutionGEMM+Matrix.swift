import Dispatch
import Foundation

extension ConvolutionGEMM {
  /// `c = a·b` for row-major `a` (`m × k`), `b` (`k × n`) and `c` (`m × n`) on the C kernel of the
  /// convolutions (rows of `a` packed in blocks, `b`'s rows read in place): each element sums its
  /// `k` products in order with one fused multiply-add each, from 0, so the result does not
  /// depend on the number of threads and is the same for both C kernel sets. False (and `c`
  /// untouched) for the portable set, which keeps the caller's own loops.
  public static func multiply(
    _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, m: Int, k: Int, n: Int,
    into c: UnsafeMutablePointer<Float>, kernels: KernelSet = .active, parallelism: Int? = nil
  ) -> Bool {
    guard kernels != .portable else { return false }
    guard m > 0, n > 0 else { return true }
    let rows = blockRows(kernels)
    let blocks = (m + rows - 1) / rows
    let packed = UnsafeMutablePointer<Float>.allocate(capacity: max(1, blocks * k * rows))
    let offsets = UnsafeMutablePointer<Int>.allocate(capacity: max(1, k))
    let zero = UnsafeMutablePointer<Float>.allocate(capacity: blocks * rows)
    defer {
      packed.deallocate()
      offsets.deallocate()
      zero.deallocate()
    }
    pack(a, rows: m, k: k, blockRows: rows, into: packed)
    for p in 0..<k { offsets[p] = p * n }
    zero.update(repeating: 0, count: blocks * rows)
    let work = Work(
      packed: packed, rows: m, b: b, offsets: offsets, k: k, bias: zero, c: c, ldc: n, kernels: kernels)
    let workers = parallelism.map { max(1, $0) } ?? ProcessInfo.processInfo.activeProcessorCount
    let operations = Double(m) * Double(k) * Double(n)
    _ = work.run(blocks: blocks, positions: n, chunks: operations < 2_000_000 ? 1 : workers)
    return true
  }
}
