import Foundation
import Tensors

/// A named constant tensor read from a model: an ONNX initializer, a `Constant` node's value, a tensor
/// attribute or a safetensors entry.
///
/// Floating-point types are decoded exactly: float32, float16 and bfloat16 to `Float`, float64 to
/// `Double`. Integer types and bool are widened to `Int64` (uint64 values past `Int64.max` are refused).
/// Strings and other types are kept undecoded; using them is an error for the caller to report.
public struct ModelTensor: Sendable, Equatable {
  /// The decoded elements, row-major.
  public enum Storage: Sendable, Equatable {
    case float([Float])
    case double([Double])
    case int64([Int64])
    /// float32 elements kept as the file's little-endian bytes (a slice of its memory mapping) and
    /// decoded on each access (`floatValues`, `tensor`): a large weight costs no memory of its own
    /// until a run needs it, and a run that frees each weight after its layer then reuses one
    /// layer's pages for the next (`ONNXReader` keeps float32 tensors of
    /// `ONNXReader.lazyFloat32Bytes` or more this way).
    case float32Bytes(Data)
    /// A type ModelIO does not decode (strings, complex, 8-bit floats…).
    case undecoded
  }

  /// The tensor's name (for a `Constant` node: its output's name).
  public var name: String
  /// The element type as stored in the file.
  public var dataType: ModelDataType
  /// The extent of each axis, outermost first; `[]` for a scalar.
  public var shape: [Int]
  /// The elements.
  public var storage: Storage

  /// Wraps decoded elements. Precondition: for decoded storage, the count matches the shape.
  public init(name: String, dataType: ModelDataType, shape: [Int], storage: Storage) {
    precondition(shape.allSatisfy { $0 >= 0 }, "negative extent in shape \(shape)")
    self.name = name
    self.dataType = dataType
    self.shape = shape
    self.storage = storage
    if let count = storage.count {
      precondition(count == shape.reduce(1, *), "shape \(shape) does not hold \(count) elements")
    }
  }

  /// The number of elements the shape holds.
  public var elementCount: Int { shape.reduce(1, *) }

  /// The elements as `Float` (float64 narrowed, integers converted); nil when undecoded.
  public var floatValues: [Float]? {
    switch storage {
    case .float(let values): return values
    case .float32Bytes(let bytes): return RawElements.float32(bytes)
    case .double(let values): return values.map(Float.init)
    case .int64(let values): return values.map(Float.init)
    case .undecoded: return nil
    }
  }

  /// The elements as `Double` (exact for every decoded type up to 2^53); nil when undecoded.
  public var doubleValues: [Double]? {
    switch storage {
    case .float(let values): return values.map(Double.init)
    case .float32Bytes(let bytes): return RawElements.float32(bytes).map(Double.init)
    case .double(let values): return values
    case .int64(let values): return values.map(Double.init)
    case .undecoded: return nil
    }
  }

  /// The elements as integers when the type is an integer or bool type; nil otherwise.
  public var int64Values: [Int64]? {
    if case .int64(let values) = storage { return values }
    return nil
  }

  /// The tensor as a `Tensors.Tensor` (Float32); nil when undecoded.
  ///
  /// A scalar becomes a tensor of shape `[]` with one element.
  public var tensor: Tensor? {
    guard let values = floatValues else { return nil }
    return Tensor(shape: shape, data: values)
  }
}

extension ModelTensor.Storage {
  /// The number of decoded elements; nil when undecoded.
  public var count: Int? {
    switch self {
    case .float(let values): return values.count
    case .float32Bytes(let bytes): return bytes.count / 4
    case .double(let values): return values.count
    case .int64(let values): return values.count
    case .undecoded: return nil
    }
  }
}
