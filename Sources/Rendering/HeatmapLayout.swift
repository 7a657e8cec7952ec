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
  var valueScale = 0
  var integerTicks = false
  var showsRowAxisTitle = false
  var rowLabels: [String] = []
  var columnLabels: [String] = []
  var rowStep = 1
  var columnStep = 1
  var columnLabelY = 0
  var legendY = 0
  var legend: [(kind: LegendKind, text: String)] = []

  enum LegendKind { case marked, undefined }

  static let lineHeight = 9 * Heatmap.textScale

  init(grid: ValueGrid, cell: Int, style: HeatmapStyle, marked: [Bool]?) throws {
    let t = Heatmap.textScale
    let line = HeatmapLayout.lineHeight
    let margin = Heatmap.margin
    self.cell = cell
    mapWidth = grid.columns * cell
    mapHeight = grid.rows * cell
    let titleLines = (style.title.isEmpty ? 0 : 1) + (style.subtitle.isEmpty ? 0 : 1)
    mapY = margin + titleLines * (line + 4) + (titleLines > 0 ? 12 : 0)

    rowLabels = style.rowLabels ?? (0..<grid.rows).map(String.init)
    columnLabels = style.columnLabels ?? (0..<grid.columns).map(String.init)
    let rowLabelWidth = rowLabels.map { BitmapFont.width(of: $0, scale: t) }.max() ?? 0
    let columnLabelWidth = columnLabels.map { BitmapFont.width(of: $0, scale: t) }.max() ?? 0
    rowStep = HeatmapLayout.step(minimum: (7 * t + 6 + cell - 1) / cell)
    columnStep = HeatmapLayout.step(minimum: (columnLabelWidth + 10 + cell - 1) / cell)
    showsRowAxisTitle =
      !style.rowAxisTitle.isEmpty && BitmapFont.width(of: style.rowAxisTitle, scale: t) <= mapHeight
    let axisTitleWidth = showsRowAxisTitle ? 8 * t + 10 : 0
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
    legendY = max(below, mapY + barHeight + 7 * t) + 14

    if let marked, marked.contains(true), !style.markedLabel.isEmpty {
      legend.append((.marked, style.markedLabel))
    }
    if grid.values.contains(where: { !$0.isFinite }) { legend.append((.undefined, "grey: undefined")) }
    let legendWidth = legend.map { 30 + BitmapFont.width(of: $0.text, scale: t) }.max() ?? 0
    height = legend.isEmpty ? legendY - 14 + margin : legendY + legend.count * (line + 8) + margin - 8

    let titleWidth = max(
      BitmapFont.width(of: style.title, scale: t), BitmapFont.width(of: style.subtitle, scale: t))
    width =
      max(barX + barArea, margin + titleWidth, mapX + legendWidth, mapX + mapWidth + columnLabelWidth / 2)
      + margin
    let pixels = width.multipliedReportingOverflow(by: height)
    guard !pixels.overflow, pixels.partialValue <= Heatmap.pixelLimit else {
      throw RenderingError.imageTooLarge(width: width, height: height, limit: Heatmap.pixelLimit)
    }

    if style.showValues {
      let texts = grid.values.map { HeatmapLayout.valueText($0, decimals: style.valueDecimals) }
      let widest = texts.map { BitmapFont.width(of: $0, scale: 1) }.max() ?? 0
      for s in [3, 2, 1] where widest * s <= cell - 6 && 7 * s * 2 <= cell {
        valueScale = s
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
