import Testing

@testable import Rendering

@Suite("Bar chart geometry")
struct BarChartTests {
  /// The tallest run of `color` in any one pixel column: a bar's height in pixels.
  static func barHeight(_ image: RGBImage, _ color: RGB) -> Int {
    var best = 0
    for x in 0..<image.width {
      var count = 0
      for y in 0..<image.height where image[x, y] == color { count += 1 }
      best = max(best, count)
    }
    return best
  }

  @Test("bar heights are (v − low)/(high − low) · plot height, coloured by value")
  func heights() throws {
    var style = BarChartStyle()
    style.plotHeight = 100
    style.showValues = false
    let image = try BarChart.render([1, 2], style: style)
    // Domain [0, 2]: value 2 → entry 255, 100 px; value 1 → entry 128, 50 px.
    #expect(Self.barHeight(image, Colormap.viridis.entries[255]) == 100)
    #expect(Self.barHeight(image, Colormap.viridis.entries[128]) == 50)
  }

  @Test("negative values hang below the zero line")
  func negative() throws {
    var style = BarChartStyle()
    style.plotHeight = 100
    style.showValues = false
    let image = try BarChart.render([-1, 1], style: style)
    #expect(Self.barHeight(image, Colormap.viridis.entries[0]) == 50)
    #expect(Self.barHeight(image, Colormap.viridis.entries[255]) == 50)
  }

  @Test("marked entries get a cross and a legend line")
  func marks() throws {
    var style = BarChartStyle()
    style.markedLabel = "hole"
    let plain = try BarChart.render([1, 0, 1], style: style)
    let marked = try BarChart.render([1, 0, 1], marked: [false, true, false], style: style)
    #expect(marked.height > plain.height)
    #expect(marked.pixels.contains(Heatmap.markColor.red) && Self.barHeight(marked, Heatmap.markColor) > 0)
    #expect(Self.barHeight(plain, Heatmap.markColor) == 0)
    #expect(throws: RenderingError.markCountMismatch(expected: 3, count: 1)) {
      try BarChart.render([1, 0, 1], marked: [true])
    }
  }
}
