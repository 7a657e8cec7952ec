import ArtifactDetection

/// The pictures of an artifact detection: the phase-mean tile as a heatmap and the image's power
/// spectrum with frequency axes (`checkerscope detect --heatmaps`/`--spectra`).
public enum DetectionFigure {
  /// The phase-mean tile as a heatmap of `mean / overall mean` (1 = average level; an all-zero
  /// tile shows 0), `periodY` rows by `periodX` columns, on the diverging colormap centred at 1,
  /// values with 3 decimals; the title names the period, `subtitle` the picture.
  /// - Throws: `RenderingError` for an oversized picture.
  public static func phaseMeans(_ tile: PhaseMeanTile, subtitle: String, colorBarLabel: String) throws
    -> Figure
  {
    let mean = tile.overallMean
    let grid = try ValueGrid(
      rows: tile.periodY, columns: tile.periodX, values: tile.means.map { mean != 0 ? $0 / mean : 0 })
    var style = HeatmapStyle.diverging(center: 1)
    style.valueDecimals = 3
    style.title = "phase means / mean, period \(tile.periodY)x\(tile.periodX)"
    style.subtitle = subtitle
    style.colorBarLabel = colorBarLabel
    style.rowAxisTitle = "y mod \(tile.periodY)"
    style.columnAxisTitle = "x mod \(tile.periodX)"
    return try Heatmap.figure(grid, style: style)
  }

  /// The detection's phase-mean tile (`phaseMeans(_:subtitle:colorBarLabel:)`), subtitled `name`
  /// (with ` (no artifact)` when there is none), colour bar `relative gain`.
  public static func phaseMeans(of detection: Detection, name: String) throws -> Figure {
    try phaseMeans(
      detection.tile, subtitle: name + (detection.artifact ? "" : " (no artifact)"),
      colorBarLabel: "relative gain")
  }

  /// The centred power spectrum of `image` in dB with frequency axes (`SpectrumFigure`), titled
  /// `power spectrum of NAME`. Give the crop the detector measured
  /// (`PowerSpectrum.pictureCrop(_:period:)`) to show what it saw.
  /// - Throws: `RenderingError` for an empty or oversized picture.
  public static func spectrum(of image: GreyImage, name: String) throws -> Figure {
    let log = PowerSpectrum.logPower(of: image)
    return try SpectrumFigure.figure(
      log10Power: log.pixels, width: log.width, height: log.height, title: "power spectrum of " + name,
      subtitle: "\(log.width)×\(log.height) pixels from the top left, mean removed; DC in the centre")
  }
}
