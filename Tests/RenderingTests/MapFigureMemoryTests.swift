import OverlapAnalysis
import Testing

@testable import Rendering

/// `MapFigure.bytesNeeded(cellSize:scale:)`, worked out by hand from its definition: per side
/// max(cells · cell size, 1024) + 1024 pixels, times the scale rounded up, 9 bytes a pixel.
@Suite("The memory a map figure needs")
struct MapFigureMemoryTests {
  /// k=3, s=2 on a 4×4 input: a 9×9 map ((4 − 1)·2 + 3 = 9).
  static func figure() throws -> MapFigure {
    try MapFigure(map: try OverlapMap(layers: [GoldenTests.layer([3, 3], 2)], inputSize: [4, 4]))
  }

  @Test("small maps: 2048 pixels a side at scale 1")
  func small() throws {
    let figure = try Self.figure()
    #expect(figure.grid.rows == 9 && figure.grid.columns == 9)
    #expect(figure.bytesNeeded(cellSize: nil, scale: 1) == 2048 * 2048 * 9)
    #expect(figure.bytesNeeded(cellSize: 100, scale: 0.5) == 2048 * 2048 * 9)
  }

  @Test("large cells and a fractional scale (rounded up)")
  func scaled() throws {
    // 9 · 200 = 1800 cells' pixels + 1024 = 2824 per side, × 2 for scale 1.5.
    #expect(try Self.figure().bytesNeeded(cellSize: 200, scale: 1.5) == 2824 * 2 * 2824 * 2 * 9)
  }

  @Test("overflow and a non-finite scale give Int.max")
  func overflow() throws {
    let figure = try Self.figure()
    #expect(figure.bytesNeeded(cellSize: Int.max, scale: 1) == Int.max)
    #expect(figure.bytesNeeded(cellSize: nil, scale: .infinity) == Int.max)
    #expect(figure.bytesNeeded(cellSize: nil, scale: .nan) == Int.max)
  }
}
