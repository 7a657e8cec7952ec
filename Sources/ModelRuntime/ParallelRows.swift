import Dispatch
import TransposedConv

/// Splits a loop over rows of equal length into tasks of about `grain` elements and runs them on
/// every core (`ParallelLoop.perform`) when there is more than one.
///
/// The split depends only on the row count and length, never on the number of cores, and each
/// row is computed by one task in a fixed order, so results are the same bytes whatever the
/// thread count. The loops handed to it write disjoint rows.
enum ParallelRows {
  /// Elements per task (256 KiB of floats): large enough to pay for a hand-off, small enough to
  /// balance two cores when another process takes one of them for a while.
  static let grain = 1 << 16

  /// Runs `body` on consecutive ranges of rows covering `0..<rows`, each row `length` elements.
  static func forEach(rows: Int, length: Int, _ body: @Sendable (Range<Int>) -> Void) {
    guard rows > 0 else { return }
    let perTask = Swift.max(1, grain / Swift.max(length, 1))
    let tasks = (rows + perTask - 1) / perTask
    if tasks == 1 {
      body(0..<rows)
      return
    }
    ParallelLoop.perform(iterations: tasks) { task in
      let start = task * perTask
      body(start..<Swift.min(rows, start + perTask))
    }
  }
}

/// The buffers of one elementwise loop, shared by its tasks; each task writes only its own rows
/// of `destination`, which may be one of the sources.
struct LoopBuffers: @unchecked Sendable {
  let destination: UnsafeMutablePointer<Float>
  let first: UnsafePointer<Float>
  let second: UnsafePointer<Float>

  init(
    _ destination: UnsafeMutablePointer<Float>, _ first: UnsafePointer<Float>, _ second: UnsafePointer<Float>
  ) {
    self.destination = destination
    self.first = first
    self.second = second
  }
}
