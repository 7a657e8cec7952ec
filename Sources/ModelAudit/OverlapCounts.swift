import OverlapAnalysis
import TransposedConv

/// The interior overlap pattern of a layer's all-ones kernel, as `checkerscope overlap` computes it.
public struct OverlapCounts: Sendable, Equatable {
  /// The smallest cyclic period of the interior tile per axis.
  public var period: [Int]
  /// True when every phase receives the same number of taps.
  public var uniform: Bool
  /// True when some phase receives no tap at all.
  public var holes: Bool
  /// The largest and smallest count over the tile.
  public var max: Double
  public var min: Double
  /// `max / min`; nil when `min` is 0.
  public var maxMinRatio: Double?
  /// The tile (one period of the infinite-input pattern, row-major) and its shape (the strides).
  public var tile: [Double]
  public var tileShape: [Int]

  /// The counts of `layer`'s all-ones kernel; for `gradient`, those of a forward convolution's
  /// gradient (the same interior tile: input `i` is read through tap `j` when `i ≡ j·d − pb (mod s)`).
  ///
  /// 1D and 2D layers use `OverlapMap`'s interior metrics; 3D layers combine the three axes' 1D
  /// tiles by their outer product (an all-ones kernel is separable).
  public init(layer: LayerConfig, gradient: Bool = false) throws(OverlapError) {
    let allOnes = LayerConfig(kernel: layer.kernel, axes: layer.axes)
    if allOnes.dims <= 2 {
      let input = (0..<allOnes.dims).map { Self.inputLength(allOnes, axis: $0) }
      let map =
        gradient
        ? try OverlapMap(gradientOf: Self.forward(allOnes), inputSize: input)
        : try OverlapMap(layer: allOnes, inputSize: input)
      self.init(metrics: map.interiorMetrics, tile: map.tile)
      return
    }
    var tile: [Double] = [1]
    var shape: [Int] = []
    var period: [Int] = []
    for axis in 0..<allOnes.dims {
      let axisLayer = LayerConfig(kernel: [allOnes.kernel[axis]], axes: [allOnes.axes[axis]])
      let axisCounts = try OverlapCounts(layer: axisLayer, gradient: gradient)
      tile = tile.flatMap { a in axisCounts.tile.map { a * $0 } }
      shape += axisCounts.tileShape
      period += axisCounts.period
    }
    let metrics = OverlapMetrics(values: tile, period: period, integral: true)
    self.init(metrics: metrics, tile: OverlapTile(shape: shape, values: tile, offset: shape.map { _ in 0 }))
  }

  init(metrics: OverlapMetrics, tile: OverlapTile) {
    period = metrics.period
    uniform = metrics.uniform
    holes = metrics.min == 0
    max = metrics.max
    min = metrics.min
    maxMinRatio = metrics.maxMinRatio
    self.tile = tile.values
    tileShape = tile.shape
  }

  /// An input length whose map has a full interior and a positive output on this axis.
  static func inputLength(_ layer: LayerConfig, axis: Int) -> Int {
    let p = layer.axes[axis]
    let span = (layer.kernel[axis] - 1) * p.dilation + 1
    return Swift.max(6, span + 2 * (span / p.stride + 2) + (p.paddingBegin + p.paddingEnd) / p.stride)
  }

  /// A transposed layer's parameters read as a forward convolution (no output padding).
  static func forward(_ layer: LayerConfig) -> LayerConfig {
    LayerConfig(
      kernel: layer.kernel,
      axes: layer.axes.map {
        AxisParameters(
          stride: $0.stride, paddingBegin: $0.paddingBegin, paddingEnd: $0.paddingEnd, dilation: $0.dilation)
      })
  }
}
