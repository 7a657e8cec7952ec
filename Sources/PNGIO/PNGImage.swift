/// A decoded PNG image: 8- or 16-bit samples, 1 to 4 interleaved channels.
///
/// Layout: row-major, top-left pixel first, channels interleaved per pixel, no row padding; the
/// sample for channel `c` of pixel `(x, y)` is at index `(y · width + x) · channels + c`.
/// Channels: 1 grey, 2 grey + alpha, 3 RGB, 4 RGBA. 16-bit samples are native `UInt16`.
public struct PNGImage: Sendable, Equatable {
  /// The samples of an image, in the layout described on `PNGImage`.
  public enum Samples: Sendable, Equatable {
    case uint8([UInt8])
    case uint16([UInt16])

    /// The number of samples.
    public var count: Int {
      switch self {
      case .uint8(let values): return values.count
      case .uint16(let values): return values.count
      }
    }
  }

  /// Width in pixels. The size fields and the samples carry an invariant that the encoder's raw
  /// pointer code trusts (`samples.count == width · height · channels`), so they are set only by
  /// the initializer.
  public private(set) var width: Int
  /// Height in pixels.
  public private(set) var height: Int
  /// Samples per pixel: 1 grey, 2 grey + alpha, 3 RGB, 4 RGBA.
  public private(set) var channels: Int
  /// The pixels; `samples.count == width · height · channels`.
  public private(set) var samples: Samples
  /// Text metadata (tEXt, zTXt and iTXt chunks when read; written as tEXt or iTXt).
  public var text: [PNGTextChunk]

  /// Wraps samples. Precondition: `channels` is 1…4, sizes are non-negative and
  /// `samples.count == width · height · channels`.
  public init(width: Int, height: Int, channels: Int, samples: Samples, text: [PNGTextChunk] = []) {
    precondition((1...4).contains(channels), "channels must be 1…4, got \(channels)")
    precondition(width >= 0 && height >= 0, "negative size \(width)×\(height)")
    let (area, o1) = width.multipliedReportingOverflow(by: height)
    let (count, o2) = area.multipliedReportingOverflow(by: channels)
    precondition(
      !o1 && !o2 && count == samples.count,
      "\(width)×\(height)×\(channels) does not match \(samples.count) samples")
    self.width = width
    self.height = height
    self.channels = channels
    self.samples = samples
    self.text = text
  }

  /// Bits per sample: 8 or 16.
  public var bitDepth: Int {
    switch samples {
    case .uint8: return 8
    case .uint16: return 16
    }
  }

  /// True when the last channel is alpha (2 or 4 channels).
  public var hasAlpha: Bool { channels == 2 || channels == 4 }
}
