/// Draws a `ValueGrid` as a heatmap: square cells, optional grid lines and printed values, a
/// colour bar with ticks, a title, axis labels and a legend. Returns pixels; writes no files.
///
/// Layout (top to bottom): title and subtitle; the map with row labels on its left and the colour
/// bar on its right; column labels and the column axis title; the legend. Cell (r, c) is the
/// square at `(x₀ + c·cell, y₀ + r·cell)`, row 0 at the top.
public enum Heatmap {
  /// Text scale for titles, labels and ticks (each font pixel 2×2).
  static let textScale = 2
  static let margin = 20
  /// The accepted fixed cell sizes.
  public static let cellSizeRange = 1...512
  /// The largest picture drawn, in pixels (width · height).
  public static let pixelLimit = 60_000_000
  /// Grid lines are drawn between cells at least this large.
  public static let gridLineMinimumCell = 12
  /// Cells at least this large show marks as a cross; smaller ones are filled with `markColor`.
  public static let crossMinimumCell = 6

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

  /// Renders `grid`; `marked` (one flag per cell, row-major) crosses out cells such as zero-count
  /// holes and adds `style.markedLabel` to the legend.
  ///
  /// Values outside the domain take the end colours. Complexity: O(pixels).
  /// - Throws: `RenderingError` for a bad domain, cell size, mark count or an oversized picture.
  public static func render(_ grid: ValueGrid, marked: [Bool]? = nil, style: HeatmapStyle = HeatmapStyle())
    throws -> RGBImage
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
    var image = RGBImage(width: layout.width, height: layout.height)
    let t = textScale
    var y = margin
    image.drawText(style.title, x: margin, y: y, scale: t, color: textColor)
    if !style.title.isEmpty { y += 9 * t + 4 }
    image.drawText(style.subtitle, x: margin, y: y, scale: t, color: textColor)

    drawCells(&image, grid: grid, marked: marked, layout: layout, style: style, low: low, high: high)
    drawAxes(&image, grid: grid, layout: layout, style: style)
    ColorBar.draw(
      &image, x: layout.barX, y: layout.mapY, height: layout.barHeight, colormap: style.colormap, low: low,
      high: high, label: style.colorBarLabel, integers: layout.integerTicks)
    drawLegend(&image, layout: layout, style: style, cell: cell)
    return image
  }

  static func drawCells(
    _ image: inout RGBImage, grid: ValueGrid, marked: [Bool]?, layout: HeatmapLayout, style: HeatmapStyle,
    low: Double, high: Double
  ) {
    let cell = layout.cell
    let texts = layout.valueTexts
    for r in 0..<grid.rows {
      for c in 0..<grid.columns {
        let i = r * grid.columns + c
        let v = grid.values[i]
        let x = layout.mapX + c * cell
        let y = layout.mapY + r * cell
        let fill = v.isFinite ? style.colormap.color(v, low: low, high: high) : undefinedColor
        let isMarked = marked?[i] ?? false
        if isMarked && cell < crossMinimumCell {
          image.fillRect(x: x, y: y, width: cell, height: cell, markColor)
          continue
        }
        image.fillRect(x: x, y: y, width: cell, height: cell, fill)
        guard isMarked || texts != nil else { continue }
        let ink = fill.contrastingText
        if isMarked { drawCross(&image, x: x, y: y, size: cell, color: ink) }
        if let texts, layout.valueScale > 0 {
          let text = texts[i]
          let s = layout.valueScale
          let w = BitmapFont.width(of: text, scale: s)
          let tx = x + (cell - w) / 2
          let ty = y + (cell - 7 * s) / 2
          if isMarked { image.fillRect(x: tx - s, y: ty - s, width: w + 2 * s, height: 9 * s, fill) }
          image.drawText(text, x: tx, y: ty, scale: s, color: ink)
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
  static func drawCross(_ image: inout RGBImage, x: Int, y: Int, size: Int, color: RGB) {
    let inset = max(2, size / 8)
    let a = inset
    let b = size - 1 - inset
    let thick = size >= 16 ? 2 : 1
    for d in 0..<thick {
      image.line(from: x + a + d, y + a, to: x + b, y + b - d, color)
      image.line(from: x + a, y + a + d, to: x + b - d, y + b, color)
      image.line(from: x + b - d, y + a, to: x + a, y + b - d, color)
      image.line(from: x + b, y + a + d, to: x + a + d, y + b, color)
    }
  }
}
