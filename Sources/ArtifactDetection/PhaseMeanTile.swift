/// The mean of each phase class `(y mod periodY, x mod periodX)` of an image: the artifact's
/// fingerprint.
///
/// Computed on the top-left part of the image cropped to multiples of the periods (never
/// resampled), so every class holds the same number `n = (H/py)·(W/px)` of pixels.
public struct PhaseMeanTile: Sendable, Equatable {
  /// Period along y (rows).
  public var periodY: Int
  /// Period along x (columns).
  public var periodX: Int
  /// `periodY · periodX` means, row-major: `means[py · periodX + px]`.
  public var means: [Double]
  /// Pixels per phase class.
  public var pixelsPerClass: Int

  /// Averages the phase classes of `image` cropped to multiples of the periods. O(H · W).
  /// Precondition: the image holds at least one period on each axis.
  public init(image: GreyImage, periodY: Int, periodX: Int) {
    let crop = image.cropped(toMultipleOf: periodY, periodX)
    var sums = [Double](repeating: 0, count: periodY * periodX)
    for y in 0..<crop.height {
      let rowBase = (y % periodY) * periodX
      let pixelBase = y * crop.width
      var px = 0
      for x in 0..<crop.width {
        sums[rowBase + px] += Double(crop.pixels[pixelBase + x])
        px += 1
        if px == periodX { px = 0 }
      }
    }
    let n = (crop.height / periodY) * (crop.width / periodX)
    self.periodY = periodY
    self.periodX = periodX
    self.pixelsPerClass = n
    self.means = sums.map { $0 / Double(n) }
  }

  /// The mean over all classes (the mean of the cropped image).
  public var overallMean: Double { means.reduce(0, +) / Double(means.count) }

  /// The relative spread of the phase means, `(max m − min m) / mean m`: for an image `x·g` with
  /// a periodic gain `g` uncorrelated with the content, it estimates `(max g − min g) / mean g`.
  /// It also picks up the content's own power at the lattice frequencies, so it is an estimate,
  /// not a measurement. 0 when the mean is not positive.
  public var relativeSpread: Double {
    let mean = overallMean
    guard mean > 0, let lo = means.min(), let hi = means.max() else { return 0 }
    return (hi - lo) / mean
  }
}
