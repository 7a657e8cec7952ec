extension ONNXWire {
  /// A `NodeProto`, its attributes (and their tensors and subgraphs) read.
  static func node(_ cursor: inout ProtobufCursor) throws(ModelIOError) -> ONNXNodeMessage {
    var node = ONNXNodeMessage()
    while let (field, type) = try cursor.nextField() {
      switch field {
      case 1: node.inputs.append(try cursor.string(field: field, type: type))
      case 2: node.outputs.append(try cursor.string(field: field, type: type))
      case 3: node.name = try cursor.string(field: field, type: type)
      case 4: node.opType = try cursor.string(field: field, type: type)
      case 5:
        var inner = try cursor.message(field: field, type: type, name: "AttributeProto")
        node.attributes.append(try attribute(&inner))
      case 7: node.domain = try cursor.string(field: field, type: type)
      case 9:
        var inner = try cursor.message(field: field, type: type, name: "StringStringEntryProto")
        node.metadata.append(try stringEntry(&inner))
      default: try cursor.skip(type, field: field)
      }
    }
    return node
  }

  /// The numbers of `AttributeProto.AttributeType` (UNDEFINED 0 … TYPE_PROTOS 14).
  static let attributeTypes: ClosedRange<Int32> = 0...14

  /// An `AttributeProto`.
  static func attribute(_ cursor: inout ProtobufCursor) throws(ModelIOError) -> ONNXAttributeMessage {
    var attribute = ONNXAttributeMessage()
    while let (field, type) = try cursor.nextField() {
      switch field {
      case 1: attribute.name = try cursor.string(field: field, type: type)
      case 2: attribute.f = try cursor.float(field: field, type: type)
      case 3: attribute.i = try cursor.int64(field: field, type: type)
      case 4: attribute.s = String(decoding: try cursor.bytesField(field: field, type: type), as: UTF8.self)
      case 5:
        var inner = try cursor.message(field: field, type: type, name: "TensorProto")
        var tensor = attribute.t ?? ONNXTensorMessage()
        try Self.tensor(&inner, into: &tensor)
        attribute.t = tensor
      case 6:
        var inner = try cursor.message(field: field, type: type, name: "GraphProto")
        try checkSubgraph(&inner)
        attribute.hasGraph = true
      case 7: try cursor.appendFloats(to: &attribute.floats, field: field, type: type)
      case 8: try cursor.appendInt64s(to: &attribute.ints, field: field, type: type)
      case 9:
        attribute.strings.append(
          String(decoding: try cursor.bytesField(field: field, type: type), as: UTF8.self))
      case 20:
        let number = try cursor.int32(field: field, type: type)
        if attributeTypes.contains(number) { attribute.type = number }
      case 21: attribute.refAttrName = try cursor.string(field: field, type: type)
      default: try cursor.skip(type, field: field)
      }
    }
    return attribute
  }

  /// A `StringStringEntryProto` (1 `key`, 2 `value`).
  static func stringEntry(_ cursor: inout ProtobufCursor) throws(ModelIOError) -> (key: String, value: String)
  {
    var entry = (key: "", value: "")
    while let (field, type) = try cursor.nextField() {
      switch field {
      case 1: entry.key = try cursor.string(field: field, type: type)
      case 2: entry.value = try cursor.string(field: field, type: type)
      default: try cursor.skip(type, field: field)
      }
    }
    return entry
  }
}
