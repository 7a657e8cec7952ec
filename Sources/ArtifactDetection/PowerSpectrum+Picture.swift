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
}
