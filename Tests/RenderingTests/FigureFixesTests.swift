import OverlapAnalysis
import TestSupport
import Testing

@testable import Rendering

/// The figure fixes of issue 15: grid legends like their cells, envelopes on long charts,
/// spectrum axes, titles and scales.
@Suite("Figure fixes")
struct FigureFixesTests {
  /// The fill of the rect item at (x, y) of the given size, if any.
  static func fill(in figure: Figure, x: Int, y: Int, size: Int) -> RGB? {
    for item in figure.items {
      if case .rect(let r, let color) = item, r == FigureRect(x: x, y: y, width: size, height: size) {
        return color
      }
    }
    return nil
  }

  @Test("the grid summary's hole swatch is grey like the hole cells, which print 'holes'")
  func gridLegend() throws {
    let entries = [
      GridSummaryEntry(kernel: 2, stride: 3, value: .nan, hasHoles: true),
      GridSummaryEntry(kernel: 3, stride: 2, value: 2, hasHoles: false),
      GridSummaryEntry(kernel: 2, stride: 2, value: 1, hasHoles: false),
      GridSummaryEntry(kernel: 3, stride: 3, value: 1, hasHoles: false),
    ]
    let figure = try GridSummary.figure(entries, metricName: "max/min")
    var cellColors: [RGB] = []
    for case .cells(let cells) in figure.items where cells.rows == 2 { cellColors = cells.colors }
    // Row k=2, column s=3 is the hole cell.
    #expect(cellColors.count == 4 && cellColors[1] == Heatmap.markFill)
    #expect(
      figure.items.contains { if case .text(let t) = $0 { return t.text == "holes" } else { return false } })
    // Legend swatches are the 20×20 rects; exactly one, grey, for the hole cells.
    let swatches = figure.items.compactMap { item -> RGB? in
      if case .rect(let r, let color) = item, r.width == 20, r.height == 20 { return color }
      return nil
    }
    #expect(swatches == [Heatmap.markFill])
  }

  @Test("for cv too, a configuration with holes is grey, says 'holes' and stays out of the colour scale")
  func holesGreyForEveryMetric() throws {
    // cv is defined with holes (here 3.5, far above the others); it must not stretch the scale.
    let entries = [
      GridSummaryEntry(kernel: 2, stride: 2, value: 0, hasHoles: false),
      GridSummaryEntry(kernel: 2, stride: 3, value: 3.5, hasHoles: true),
      GridSummaryEntry(kernel: 3, stride: 2, value: 0.5, hasHoles: false),
      GridSummaryEntry(kernel: 3, stride: 3, value: 0, hasHoles: false),
    ]
    let figure = try GridSummary.figure(entries, metricName: "cv")
    var cellColors: [RGB] = []
    for case .cells(let cells) in figure.items where cells.rows == 2 { cellColors = cells.colors }
    #expect(cellColors.count == 4 && cellColors[1] == Heatmap.markFill)
    // The largest defined value, 0.5, takes the top colour of the map.
    #expect(cellColors[2] == Colormap.viridis.color(1, low: 0, high: 1))
    let texts = figure.items.compactMap { item -> String? in
      if case .text(let t) = item { return t.text }
      return nil
    }
    #expect(texts.contains("holes") && !texts.contains("3.50"))
  }

  @Test("a long period-2 chart gets envelopes that stay apart; a short one gets none")
  func envelopes() throws {
    let values = (0..<600).map { Double($0 % 2 + 1) }
    let figure = try BarChart.figure(values)
    var upper: Set<Double> = []
    var lower: Set<Double> = []
    for case .line(let a, _, let color, _) in figure.items {
      if color == BarChart.upperEnvelopeColor { upper.insert(a.y) }
      if color == BarChart.lowerEnvelopeColor { lower.insert(a.y) }
    }
    #expect(upper.count == 1 && lower.count == 1)
    #expect((upper.first ?? 0) < (lower.first ?? 0))
    let short = try BarChart.figure([1, 2, 1, 2, 1])
    #expect(
      !short.items.contains {
        if case .line(_, _, BarChart.upperEnvelopeColor, _) = $0 { true } else { false }
      })
  }

  @Test("spectrum axes are labelled at multiples of 1/8 cycle per pixel")
  func spectrumLabels() throws {
    let labels = SpectrumFigure.labels(count: 96)
    #expect(labels[0] == "-0.5" && labels[48] == "0" && labels[60] == "0.125" && labels[84] == "0.375")
    #expect(labels.filter { !$0.isEmpty }.count == 8)
    // A single strong bin takes the top colour, zero power the bottom one, 50 dB below.
    let figure = try SpectrumFigure.figure(
      log10Power: [0, 0, 0, 6], width: 2, height: 2, title: "", subtitle: "")
    for case .cells(let cells) in figure.items where cells.rows == 2 {
      #expect(cells.colors[3] == Colormap.magma.color(1) && cells.colors[0] == Colormap.magma.color(0))
    }
  }

  @Test("title and axis options replace the automatic ones; scale multiplies the pixel size")
  func optionsAndScale() throws {
    let map = try OverlapMap(layers: [GoldenTests.layer([3, 3], 2)], inputSize: [4, 4])
    var options = MapFigureOptions()
    options.title = "My title"
    options.xLabel = "x label"
    options.yLabel = "y label"
    let figure = try MapFigure(map: map).figure(options)
    let texts = figure.items.compactMap { item -> String? in
      if case .text(let t) = item { return t.text }
      return nil
    }
    #expect(texts.contains("My title") && texts.contains("x label") && texts.contains("y label"))
    let one = try figure.raster(scale: 1)
    let two = try figure.raster(scale: 2)
    #expect(two.width == 2 * one.width && two.height == 2 * one.height)
    #expect(throws: RenderingError.self) { try figure.raster(scale: 0.1) }
  }

  @Test("the 3D montage is a figure too: panels, one colour bar, a legend like its crossed cells")
  func montage() throws {
    // A 2×3×4 volume with one zero (a hole) at (1, 2, 3).
    var values = (0..<24).map { Double($0 % 5 + 1) }
    values[23] = 0
    let panels = try VolumeMontage.panels(values: values, shape: [2, 3, 4], marked: values.map { $0 == 0 })
    #expect(panels.map(\.label) == ["z = 0", "z = 1"])
    var style = HeatmapStyle()
    style.title = "montage"
    style.markedLabel = "hole"
    let figure = try VolumeMontage.figure(panels, style: style)
    let image = try figure.raster()
    #expect(image.width == figure.width && image.height == figure.height)
    let panelBlocks = figure.items.filter { if case .cells(let c) = $0 { c.rows == 3 } else { false } }
    #expect(panelBlocks.count == 2)
    // The hole's cell takes colour 0 of viridis; the legend swatch is the same colour.
    let swatches = figure.items.compactMap { item -> RGB? in
      if case .rect(let r, let color) = item, r.width == 20, r.height == 20 { return color }
      return nil
    }
    #expect(swatches == [Colormap.viridis.color(0)])
    #expect(try figure.svg().contains(">z = 1</text>"))
  }
}
