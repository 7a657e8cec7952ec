import CheckerscopeCore
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

  /// The tile of `layers`, computed by propagating one period of the all-ones input through the
  /// unpadded stack on a circle: a layer with stride `s` turns a pattern of period `P` into one of
  /// period `P·s` with `v′[(i·s + j·d) mod P·s] += v[i]·w[j]` (every input `i` of one period and
  /// every tap `j`), which is the infinite-input scatter folded onto one period.
  /// Separable stacks (every kernel all ones or an exact outer product) are folded per axis and
  /// multiplied; others densely.
  /// Complexity: per axis O(Σ P_L·min(k, P_L·s)) for all-ones kernels, O(Σ P_L·k) with weights;
  /// O(Σ Π_axes P_L·k) for non-separable stacks — independent of any input size.
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
        // (offset mod P)·s ≡ offset·s (mod P·s): reducing keeps the value small without changing it.
        offset = (offset * layer.axes[axis].stride) % p + layer.axes[axis].paddingBegin % p
        offset %= p
        period = p
      }
      periods.append(period)
      offsets.append(offset)
    }
    let cells = periods.reduce(1) { $0.multipliedReportingOverflow(by: $1).overflow ? Int.max : $0 * $1 }
    guard cells <= OverlapMap.maximumPositions else {
      throw .mapTooLarge(positions: cells, limit: OverlapMap.maximumPositions)
    }
    if let factors = Scatter.separableFactors(layers) {
      var axisTiles: [[Double]] = []
      for axis in 0..<dims {
        var tile: [Double] = [1]
        for (index, layer) in layers.enumerated() {
          tile = Self.fold(
            tile, shape: [tile.count], kernel: [layer.kernel[axis]], weights: factors[index][axis],
            axes: [layer.axes[axis]])
        }
        axisTiles.append(tile)
      }
      let values = axisTiles.dropFirst().reduce(axisTiles[0]) { Scatter.outer($0, $1) }
      self.init(shape: periods, values: values, offset: offsets)
      return
    }
    var tile: [Double] = [1]
    var shape = [Int](repeating: 1, count: dims)
    for layer in layers {
      let work = CheckedSize.productOrNil([shape.reduce(1, *), layer.kernel.reduce(1, *)]) ?? Int.max
      guard work <= OverlapMap.maximumDenseOperations else {
        throw .resource(
          .tooMuchWork(
            what: "the interior tile of a non-separable gain kernel", operations: work,
            limit: OverlapMap.maximumDenseOperations))
      }
      tile = Self.fold(tile, shape: shape, kernel: layer.kernel, weights: layer.weights, axes: layer.axes)
      shape = zip(shape, layer.axes).map { $0 * $1.stride }
    }
    self.init(shape: periods, values: tile, offset: offsets)
  }

  /// One layer folded onto the circle: `tile` (row-major over `shape`, one period per axis) to the
  /// next period `shape·stride`, `out[(i·s + j·d) mod P·s] += v[i]·w[j]` per axis. With all-ones
  /// weights (nil) the taps are grouped by their residue (`j·d mod P·s` repeats with period
  /// `P·s / gcd(d, P·s)`), so huge kernels cost no more than one period per input position.
  static func fold(_ tile: [Double], shape: [Int], kernel: [Int], weights: [Double]?, axes: [AxisParameters])
    -> [Double]
  {
    let dims = shape.count
    let next = zip(shape, axes).map { $0 * $1.stride }
    // Per axis, the distinct tap offsets mod the next period, with their weight multiplicities
    // (all-ones kernels), or every tap (weights: the row-major kernel index is needed).
    var tapOffsets: [[(offset: Int, count: Double)]] = []
    for axis in 0..<dims {
      let period = next[axis]
      let d = axes[axis].dilation % period
      let k = kernel[axis]
      if weights == nil {
        let cycle = period / gcd(d, period)
        let distinct = min(k, cycle)
        tapOffsets.append(
          (0..<distinct).map { j in ((j * d) % period, Double((k - j + cycle - 1) / cycle)) })
      } else {
        tapOffsets.append((0..<k).map { j in ((j % period) * d % period, 1) })
      }
    }
    var out = [Double](repeating: 0, count: next.reduce(1, *))
    if dims == 1 {
      let (s, p) = (axes[0].stride, next[0])
      for (i, v) in tile.enumerated() where v != 0 {
        for (j, tap) in tapOffsets[0].enumerated() {
          out[(i * s + tap.offset) % p] += v * (weights?[j] ?? tap.count)
        }
      }
      return out
    }
    if dims == 2 {
      return fold2D(
        tile, shape: shape, next: next, tapOffsets: tapOffsets, weights: weights, axes: axes, into: out)
    }
    return foldAny(
      tile, shape: shape, next: next, tapOffsets: tapOffsets, weights: weights, axes: axes, into: out)
  }

  /// `fold` on two axes.
  static func fold2D(
    _ tile: [Double], shape: [Int], next: [Int], tapOffsets: [[(offset: Int, count: Double)]],
    weights: [Double]?,
    axes: [AxisParameters], into initial: [Double]
  ) -> [Double] {
    var out = initial
    let (sh, sw) = (axes[0].stride, axes[1].stride)
    let (ph, pw) = (next[0], next[1])
    let width = shape[1]
    let kW = tapOffsets[1].count
    for (index, v) in tile.enumerated() where v != 0 {
      let (iy, ix) = (index / width, index % width)
      for (jy, tapY) in tapOffsets[0].enumerated() {
        let row = ((iy * sh + tapY.offset) % ph) * pw
        for (jx, tapX) in tapOffsets[1].enumerated() {
          let w = weights?[jy * kW + jx] ?? tapY.count * tapX.count
          out[row + (ix * sw + tapX.offset) % pw] += v * w
        }
      }
    }
    return out
  }

  /// `fold` on any number of axes (3D volumes): every tile position against every combination of
  /// per-axis taps, the kernel index row-major over the axes.
  static func foldAny(
    _ tile: [Double], shape: [Int], next: [Int], tapOffsets: [[(offset: Int, count: Double)]],
    weights: [Double]?,
    axes: [AxisParameters], into initial: [Double]
  ) -> [Double] {
    var out = initial
    let dims = shape.count
    var outStrides = [Int](repeating: 1, count: dims)
    var tapStrides = [Int](repeating: 1, count: dims)
    for axis in stride(from: dims - 2, through: 0, by: -1) {
      outStrides[axis] = outStrides[axis + 1] * next[axis + 1]
      tapStrides[axis] = tapStrides[axis + 1] * tapOffsets[axis + 1].count
    }
    let combinations = tapOffsets.reduce(1) { $0 * $1.count }
    guard combinations > 0 else { return out }
    var position = [Int](repeating: 0, count: dims)
    for v in tile {
      defer {
        // The next row-major position over `shape`.
        var axis = dims - 1
        while axis >= 0 {
          position[axis] += 1
          if position[axis] < shape[axis] { break }
          position[axis] = 0
          axis -= 1
        }
      }
      guard v != 0 else { continue }
      // Per axis and tap: the output offset (times the axis stride of `out`), the kernel index
      // part and the multiplicity.
      let parts = (0..<dims).map { axis in
        tapOffsets[axis].enumerated().map { j, tap in
          (
            out: ((position[axis] * axes[axis].stride + tap.offset) % next[axis]) * outStrides[axis],
            tap: j * tapStrides[axis], count: tap.count
          )
        }
      }
      var choice = [Int](repeating: 0, count: dims)
      for _ in 0..<combinations {
        var target = 0
        var tap = 0
        var count = 1.0
        for axis in 0..<dims {
          let part = parts[axis][choice[axis]]
          target += part.out
          tap += part.tap
          count *= part.count
        }
        out[target] += v * (weights?[tap] ?? count)
        var axis = dims - 1
        while axis >= 0 {
          choice[axis] += 1
          if choice[axis] < parts[axis].count { break }
          choice[axis] = 0
          axis -= 1
        }
      }
    }
    return out
  }
}
