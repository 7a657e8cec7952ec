import TransposedConv

/// One period of the pattern a stack of layers gives for an infinitely long all-ones input, away
/// from any boundary: the "interior" of the configuration itself, independent of input size and
/// padding.
///
/// Definition: with all padding removed (each layer's output indexed from its full extent, so
/// input 0 and tap 0 land on output 0), the infinite-input map `v(u)` depends only on
/// `u mod P` per axis, where `P` is the product of the layers' strides on that axis. The tile is
/// `values[t] = v(t)` for `t` in `0..<P` per axis, row-major. Padding only shifts this pattern:
/// position `o` of a finite, padded map has phase `(o + offset) mod P` with
/// `offset = Σ_L paddingBegin_L · Π_{M>L} stride_M` (output padding, at the end, shifts nothing).
/// For one layer with stride `s`: `values[r]` is the closed-form count `c(r)` of FACTS.md, or the
/// polyphase sum `S_r` for a real kernel.
public struct OverlapTile: Sendable, Equatable {
  /// The period `P` per axis (the product of the strides).
  public var shape: [Int]
  /// The pattern over one period, row-major over `shape`.
  public var values: [Double]
  /// The phase offset per axis of the finite map's positions (see the type's documentation).
  public var offset: [Int]

  /// Creates a tile from its parts.
  public init(shape: [Int], values: [Double], offset: [Int]) {
    self.shape = shape
    self.values = values
    self.offset = offset
  }

  /// The tile of `layers`, computed by propagating a long enough all-ones input through the
  /// unpadded stack and reading one period from the interior of the result.
  /// Complexity: that of a map whose interior spans one period per axis.
  public init(layers: [LayerConfig]) throws(OverlapError) {
    guard let first = layers.first else { throw .emptyStack }
    let dims = first.dims
    var periods: [Int] = []
    var offsets: [Int] = []
    for axis in 0..<dims {
      var period = 1
      var offset = 0
      for layer in layers {
        let (p, overflow) = period.multipliedReportingOverflow(by: layer.axes[axis].stride)
        guard !overflow, p <= OverlapMap.maximumPositions else {
          throw .mapTooLarge(positions: overflow ? Int.max : p, limit: OverlapMap.maximumPositions)
        }
        period = p
        offset = offset * layer.axes[axis].stride + layer.axes[axis].paddingBegin
      }
      periods.append(period)
      offsets.append(offset % period)
    }
    let unpadded = layers.map { layer in
      LayerConfig(
        kernel: layer.kernel,
        axes: layer.axes.map {
          AxisParameters(stride: $0.stride, padding: 0, outputPadding: 0, dilation: $0.dilation)
        },
        weights: layer.weights)
    }
    // Find, per axis, an input length whose interior spans at least one period.
    let axisLayersAll = (0..<dims).map { axis in
      unpadded.map { LayerConfig(kernel: [$0.kernel[axis]], axes: [$0.axes[axis]]) }
    }
    var sizes: [Int] = []
    for axis in 0..<dims {
      var n = 1
      while true {
        var out = [n]
        for layer in axisLayersAll[axis] { out = try layer.outputSize(input: out) }
        let range = OverlapMap.interiorRanges(layers: axisLayersAll[axis], inputSize: [n])[0]
        if range.count >= periods[axis] { break }
        guard n < OverlapMap.maximumPositions else {
          throw .mapTooLarge(positions: n, limit: OverlapMap.maximumPositions)
        }
        n *= 2
      }
      sizes.append(n)
    }
    let simulated = try OverlapMap.propagate(layers: unpadded, inputSize: sizes)
    let lows = (0..<dims).map { axis in
      OverlapMap.interiorRanges(layers: axisLayersAll[axis], inputSize: [sizes[axis]])[0].lowerBound
    }
    // Position of phase t on an axis: the first interior position ≡ t (mod P).
    func position(_ t: Int, _ axis: Int) -> Int {
      let low = lows[axis]
      let period = periods[axis]
      return low + ((t - low) % period + period) % period
    }
    // Row-major over the periods: each tile index read at its position per axis.
    let count = periods.reduce(1, *)
    var values: [Double] = []
    values.reserveCapacity(count)
    for index in 0..<count {
      var rest = index
      var flat = 0
      var scale = 1
      for axis in stride(from: dims - 1, through: 0, by: -1) {
        flat += position(rest % periods[axis], axis) * scale
        rest /= periods[axis]
        scale *= simulated.shape[axis]
      }
      values.append(simulated.values[flat])
    }
    self.init(shape: periods, values: values, offset: offsets)
  }
}
