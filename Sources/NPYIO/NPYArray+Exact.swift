extension NPYArray {
  /// The elements as `Float`, refusing a 64-bit integer that `Float` cannot hold exactly.
  ///
  /// `int64` and `uint64` elements convert only when `Float(exactly:)` does (every integer up to
  /// 2^24 in magnitude, and larger ones that are a multiple of a high enough power of two);
  /// the first one that does not throws `inexactValue` naming its index and value. Every other
  /// dtype converts as `floatValues()` does. `path` names the source in errors. O(count).
  public func exactFloatValues(path: String = "<memory>") throws(NPYError) -> [Float] {
    switch storage {
    case .int64(let v): return try Self.exact(v, as: Float.self, type: "float32", path: path)
    case .uint64(let v): return try Self.exact(v, as: Float.self, type: "float32", path: path)
    default: return floatValues()
    }
  }

  /// The elements as `Double`, refusing a 64-bit integer that `Double` cannot hold exactly
  /// (integers up to 2^53 in magnitude always convert); see `exactFloatValues(path:)`.
  public func exactDoubleValues(path: String = "<memory>") throws(NPYError) -> [Double] {
    switch storage {
    case .int64(let v): return try Self.exact(v, as: Double.self, type: "float64", path: path)
    case .uint64(let v): return try Self.exact(v, as: Double.self, type: "float64", path: path)
    default: return doubleValues()
    }
  }

  static func exact<I: BinaryInteger, F: BinaryFloatingPoint>(
    _ values: [I], as: F.Type, type: String, path: String
  ) throws(NPYError) -> [F] {
    var out: [F] = []
    out.reserveCapacity(values.count)
    for (index, value) in values.enumerated() {
      guard let converted = F(exactly: value) else {
        throw .inexactValue(path: path, index: index, value: String(value), type: type)
      }
      out.append(converted)
    }
    return out
  }
}
