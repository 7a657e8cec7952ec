/// How to write a PNG.
public struct PNGWriteOptions: Sendable, Equatable {
  /// zlib compression level, 0 (none) … 9 (smallest).
  public var compressionLevel: Int
  /// Text metadata written after the image's own `text`, in order.
  public var text: [PNGTextChunk]

  public init(compressionLevel: Int = 6, text: [PNGTextChunk] = []) {
    self.compressionLevel = compressionLevel
    self.text = text
  }
}
