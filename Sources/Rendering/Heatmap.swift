/// Draws a `ValueGrid` as a heatmap: square cells, optional grid lines and printed values, a
/// colour bar with ticks, a title, axis labels and a legend. Returns pixels; writes no files.
///
/// Layout (top to bottom): title and subtitle; the map with row labels on its left and the colour
/// bar on its right; column labels and the column axis title; the legend. Cell (r, c) is the
/// square at `(x₀ + c·cell, y₀ + r·cell)`, row 0 at the top.
public enum Heatmap {
  /// Text scale of the layout's arithmetic (line height `9 · textScale`).
  static let textScale = 2
  /// The font size of titles, labels and ticks, pixels per em (DejaVu Sans, cap height ≈ 11 px).
  public static let textSize: Double = 15
  /// How far below a line's top its baseline sits.
  static let baselineDrop = 7 * textScale
  static let margin = 20
  /// The accepted fixed cell sizes.
  public static let cellSizeRange = 1...512
  /// The largest picture drawn, in pixels (width · height).
  public static let pixelLimit = 60_000_000
  /// Grid lines are drawn between cells at least this large.
  public static let gridLineMinimumCell = 12
  /// Cells at least this large show marks as a cross; smaller ones are filled with `markColor`
  /// (bar charts; heatmaps grey their marked cells, `markFill`).
  public static let crossMinimumCell = 6
  /// The fill of marked cells (zero-count holes): grey whatever the metric, so the colour scale
  /// is spent on the cells it describes; their text stays readable (no mark over it).
  public static let markFill = RGB(222, 222, 222)

  static let frameColor = RGB(64, 64, 64)
  static let textColor = RGB(20, 20, 20)
  static let gridColor = RGB(255, 255, 255)
  /// The fill of cells whose value is not finite (undefined).
  public static let undefinedColor = RGB(200, 200, 200)
  /// The fill of marked cells too small for a cross.
  public static let markColor = RGB(255, 0, 170)

  /// The automatic cell size: `clamp(⌊768 / max(rows, columns)⌋, 1, 160)`, so the map's long
  /// side is about 512–768 pixels for up to 768 cells and one pixel per cell beyond.
  public static func autoCellSize(rows: Int, columns: Int) -> Int {
    min(max(768 / max(rows, columns, 1), 1), 160)
  }

  /// The colour domain `(low, high)` the style gives for `grid` (see `HeatmapStyle.vmin`).
  /// Throws `.invalidDomain` when the result is not finite with `low < high`.
  public static func domain(for grid: ValueGrid, style: HeatmapStyle) throws -> (low: Double, high: Double) {
    let range = grid.finiteRange ?? (0, 1)
    var low: Double
    var high: Double
    if style.diverging {
      var a = max(abs(range.max - style.center), abs(range.min - style.center))
      if a == 0 { a = 1 }
      low = style.vmin ?? style.center - a
      high = style.vmax ?? style.center + a
    } else {
      low = style.vmin ?? min(0, range.min)
      high = style.vmax ?? range.max
      if style.vmax == nil, high <= low { high = low + 1 }
      if style.vmin == nil, high <= low { low = high - 1 }
    }
    guard low.isFinite, high.isFinite, low < high else {
      throw RenderingError.invalidDomain(vmin: low, vmax: high)
    }
    return (low, high)
  }

  /// Renders `grid` to pixels at `scale` (see `figure(_:marked:style:)`).
  public static func render(
    _ grid: ValueGrid, marked: [Bool]? = nil, style: HeatmapStyle = HeatmapStyle(), scale: Double = 1
  ) throws -> RGBImage {
    try figure(grid, marked: marked, style: style).raster(scale: scale)
  }

  /// The figure of `grid`; `marked` (one flag per cell, row-major) greys cells such as
  /// zero-count holes and adds `style.markedLabel` to the legend, with a swatch drawn like the
  /// first marked cell.
  ///
  /// Values outside the domain take the end colours. Complexity: O(cells).
  /// - Throws: `RenderingError` for a bad domain, cell size, mark count or an oversized picture.
  public static func figure(_ grid: ValueGrid, marked: [Bool]? = nil, style: HeatmapStyle = HeatmapStyle())
    throws -> Figure
  {
    if let marked, marked.count != grid.values.count {
      throw RenderingError.markCountMismatch(expected: grid.values.count, count: marked.count)
    }
    let (low, high) = try domain(for: grid, style: style)
    let cell = style.cellSize ?? autoCellSize(rows: grid.rows, columns: grid.columns)
    guard cellSizeRange.contains(cell) else {
      throw RenderingError.invalidCellSize(cell, range: cellSizeRange)
    }
    let layout = try HeatmapLayout(grid: grid, cell: cell, style: style, marked: marked)
    var image = Figure(width: layout.width, height: layout.height)
    drawTitles(&image, title: style.title, subtitle: style.subtitle)

    drawCells(&image, grid: grid, marked: marked, layout: layout, style: style, low: low, high: high)
    drawAxes(&image, grid: grid, layout: layout, style: style)
    ColorBar.draw(
      &image, x: layout.barX, y: layout.mapY, height: layout.barHeight, colormap: style.colormap, low: low,
      high: high, label: style.colorBarLabel, integers: layout.integerTicks)
    drawLegend(&image, layout: layout, style: style, cell: cell)
    return image
  }

  /// The title and subtitle lines at the top left.
  static func drawTitles(_ image: inout Figure, title: String, subtitle: String) {
    var y = margin
    image.label(title, x: margin, top: y)
    if !title.isEmpty { y += 9 * textScale + 4 }
    image.label(subtitle, x: margin, top: y)
  }

  /// The fill of cell `i`: its colour, or `undefinedColor` for a non-finite value.
  static func fill(_ v: Double, style: HeatmapStyle, low: Double, high: Double) -> RGB {
    v.isFinite ? style.colormap.color(v, low: low, high: high) : undefinedColor
  }

  static func drawCells(
    _ image: inout Figure, grid: ValueGrid, marked: [Bool]?, layout: HeatmapLayout, style: HeatmapStyle,
    low: Double, high: Double
  ) {
    let cell = layout.cell
    let texts = layout.valueTexts
    var colors: [RGB] = []
    colors.reserveCapacity(grid.values.count)
    for i in 0..<grid.values.count {
      let isMarked = marked?[i] ?? false
      colors.append(isMarked ? markFill : fill(grid.values[i], style: style, low: low, high: high))
    }
    image.cells(
      FigureCells(
        x: layout.mapX, y: layout.mapY, cellWidth: cell, cellHeight: cell, columns: grid.columns,
        rows: grid.rows,
        colors: colors))
    for r in 0..<grid.rows {
      for c in 0..<grid.columns {
        let i = r * grid.columns + c
        let x = layout.mapX + c * cell
        let y = layout.mapY + r * cell
        let fill = colors[i]
        guard let texts, layout.valueSize > 0 else { continue }
        let ink = fill.contrastingText
        do {
          let text = texts[i]
          let size = layout.valueSize
          let cap = size * TextMetrics.capHeightRatio
          let baseline = Double(y) + (Double(cell) + cap) / 2
          image.text(
            text, x: Double(x) + Double(cell) / 2, y: baseline, size: size, anchor: .middle, color: ink)
        }
      }
    }
    if cell >= gridLineMinimumCell {
      for c in 1..<max(grid.columns, 1) {
        image.fillRect(
          x: layout.mapX + c * cell, y: layout.mapY, width: 1, height: layout.mapHeight, gridColor)
      }
      for r in 1..<max(grid.rows, 1) {
        image.fillRect(
          x: layout.mapX, y: layout.mapY + r * cell, width: layout.mapWidth, height: 1, gridColor)
      }
    }
    image.strokeRect(
      x: layout.mapX - 1, y: layout.mapY - 1, width: layout.mapWidth + 2, height: layout.mapHeight + 2,
      frameColor)
  }

  /// Two diagonals inset by `size/8` (at least 2 px), 2 px thick for cells of 16 px or more.
  static func drawCross(_ image: inout Figure, x: Int, y: Int, size: Int, color: RGB) {
    let inset = Double(max(2, size / 8))
    let a = Double(x) + inset
    let b = Double(x + size) - inset
    let c = Double(y) + inset
    let d = Double(y + size) - inset
    let thick: Double = size >= 16 ? 2 : 1.25
    image.line(a, c, b, d, width: thick, color)
    image.line(b, c, a, d, width: thick, color)
  }
}

extension Figure {
  /// A label line in `Heatmap.textSize` whose top (cap height) is at `top`.
  mutating func label(
    _ text: String, x: Int, top: Int, anchor: TextAnchor = .start, color: RGB = Heatmap.textColor
  ) {
    self.text(
      text, x: Double(x), y: Double(top + Heatmap.baselineDrop), size: Heatmap.textSize, anchor: anchor,
      color: color)
  }

  /// A label reading upwards whose left edge (the cap tops) is at `left`, centred on `centerY`.
  mutating func upwardLabel(_ text: String, left: Int, centerY: Int) {
    self.text(
      text, x: Double(left + Heatmap.baselineDrop), y: Double(centerY), size: Heatmap.textSize,
      anchor: .middle, upwards: true, color: Heatmap.textColor)
  }
}

extension Heatmap {
  /// The width of a label in pixels, rounded up.
  static func labelWidth(_ text: String) -> Int {
    TextMetrics.pixelWidth(of: text, size: textSize)
  }
}
