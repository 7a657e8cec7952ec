extension MapFigure {
  /// The 3D map as a `VolumeMontage` of its depth slices (or central slices), styled like the 2D
  /// heatmap: the same title, subtitle, colour-bar caption and hole marks.
  func renderMontage(values: [Double], marks: [Bool]?, _ title: String, _ options: MapFigureOptions) throws
    -> RGBImage
  {
    try montageFigure(values: values, marks: marks, title, options).raster()
  }

  /// `renderMontage` as a `Figure` (PNG or SVG); `options.subtitle` replaces the subtitle.
  func montageFigure(values: [Double], marks: [Bool]?, _ title: String, _ options: MapFigureOptions) throws
    -> Figure
  {
    let style = heatmapStyle(title, options)
    let panels = try VolumeMontage.panels(values: values, shape: outputSize, marked: marks)
    return try VolumeMontage.figure(panels, style: style)
  }
}
