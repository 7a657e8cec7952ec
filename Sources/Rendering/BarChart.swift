import CheckerscopeCore

/// How a 1D bar chart is drawn.
public struct BarChartStyle: Sendable, Equatable {
  /// Bars are coloured by value with this map over the y domain (default viridis).
  public var colormap: Colormap = .viridis
  /// The bottom of the y axis; nil means `min(0, smallest value)`.
  public var vmin: Double?
  /// The top of the y axis; nil means the largest value.
  public var vmax: Double?
  /// Print each bar's value above it when it fits.
  public var showValues = true
  /// Decimals for non-integer values.
  public var valueDecimals = 2
  public var title = ""
  public var subtitle = ""
  public var xAxisTitle = "index"
  public var yAxisTitle = "value"
  /// Legend text for marked entries (drawn as a cross on the baseline); empty hides it.
  public var markedLabel = "marked"
  /// Pixels per bar slot; nil chooses `clamp(⌊768 / n⌋, 1, 80)`.
  public var slotWidth: Int?
  /// The plot area's height in pixels.
  public var plotHeight = 320

  public init() {}
}

/// Draws a 1D sequence as a bar chart with y ticks, x ticks every few indices, axis titles, a
/// title and a legend. Returns pixels; writes no files.
///
/// Bar `i` fills slot `i` (left to right) between the row of 0 (clamped to the domain) and the
/// row of its value, `baseline − (v − low)/(high − low) · plotHeight`, clamped to the plot.
public enum BarChart {
  static let scale = Heatmap.textScale
  static let margin = Heatmap.margin
  /// Light grey horizontal grid lines at the y ticks.
  static let gridColor = RGB(225, 225, 225)

  /// Renders `values`; `marked` (one flag per value) draws a cross on the baseline of entries such
  /// as zero-count holes and explains it in the legend. Complexity: O(pixels).
  /// - Throws: `RenderingError` for no values, a bad domain, a mark count mismatch or an oversized picture.
  public static func render(_ values: [Double], marked: [Bool]? = nil, style: BarChartStyle = BarChartStyle())
    throws -> RGBImage
  {
    let grid = try ValueGrid(row: values)
    if let marked, marked.count != values.count {
      throw RenderingError.markCountMismatch(expected: values.count, count: marked.count)
    }
    var domainStyle = HeatmapStyle()
    domainStyle.vmin = style.vmin
    domainStyle.vmax = style.vmax
    let (low, high) = try Heatmap.domain(for: grid, style: domainStyle)
    let n = values.count
    let slot = style.slotWidth ?? min(max(768 / n, 1), 80)
    guard Heatmap.cellSizeRange.contains(slot) else {
      throw RenderingError.invalidCellSize(slot, range: Heatmap.cellSizeRange)
    }
    let line = 9 * scale
    let integers = values.allSatisfy { !$0.isFinite || $0 == $0.rounded() }
    let plotH = max(style.plotHeight, 40)
    let ticks = ColorBar.ticks(low: low, high: high, height: plotH, integers: integers)
    let tickTexts = ticks.values.map { NumberFormat.fixed($0, ticks.decimals) }
    let tickWidth = tickTexts.map { BitmapFont.width(of: $0, scale: scale) }.max() ?? 0
    let titleLines = (style.title.isEmpty ? 0 : 1) + (style.subtitle.isEmpty ? 0 : 1)
    let headroom = 7 * scale + 10
    let plotX = margin + (style.yAxisTitle.isEmpty ? 0 : 8 * scale + 10) + tickWidth + 10
    let plotY = margin + titleLines * (line + 4) + (titleLines > 0 ? 8 : 0) + headroom
    let plotW = n * slot
    let baseline = plotY + plotH
    let xLabelWidth = BitmapFont.width(of: String(n - 1), scale: scale)
    let xStep = HeatmapLayout.step(minimum: (xLabelWidth + 12 + slot - 1) / slot)
    let xLabelY = baseline + 10
    var legendY = xLabelY + line + 14
    if !style.xAxisTitle.isEmpty { legendY += line + 6 }
    let showLegend = (marked?.contains(true) ?? false) && !style.markedLabel.isEmpty
    let height = legendY + (showLegend ? line + 8 : 0) + margin - (showLegend ? 0 : 14)
    let titleWidth = max(
      BitmapFont.width(of: style.title, scale: scale), BitmapFont.width(of: style.subtitle, scale: scale))
    let legendWidth = showLegend ? 30 + BitmapFont.width(of: style.markedLabel, scale: scale) : 0
    let width = max(plotX + plotW + xLabelWidth / 2 + 6, margin + titleWidth, plotX + legendWidth) + margin
    let pixels = width.multipliedReportingOverflow(by: height)
    guard !pixels.overflow, pixels.partialValue <= Heatmap.pixelLimit else {
      throw RenderingError.imageTooLarge(width: width, height: height, limit: Heatmap.pixelLimit)
    }

    var image = RGBImage(width: width, height: height)
    var y = margin
    image.drawText(style.title, x: margin, y: y, scale: scale, color: Heatmap.textColor)
    if !style.title.isEmpty { y += line + 4 }
    image.drawText(style.subtitle, x: margin, y: y, scale: scale, color: Heatmap.textColor)

    func row(_ v: Double) -> Int {
      baseline - Int((min(max((v - low) / (high - low), 0), 1) * Double(plotH)).rounded())
    }
    for (v, text) in zip(ticks.values, tickTexts) {
      let r = row(v)
      image.fillRect(x: plotX, y: r, width: plotW, height: 1, gridColor)
      image.fillRect(x: plotX - 5, y: r, width: 5, height: 1, Heatmap.frameColor)
      let w = BitmapFont.width(of: text, scale: scale)
      image.drawText(text, x: plotX - 8 - w, y: r - 7 * scale / 2, scale: scale, color: Heatmap.textColor)
    }
    // Bars start at 0 when 0 is inside the domain, else at the domain's nearer end.
    let zeroRow = row(min(max(0, low), high))
    let gap = slot >= 6 ? max(1, slot / 6) : 0
    let texts = values.map { HeatmapLayout.valueText($0, decimals: style.valueDecimals) }
    let widest = texts.map { BitmapFont.width(of: $0, scale: 1) }.max() ?? 0
    let valueScale = style.showValues ? ([2, 1].first { widest * $0 <= slot - 2 } ?? 0) : 0
    for i in 0..<n {
      let v = values[i]
      let x = plotX + i * slot
      if v.isFinite {
        let end = row(v)
        let top = min(end, zeroRow)
        let color = style.colormap.color(v, low: low, high: high)
        image.fillRect(x: x + gap, y: top, width: slot - 2 * gap, height: max(end, zeroRow) - top, color)
        if valueScale > 0, !(marked?[i] ?? false) {
          let w = BitmapFont.width(of: texts[i], scale: valueScale)
          image.drawText(
            texts[i], x: x + (slot - w) / 2, y: top - 7 * valueScale - 4, scale: valueScale,
            color: Heatmap.textColor)
        }
      }
      if marked?[i] ?? false {
        let size = max(min(slot - 2 * gap, 20), 5)
        drawMark(&image, x: x + (slot - size) / 2, y: baseline - size - 2, size: size)
      }
    }
    image.fillRect(x: plotX, y: plotY - headroom, width: 1, height: plotH + headroom + 1, Heatmap.frameColor)
    image.fillRect(x: plotX, y: baseline, width: plotW + 1, height: 1, Heatmap.frameColor)
    for i in stride(from: 0, to: n, by: xStep) {
      let text = String(i)
      let w = BitmapFont.width(of: text, scale: scale)
      let cx = plotX + i * slot + slot / 2
      image.fillRect(x: cx, y: baseline + 1, width: 1, height: 5, Heatmap.frameColor)
      image.drawText(text, x: cx - w / 2, y: xLabelY, scale: scale, color: Heatmap.textColor)
    }
    if !style.xAxisTitle.isEmpty {
      let w = BitmapFont.width(of: style.xAxisTitle, scale: scale)
      image.drawText(
        style.xAxisTitle, x: plotX + (plotW - w) / 2, y: xLabelY + line + 6, scale: scale,
        color: Heatmap.textColor)
    }
    if !style.yAxisTitle.isEmpty {
      let length = BitmapFont.width(of: style.yAxisTitle, scale: scale)
      image.drawTextUpwards(
        style.yAxisTitle, x: margin, y: plotY + (plotH - length) / 2, scale: scale, color: Heatmap.textColor)
    }
    if showLegend {
      drawMark(&image, x: plotX, y: legendY, size: 20)
      image.drawText(style.markedLabel, x: plotX + 30, y: legendY + 3, scale: scale, color: Heatmap.textColor)
    }
    return image
  }

  /// The mark for a marked entry: a cross in `Heatmap.markColor`, 2 px thick when `size ≥ 10`.
  static func drawMark(_ image: inout RGBImage, x: Int, y: Int, size: Int) {
    let b = size - 1
    for d in 0..<(size >= 10 ? 2 : 1) {
      image.line(from: x + d, y, to: x + b, y + b - d, Heatmap.markColor)
      image.line(from: x, y + d, to: x + b - d, y + b, Heatmap.markColor)
      image.line(from: x + b - d, y, to: x, y + b - d, Heatmap.markColor)
      image.line(from: x + b, y + d, to: x + d, y + b, Heatmap.markColor)
    }
  }
}
