import Dispatch

/// Fresh arrays of plain values filled in place, large ones in parts on every core.
enum ArrayFill {
  /// A part's size in bytes, at least: one transparent huge page.
  static let partBytes = PageAdvice.hugePage
  /// At most this many parts per array (`concurrentPerform` hands them to threads as they come free).
  static let maximumParts = 64

  /// An array of `count` elements, element `i` written by `fill(base, range)` for the part `range`
  /// holding `i`; every index lies in exactly one part, and `fill` must initialise all of its part.
  ///
  /// Arrays of `PageAdvice.threshold` bytes and more are split into parts of about `partBytes` run
  /// with `DispatchQueue.concurrentPerform`, after asking for huge pages over the whole array and
  /// populating each part's pages; smaller ones are filled in one call on the caller's thread. Parts
  /// meet at huge-page boundaries, so no two threads fault in the same huge page. The result does
  /// not depend on the split, so it is the same on any number of cores. O(count).
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
      let bounds = partBounds(base: base, count: count, parts: min(maximumParts, max(1, bytes / partBytes)))
      withoutActuallyEscaping(fill) { fill in
        let task = Task(base: base, bounds: bounds, fill: fill)
        if bounds.count == 2 {
          task.run(0)
        } else {
          DispatchQueue.concurrentPerform(iterations: bounds.count - 1) { task.run($0) }
        }
      }
    }
  }

  /// `parts + 1` element indices from 0 to `count`, non-decreasing, about `count / parts` apart, the
  /// inner ones moved up to the next huge-page address.
  static func partBounds<Element>(base: UnsafeMutablePointer<Element>, count: Int, parts: Int) -> [Int] {
    let stride = MemoryLayout<Element>.stride
    let address = UInt(bitPattern: base)
    let mask = UInt(PageAdvice.hugePage - 1)
    var bounds = [0]
    for part in 1..<max(1, parts) {
      let target = address + UInt(count / parts * part * stride)
      let aligned = (target + mask) & ~mask
      bounds.append(max(bounds[part - 1], min(count, Int((aligned - address) / UInt(stride)))))
    }
    bounds.append(count)
    return bounds
  }

  /// What each thread needs: the destination, the split and the filling closure. `fill` writes only
  /// its own part and reads only memory no thread writes, so sharing it across threads is safe.
  private struct Task<Element: BitwiseCopyable>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
    let bounds: [Int]
    let fill: (UnsafeMutablePointer<Element>, Range<Int>) -> Void

    func run(_ part: Int) {
      let range = bounds[part]..<bounds[part + 1]
      PageAdvice.populateForWriting(
        UnsafeMutableRawPointer(base + range.lowerBound), count: range.count * MemoryLayout<Element>.stride)
      fill(base, range)
    }
  }
}
