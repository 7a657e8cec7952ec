extension Heatmap {
  /// Row labels right-aligned left of the map, column labels centred under it (every `step`-th),
  /// and the two axis titles.
  static func drawAxes(_ image: inout Figure, grid: ValueGrid, layout: HeatmapLayout, style: HeatmapStyle) {
    let cell = layout.cell
    for r in stride(from: 0, to: grid.rows, by: layout.rowStep) where r < layout.rowLabels.count {
      image.label(
        layout.rowLabels[r], x: layout.mapX - 8, top: layout.mapY + r * cell + (cell - baselineDrop) / 2,
        anchor: .end)
    }
    for c in stride(from: 0, to: grid.columns, by: layout.columnStep) where c < layout.columnLabels.count {
      image.label(
        layout.columnLabels[c], x: layout.mapX + c * cell + cell / 2, top: layout.columnLabelY,
        anchor: .middle)
    }
    if !style.columnAxisTitle.isEmpty {
      image.label(
        style.columnAxisTitle, x: layout.mapX + layout.mapWidth / 2,
        top: layout.columnLabelY + HeatmapLayout.lineHeight + 6, anchor: .middle)
    }
    if layout.showsRowAxisTitle {
      image.upwardLabel(style.rowAxisTitle, left: margin, centerY: layout.mapY + layout.mapHeight / 2)
    }
  }

  /// The legend lines: a swatch drawn like the cells it explains, then the text.
  static func drawLegend(_ image: inout Figure, layout: HeatmapLayout, style: HeatmapStyle, cell: Int) {
    var y = layout.legendY
    let swatch = 20
    for entry in layout.legend {
      let x = layout.mapX
      switch entry.kind {
      case .marked(let fill):
        image.fillRect(x: x, y: y, width: swatch, height: swatch, fill)
      case .undefined:
        image.fillRect(x: x, y: y, width: swatch, height: swatch, undefinedColor)
      }
      image.strokeRect(x: x - 1, y: y - 1, width: swatch + 2, height: swatch + 2, frameColor)
      image.label(entry.text, x: x + swatch + 10, top: y + 3)
      y += HeatmapLayout.lineHeight + 8
    }
  }
}
