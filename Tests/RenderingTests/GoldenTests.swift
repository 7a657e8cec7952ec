import CheckerscopeCore
import Foundation
import OverlapAnalysis
import PNGIO
import Testing
import TransposedConv

@testable import Rendering

/// Pixel goldens of the article's figures and the other kinds of picture. Each golden was looked
/// at by eye; each test first checks the map's numbers against `Fixtures/reference/FACTS.md` so
/// the golden cannot silently encode a wrong map.
@Suite("Rendering goldens")
struct GoldenTests {
  static func layer(_ k: [Int], _ s: Int, weights: [Double]? = nil) -> LayerConfig {
    LayerConfig(
      kernel: k,
      axes: k.map { _ in
        AxisParameters(stride: s, paddingBegin: 0, paddingEnd: 0, outputPadding: 0, dilation: 1)
      }, weights: weights)
  }

  @Test("F1: the article's 1D map (n=8, k=3, s=2) as a bar chart")
  func article1D() throws {
    let map = try OverlapMap(layers: [Self.layer([3], 2)], inputSize: [8])
    #expect(map.values == [1, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 1])
    let figure = try MapFigure(map: map)
    #expect(figure.title == "k=3 s=2 p=0 d=1 · max/min 2.00 · cv 0.33")
    let image = try figure.render()
    #expect(ImageGolden.mismatch(image, name: "article-1d") == nil)
  }

  @Test("F3: the article's 2D map (4×6 input, k=3, s=2) as a heatmap")
  func article2D() throws {
    let map = try OverlapMap(layers: [Self.layer([3, 3], 2)], inputSize: [4, 6])
    let f1Rows: [Double] = [1, 1, 2, 1, 2, 1, 2, 1, 1]
    let f1Columns: [Double] = [1, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 1]
    #expect(map.outputSize == [9, 13])
    #expect(map.values == f1Rows.flatMap { r in f1Columns.map { r * $0 } })
    let figure = try MapFigure(map: map)
    #expect(figure.title == "k=3x3 s=2x2 p=0 d=1 · max/min 4.00 · cv 0.48")
    #expect(ImageGolden.mismatch(try figure.render(), name: "article-2d") == nil)
  }

  @Test("F7: k=2, s=3 leaves zero-count holes, crossed out and explained")
  func holes() throws {
    let map = try OverlapMap(layers: [Self.layer([2, 2], 3)], inputSize: [4, 4])
    let axis: [Double] = [1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 1]
    #expect(map.values == axis.flatMap { r in axis.map { r * $0 } })
    let figure = try MapFigure(map: map)
    #expect(figure.metricSummary.hasPrefix("holes 56%"))  // 1 − (2/3)² = 5/9
    #expect(ImageGolden.mismatch(try figure.render(), name: "holes-k2-s3") == nil)
  }

  @Test("a gain map's deviation from its mean, with the diverging colormap")
  func gainDeviation() throws {
    let weights: [Double] = [1, 0.5, 0.25, 0.5, 1, 0.5, 0.25, 0.5, 1]
    let map = try OverlapMap(layers: [Self.layer([3, 3], 2, weights: weights)], inputSize: [4, 4])
    // Hand-computed: output (2, 2) gets taps (0,0), (0,2), (2,0), (2,2) → 1 + 0.25 + 0.25 + 1.
    #expect(map.values[2 * 9 + 2] == 2.5)
    // Output (1, 1) gets only the centre tap (1, 1) → 1.
    #expect(map.values[1 * 9 + 1] == 1)
    var options = MapFigureOptions()
    options.deviation = true
    let figure = try MapFigure(map: map)
    #expect(!figure.isIntegral)
    #expect(ImageGolden.mismatch(try figure.render(options), name: "gain-deviation") == nil)
  }

  @Test("the grid summary: kernel 1…6 × stride 1…4, max/min of the interior")
  func gridSummary() throws {
    var maps: [(kernel: Int, stride: Int, map: OverlapMap)] = []
    for k in 1...6 {
      for s in 1...4 {
        maps.append((k, s, try OverlapMap(layers: [Self.layer([k], s)], inputSize: [8])))
      }
    }
    // F2 and F5, F6: interior max/min 2 for (3, 2), 1.5 for (5, 2), 2 for (5, 3).
    let ratio = { (k: Int, s: Int) in
      maps.first { $0.kernel == k && $0.stride == s }?.map.interiorMetrics.maxMinRatio
    }
    #expect(ratio(3, 2) == 2)
    #expect(ratio(5, 2) == 1.5)
    #expect(ratio(5, 3) == 2)
    #expect(ratio(2, 3) == nil)
    var style = HeatmapStyle()
    style.title = "1D interior max/min by kernel and stride (p=0, d=1)"
    let image = try GridSummary.render(maps: maps, metric: .maxMinRatio, style: style)
    #expect(ImageGolden.mismatch(image, name: "grid-summary") == nil)
  }

  @Test("two renders encode to byte-identical PNGs")
  func determinism() throws {
    let map = try OverlapMap(layers: [Self.layer([3, 3], 2)], inputSize: [4, 6])
    let a = try MapFigure(map: map).render()
    let b = try MapFigure(map: map).render()
    func png(_ image: RGBImage) throws -> [UInt8] {
      try PNGImage(rgb: image).encoded()
    }
    #expect(try png(a) == png(b))
  }

  @Test("a map drawn from its JSON equals the map drawn directly")
  func jsonRoundTrip() throws {
    let map = try OverlapMap(layers: [Self.layer([3, 3], 2)], inputSize: [4, 6])
    let text = try map.json.encoded(style: .compact)
    let fromJSON = try MapFigure(json: try JSONValue(parsing: text))
    #expect(fromJSON == (try MapFigure(map: map)))
    #expect(throws: RenderingError.self) { try MapFigure(json: try JSONValue(parsing: "{\"dims\": 3}")) }
  }
}
