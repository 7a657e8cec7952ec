/// A dense Float32 tensor in row-major (C) order.
///
/// Layouts used across checkerscope: `(N, C, L)` for 1D signals and `(N, C, H, W)` for images,
/// batch first, the last axis varying fastest. Weights use PyTorch's ConvTranspose layout
/// `(C_in, C_out / groups, k…)`.
public struct Tensor: Sendable, Equatable {
  /// The extent of each axis, outermost first. Set only by the initializers: the fast paths read
  /// `data` through raw pointers sized from `shape`.
  public private(set) var shape: [Int]
  /// The elements in row-major order; `data.count == shape.reduce(1, *)`. Elements may change
  /// through `withElements`, the count never does.
  public private(set) var data: [Float]

  /// Wraps `data` with `shape`. Precondition: the element count matches the shape.
  public init(shape: [Int], data: [Float]) {
    precondition(shape.allSatisfy { $0 >= 0 }, "negative extent in shape \(shape)")
    precondition(shape.reduce(1, *) == data.count, "shape \(shape) does not hold \(data.count) elements")
    self.shape = shape
    self.data = data
  }

  /// A tensor of `shape` filled with `value`.
  public init(shape: [Int], repeating value: Float = 0) {
    precondition(shape.allSatisfy { $0 >= 0 }, "negative extent in shape \(shape)")
    self.shape = shape
    self.data = [Float](repeating: value, count: shape.reduce(1, *))
  }

  /// Runs `body` with the elements to change them in place (their number stays fixed).
  public mutating func withElements<R>(_ body: (UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R
  {
    try data.withUnsafeMutableBufferPointer { try body($0) }
  }

  /// The number of elements.
  public var count: Int { data.count }

  /// The number of axes.
  public var rank: Int { shape.count }

  /// Row-major strides in elements, one per axis.
  public var strides: [Int] {
    var result = [Int](repeating: 1, count: shape.count)
    var step = 1
    for axis in shape.indices.reversed() {
      result[axis] = step
      step *= shape[axis]
    }
    return result
  }
}
