import CheckerscopeCore

/// Where each part of a heatmap goes; computed before any pixel is allocated.
struct HeatmapLayout {
  var cell: Int
  var mapX = 0
  var mapY = 0
  var mapWidth = 0
  var mapHeight = 0
  var barX = 0
  var barHeight = 0
  var width = 0
  var height = 0
  var valueTexts: [String]?
  /// The font size of the printed values; 0 when they do not fit.
  var valueSize: Double = 0
  var integerTicks = false
  var showsRowAxisTitle = false
  var rowLabels: [String] = []
  var columnLabels: [String] = []
  var rowStep = 1
  var columnStep = 1
  var columnLabelY = 0
  var legendY = 0
  var legend: [(kind: LegendKind, text: String)] = []

  enum LegendKind {
    /// Crossed cells; the swatch takes the fill of the first marked cell.
    case marked(RGB)
    case undefined
  }

  static let lineHeight = 9 * Heatmap.textScale

  init(grid: ValueGrid, cell: Int, style: HeatmapStyle, marked: [Bool]?) throws {
    let line = HeatmapLayout.lineHeight
    let margin = Heatmap.margin
    self.cell = cell
    mapWidth = grid.columns * cell
    mapHeight = grid.rows * cell
    let titleLines = (style.title.isEmpty ? 0 : 1) + (style.subtitle.isEmpty ? 0 : 1)
    mapY = margin + titleLines * (line + 4) + (titleLines > 0 ? 12 : 0)

    rowLabels = style.rowLabels ?? (0..<grid.rows).map(String.init)
    columnLabels = style.columnLabels ?? (0..<grid.columns).map(String.init)
    let rowLabelWidth = rowLabels.map { Heatmap.labelWidth($0) }.max() ?? 0
    let columnLabelWidth = columnLabels.map { Heatmap.labelWidth($0) }.max() ?? 0
    rowStep = max(
      style.rowLabelStep ?? HeatmapLayout.step(minimum: (Heatmap.baselineDrop + 6 + cell - 1) / cell), 1)
    columnStep = max(
      style.columnLabelStep ?? HeatmapLayout.step(minimum: (columnLabelWidth + 10 + cell - 1) / cell), 1)
    showsRowAxisTitle =
      !style.rowAxisTitle.isEmpty && Heatmap.labelWidth(style.rowAxisTitle) <= mapHeight
    let axisTitleWidth = showsRowAxisTitle ? 8 * Heatmap.textScale + 10 : 0
    mapX = margin + axisTitleWidth + rowLabelWidth + 8

    let (low, high) = try Heatmap.domain(for: grid, style: style)
    barHeight = max(mapHeight, 200)
    barX = mapX + mapWidth + 28
    integerTicks = grid.values.allSatisfy { !$0.isFinite || $0 == $0.rounded() }
    let barArea = ColorBar.areaWidth(
      low: low, high: high, height: barHeight, label: style.colorBarLabel, integers: integerTicks)

    columnLabelY = mapY + mapHeight + 8
    var below = columnLabelY + line
    if !style.columnAxisTitle.isEmpty { below += 6 + line }
    legendY = max(below, mapY + barHeight + Heatmap.baselineDrop) + 14

    let isMarked = { (i: Int) in marked?[i] ?? false }
    if (0..<grid.values.count).contains(where: isMarked), !style.markedLabel.isEmpty {
      legend.append(
        (.marked(Heatmap.markFill), style.markedLabel))
    }
    // Undefined cells that are also crossed are explained by the crossed entry's swatch.
    if grid.values.indices.contains(where: { !grid.values[$0].isFinite && !isMarked($0) }) {
      legend.append((.undefined, "grey: undefined"))
    }
    let legendWidth = legend.map { 30 + Heatmap.labelWidth($0.text) }.max() ?? 0
    height = legend.isEmpty ? legendY - 14 + margin : legendY + legend.count * (line + 8) + margin - 8

    let titleWidth = max(
      Heatmap.labelWidth(style.title), Heatmap.labelWidth(style.subtitle))
    width =
      max(barX + barArea, margin + titleWidth, mapX + legendWidth, mapX + mapWidth + columnLabelWidth / 2)
      + margin
    let pixels = width.multipliedReportingOverflow(by: height)
    guard !pixels.overflow, pixels.partialValue <= Heatmap.pixelLimit else {
      throw RenderingError.imageTooLarge(width: width, height: height, limit: Heatmap.pixelLimit)
    }

    if style.showValues {
      let texts = grid.values.indices.map { i in
        (marked?[i] ?? false ? style.markedText : nil)
          ?? HeatmapLayout.valueText(grid.values[i], decimals: style.valueDecimals)
      }
      let widest = texts.map { TextMetrics.width(of: $0, size: 1) }.max() ?? 0
      // Sizes whose cap height is about 9, 14 or 21 px (smaller text is dropped, not printed
      // illegibly); the text must fit with 3 px on each side and take at most half the cell's height.
      for size in [28.8, 19.2, 12.8]
      where widest * size <= Double(cell - 6) && 14 * size / 9.6 <= Double(cell) {
        valueSize = size
        valueTexts = texts
        break
      }
    }
  }

  /// The smallest of 1, 2, 5, 10, 20, 50, … that is at least `minimum`.
  static func step(minimum: Int) -> Int {
    var base = 1
    while true {
      for f in [1, 2, 5] where base * f >= minimum { return base * f }
      base *= 10
    }
  }

  /// A cell's printed value: integers without decimals, others with `decimals`, `∞`/`n/a` for
  /// non-finite values.
  static func valueText(_ v: Double, decimals: Int) -> String {
    if v.isNaN { return "n/a" }
    if v.isInfinite { return v > 0 ? "∞" : "-∞" }
    return NumberFormat.compact(v, decimals: decimals)
  }
}
