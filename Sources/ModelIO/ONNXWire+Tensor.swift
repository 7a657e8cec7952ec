extension ONNXWire {
  /// A `TensorProto`.
  static func tensor(_ cursor: inout ProtobufCursor) throws(ModelIOError) -> ONNXTensorMessage {
    var tensor = ONNXTensorMessage()
    try Self.tensor(&cursor, into: &tensor)
    return tensor
  }

  /// A `TensorProto`, merged into `tensor`. `raw_data` stays a view of the model's bytes.
  static func tensor(_ cursor: inout ProtobufCursor, into tensor: inout ONNXTensorMessage)
    throws(ModelIOError)
  {
    while let (field, type) = try cursor.nextField() {
      switch field {
      case 1: try cursor.appendInt64s(to: &tensor.dims, field: field, type: type)
      case 2: tensor.dataType = try cursor.int32(field: field, type: type)
      case 3:
        _ = try cursor.messageField(field: field, type: type)
        tensor.hasSegment = true
      case 4: try cursor.appendFloats(to: &tensor.floatData, field: field, type: type)
      case 5: try cursor.appendInt32s(to: &tensor.int32Data, field: field, type: type)
      case 7: try cursor.appendInt64s(to: &tensor.int64Data, field: field, type: type)
      case 8: tensor.name = try cursor.string(field: field, type: type)
      case 9: tensor.rawData = try cursor.bytesField(field: field, type: type)
      case 10: try cursor.appendDoubles(to: &tensor.doubleData, field: field, type: type)
      case 11: try cursor.appendUInt64s(to: &tensor.uint64Data, field: field, type: type)
      case 13:
        var inner = try cursor.message(field: field, type: type, name: "StringStringEntryProto")
        tensor.externalData.append(try stringEntry(&inner))
      case 14:
        // DataLocation: DEFAULT 0, EXTERNAL 1; another number counts as absent (a proto2 enum).
        let location = try cursor.int32(field: field, type: type)
        if location == 0 || location == 1 { tensor.isExternal = location == 1 }
      default: try cursor.skip(type, field: field)
      }
    }
  }
}
