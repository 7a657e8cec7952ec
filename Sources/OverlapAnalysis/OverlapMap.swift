import CheckerscopeCore
import TransposedConv

/// An overlap-count or gain map: what a stack of transposed-convolution layers outputs for a
/// constant all-ones input, in 1D, 2D or 3D.
///
/// - With all-ones kernels every value is the exact integer number of (input, tap) paths that land
///   on the position (for one layer: the (input index, kernel tap) pairs with
///   `o = i·stride + j·dilation − paddingBegin`); `isIntegral` is true.
/// - With real kernels (`LayerConfig.weights`) the values are the gains, the output for a constant
///   input of 1; `isIntegral` is false.
///
/// Layout: `values` is row-major over `outputSize` (`[L]`, `[H, W]` or `[D, H, W]`, top-left first).
/// The input size applies to the first layer; each layer's output is the next one's input.
public struct OverlapMap: Sendable, Equatable {
  /// The layers, first applied first.
  public var layers: [LayerConfig]
  /// The input size per axis (of the first layer).
  public var inputSize: [Int]
  /// The map's size per axis.
  public var outputSize: [Int]
  /// The map, row-major.
  public var values: [Double]
  /// True when every value is an exact integer count (all-ones kernels).
  public var isIntegral: Bool
  /// Per axis, the positions of this finite map that are interior: those whose value is the value
  /// the same position would have for an infinitely long input (see `OverlapMap+Interior.swift`).
  /// A position is interior when it lies in the range of every axis. Ranges may be empty.
  public var interior: [Range<Int>]
  /// One period of the infinite-input pattern (see `OverlapTile`).
  public var tile: OverlapTile

  /// The largest number of positions a map (or an intermediate map of a stack) may have.
  public static let maximumPositions = 1 << 26
  /// The most multiply-adds a dense (non-separable) gain map may take: 2³⁶, about a minute.
  /// Separable kernels (all ones, `ones:K`, `bilinear:K`) never need the dense path.
  public static let maximumDenseOperations = 1 << 36

  /// Number of spatial axes (1, 2 or 3).
  public var dims: Int { outputSize.count }

  /// The value at `position` (one index per axis).
  public subscript(position: [Int]) -> Double {
    values[zip(position, outputSize).reduce(0) { $0 * $1.1 + $1.0 }]
  }

  /// The rows of a 2D map (one row for 1D; `D·H` rows of `W`, depth slice after depth slice, in 3D).
  public var rows: [[Double]] {
    let width = outputSize[dims - 1]
    return stride(from: 0, to: values.count, by: max(width, 1)).map {
      Array(values[$0..<min($0 + width, values.count)])
    }
  }

  /// The map of one layer for an input of `inputSize` per axis.
  public init(layer: LayerConfig, inputSize: [Int], budget: MemoryBudget = .default) throws(OverlapError) {
    try self.init(layers: [layer], inputSize: inputSize, budget: budget)
  }

  /// The overlap-count map of one all-ones layer with the same parameters on each of `dims` axes.
  public init(
    dims: Int, kernel: Int, stride: Int, padding: Int = 0, outputPadding: Int = 0, dilation: Int = 1,
    inputSize: Int
  ) throws(OverlapError) {
    try self.init(
      layers: [
        LayerConfig(
          dims: dims, kernel: kernel, stride: stride, padding: padding, outputPadding: outputPadding,
          dilation: dilation)
      ],
      inputSize: [Int](repeating: inputSize, count: dims))
  }

  /// The map through a stack of layers for an all-ones input of `inputSize` per axis.
  ///
  /// Algorithm: when every kernel is all ones or separable (`w[y, x] = a[y]·b[x]` exactly, like
  /// `ones:K` and `bilinear:K`) the stack is separable, so each axis is propagated as a 1D
  /// scatter-add and a 2D or 3D map is the outer product of the axis maps (exact: with a
  /// rectangular all-ones input, `c₂(y, x) = c_h(y)·c_w(x)` and `c₃(z, y, x) = c_d(z)·c_h(y)·c_w(x)`
  /// everywhere). All-ones axes use a difference of prefix sums (`Scatter.onesOneD`). Otherwise
  /// the map is propagated densely with a 2D or 3D scatter-add per layer.
  /// Complexity: O(Σ layer input + output) per axis for counts, O(Σ input × taps) per axis for
  /// separable gains, plus O(positions) for the outer product; O(Σ positions × taps) for other
  /// gains (at most `maximumDenseOperations`).
  /// Memory: two maps of the largest layer output, 8 bytes a position, checked against `budget`.
  /// Errors: PyTorch's parameter rules per layer, mismatched axis counts, maps larger than
  /// `maximumPositions` or the budget.
  public init(layers: [LayerConfig], inputSize: [Int], budget: MemoryBudget = .default) throws(OverlapError) {
    guard let first = layers.first else { throw .emptyStack }
    let dims = first.dims
    guard (1...3).contains(dims) else { throw .unsupportedDims(dims) }
    for layer in layers {
      guard layer.dims == dims else {
        throw .axisCountMismatch(what: "a layer of the stack", expected: dims, actual: layer.dims)
      }
    }
    let result = try Self.propagate(layers: layers, inputSize: inputSize, budget: budget)
    self.layers = layers
    self.inputSize = inputSize
    self.outputSize = result.shape
    self.values = result.values
    self.isIntegral = layers.allSatisfy(\.isAllOnes)
    self.interior = Self.interiorRanges(layers: layers, inputSize: inputSize)
    self.tile = try OverlapTile(layers: layers)
  }

  /// Propagates an all-ones input through `layers`; returns the final shape and values.
  static func propagate(layers: [LayerConfig], inputSize: [Int], budget: MemoryBudget = .default)
    throws(OverlapError) -> (shape: [Int], values: [Double])
  {
    let dims = inputSize.count
    guard inputSize.allSatisfy({ $0 >= 1 }) else {
      throw .parameters(.nonPositiveInput(inputSize.min() ?? 0))
    }
    var shapes: [[Int]] = [inputSize]
    for layer in layers {
      let next = try layer.outputSize(input: shapes[shapes.count - 1])
      let (positions, overflow) = next.reduce((1, false)) { acc, n in
        let (p, o) = acc.0.multipliedReportingOverflow(by: n)
        return (p, acc.1 || o)
      }
      guard !overflow, positions <= maximumPositions else {
        throw .mapTooLarge(positions: overflow ? Int.max : positions, limit: maximumPositions)
      }
      shapes.append(next)
    }
    guard let inputPositions = CheckedSize.productOrNil(inputSize), inputPositions <= maximumPositions else {
      throw .mapTooLarge(positions: CheckedSize.productOrNil(inputSize) ?? Int.max, limit: maximumPositions)
    }
    let final = shapes[shapes.count - 1]
    let largest = shapes.map { $0.reduce(1, *) }.max() ?? 1
    if let factors = Scatter.separableFactors(layers) {
      let axisBytes = shapes.map { $0.reduce(0, +) }.max() ?? 0
      do throws(CoreError) {
        try budget.require(
          elements: final.reduce(1, *) + 2 * axisBytes, of: MemoryLayout<Double>.stride, what: "the map")
      } catch { throw .resource(error) }
      var axisMaps: [[Double]] = []
      for axis in 0..<dims {
        var current = [Double](repeating: 1, count: inputSize[axis])
        for (index, layer) in layers.enumerated() {
          current = Scatter.oneD(
            current, kernel: layer.kernel[axis], weights: factors[index][axis], axis: layer.axes[axis],
            outputLength: shapes[index + 1][axis])
        }
        axisMaps.append(current)
      }
      return (final, Scatter.outer(axisMaps))
    }
    do throws(CoreError) {
      try budget.require(elements: 2 * largest, of: MemoryLayout<Double>.stride, what: "the map")
      var work = 0
      for (index, layer) in layers.enumerated() {
        work = try CheckedSize.sum(
          work,
          try CheckedSize.product(shapes[index].reduce(1, *), layer.kernel.reduce(1, *), what: "the work"),
          what: "the work")
      }
      guard work <= maximumDenseOperations else {
        throw CoreError.tooMuchWork(
          what: "a gain map of a non-separable kernel", operations: work, limit: maximumDenseOperations)
      }
    } catch { throw .resource(error) }
    var current = [Double](repeating: 1, count: inputPositions)
    for (index, layer) in layers.enumerated() {
      if dims == 1 {
        current = Scatter.oneD(
          current, kernel: layer.kernel[0], weights: layer.weights, axis: layer.axes[0],
          outputLength: shapes[index + 1][0])
      } else if dims == 3 {
        current = Scatter.threeD(
          current, inputShape: shapes[index], kernelShape: layer.kernel, weights: layer.weights,
          axes: layer.axes, outputShape: shapes[index + 1])
      } else {
        current = Scatter.twoD(
          current, inputShape: shapes[index], kernelShape: layer.kernel, weights: layer.weights,
          axes: layer.axes,
          outputShape: shapes[index + 1])
      }
    }
    return (final, current)
  }
}
