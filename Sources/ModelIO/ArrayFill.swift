/// Fresh arrays of plain values filled in place, large ones on huge, pre-faulted pages.
enum ArrayFill {
  /// An array of `count` elements written by `fill(base)`, which must initialise all of them.
  ///
  /// Arrays of `PageAdvice.threshold` bytes and more first get their memory marked for huge pages
  /// and populated in one system call (`PageAdvice`), so filling them faults in few pages or none.
  /// O(count).
  ///
  /// Filling large arrays in parts on both cores was tried and not kept: on the shared 2-core
  /// machine it saved nothing measurable once the pages were huge (`Docs/PERFORMANCE.md`).
  static func make<Element: BitwiseCopyable>(count: Int, _ fill: (UnsafeMutablePointer<Element>) -> Void)
    -> [Element]
  {
    [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
      defer { initialized = count }
      guard let base = buffer.baseAddress, count > 0 else { return }
      let bytes = count * MemoryLayout<Element>.stride
      PageAdvice.preferHugePages(UnsafeMutableRawPointer(base), count: bytes)
      PageAdvice.populateForWriting(UnsafeMutableRawPointer(base), count: bytes)
      fill(base)
    }
  }
}
