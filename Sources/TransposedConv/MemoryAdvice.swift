#if canImport(Glibc)
  import Glibc
#endif

/// Hints to the operating system about large output buffers.
enum MemoryAdvice {
  /// Buffers smaller than this are left alone.
  static let threshold = 4 << 20

  /// Asks Linux to back the 2 MiB-aligned interior of a large, not yet touched buffer with
  /// transparent huge pages (`madvise(MADV_HUGEPAGE)`), so filling it costs a few dozen page
  /// faults instead of thousands. Only a hint: it changes no contents and failure is ignored;
  /// elsewhere it does nothing.
  static func preferHugePages(_ buffer: UnsafeMutableBufferPointer<Float>) {
    #if os(Linux) && canImport(Glibc)
      guard let base = buffer.baseAddress else { return }
      let bytes = buffer.count * MemoryLayout<Float>.stride
      guard bytes >= threshold else { return }
      let huge = 2 << 20
      let start = (UInt(bitPattern: base) + UInt(huge - 1)) & ~UInt(huge - 1)
      let end = (UInt(bitPattern: base) + UInt(bytes)) & ~UInt(huge - 1)
      guard end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) else { return }
      _ = madvise(pointer, Int(end - start), Int32(MADV_HUGEPAGE))
    #endif
  }
}
