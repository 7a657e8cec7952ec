/// Limits and transforms for reading a PNG.
///
/// The limits refuse hostile files before memory is spent: width and height are checked from
/// the IHDR chunk first, then `width × height` against `maxPixels` and `width × height × bytes
/// per pixel` for overflow, before the pixel buffer is allocated. `maxChunkBytes` bounds every
/// chunk allocation, including decompressed zTXt, iTXt and iCCP data (decompression bombs), and
/// `maxChunkCount` bounds the number of ancillary chunks kept.
public struct PNGReadOptions: Sendable, Equatable {
  /// Largest accepted width in pixels (1…2^31 − 1).
  public var maxWidth: Int
  /// Largest accepted height in pixels (1…2^31 − 1).
  public var maxHeight: Int
  /// Largest accepted `width × height`.
  public var maxPixels: Int
  /// Largest allocation for one chunk, in bytes, including decompressed text.
  public var maxChunkBytes: Int
  /// Most ancillary chunks (text, unknown, …) kept; later ones are dropped with a warning.
  public var maxChunkCount: Int
  /// Expand every image to RGBA: grey becomes RGB, and an opaque alpha channel is added when
  /// the image has neither alpha nor tRNS. Bit depth is unchanged.
  public var expandToRGBA: Bool

  public init(
    maxWidth: Int = 32768, maxHeight: Int = 32768, maxPixels: Int = 1 << 28, maxChunkBytes: Int = 8 << 20,
    maxChunkCount: Int = 1000, expandToRGBA: Bool = false
  ) {
    self.maxWidth = maxWidth
    self.maxHeight = maxHeight
    self.maxPixels = maxPixels
    self.maxChunkBytes = maxChunkBytes
    self.maxChunkCount = maxChunkCount
    self.expandToRGBA = expandToRGBA
  }
}
