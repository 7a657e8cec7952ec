import CheckerscopeCore

extension PNGInfo {
  /// The bytes the decoded image needs, from the header alone: its samples (1 byte each, 2 at 16
  /// bits) plus `copies` more copies of `extraBytesPerSample` bytes a sample (one Float32 tensor:
  /// `copies: 1`). Overflow is a `CoreError` naming `path`.
  public func bytesNeeded(copies: Int = 0, extraBytesPerSample: Int = 4, path: String) throws(CoreError)
    -> Int
  {
    let samples = try CheckedSize.product(width, height, channels, what: "\(path): the image")
    let perSample = try CheckedSize.sum(
      decodedBitDepth > 8 ? 2 : 1,
      try CheckedSize.product(copies, extraBytesPerSample, what: "\(path): the image"),
      what: "\(path): the image")
    return try CheckedSize.product(samples, perSample, what: "\(path): the image")
  }
}
