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
    var style = options.deviation ? HeatmapStyle.diverging() : HeatmapStyle()
    if let colormap = options.colormap { style.colormap = colormap }
    style.cellSize = options.cellSize
    style.vmin = options.vmin
    style.vmax = options.vmax
    style.showValues = options.showValues
    style.title = title
    style.subtitle = options.subtitle ?? subtitle
    style.colorBarLabel = metricName(options)
    style.markedLabel = MapFigure.holeLabel
    let panels = try VolumeMontage.panels(values: values, shape: outputSize, marked: marks)
    return try VolumeMontage.figure(panels, style: style)
  }
}
