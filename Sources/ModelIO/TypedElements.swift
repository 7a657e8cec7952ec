/// Decoding the typed repeated fields of an ONNX `TensorProto` (`float_data`, `int32_data`…).
enum TypedElements {
  /// The `count` elements of a tensor stored in its typed field, as ONNX's `TensorProto` documents:
  /// float in `float_data`; double in `double_data`; int64 in `int64_data`; uint32/uint64 in
  /// `uint64_data`; int32, int16, int8, uint16, uint8, bool, and the bit patterns of float16 and
  /// bfloat16 in `int32_data`. The field must hold exactly `count` values.
  static func decode(
    _ proto: ONNXTensorMessage, as dataType: ModelDataType, count: Int, path: String, tensor: String
  ) throws(ModelIOError) -> ModelTensor.Storage {
    func check(_ stored: Int, _ field: String) throws(ModelIOError) {
      guard stored == count else {
        throw .badTensor(
          path: path, tensor: tensor,
          reason: "its shape holds \(count) \(dataType) elements but \(field) holds \(stored) values")
      }
    }
    switch dataType {
    case .float:
      try check(proto.floatData.count, "float_data")
      return .float(proto.floatData)
    case .double:
      try check(proto.doubleData.count, "double_data")
      return .double(proto.doubleData)
    case .int64:
      try check(proto.int64Data.count, "int64_data")
      return .int64(proto.int64Data)
    case .uint32, .uint64:
      try check(proto.uint64Data.count, "uint64_data")
      var values: [Int64] = []
      values.reserveCapacity(count)
      for value in proto.uint64Data {
        guard let converted = Int64(exactly: value), dataType == .uint64 || value <= UInt64(UInt32.max) else {
          throw .badTensor(path: path, tensor: tensor, reason: "holds \(value), out of range for \(dataType)")
        }
        values.append(converted)
      }
      return .int64(values)
    case .float16:
      try check(proto.int32Data.count, "int32_data")
      return .float(proto.int32Data.map { Float(Float16(bitPattern: UInt16(truncatingIfNeeded: $0))) })
    case .bfloat16:
      try check(proto.int32Data.count, "int32_data")
      return .float(proto.int32Data.map { RawElements.bfloat16(UInt16(truncatingIfNeeded: $0)) })
    case .int32, .int16, .int8, .uint16, .uint8:
      try check(proto.int32Data.count, "int32_data")
      return .int64(proto.int32Data.map(Int64.init))
    case .bool:
      try check(proto.int32Data.count, "int32_data")
      return .int64(proto.int32Data.map { $0 == 0 ? 0 : 1 })
    case .string, .other:
      return .undecoded
    }
  }
}
