/// The periodic-energy fraction of an image (definition in `Fixtures/reference/FACTS.md`).
public enum PeriodicEnergy {
  /// `PEF = ‖P x − x̄‖² / ‖x − x̄‖²` for the image cropped (top-left) to multiples of the
  /// periods, where `P x` tiles the phase means of `(y mod periodY, x mod periodX)` back over
  /// the image and `x̄` is the mean.
  ///
  /// By Parseval it equals the share of the non-DC power of the cropped image's DFT that lies
  /// on the lattice `{(a/periodY, b/periodX)}`. It is 1 for a tiled pattern, about
  /// `(py·px − 1)/(H·W − 1)` for white noise, and 0 for a constant image (no non-DC energy).
  /// O(H · W), accumulated in `Double`. Precondition: one period fits on each axis.
  public static func fraction(of image: GreyImage, periodY: Int, periodX: Int) -> Double {
    fraction(of: image, tile: PhaseMeanTile(image: image, periodY: periodY, periodX: periodX))
  }

  /// The fraction for an already computed tile of the same image.
  public static func fraction(of image: GreyImage, tile: PhaseMeanTile) -> Double {
    let crop = image.cropped(toMultipleOf: tile.periodY, tile.periodX)
    let mean = tile.overallMean
    var total = 0.0
    for v in crop.pixels {
      let d = Double(v) - mean
      total += d * d
    }
    var periodic = 0.0
    for m in tile.means { periodic += (m - mean) * (m - mean) }
    periodic *= Double(tile.pixelsPerClass)
    guard total > 0 else { return 0 }
    return min(1, periodic / total)
  }
}
