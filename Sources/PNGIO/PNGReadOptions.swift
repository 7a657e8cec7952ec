/// Limits and transforms for reading a PNG.
///
/// The limits refuse hostile files before memory is spent: width and height are checked from
/// the IHDR chunk first, then `width × height` against `maxPixels` and `width × height × bytes
/// per pixel` for overflow, before the pixel buffer is allocated. Every chunk's length is checked
/// against the bytes present before libpng reads it. `maxChunkBytes` bounds every chunk but the
/// image data, and each decompressed text; `maxTextBytes` bounds all text together (a zTXt
/// decompression bomb is skipped with a warning); `maxChunkCount` bounds the text chunks kept.
/// Callers that do not use the text set `readText` to false, and text chunks are skipped unread.
public struct PNGReadOptions: Sendable, Equatable {
  /// Largest accepted width in pixels (1…2^31 − 1).
  public var maxWidth: Int
  /// Largest accepted height in pixels (1…2^31 − 1).
  public var maxHeight: Int
  /// Largest accepted `width × height`.
  public var maxPixels: Int
  /// Largest chunk other than the image data, in bytes; also the most one text may inflate to.
  /// A larger chunk makes the file refused.
  public var maxChunkBytes: Int
  /// Most text chunks kept; later ones are skipped with a warning.
  public var maxChunkCount: Int
  /// Most bytes of text (keys and values of every tEXt, zTXt and iTXt chunk together); text
  /// chunks past it are skipped with a warning, and decompression stops there.
  public var maxTextBytes: Int
  /// Decode the text chunks. When false they are skipped unread (nothing is decompressed) and
  /// `text` is empty.
  public var readText: Bool
  /// Accept chunks whose CRC-32 and zlib streams whose Adler-32 do not match. Only for fuzzing
  /// (random mutations rarely keep checksums right); never set it for real files.
  public var ignoreChecksums: Bool
  /// Expand every image to RGBA: grey becomes RGB, and an opaque alpha channel is added when
  /// the image has neither alpha nor tRNS. Bit depth is unchanged.
  public var expandToRGBA: Bool

  public init(
    maxWidth: Int = 32768, maxHeight: Int = 32768, maxPixels: Int = 1 << 28, maxChunkBytes: Int = 8 << 20,
    maxChunkCount: Int = 1000, maxTextBytes: Int = 16 << 20, readText: Bool = true,
    ignoreChecksums: Bool = false, expandToRGBA: Bool = false
  ) {
    self.maxWidth = maxWidth
    self.maxHeight = maxHeight
    self.maxPixels = maxPixels
    self.maxChunkBytes = maxChunkBytes
    self.maxChunkCount = maxChunkCount
    self.maxTextBytes = maxTextBytes
    self.readText = readText
    self.ignoreChecksums = ignoreChecksums
    self.expandToRGBA = expandToRGBA
  }
}
