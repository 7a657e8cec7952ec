import CheckerscopeCore

extension ArtifactDetector {
  /// The bytes examining a `width × height` image of `channels` samples needs at most: the decoded
  /// samples (`bytesPerSample`, 1 or 2) and their Float32 copy per sample, plus 24 bytes a pixel
  /// for the luminance, high-passed and cropped planes and the high-pass sums; `Int.max` when the
  /// product overflows. Known from a PNG's header, before decoding.
  public static func bytesNeeded(width: Int, height: Int, channels: Int, bytesPerSample: Int) -> Int {
    guard let perSample = CheckedSize.sumOrNil([bytesPerSample, 4]),
      let samples = CheckedSize.productOrNil([channels, perSample]),
      let perPixel = CheckedSize.sumOrNil([samples, 24])
    else { return Int.max }
    return CheckedSize.productOrNil([width, height, perPixel]) ?? Int.max
  }
}

extension VolumeDetector {
  /// The bytes examining a `.npy` volume of `fileBytes` bytes needs at most: 32 bytes of values and
  /// work planes for each byte of the file; `Int.max` when the product overflows.
  public static func bytesNeeded(fileBytes: Int) -> Int {
    CheckedSize.productOrNil([fileBytes, 32]) ?? Int.max
  }
}
