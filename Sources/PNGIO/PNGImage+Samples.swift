extension PNGImage {
  /// Decodes PNG bytes into one buffer that starts with `prefix(info)` and goes on with the
  /// samples, laid out as `PNGImage.samples` (rows top to bottom, channels interleaved, 8-bit
  /// bytes or 16-bit samples in native byte order).
  ///
  /// For writers that put a header before the pixels (a `.npy` file): the pixels are held once,
  /// in the buffer that is written, instead of as an image and again as the file's bytes. The
  /// rules, limits and errors are those of `decode(_:path:options:)`. O(pixels).
  public static func decodeSamples(
    _ bytes: [UInt8], path: String = "<memory>", options: PNGReadOptions = .init(),
    after prefix: (PNGInfo) -> [UInt8]
  ) throws(PNGIOError) -> (info: PNGInfo, bytes: [UInt8]) {
    try PNGDecoder.decodeSamples(bytes, path: path, options: options, prefix: prefix)
  }

  /// Reads the PNG file at `path` into one buffer; see `decodeSamples(_:path:options:after:)`.
  public static func readSamples(
    from path: String, options: PNGReadOptions = .init(), after prefix: (PNGInfo) -> [UInt8]
  ) throws(PNGIOError) -> (info: PNGInfo, bytes: [UInt8]) {
    try decodeSamples(try FileIO.readBytes(path), path: path, options: options, after: prefix)
  }

  /// The largest width and height written: libpng's default limit on both sides (its
  /// `PNG_USER_WIDTH_MAX` and `PNG_USER_HEIGHT_MAX`), below PNG's own 2^31 − 1.
  public static let maximumWriteSide = 1_000_000

  /// Refuses a size that cannot be written as a PNG, before any pixel is converted: at least
  /// 1×1, at most `maximumWriteSide` on each side.
  public static func checkWritable(width: Int, height: Int, path: String) throws(PNGIOError) {
    guard width >= 1, height >= 1 else {
      throw .invalidImage(path: path, reason: "a PNG needs at least 1×1 pixels, got \(width)×\(height)")
    }
    guard width <= maximumWriteSide, height <= maximumWriteSide else {
      throw .invalidImage(
        path: path,
        reason:
          "\(width)×\(height) pixels is over the limit of \(maximumWriteSide) pixels per side for writing a PNG; crop or reshape the array"
      )
    }
  }
}
