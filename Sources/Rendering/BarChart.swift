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
  /// Names of the bars (e.g. node names), drawn reading upwards under the axis instead of the
  /// indices; nil numbers the bars from 0. Names longer than `maximumNameLength` are shortened.
  public var xLabels: [String]?
  /// A horizontal line at this value (e.g. a significance threshold), explained in the legend by
  /// `referenceLabel`; the y domain grows to include it.
  public var referenceValue: Double?
  public var referenceLabel = ""

  /// The longest bar name drawn, in characters.
  public static let maximumNameLength = 36

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

  /// Bars narrower than this many pixels get min/max envelopes, so that a short-period pattern
  /// stays visible when the picture is shown smaller than its pixels.
  public static let envelopeMaximumSlot = 3
  /// The envelopes' window: each envelope point is the max (min) of this many neighbouring bars.
  public static let envelopeWindow = 8
  static let upperEnvelopeColor = RGB(200, 30, 30)
  /// The dashed reference line (a threshold).
  static let referenceColor = RGB(230, 120, 0)
  static let lowerEnvelopeColor = RGB(30, 60, 200)

  /// Renders `values` to pixels at `scale` (see `figure(_:marked:style:)`).
  public static func render(
    _ values: [Double], marked: [Bool]? = nil, style: BarChartStyle = BarChartStyle(), scale: Double = 1
  ) throws -> RGBImage {
    try figure(values, marked: marked, style: style).raster(scale: scale)
  }

  /// The chart of `values`; `marked` (one flag per value) draws a cross on the baseline of entries
  /// such as zero-count holes and explains it in the legend. With bars narrower than
  /// `envelopeMaximumSlot`, two lines follow the max and min of every `envelopeWindow` neighbouring
  /// bars (explained in the legend). Complexity: O(values).
  /// - Throws: `RenderingError` for no values, a bad domain, a mark count mismatch or an oversized picture.
  public static func figure(_ values: [Double], marked: [Bool]? = nil, style: BarChartStyle = BarChartStyle())
    throws -> Figure
  {
    let grid = try ValueGrid(row: values)
    if let marked, marked.count != values.count {
      throw RenderingError.markCountMismatch(expected: values.count, count: marked.count)
    }
    var domainStyle = HeatmapStyle()
    domainStyle.vmin = style.vmin
    domainStyle.vmax = style.vmax
    let reference = style.referenceValue.flatMap { $0.isFinite ? $0 : nil }
    let domainGrid = try reference.map { try ValueGrid(row: values + [$0 * 1.05]) } ?? grid
    let (low, high) = try Heatmap.domain(for: domainGrid, style: domainStyle)
    if let labels = style.xLabels, labels.count != values.count {
      throw RenderingError.markCountMismatch(expected: values.count, count: labels.count)
    }
    let names = style.xLabels.map { labels in
      labels.map {
        $0.count <= BarChartStyle.maximumNameLength
          ? $0 : "…" + $0.suffix(BarChartStyle.maximumNameLength - 1)
      }
    }
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
    let tickWidth = tickTexts.map { Heatmap.labelWidth($0) }.max() ?? 0
    let titleLines = (style.title.isEmpty ? 0 : 1) + (style.subtitle.isEmpty ? 0 : 1)
    let headroom = 7 * scale + 10
    let plotX = margin + (style.yAxisTitle.isEmpty ? 0 : 8 * scale + 10) + tickWidth + 10
    let plotY = margin + titleLines * (line + 4) + (titleLines > 0 ? 8 : 0) + headroom
    let plotW = n * slot
    let baseline = plotY + plotH
    // Indices sit side by side; names read upwards, one line high each.
    let xLabelWidth = names == nil ? Heatmap.labelWidth(String(n - 1)) : line + 4
    let xLabelDepth = names.map { $0.map(Heatmap.labelWidth).max() ?? 0 } ?? line
    let xStep = HeatmapLayout.step(minimum: (xLabelWidth + 12 + slot - 1) / slot)
    let xLabelY = baseline + 10
    var legendY = xLabelY + xLabelDepth + 14
    if !style.xAxisTitle.isEmpty { legendY += line + 6 }
    let showLegend = (marked?.contains(true) ?? false) && !style.markedLabel.isEmpty
    let envelopes = slot <= envelopeMaximumSlot && n > envelopeWindow
    let showReference = reference != nil && !style.referenceLabel.isEmpty
    let legendLines = (showLegend ? 1 : 0) + (envelopes ? 1 : 0) + (showReference ? 1 : 0)
    let height = legendY + legendLines * (line + 8) + margin - (legendLines > 0 ? 0 : 14)
    let titleWidth = max(
      Heatmap.labelWidth(style.title), Heatmap.labelWidth(style.subtitle))
    let legendWidth = max(
      showLegend ? 30 + Heatmap.labelWidth(style.markedLabel) : 0,
      envelopes ? 30 + Heatmap.labelWidth(envelopeLabel) : 0,
      showReference ? 30 + Heatmap.labelWidth(style.referenceLabel) : 0)
    let width = max(plotX + plotW + xLabelWidth / 2 + 6, margin + titleWidth, plotX + legendWidth) + margin
    let pixels = width.multipliedReportingOverflow(by: height)
    guard !pixels.overflow, pixels.partialValue <= Heatmap.pixelLimit else {
      throw RenderingError.imageTooLarge(width: width, height: height, limit: Heatmap.pixelLimit)
    }

    var image = Figure(width: width, height: height)
    Heatmap.drawTitles(&image, title: style.title, subtitle: style.subtitle)

    func row(_ v: Double) -> Int {
      baseline - Int((ColorBar.fraction(from: low, to: v, low: low, high: high) * Double(plotH)).rounded())
    }
    for (v, text) in zip(ticks.values, tickTexts) {
      let r = row(v)
      image.fillRect(x: plotX, y: r, width: plotW, height: 1, gridColor)
      image.fillRect(x: plotX - 5, y: r, width: 5, height: 1, Heatmap.frameColor)
      image.label(text, x: plotX - 8, top: r - Heatmap.baselineDrop / 2, anchor: .end)
    }
    // Bars start at 0 when 0 is inside the domain, else at the domain's nearer end.
    let zeroRow = row(min(max(0, low), high))
    let gap = slot >= 6 ? max(1, slot / 6) : 0
    let texts = values.map { HeatmapLayout.valueText($0, decimals: style.valueDecimals) }
    let widest = texts.map { TextMetrics.width(of: $0, size: 1) }.max() ?? 0
    // Value sizes with cap heights of 14 and about 9 px, the larger one that fits the slot (else none).
    let valueSize = style.showValues ? ([19.2, 12.8].first { widest * $0 <= Double(slot - 2) } ?? 0) : 0
    for i in 0..<n {
      let v = values[i]
      let x = plotX + i * slot
      if v.isFinite {
        let end = row(v)
        let top = min(end, zeroRow)
        let color = style.colormap.color(v, low: low, high: high)
        image.fillRect(x: x + gap, y: top, width: slot - 2 * gap, height: max(end, zeroRow) - top, color)
        if valueSize > 0, !(marked?[i] ?? false) {
          image.text(
            texts[i], x: Double(x) + Double(slot) / 2, y: Double(top - 4), size: valueSize, anchor: .middle,
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
    if envelopes {
      drawEnvelopes(&image, values: values, plotX: plotX, slot: slot, row: row)
    }
    if let reference {
      let r = row(reference)
      var x = plotX
      while x < plotX + plotW {
        image.fillRect(x: x, y: r, width: min(6, plotX + plotW - x), height: 2, referenceColor)
        x += 10
      }
    }
    for i in stride(from: 0, to: n, by: xStep) {
      let cx = plotX + i * slot + slot / 2
      image.fillRect(x: cx, y: baseline + 1, width: 1, height: 5, Heatmap.frameColor)
      if let names {
        image.text(
          names[i], x: Double(cx + Heatmap.baselineDrop / 2), y: Double(xLabelY), size: Heatmap.textSize,
          anchor: .end, upwards: true, color: Heatmap.textColor)
      } else {
        image.label(String(i), x: cx, top: xLabelY, anchor: .middle)
      }
    }
    if !style.xAxisTitle.isEmpty {
      image.label(style.xAxisTitle, x: plotX + plotW / 2, top: xLabelY + xLabelDepth + 6, anchor: .middle)
    }
    if !style.yAxisTitle.isEmpty {
      image.upwardLabel(style.yAxisTitle, left: margin, centerY: plotY + plotH / 2)
    }
    var legendLine = legendY
    if showLegend {
      drawMark(&image, x: plotX, y: legendLine, size: 20)
      image.label(style.markedLabel, x: plotX + 30, top: legendLine + 3)
      legendLine += line + 8
    }
    if envelopes {
      image.fillRect(x: plotX, y: legendLine + 5, width: 20, height: 2, upperEnvelopeColor)
      image.fillRect(x: plotX, y: legendLine + 13, width: 20, height: 2, lowerEnvelopeColor)
      image.label(envelopeLabel, x: plotX + 30, top: legendLine + 3)
      legendLine += line + 8
    }
    if showReference {
      image.fillRect(x: plotX, y: legendLine + 9, width: 6, height: 2, referenceColor)
      image.fillRect(x: plotX + 10, y: legendLine + 9, width: 6, height: 2, referenceColor)
      image.label(style.referenceLabel, x: plotX + 30, top: legendLine + 3)
    }
    return image
  }

  static var envelopeLabel: String {
    "red/blue: max/min of each \(envelopeWindow) neighbouring bars (a gap shows a short-period pattern)"
  }

  /// Lines through the max and min of each window of `envelopeWindow` bars centred on each bar.
  static func drawEnvelopes(
    _ image: inout Figure, values: [Double], plotX: Int, slot: Int, row: (Double) -> Int
  ) {
    let n = values.count
    let half = envelopeWindow / 2
    var upper: [FigurePoint] = []
    var lower: [FigurePoint] = []
    for i in 0..<n {
      let window = values[max(0, i - half)..<min(n, i - half + envelopeWindow)].filter(\.isFinite)
      guard let hi = window.max(), let lo = window.min() else { continue }
      let x = Double(plotX + i * slot) + Double(slot) / 2
      upper.append(FigurePoint(x, Double(row(hi))))
      lower.append(FigurePoint(x, Double(row(lo))))
    }
    for (points, color) in [(upper, upperEnvelopeColor), (lower, lowerEnvelopeColor)] {
      for k in 1..<max(points.count, 1) {
        image.line(points[k - 1].x, points[k - 1].y, points[k].x, points[k].y, width: 1.5, color)
      }
    }
  }

  /// The mark for a marked entry: a cross in `Heatmap.markColor`, 2 px thick when `size ≥ 10`.
  static func drawMark(_ image: inout Figure, x: Int, y: Int, size: Int) {
    let width: Double = size >= 10 ? 2 : 1.25
    let x0 = Double(x)
    let y0 = Double(y)
    let x1 = Double(x + size)
    let y1 = Double(y + size)
    image.line(x0, y0, x1, y1, width: width, Heatmap.markColor)
    image.line(x1, y0, x0, y1, width: width, Heatmap.markColor)
  }
}
