import Testing

@testable import Rendering

@Suite("Heatmap geometry, colours and errors")
struct HeatmapTests {
  /// The 2×2 grid [[0, 1], [2, 4]]: default domain [0, 4] → table entries 0, 64, 128, 255.
  static func small() throws -> ValueGrid { try ValueGrid(rows: 2, columns: 2, values: [0, 1, 2, 4]) }

  @Test("automatic cell size: ⌊768 / long side⌋ clamped to 1…160")
  func autoCell() {
    #expect(Heatmap.autoCellSize(rows: 9, columns: 13) == 59)
    #expect(Heatmap.autoCellSize(rows: 1, columns: 17) == 45)
    #expect(Heatmap.autoCellSize(rows: 2, columns: 2) == 160)
    #expect(Heatmap.autoCellSize(rows: 5000, columns: 3) == 1)
  }

  @Test("default domain is [0, max]; vmin/vmax override; diverging is symmetric")
  func domains() throws {
    let grid = try Self.small()
    #expect(try Heatmap.domain(for: grid, style: HeatmapStyle()) == (0, 4))
    var style = HeatmapStyle()
    style.vmax = 10
    #expect(try Heatmap.domain(for: grid, style: style) == (0, 10))
    let zeros = try ValueGrid(row: [0, 0, 0])
    #expect(try Heatmap.domain(for: zeros, style: HeatmapStyle()) == (0, 1))
    let signed = try ValueGrid(row: [-1.25, 1.75, 0])
    #expect(try Heatmap.domain(for: signed, style: .diverging()) == (-1.75, 1.75))
    #expect(try Heatmap.domain(for: signed, style: HeatmapStyle()) == (-1.25, 1.75))
    style.vmin = 10
    #expect(throws: RenderingError.invalidDomain(vmin: 10, vmax: 10)) {
      try Heatmap.render(grid, style: style)
    }
  }

  @Test("each cell is filled with the colormap entry of its value, at its place")
  func cellColours() throws {
    var style = HeatmapStyle()
    style.cellSize = 40
    style.showValues = false
    let image = try Heatmap.render(try Self.small(), style: style)
    let layout = try HeatmapLayout(grid: try Self.small(), cell: 40, style: style, marked: nil)
    let expected = [0, 64, 128, 255].map { Colormap.viridis.entries[$0] }
    for r in 0..<2 {
      for c in 0..<2 {
        let x = layout.mapX + c * 40
        let y = layout.mapY + r * 40
        // Every pixel of the cell except the 1-pixel grid line on its top/left edge.
        for yy in (y + 1)..<(y + 40) {
          for xx in (x + 1)..<(x + 40) { #expect(image[xx, yy] == expected[2 * r + c]) }
        }
      }
    }
    // A white grid line between the two columns (cells ≥ 12 px), none with 8-px cells.
    #expect(image[layout.mapX + 40, layout.mapY + 5] == .white)
    style.cellSize = 8
    let fine = try Heatmap.render(try Self.small(), style: style)
    let fineLayout = try HeatmapLayout(grid: try Self.small(), cell: 8, style: style, marked: nil)
    #expect(fine[fineLayout.mapX + 8, fineLayout.mapY + 2] == Colormap.viridis.entries[64])
  }

  @Test("values are printed in contrasting ink: black on yellow, white on dark purple")
  func valueInk() throws {
    var style = HeatmapStyle()
    style.cellSize = 40
    let grid = try Self.small()
    let image = try Heatmap.render(grid, style: style)
    let layout = try HeatmapLayout(grid: grid, cell: 40, style: style, marked: nil)
    func colours(r: Int, c: Int) -> Set<RGB> {
      var set = Set<RGB>()
      for y in (layout.mapY + r * 40 + 1)..<(layout.mapY + r * 40 + 40) {
        for x in (layout.mapX + c * 40 + 1)..<(layout.mapX + c * 40 + 40) { set.insert(image[x, y]) }
      }
      return set
    }
    // Antialiased text: the fill, the ink, and only mixtures of the two in between.
    func isMix(_ c: RGB, _ a: RGB, _ b: RGB) -> Bool {
      var ts: [Double] = []
      for (x, y, z) in [(c.red, a.red, b.red), (c.green, a.green, b.green), (c.blue, a.blue, b.blue)]
      where abs(Int(z) - Int(y)) > 40 {
        ts.append((Double(x) - Double(y)) / (Double(z) - Double(y)))
      }
      guard let lo = ts.min(), let hi = ts.max() else { return false }
      return lo >= -0.02 && hi <= 1.02 && hi - lo < 0.05
    }
    for (r, c, fill, ink) in [
      (1, 1, Colormap.viridis.entries[255], RGB.black), (0, 0, Colormap.viridis.entries[0], RGB.white),
    ] {
      let seen = colours(r: r, c: c)
      #expect(seen.contains(fill) && seen.contains(ink))
      #expect(seen.allSatisfy { isMix($0, fill, ink) }, "cell (\(r), \(c))")
    }
    style.showValues = false
    #expect(try Heatmap.render(grid, style: style) != image)
  }

  @Test("marked cells are greyed, nothing drawn over them, and the legend explains them")
  func marks() throws {
    var style = HeatmapStyle()
    style.cellSize = 40
    style.showValues = false
    style.markedLabel = "hole"
    let grid = try Self.small()
    let plain = try Heatmap.render(grid, style: style)
    let crossed = try Heatmap.render(grid, marked: [true, false, false, false], style: style)
    #expect(crossed.height > plain.height)  // the legend line
    let layout = try HeatmapLayout(grid: grid, cell: 40, style: style, marked: [true, false, false, false])
    // The whole marked cell is grey: on its diagonals (where a cross would run) and off them.
    for (x, y) in [(10, 10), (9, 30), (20, 5), (20, 20)] {
      #expect(crossed[layout.mapX + x, layout.mapY + y] == Heatmap.markFill)
    }
    #expect(crossed[layout.mapX + 60, layout.mapY + 20] == plain[layout.mapX + 60, layout.mapY + 20])
  }

  @Test("bad input throws instead of drawing")
  func errors() throws {
    #expect(throws: RenderingError.emptyGrid(rows: 0, columns: 3)) {
      try ValueGrid(rows: 0, columns: 3, values: [])
    }
    #expect(throws: RenderingError.valueCountMismatch(rows: 2, columns: 2, count: 3)) {
      try ValueGrid(rows: 2, columns: 2, values: [1, 2, 3])
    }
    #expect(throws: RenderingError.markCountMismatch(expected: 4, count: 1)) {
      try Heatmap.render(try Self.small(), marked: [true])
    }
    var style = HeatmapStyle()
    style.cellSize = 0
    #expect(throws: RenderingError.invalidCellSize(0, range: 1...512)) {
      try Heatmap.render(try Self.small(), style: style)
    }
    style.cellSize = 512
    let huge = try ValueGrid(rows: 1000, columns: 1000, values: Array(repeating: 1, count: 1_000_000))
    #expect(throws: RenderingError.self) { try Heatmap.render(huge, style: style) }
    #expect(throws: RenderingError.self) { try BarChart.render([]) }
    #expect(RenderingError.invalidDomain(vmin: 3, vmax: 1).description.contains("vmin < vmax"))
  }

  @Test("undefined values are drawn grey and explained")
  func undefined() throws {
    var style = HeatmapStyle()
    style.cellSize = 30
    style.showValues = false
    let grid = try ValueGrid(row: [1, .infinity])
    let image = try Heatmap.render(grid, style: style)
    let layout = try HeatmapLayout(grid: grid, cell: 30, style: style, marked: nil)
    #expect(image[layout.mapX + 45, layout.mapY + 15] == Heatmap.undefinedColor)
    #expect(layout.legend.count == 1)
  }

  @Test("rendering is deterministic")
  func deterministic() throws {
    let values = (0..<(9 * 13)).map { Double(($0 * 7) % 5) }
    let grid = try ValueGrid(rows: 9, columns: 13, values: values)
    var style = HeatmapStyle()
    style.title = "k=3x3 s=2x2"
    let a = try Heatmap.render(grid, marked: values.map { $0 == 0 }, style: style)
    let b = try Heatmap.render(grid, marked: values.map { $0 == 0 }, style: style)
    #expect(a == b)
    #expect(try BarChart.render(values) == BarChart.render(values))
  }
}
