/// Draws a 3D volume (a 3D map or its interior tile) as a labelled montage of 2D slices with one
/// shared colour domain and one colour bar. Returns pixels; writes no files.
///
/// Slices: every depth slice `z = 0 … D−1` (each `H × W`) when `D ≤ maximumDepthSlices`;
/// otherwise the three central slices, `z = ⌊D/2⌋` (`H × W`), `y = ⌊H/2⌋` (`D × W`) and
/// `x = ⌊W/2⌋` (`D × H`). Layout (top to bottom): title and subtitle; the panels in rows of up to
/// `columns(panelCount)`, each under its label, with the colour bar right of them; the legend.
/// Cells are drawn like `Heatmap`'s (colours, printed values, grid lines, crossed-out marks).
/// Drawn as a `Figure` (issue 15), so it can be written as PNG or SVG.
public enum VolumeMontage {
  /// The most depth slices drawn one by one; deeper volumes show their three central slices.
  public static let maximumDepthSlices = 16
  static let gap = 24

  /// One panel: a label and a 2D grid with its marks.
  public struct Panel: Sendable, Equatable {
    public var label: String
    public var grid: ValueGrid
    public var marked: [Bool]?
  }

  /// The panels of a row-major volume of `shape` `[D, H, W]` (see the type's documentation).
  /// `marked` flags volume cells (row-major, like `values`).
  /// - Throws: `RenderingError.invalidMap` or `.emptyGrid` for a bad shape.
  public static func panels(values: [Double], shape: [Int], marked: [Bool]? = nil) throws(RenderingError)
    -> [Panel]
  {
    guard shape.count == 3, shape.allSatisfy({ $0 >= 1 }) else {
      throw RenderingError.emptyGrid(rows: shape.first ?? 0, columns: shape.last ?? 0)
    }
    let (d, h, w) = (shape[0], shape[1], shape[2])
    let (plane, planeOverflow) = h.multipliedReportingOverflow(by: w)
    let (count, overflow) = d.multipliedReportingOverflow(by: plane)
    guard !planeOverflow, !overflow, count == values.count, marked.map({ $0.count == values.count }) ?? true
    else {
      throw RenderingError.invalidMap(
        reason: "a \(d)×\(h)×\(w) volume needs one value (and mark) per cell, got \(values.count) values")
    }
    func index(_ z: Int, _ y: Int, _ x: Int) -> Int { (z * h + y) * w + x }
    func panel(_ label: String, rows: Int, columns: Int, _ at: (Int, Int) -> Int) throws(RenderingError)
      -> Panel
    {
      var slice: [Double] = []
      var marks: [Bool] = []
      slice.reserveCapacity(rows * columns)
      for r in 0..<rows {
        for c in 0..<columns {
          slice.append(values[at(r, c)])
          if let marked { marks.append(marked[at(r, c)]) }
        }
      }
      return Panel(
        label: label, grid: try ValueGrid(rows: rows, columns: columns, values: slice),
        marked: marked == nil ? nil : marks)
    }
    if d <= maximumDepthSlices {
      var result: [Panel] = []
      for z in 0..<d { result.append(try panel("z = \(z)", rows: h, columns: w) { index(z, $0, $1) }) }
      return result
    }
    let (cz, cy, cx) = (d / 2, h / 2, w / 2)
    return [
      try panel("z = \(cz) (y down, x across)", rows: h, columns: w) { index(cz, $0, $1) },
      try panel("y = \(cy) (z down, x across)", rows: d, columns: w) { index($0, cy, $1) },
      try panel("x = \(cx) (z down, y across)", rows: d, columns: h) { index($0, $1, cx) },
    ]
  }

  /// Panels per row: all of them up to 4, else `⌈√n⌉`.
  static func columns(_ count: Int) -> Int {
    if count <= 4 { return count }
    var c = 1
    while c * c < count { c += 1 }
    return c
  }

  /// The automatic cell size: the montage's long side (panels only) about 768 pixels, 1…160.
  public static func autoCellSize(panels: [Panel]) -> Int {
    let perRow = columns(panels.count)
    let rowCount = (panels.count + perRow - 1) / perRow
    let widest = panels.map(\.grid.columns).max() ?? 1
    let tallest = panels.map(\.grid.rows).max() ?? 1
    return min(max(768 / max(perRow * widest, rowCount * tallest, 1), 1), 160)
  }

  /// Renders the montage to pixels at `scale` (see `figure(_:style:)`).
  public static func render(_ panels: [Panel], style: HeatmapStyle, scale: Double = 1) throws -> RGBImage {
    try figure(panels, style: style).raster(scale: scale)
  }

  /// The panels with one colour domain taken from all of them (see `Heatmap.domain`),
  /// `style.title`/`subtitle` on top and `style.colorBarLabel` on the bar. Marked cells are
  /// crossed out and explained by `style.markedLabel`, with a swatch drawn like the first marked cell.
  /// - Throws: `RenderingError` for a bad domain, cell size or an oversized picture.
  public static func figure(_ panels: [Panel], style: HeatmapStyle) throws -> Figure {
    guard let first = panels.first else { throw RenderingError.emptyGrid(rows: 0, columns: 0) }
    let all = try ValueGrid(
      rows: 1, columns: panels.reduce(0) { $0 + $1.grid.values.count },
      values: panels.flatMap(\.grid.values))
    let (low, high) = try Heatmap.domain(for: all, style: style)
    let cell = style.cellSize ?? autoCellSize(panels: panels)
    guard Heatmap.cellSizeRange.contains(cell) else {
      throw RenderingError.invalidCellSize(cell, range: Heatmap.cellSizeRange)
    }
    let line = 9 * Heatmap.textScale
    let margin = Heatmap.margin
    let perRow = columns(panels.count)
    let panelWidth = (panels.map(\.grid.columns).max() ?? first.grid.columns) * cell
    let panelHeight = (panels.map(\.grid.rows).max() ?? first.grid.rows) * cell
    let labelWidth = panels.map { Heatmap.labelWidth($0.label) }.max() ?? 0
    let slotWidth = max(panelWidth, labelWidth) + gap
    let slotHeight = line + 6 + panelHeight + gap
    let rowCount = (panels.count + perRow - 1) / perRow
    let titleLines = (style.title.isEmpty ? 0 : 1) + (style.subtitle.isEmpty ? 0 : 1)
    let top = margin + titleLines * (line + 4) + (titleLines > 0 ? 12 : 0)
    let areaWidth = perRow * slotWidth - gap
    let areaHeight = rowCount * slotHeight - gap
    let barHeight = max(areaHeight - line - 6, 200)
    let barX = margin + areaWidth + 28
    let integers = all.values.allSatisfy { !$0.isFinite || $0 == $0.rounded() }
    let barArea = ColorBar.areaWidth(
      low: low, high: high, height: barHeight, label: style.colorBarLabel, integers: integers)
    let hasMarks = panels.contains { $0.marked?.contains(true) ?? false } && !style.markedLabel.isEmpty
    let hasUndefined = all.values.contains { !$0.isFinite }
    let legendLines = (hasMarks ? 1 : 0) + (hasUndefined ? 1 : 0)
    let legendY = max(top + areaHeight, top + line + 6 + barHeight + Heatmap.baselineDrop) + 14
    let height = legendLines == 0 ? legendY - 14 + margin : legendY + legendLines * (line + 8) + margin - 8
    let titleWidth = max(Heatmap.labelWidth(style.title), Heatmap.labelWidth(style.subtitle))
    let legendWidth =
      30
      + max(
        hasMarks ? Heatmap.labelWidth(style.markedLabel) : 0,
        hasUndefined ? Heatmap.labelWidth("grey: undefined") : 0)
    let width = max(barX + barArea, margin + titleWidth, margin + legendWidth) + margin
    let pixels = width.multipliedReportingOverflow(by: height)
    guard !pixels.overflow, pixels.partialValue <= Heatmap.pixelLimit else {
      throw RenderingError.imageTooLarge(width: width, height: height, limit: Heatmap.pixelLimit)
    }
    var image = Figure(width: width, height: height)
    Heatmap.drawTitles(&image, title: style.title, subtitle: style.subtitle)
    for (index, panel) in panels.enumerated() {
      let x0 = margin + (index % perRow) * slotWidth
      let y0 = top + (index / perRow) * slotHeight
      image.label(panel.label, x: x0, top: y0)
      var panelStyle = style
      panelStyle.title = ""
      panelStyle.subtitle = ""
      var layout = try HeatmapLayout(grid: panel.grid, cell: cell, style: panelStyle, marked: panel.marked)
      layout.mapX = x0
      layout.mapY = y0 + line + 6
      Heatmap.drawCells(
        &image, grid: panel.grid, marked: panel.marked, layout: layout, style: style, low: low, high: high)
    }
    ColorBar.draw(
      &image, x: barX, y: top + line + 6, height: barHeight, colormap: style.colormap, low: low, high: high,
      label: style.colorBarLabel, integers: integers)
    var markFill = Heatmap.undefinedColor
    for panel in panels {
      if let i = panel.marked?.firstIndex(of: true) {
        markFill = Heatmap.fill(panel.grid.values[i], style: style, low: low, high: high)
        break
      }
    }
    var legendLayout = try legendOnly(
      y: legendY, marks: hasMarks ? markFill : nil, undefined: hasUndefined, style: style)
    legendLayout.mapX = margin
    Heatmap.drawLegend(&image, layout: legendLayout, style: style, cell: cell)
    return image
  }

  /// A layout that only carries the legend entries for `Heatmap.drawLegend`.
  static func legendOnly(y: Int, marks: RGB?, undefined: Bool, style: HeatmapStyle) throws -> HeatmapLayout {
    var plain = HeatmapStyle()
    plain.showValues = false
    var layout = try HeatmapLayout(grid: try ValueGrid(row: [0, 1]), cell: 1, style: plain, marked: nil)
    layout.legend = []
    if let marks { layout.legend.append((.marked(marks), style.markedLabel)) }
    if undefined { layout.legend.append((.undefined, "grey: undefined")) }
    layout.legendY = y
    return layout
  }
}
