/// A shaped array read from or written to a NumPy `.npy` file.
///
/// Elements are kept in C (row-major) order, the last axis varying fastest, in their own type;
/// `floatValues()` and `doubleValues()` convert any type. A shape of `[]` is a scalar holding one
/// element.
public struct NPYArray: Sendable, Equatable {
  /// The elements, in their stored type.
  enum Storage: Sendable, Equatable {
    case bool([Bool])
    case int8([Int8])
    case uint8([UInt8])
    case int16([Int16])
    case uint16([UInt16])
    case int32([Int32])
    case uint32([UInt32])
    case int64([Int64])
    case uint64([UInt64])
    /// Half-precision values, widened exactly to `Float`.
    case float16([Float])
    case float32([Float])
    case float64([Double])

    var count: Int {
      switch self {
      case .bool(let v): return v.count
      case .int8(let v): return v.count
      case .uint8(let v): return v.count
      case .int16(let v): return v.count
      case .uint16(let v): return v.count
      case .int32(let v): return v.count
      case .uint32(let v): return v.count
      case .int64(let v): return v.count
      case .uint64(let v): return v.count
      case .float16(let v): return v.count
      case .float32(let v): return v.count
      case .float64(let v): return v.count
      }
    }

    var dtype: NPYDType {
      switch self {
      case .bool: return .bool
      case .int8: return .int8
      case .uint8: return .uint8
      case .int16: return .int16
      case .uint16: return .uint16
      case .int32: return .int32
      case .uint32: return .uint32
      case .int64: return .int64
      case .uint64: return .uint64
      case .float16: return .float16
      case .float32: return .float32
      case .float64: return .float64
      }
    }
  }

  /// The extent of each axis, outermost first. Changing it must keep the element count.
  public var shape: [Int] {
    didSet {
      precondition(
        Self.product(shape) == storage.count, "shape \(shape) does not hold \(storage.count) elements")
    }
  }

  var storage: Storage

  /// The element type.
  public var dtype: NPYDType { storage.dtype }

  /// The number of elements (the product of `shape`, 1 for a scalar).
  public var count: Int { storage.count }

  init(shape: [Int], storage: Storage) {
    precondition(shape.allSatisfy { $0 >= 0 }, "negative extent in shape \(shape)")
    precondition(
      Self.product(shape) == storage.count, "shape \(shape) does not hold \(storage.count) elements")
    self.shape = shape
    self.storage = storage
  }

  /// A float32 array. Precondition: `float32.count` is the product of `shape`.
  public init(shape: [Int], float32: [Float]) { self.init(shape: shape, storage: .float32(float32)) }

  /// A float64 array (read-only type: `encoded()` refuses it). Precondition as above.
  public init(shape: [Int], float64: [Double]) { self.init(shape: shape, storage: .float64(float64)) }

  /// A uint8 array. Precondition: `uint8.count` is the product of `shape`.
  public init(shape: [Int], uint8: [UInt8]) { self.init(shape: shape, storage: .uint8(uint8)) }

  /// A uint16 array. Precondition: `uint16.count` is the product of `shape`.
  public init(shape: [Int], uint16: [UInt16]) { self.init(shape: shape, storage: .uint16(uint16)) }

  /// The elements converted to `Float` in C order: booleans become 0 or 1, integers their value
  /// (rounded to nearest above 2^24), float64 rounded to nearest. O(count). For 64-bit integers,
  /// `exactFloatValues(path:)` refuses what does not convert exactly.
  public func floatValues() -> [Float] {
    switch storage {
    case .bool(let v): return v.map { $0 ? 1 : 0 }
    case .int8(let v): return v.map { Float($0) }
    case .uint8(let v): return v.map { Float($0) }
    case .int16(let v): return v.map { Float($0) }
    case .uint16(let v): return v.map { Float($0) }
    case .int32(let v): return v.map { Float($0) }
    case .uint32(let v): return v.map { Float($0) }
    case .int64(let v): return v.map { Float($0) }
    case .uint64(let v): return v.map { Float($0) }
    case .float16(let v), .float32(let v): return v
    case .float64(let v): return v.map { Float($0) }
    }
  }

  /// The elements converted to `Double` in C order: exact for every type but 64-bit integers,
  /// which are rounded to nearest above 2^53 (`exactDoubleValues(path:)` refuses those). O(count).
  public func doubleValues() -> [Double] {
    switch storage {
    case .bool(let v): return v.map { $0 ? 1 : 0 }
    case .int8(let v): return v.map { Double($0) }
    case .uint8(let v): return v.map { Double($0) }
    case .int16(let v): return v.map { Double($0) }
    case .uint16(let v): return v.map { Double($0) }
    case .int32(let v): return v.map { Double($0) }
    case .uint32(let v): return v.map { Double($0) }
    case .int64(let v): return v.map { Double($0) }
    case .uint64(let v): return v.map { Double($0) }
    case .float16(let v), .float32(let v): return v.map { Double($0) }
    case .float64(let v): return v
    }
  }

  /// The elements when the dtype is `uint8`, else nil.
  public var uint8Values: [UInt8]? {
    if case .uint8(let v) = storage { return v }
    return nil
  }

  /// The elements when the dtype is `uint16`, else nil.
  public var uint16Values: [UInt16]? {
    if case .uint16(let v) = storage { return v }
    return nil
  }

  /// The product of the extents (1 for a scalar shape `[]`).
  static func product(_ shape: [Int]) -> Int { shape.reduce(1, *) }
}
