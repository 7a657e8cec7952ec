import Dispatch

/// Fresh arrays of plain values filled in place, large ones in parts on every core.
enum ArrayFill {
  /// A part's size in bytes, at least: small enough that two cores share a 2.4 MB convolution
  /// weight, large enough that handing a part to a thread costs little beside copying it.
  static let partBytes = 1 << 20
  /// At most this many parts per array (`concurrentPerform` hands them to threads as they come free).
  static let maximumParts = 64

  /// An array of `count` elements, element `i` written by `fill(base, range)` for the part `range`
  /// holding `i`; every index lies in exactly one part, and `fill` must initialise all of its part.
  ///
  /// Arrays of `PageAdvice.threshold` bytes and more are split into parts of about `partBytes` run
  /// with `DispatchQueue.concurrentPerform`, after asking for huge pages over the whole array and
  /// populating each part's pages; smaller ones are filled in one call on the caller's thread. The
  /// result does not depend on the split, so it is the same on any number of cores. O(count).
  static func make<Element: BitwiseCopyable>(
    count: Int, _ fill: (UnsafeMutablePointer<Element>, Range<Int>) -> Void
  ) -> [Element] {
    [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
      defer { initialized = count }
      guard let base = buffer.baseAddress, count > 0 else { return }
      let bytes = count * MemoryLayout<Element>.stride
      guard bytes >= PageAdvice.threshold else {
        fill(base, 0..<count)
        return
      }
      PageAdvice.preferHugePages(UnsafeMutableRawPointer(base), count: bytes)
      let parts = min(maximumParts, max(1, bytes / partBytes))
      withoutActuallyEscaping(fill) { fill in
        let task = Task(base: base, count: count, parts: parts, fill: fill)
        if parts == 1 {
          task.run(0)
        } else {
          DispatchQueue.concurrentPerform(iterations: parts) { task.run($0) }
        }
      }
    }
  }

  /// What each thread needs: the destination, the split and the filling closure. `fill` writes only
  /// its own part and reads only memory no thread writes, so sharing it across threads is safe.
  private struct Task<Element: BitwiseCopyable>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
    let count: Int
    let parts: Int
    let fill: (UnsafeMutablePointer<Element>, Range<Int>) -> Void

    func run(_ part: Int) {
      let range = (count * part / parts)..<(count * (part + 1) / parts)
      PageAdvice.populateForWriting(
        UnsafeMutableRawPointer(base + range.lowerBound), count: range.count * MemoryLayout<Element>.stride)
      fill(base, range)
    }
  }
}
