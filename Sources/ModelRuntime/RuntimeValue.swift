import ModelIO
import TransposedConv

/// A dense Int64 tensor (shape arithmetic: `Shape`, `Gather`, `Slice`, `Concat` of int64), row-major.
public struct IntTensor: Sendable, Equatable {
  /// The extent of each axis; `[]` for a scalar.
  public var shape: [Int]
  /// The elements, row-major; `data.count == shape.reduce(1, *)`.
  public var data: [Int64]

  /// Wraps `data`. Precondition: the count matches the shape.
  public init(shape: [Int], data: [Int64]) {
    precondition(shape.reduce(1, *) == data.count, "shape \(shape) does not hold \(data.count) elements")
    self.shape = shape
    self.data = data
  }
}

/// One value flowing through the graph: float32 data or int64 shape arithmetic.
public enum RuntimeValue: Sendable, Equatable {
  case float(Tensor)
  case int(IntTensor)

  /// A model tensor as a runtime value (integer and bool types as int64, floating types as float32);
  /// nil when ModelIO does not decode its type.
  public init?(_ tensor: ModelTensor) {
    if let ints = tensor.int64Values {
      self = .int(IntTensor(shape: tensor.shape, data: ints))
    } else if let t = tensor.tensor {
      self = .float(t)
    } else {
      return nil
    }
  }

  /// The shape of either kind.
  public var shape: [Int] {
    switch self {
    case .float(let t): return t.shape
    case .int(let t): return t.shape
    }
  }

  /// The float tensor, or nil for int64 values.
  public var floatTensor: Tensor? {
    if case .float(let t) = self { return t }
    return nil
  }

  /// The elements as `Float` whatever the kind.
  var floats: [Float] {
    switch self {
    case .float(let t): return t.data
    case .int(let t): return t.data.map { Float($0) }
    }
  }

  /// The elements as `Int` (float values truncated) whatever the kind.
  var ints: [Int] {
    switch self {
    case .float(let t): return t.data.map { $0.isFinite ? Int(max(-1e15, min(1e15, $0))) : 0 }
    case .int(let t): return t.data.map { Int(clamping: $0) }
    }
  }

  /// The same elements reshaped (count unchanged).
  func reshaped(_ shape: [Int]) -> RuntimeValue {
    switch self {
    case .float(let t): return .float(Tensor(shape: shape, data: t.data))
    case .int(let t): return .int(IntTensor(shape: shape, data: t.data))
    }
  }

  /// Gathers elements by flat index (`indices` into the row-major data) into `shape`.
  func gathered(_ indices: [Int], shape: [Int]) -> RuntimeValue {
    switch self {
    case .float(let t): return .float(Tensor(shape: shape, data: indices.map { t.data[$0] }))
    case .int(let t): return .int(IntTensor(shape: shape, data: indices.map { t.data[$0] }))
    }
  }
}
