/// The colour type stored in a PNG's IHDR chunk.
public enum PNGColorType: Int, Sendable, Equatable {
  case grey = 0
  case rgb = 2
  case palette = 3
  case greyAlpha = 4
  case rgba = 6

  /// A readable name: `grey`, `rgb`, `palette`, `grey+alpha`, `rgba`.
  public var name: String {
    switch self {
    case .grey: return "grey"
    case .rgb: return "rgb"
    case .palette: return "palette"
    case .greyAlpha: return "grey+alpha"
    case .rgba: return "rgba"
    }
  }
}

/// What a PNG's header says, and how it decodes.
public struct PNGInfo: Sendable, Equatable {
  /// Width and height in pixels.
  public var width: Int
  public var height: Int
  /// Bits per sample as stored: 1, 2, 4, 8 or 16.
  public var bitDepth: Int
  /// Colour type as stored.
  public var colorType: PNGColorType
  /// True for Adam7 interlacing.
  public var interlaced: Bool
  /// True when a tRNS chunk gives transparency to a palette or a colour key.
  public var hasTransparencyChunk: Bool
  /// Channels after decoding (1…4, with the read options used).
  public var channels: Int
  /// Bits per sample after decoding: 8 or 16.
  public var decodedBitDepth: Int
  /// Text chunks seen (only those before the image data when read with `PNGInfo.read`).
  public var text: [PNGTextChunk]
  /// libpng's warnings (e.g. a damaged ancillary chunk that was skipped); never fatal.
  public var warnings: [String]
}
