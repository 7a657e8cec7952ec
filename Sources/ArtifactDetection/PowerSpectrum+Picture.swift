extension PowerSpectrum {
  /// The largest side `pictureCrop` keeps: the direct DFT of the picture costs O(H·W·(H + W)).
  public static let pictureSide = 512

  /// The top-left part of at most `pictureSide`² pixels, with sides that are multiples of the
  /// detected `period` (so its lattice peaks fall on exact bins); never resampled.
  public static func pictureCrop(_ image: GreyImage, period: [Int]?) -> GreyImage {
    let py = period.map { $0[0] } ?? 1
    let px = period.map { $0[1] } ?? 1
    let h = min(image.height, pictureSide)
    let w = min(image.width, pictureSide)
    guard py <= h, px <= w else { return image.cropped(height: h, width: w) }
    return image.cropped(height: h / py * py, width: w / px * px)
  }

  /// The centred log power spectrum as 8-bit grey pixels, scaled from its minimum (0) to its
  /// maximum (255), row-major; the sides are the image's.
  public static func pictureBytes(of image: GreyImage) -> (width: Int, height: Int, bytes: [UInt8]) {
    let log = logPower(of: image)
    let lo = log.pixels.min() ?? 0
    let hi = log.pixels.max() ?? 0
    let scale = hi > lo ? 255 / (hi - lo) : 0
    let bytes = log.pixels.map { UInt8(max(0, min(255, (($0 - lo) * scale).rounded()))) }
    return (log.width, log.height, bytes)
  }
}
