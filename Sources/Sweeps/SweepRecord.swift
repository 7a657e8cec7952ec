import CheckerscopeCore
import OverlapAnalysis
import TransposedConv

/// The result of one sweep configuration: the overlap-count map's sizes and metrics.
///
/// `full` and `interior` are `OverlapMap.fullMetrics` and `OverlapMap.interiorMetrics` of the
/// layer's map (see `compute`); `evenOverlap` is a uniform interior, `holes` an interior with a
/// zero count.
public struct SweepRecord: Sendable, Equatable {
  public var layer: LayerConfig
  public var inputSize: [Int]
  public var outputSize: [Int]
  public var full: OverlapMetrics
  public var interior: OverlapMetrics

  public init(
    layer: LayerConfig, inputSize: [Int], outputSize: [Int], full: OverlapMetrics, interior: OverlapMetrics
  ) {
    self.layer = layer
    self.inputSize = inputSize
    self.outputSize = outputSize
    self.full = full
    self.interior = interior
  }

  /// True when every interior position has the same count.
  public var evenOverlap: Bool { interior.uniform }
  /// True when some interior position receives no tap.
  public var holes: Bool { interior.min == 0 }

  /// The most scatter steps (input positions × taps) one axis may take.
  public static let maximumAxisWork = 1 << 28

  /// Computes the record of an all-ones `layer` for an all-ones input of `inputSize` per axis.
  ///
  /// Algorithm: the map is separable (`c₂(y, x) = c_h(y)·c_w(x)`, `c₃ = c_d ⊗ c_h ⊗ c_w`,
  /// FACTS.md), so each axis is a 1D scatter-add of `n` inputs × `k` taps, and the 2D and 3D full
  /// metrics come from the axis maps (`OverlapMetrics.separable`). The interior tile of one axis
  /// counts the taps per phase: `tile[(j·d) mod s] += 1` for `j < k` (the closed form of FACTS.md);
  /// a 2D or 3D tile is the outer product. Complexity per axis: O(n·k + out·period); never
  /// O(H·W) or O(D·H·W).
  /// Errors: PyTorch's parameter rules, a non-positive output, an axis longer than
  /// `OverlapMap.maximumPositions` or needing more than `maximumAxisWork` steps.
  public static func compute(layer: LayerConfig, inputSize: [Int]) throws(SweepError) -> SweepRecord {
    guard layer.isAllOnes else { throw .invalidArgument("sweeps use all-ones kernels") }
    let outputSize: [Int]
    do { outputSize = try layer.outputSize(input: inputSize) } catch { throw .overlap(error) }
    let dims = layer.dims
    var maps: [[Double]] = []
    var tiles: [[Double]] = []
    for axis in 0..<dims {
      if axis >= 1, layer.kernel[axis] == layer.kernel[0], layer.axes[axis] == layer.axes[0],
        inputSize[axis] == inputSize[0]
      {
        // A square (cubic) configuration: this axis is the first one again.
        maps.append(maps[0])
        tiles.append(tiles[0])
        continue
      }
      let p = layer.axes[axis]
      let k = layer.kernel[axis]
      let (work, overflow) = inputSize[axis].multipliedReportingOverflow(by: k)
      guard !overflow, work <= maximumAxisWork, outputSize[axis] <= OverlapMap.maximumPositions,
        p.stride <= OverlapMap.maximumPositions
      else {
        throw .overlap(
          .mapTooLarge(
            positions: max(outputSize[axis], overflow ? Int.max : work), limit: OverlapMap.maximumPositions))
      }
      maps.append(
        Scatter.oneD(
          [Double](repeating: 1, count: inputSize[axis]), kernel: k, weights: nil, axis: p,
          outputLength: outputSize[axis]))
      var tile = [Double](repeating: 0, count: p.stride)
      for j in 0..<k { tile[(j % p.stride) * (p.dilation % p.stride) % p.stride] += 1 }
      tiles.append(tile)
    }
    // The metrics count positions as `Int`: in 3D the product of three axis lengths may not fit.
    let (_, positionsOverflow) = outputSize.reduce((1, false)) { acc, length in
      let (product, overflow) = acc.0.multipliedReportingOverflow(by: length)
      return (product, acc.1 || overflow)
    }
    guard !positionsOverflow else { throw .overlap(.mapTooLarge(positions: Int.max, limit: Int.max)) }
    let (tileCount, tileOverflow) = tiles.reduce((1, false)) { acc, tile in
      let (product, overflow) = acc.0.multipliedReportingOverflow(by: tile.count)
      return (product, acc.1 || overflow)
    }
    guard !tileOverflow, tileCount <= OverlapMap.maximumPositions else {
      throw .overlap(
        .mapTooLarge(positions: tileOverflow ? Int.max : tileCount, limit: OverlapMap.maximumPositions))
    }
    let interiorRanges = OverlapMap.interiorRanges(layers: [layer], inputSize: inputSize)
    let tileShape = tiles.map(\.count)
    let tileValues = Scatter.outer(tiles)
    let interior = OverlapMetrics(
      values: tileValues,
      period: OverlapMap.periods(
        tileValues, shape: tileShape, block: tileShape.map { 0..<$0 }, cyclic: true, integral: true),
      integral: true)
    let block = interiorRanges.allSatisfy { !$0.isEmpty } ? interiorRanges : outputSize.map { 0..<$0 }
    let full =
      dims == 1
      ? OverlapMetrics(
        values: maps[0],
        period: OverlapMap.periods(maps[0], shape: outputSize, block: block, cyclic: false, integral: true),
        integral: true)
      : OverlapMetrics.separable(maps, block: block)
    return SweepRecord(
      layer: layer, inputSize: inputSize, outputSize: outputSize, full: full, interior: interior)
  }

  /// `{"layers","inputSize","outputSize","full","interior","evenOverlap","holes"}`, with
  /// `layers`, `full` and `interior` in the shapes of `checkerscope overlap --format json`.
  public var json: JSONValue {
    .object([
      ("layers", .array([layer.json])),
      ("inputSize", .array(inputSize.map { .int($0) })),
      ("outputSize", .array(outputSize.map { .int($0) })),
      ("full", full.json(integral: true)),
      ("interior", interior.json(integral: true)),
      ("evenOverlap", .bool(evenOverlap)),
      ("holes", .bool(holes)),
    ])
  }
}
