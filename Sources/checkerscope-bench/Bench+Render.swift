import OverlapAnalysis
import PNGIO
import Rendering

/// Benchmark cases for drawing maps (`overlap --heatmap`, `render`).
let renderBenchCases: [BenchCase] = [
  // The article's 2D figure (4×6 input, k=3, s=2): a small heatmap with values, colour bar, title.
  BenchCase("render-heatmap-article-2d", runs: 20) {
    let figure = try MapFigure(
      map: OverlapMap(layer: LayerConfig(dims: 2, kernel: 3, stride: 2), inputSize: [4, 6]))
    return {
      let image = try figure.render()
      return Double(image.pixels.reduce(0) { $0 &+ Int($1) })
    }
  },
  // A large map (256×256 input, k=3, s=2 → 513×513 cells) drawn and encoded as PNG.
  BenchCase("render-heatmap-513-png", runs: 5) {
    let figure = try MapFigure(
      map: OverlapMap(layer: LayerConfig(dims: 2, kernel: 3, stride: 2), inputSize: [256, 256]))
    return {
      let image = try figure.render()
      return Double(try PNGImage(rgb: image).encoded().count)
    }
  },
  // The same two figures as SVG text (layout, then text generation; no pixels).
  BenchCase("render-svg-article-2d", runs: 20) {
    let figure = try MapFigure(
      map: OverlapMap(layer: LayerConfig(dims: 2, kernel: 3, stride: 2), inputSize: [4, 6]))
    return { Double(try figure.figure().svg().utf8.count) }
  },
  BenchCase("render-svg-513", runs: 5) {
    let figure = try MapFigure(
      map: OverlapMap(layer: LayerConfig(dims: 2, kernel: 3, stride: 2), inputSize: [256, 256]))
    return { Double(try figure.figure().svg().utf8.count) }
  },
]
