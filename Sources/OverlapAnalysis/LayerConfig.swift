import TransposedConv

/// One transposed-convolution layer of an overlap analysis: a kernel size and the PyTorch
/// parameters for each spatial axis (H then W in 2D; D, H, W in 3D).
///
/// The kernel is all ones unless `weights` is set; `weights` holds one real kernel, row-major
/// `[k]`, `[kH, kW]` or `[kD, kH, kW]`, for gain maps (one output channel of a PyTorch weight, or a `KernelSpec`).
public struct LayerConfig: Sendable, Hashable {
  /// Kernel taps per axis (each ≥ 1).
  public var kernel: [Int]
  /// Stride, padding, output padding and dilation per axis.
  public var axes: [AxisParameters]
  /// Real kernel taps, row-major over `kernel`; nil for the all-ones kernel (overlap counts).
  public var weights: [Double]?

  /// Creates a layer; `kernel` and `axes` must have one entry per axis (checked by `validate()`).
  public init(kernel: [Int], axes: [AxisParameters], weights: [Double]? = nil) {
    self.kernel = kernel
    self.axes = axes
    self.weights = weights
  }

  /// A layer with the same parameters on each of `dims` axes.
  public init(
    dims: Int, kernel: Int, stride: Int, padding: Int = 0, outputPadding: Int = 0, dilation: Int = 1
  ) {
    self.init(
      kernel: [Int](repeating: kernel, count: dims),
      axes: [AxisParameters](
        repeating: AxisParameters(
          stride: stride, padding: padding, outputPadding: outputPadding, dilation: dilation),
        count: dims))
  }

  /// Number of spatial axes.
  public var dims: Int { kernel.count }

  /// The strides per axis.
  public var strides: [Int] { axes.map(\.stride) }

  /// True when the kernel is all ones, so the layer's map counts overlaps (integers).
  public var isAllOnes: Bool { weights == nil }

  /// Checks the axis counts, every PyTorch rule per axis, and the weights' count and finiteness.
  public func validate() throws(OverlapError) {
    guard (1...3).contains(dims) else { throw .unsupportedDims(dims) }
    guard axes.count == dims else {
      throw .axisCountMismatch(what: "the layer's parameters", expected: dims, actual: axes.count)
    }
    for axis in 0..<dims {
      do { try axes[axis].validate(kernel: kernel[axis]) } catch { throw .parameters(error) }
    }
    if let weights {
      let count = kernel.reduce(1, *)
      guard weights.count == count else {
        throw .weightShape(expected: "\(count) taps for a kernel of \(kernel)", actual: [weights.count])
      }
      if let bad = weights.firstIndex(where: { !$0.isFinite }) { throw .nonFiniteWeight(index: bad) }
    }
  }

  /// The output length per axis for an input of `inputSize` per axis (PyTorch's formula and rules).
  public func outputSize(input inputSize: [Int]) throws(OverlapError) -> [Int] {
    try validate()
    guard inputSize.count == dims else {
      throw .axisCountMismatch(what: "the input size", expected: dims, actual: inputSize.count)
    }
    var sizes: [Int] = []
    for axis in 0..<dims {
      do { sizes.append(try axes[axis].outputLength(input: inputSize[axis], kernel: kernel[axis])) } catch {
        throw .parameters(error)
      }
    }
    return sizes
  }
}
