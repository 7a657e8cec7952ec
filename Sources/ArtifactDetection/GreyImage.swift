import CheckerscopeCore

/// A single-channel (luminance) image of `Float` samples, row-major, top-left first.
///
/// Detection works on luminance only. The scale of the samples does not matter for the
/// periodic-energy fractions or the spectral peaks (they are ratios); `strength` divides by the
/// image mean, so samples should be non-negative intensities (PNG samples scaled to [0, 1]).
public struct GreyImage: Sendable, Equatable {
  /// Number of columns (≥ 1). The sizes and the samples are set only by the initializer:
  /// the detector's loops index `pixels` from `width` and `height`.
  public private(set) var width: Int
  /// Number of rows (≥ 1).
  public private(set) var height: Int
  /// `width · height` samples; pixel `(y, x)` is `pixels[y · width + x]`.
  public private(set) var pixels: [Float]

  /// Wraps `pixels`. Precondition: `pixels.count == width · height` and both sizes ≥ 1.
  public init(width: Int, height: Int, pixels: [Float]) {
    precondition(width >= 1 && height >= 1, "an image needs at least one pixel, got \(width)×\(height)")
    precondition(pixels.count == width * height, "\(pixels.count) samples do not fill \(width)×\(height)")
    self.width = width
    self.height = height
    self.pixels = pixels
  }

  /// The luminance of interleaved samples with `channels` values per pixel, row-major.
  ///
  /// - 1 (grey) and 2 (grey + alpha): the grey sample.
  /// - 3 (RGB) and 4 (RGBA): Rec. 601 luma `Y = 0.299 R + 0.587 G + 0.114 B` (`Luma.rec601`).
  ///
  /// Alpha is ignored (not composited). Samples keep their scale. O(width · height).
  public init(interleaved samples: [Float], width: Int, height: Int, channels: Int) {
    precondition((1...4).contains(channels), "channels must be 1…4, got \(channels)")
    precondition(samples.count == width * height * channels, "sample count does not match the size")
    let count = width * height
    var luma = [Float](repeating: 0, count: count)
    for i in 0..<count {
      let base = i * channels
      if channels >= 3 {
        luma[i] = Luma.rec601(samples[base], samples[base + 1], samples[base + 2])
      } else {
        luma[i] = samples[base]
      }
    }
    self.init(width: width, height: height, pixels: luma)
  }

  /// The top-left `height × width` part. Precondition: the sizes fit and are ≥ 1.
  public func cropped(height newHeight: Int, width newWidth: Int) -> GreyImage {
    precondition(newHeight >= 1 && newHeight <= height && newWidth >= 1 && newWidth <= width)
    if newHeight == height && newWidth == width { return self }
    var out = [Float]()
    out.reserveCapacity(newHeight * newWidth)
    for y in 0..<newHeight {
      out.append(contentsOf: pixels[(y * width)..<(y * width + newWidth)])
    }
    return GreyImage(width: newWidth, height: newHeight, pixels: out)
  }

  /// The top-left part whose height is a multiple of `periodY` and width a multiple of `periodX`
  /// (never resampled). Precondition: the image holds at least one period on each axis.
  public func cropped(toMultipleOf periodY: Int, _ periodX: Int) -> GreyImage {
    precondition(periodY >= 1 && periodX >= 1 && height >= periodY && width >= periodX)
    return cropped(height: height / periodY * periodY, width: width / periodX * periodX)
  }

  /// The mean of all samples, accumulated in `Double`. O(width · height).
  public var mean: Double {
    var sum = 0.0
    for v in pixels { sum += Double(v) }
    return sum / Double(pixels.count)
  }
}
