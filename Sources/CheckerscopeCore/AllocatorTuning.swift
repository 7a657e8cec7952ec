/// How the process's allocator treats the large, short-lived buffers of a model run.
///
/// glibc's `malloc` hands each block above its mmap threshold (128 KiB at first) to the kernel on
/// `free` and maps fresh, zeroed pages for the next one, so a forward pass that frees and allocates
/// activations of the same sizes node after node pays a page fault per 4 KiB each time (on the
/// DynUNet 3D benchmark about 220,000 faults and 0.6 s of system time per probe). Raising the mmap
/// threshold and the trim threshold keeps freed blocks in the heap for the next allocation. The
/// peak resident size is unchanged in kind: a run's peak is its largest live set plus the heap's
/// fragmentation (measured in `Docs/PERFORMANCE.md`).
public enum AllocatorTuning {
  /// Blocks up to this size come from the heap and are reused after `free`.
  public static let mmapThreshold = 256 << 20

  /// Applies the tuning once, at process start (no effect where the C library is not glibc).
  /// Returns whether the allocator accepted both settings.
  @discardableResult
  public static func keepFreedBlocks() -> Bool {
    #if os(Linux) && canImport(Glibc)
      // <malloc.h>: M_TRIM_THRESHOLD -1, M_MMAP_THRESHOLD -3 (glibc's stable values).
      let mmap = glibcMallopt(-3, Int32(mmapThreshold))
      let trim = glibcMallopt(-1, Int32.max)
      return mmap == 1 && trim == 1
    #else
      return false
    #endif
  }
}

#if os(Linux) && canImport(Glibc)
  /// glibc's `int mallopt(int param, int value)`; Swift's Glibc module does not import <malloc.h>.
  @_silgen_name("mallopt")
  private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
