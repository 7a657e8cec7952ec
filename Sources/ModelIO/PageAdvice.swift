#if canImport(Glibc)
  import Glibc
#endif

/// Hints to Linux about the fresh memory decoded tensors are written into.
///
/// A model's weights land in arrays the process has never touched, so writing them costs one page
/// fault per 4 KiB (about half of a fresh process's read time on a 57 MB model, measured in
/// `Docs/PERFORMANCE.md`). Backing the arrays with transparent huge pages turns thousands of faults
/// into a few dozen, and populating a range in one system call saves the per-fault trap for what
/// stays in small pages. These are hints only: they change no contents, failures are ignored, and
/// elsewhere than Linux they do nothing.
enum PageAdvice {
  /// Ranges smaller than this are left alone (the system calls would cost more than they save).
  static let threshold = 1 << 20
  /// A transparent huge page on x86-64 and arm64 with 4 KiB pages.
  static let hugePage = 2 << 20
  static let page = 4096

  /// Asks for transparent huge pages (`madvise(MADV_HUGEPAGE)`) over the 2 MiB-aligned interior of
  /// `count` bytes at `start`, not yet touched. A system whose setting is `never` ignores it; one set
  /// to `always` needs it not.
  static func preferHugePages(_ start: UnsafeMutableRawPointer, count: Int) {
    #if os(Linux) && canImport(Glibc)
      guard count >= threshold else { return }
      advise(start, count: count, alignment: hugePage, Int32(MADV_HUGEPAGE))
    #endif
  }

  /// Faults in the page-aligned interior of `count` bytes at `start` for writing in one system call
  /// (`madvise(MADV_POPULATE_WRITE)`, Linux 5.14 and later), before they are filled.
  static func populateForWriting(_ start: UnsafeMutableRawPointer, count: Int) {
    #if os(Linux) && canImport(Glibc)
      guard count >= threshold else { return }
      // <linux/mman.h>: MADV_POPULATE_WRITE 23 (older C headers lack the name).
      advise(start, count: count, alignment: page, 23)
    #endif
  }

  /// Prepares the top of the C heap for `count` bytes of arrays about to be allocated one after
  /// another (a model's initializers): allocates one block of that size, marks its interior for huge
  /// pages, and frees it again, untouched.
  ///
  /// glibc carves the following allocations from the same addresses, so arrays that are not
  /// themselves 2 MiB-aligned still get huge pages (and so do later blocks reusing that memory once
  /// the arrays are freed). It needs the heap to keep the freed block (the trim threshold
  /// `AllocatorTuning` sets) and the block to lie below the mmap threshold; when not, the block is
  /// simply returned to the system and nothing changes. Below 8 MiB nothing is done; above
  /// `maximumReservation`, that much is readied.
  static func prepareHeap(forArraysOf count: Int) {
    #if os(Linux) && canImport(Glibc)
      let size = min(count, maximumReservation)
      guard size >= 4 * hugePage, let block = malloc(size) else { return }
      advise(block, count: size, alignment: hugePage, Int32(MADV_HUGEPAGE))
      free(block)
    #endif
  }

  /// Below `AllocatorTuning.mmapThreshold` (256 MiB), so the block comes from the heap.
  static let maximumReservation = 192 << 20

  #if os(Linux) && canImport(Glibc)
    /// `madvise(advice)` over the `alignment`-aligned interior of `count` bytes at `start`.
    private static func advise(_ start: UnsafeMutableRawPointer, count: Int, alignment: Int, _ advice: Int32)
    {
      let mask = UInt(alignment - 1)
      let first = (UInt(bitPattern: start) + mask) & ~mask
      let last = (UInt(bitPattern: start) + UInt(count)) & ~mask
      guard last > first, let pointer = UnsafeMutableRawPointer(bitPattern: first) else { return }
      _ = madvise(pointer, Int(last - first), advice)
    }
  #endif
}
