extension Heatmap {
  /// Row labels right-aligned left of the map, column labels centred under it (every `step`-th),
  /// and the two axis titles.
  static func drawAxes(_ image: inout RGBImage, grid: ValueGrid, layout: HeatmapLayout, style: HeatmapStyle) {
    let t = textScale
    let cell = layout.cell
    for r in stride(from: 0, to: grid.rows, by: layout.rowStep) where r < layout.rowLabels.count {
      let text = layout.rowLabels[r]
      let w = BitmapFont.width(of: text, scale: t)
      image.drawText(
        text, x: layout.mapX - 8 - w, y: layout.mapY + r * cell + (cell - 7 * t) / 2, scale: t,
        color: textColor)
    }
    for c in stride(from: 0, to: grid.columns, by: layout.columnStep) where c < layout.columnLabels.count {
      let text = layout.columnLabels[c]
      let w = BitmapFont.width(of: text, scale: t)
      image.drawText(
        text, x: layout.mapX + c * cell + (cell - w) / 2, y: layout.columnLabelY, scale: t, color: textColor)
    }
    if !style.columnAxisTitle.isEmpty {
      let w = BitmapFont.width(of: style.columnAxisTitle, scale: t)
      image.drawText(
        style.columnAxisTitle, x: layout.mapX + (layout.mapWidth - w) / 2,
        y: layout.columnLabelY + HeatmapLayout.lineHeight + 6, scale: t, color: textColor)
    }
    if layout.showsRowAxisTitle {
      let length = BitmapFont.width(of: style.rowAxisTitle, scale: t)
      image.drawTextUpwards(
        style.rowAxisTitle, x: margin, y: layout.mapY + (layout.mapHeight - length) / 2, scale: t,
        color: textColor)
    }
  }

  /// The legend lines: a swatch drawn like the cells it explains, then the text.
  static func drawLegend(_ image: inout RGBImage, layout: HeatmapLayout, style: HeatmapStyle, cell: Int) {
    var y = layout.legendY
    let swatch = 20
    for entry in layout.legend {
      let x = layout.mapX
      switch entry.kind {
      case .marked:
        if cell < crossMinimumCell {
          image.fillRect(x: x, y: y, width: swatch, height: swatch, markColor)
        } else {
          let fill = style.colormap.color(0)
          image.fillRect(x: x, y: y, width: swatch, height: swatch, fill)
          drawCross(&image, x: x, y: y, size: swatch, color: fill.contrastingText)
        }
      case .undefined:
        image.fillRect(x: x, y: y, width: swatch, height: swatch, undefinedColor)
      }
      image.strokeRect(x: x - 1, y: y - 1, width: swatch + 2, height: swatch + 2, frameColor)
      image.drawText(entry.text, x: x + swatch + 10, y: y + 3, scale: textScale, color: textColor)
      y += HeatmapLayout.lineHeight + 8
    }
  }
}
