#if os(Linux) && canImport(Glibc)
  import Glibc
#endif

/// How the process's allocator treats the large, short-lived buffers of a model run.
///
/// glibc's `malloc` hands each block above its mmap threshold (128 KiB at first) to the kernel on
/// `free` and maps fresh, zeroed pages for the next one, so a forward pass that frees and allocates
/// activations of the same sizes node after node pays a page fault per 4 KiB each time (on the
/// DynUNet 3D benchmark about 220,000 faults and 0.6 s of system time per probe). Raising the mmap
/// threshold and the trim threshold keeps freed blocks in the heap for the next allocation; asking
/// for transparent huge pages on the heap (`glibc.malloc.hugetlb=1`, which only the environment can
/// set) makes each first touch fault in 2 MiB instead of 4 KiB. Measured in `Docs/PERFORMANCE.md`.
public enum AllocatorTuning {
  /// Blocks up to this size come from the heap and are reused after `free`.
  public static let mmapThreshold = 256 << 20
  /// Set in the environment of a process that `restartWithTunables` started (and its children).
  public static let marker = "CHECKERSCOPE_ALLOCATOR_TUNED"

  /// The glibc tunables the model half wants, appended to `existing` (the current value of
  /// `GLIBC_TUNABLES`, whose own settings come first and win); nil when `existing` already asks
  /// for huge pages or names one of these settings (the user decided).
  public static func tunables(existing: String?) -> String? {
    let ours = [
      "glibc.malloc.hugetlb=1", "glibc.malloc.mmap_threshold=\(mmapThreshold)",
      "glibc.malloc.trim_threshold=\(2 * mmapThreshold)",
    ]
    let current = existing ?? ""
    let names = ours.compactMap { $0.split(separator: "=").first.map(String.init) }
    if names.contains(where: { current.contains($0) }) { return nil }
    return ((current.isEmpty ? [] : [current]) + ours).joined(separator: ":")
  }

  /// On Linux with glibc: runs this program again (same arguments, `/proc/self/exe`) with
  /// `tunables(existing:)` in `GLIBC_TUNABLES`, once (the marker stops a second time; so does a
  /// user's own setting). Returns only when it did not restart; the caller then falls back on
  /// `keepFreedBlocks()`. Costs one more process start (about 15 ms here).
  public static func restartWithTunables() {
    #if os(Linux) && canImport(Glibc)
      guard getenv(marker) == nil else { return }
      setenv(marker, "1", 1)
      let existing = getenv("GLIBC_TUNABLES").map { String(cString: $0) }
      guard let value = tunables(existing: existing) else { return }
      setenv("GLIBC_TUNABLES", value, 1)
      execv("/proc/self/exe", CommandLine.unsafeArgv)
      // Not restarted (no /proc, say): put the environment back as it was.
      if let existing { setenv("GLIBC_TUNABLES", existing, 1) } else { unsetenv("GLIBC_TUNABLES") }
    #endif
  }

  /// Applies the thresholds in-process (no huge pages; no effect where the C library is not glibc).
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
