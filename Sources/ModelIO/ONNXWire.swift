/// Reads ONNX's protobuf messages from wire format into `ONNXMessages`' structs.
///
/// As protobuf parsers do: fields may come in any order, a singular field given twice keeps its last
/// value, a message field given twice is merged (repeated fields appended), unknown fields and known
/// fields the reader does not use are skipped. Unlike swift-protobuf, a used field sent with the wrong
/// wire type is refused rather than kept as an unknown field.
enum ONNXWire {
  /// A `ModelProto`.
  static func model(_ cursor: inout ProtobufCursor) throws(ModelIOError) -> ONNXModelMessage {
    var model = ONNXModelMessage()
    while let (field, type) = try cursor.nextField() {
      switch field {
      case 1: model.irVersion = try cursor.int64(field: field, type: type)
      case 2: model.producerName = try cursor.string(field: field, type: type)
      case 3: model.producerVersion = try cursor.string(field: field, type: type)
      case 7:
        var graph = model.graph ?? ONNXGraphMessage()
        var inner = try cursor.message(field: field, type: type, name: "GraphProto")
        try Self.graph(&inner, into: &graph)
        model.graph = graph
      case 8:
        var inner = try cursor.message(field: field, type: type, name: "OperatorSetIdProto")
        model.opsets.append(try operatorSet(&inner))
      default: try cursor.skip(type, field: field)
      }
    }
    return model
  }

  /// An `OperatorSetIdProto`.
  static func operatorSet(_ cursor: inout ProtobufCursor) throws(ModelIOError) -> (
    domain: String, version: Int64
  ) {
    var entry = (domain: "", version: Int64(0))
    while let (field, type) = try cursor.nextField() {
      switch field {
      case 1: entry.domain = try cursor.string(field: field, type: type)
      case 2: entry.version = try cursor.int64(field: field, type: type)
      default: try cursor.skip(type, field: field)
      }
    }
    return entry
  }

  /// A `GraphProto`, merged into `graph`; nodes and initializers are kept as byte ranges.
  static func graph(_ cursor: inout ProtobufCursor, into graph: inout ONNXGraphMessage) throws(ModelIOError) {
    while let (field, type) = try cursor.nextField() {
      switch field {
      case 1: graph.nodes.append(try cursor.messageField(field: field, type: type))
      case 2: graph.name = try cursor.string(field: field, type: type)
      case 5: graph.initializers.append(try cursor.messageField(field: field, type: type))
      case 11, 12, 13:
        var inner = try cursor.message(field: field, type: type, name: "ValueInfoProto")
        let info = try valueInfo(&inner)
        if field == 11 {
          graph.inputs.append(info)
        } else if field == 12 {
          graph.outputs.append(info)
        } else {
          graph.valueInfo.append(info)
        }
      case 15:
        _ = try cursor.messageField(field: field, type: type)
        graph.sparseInitializerCount += 1
      default: try cursor.skip(type, field: field)
      }
    }
  }

  /// A subgraph (an attribute's `g`): read whole, nodes and initializers included, so a malformed one
  /// is refused; nothing of it is kept.
  static func checkSubgraph(_ cursor: inout ProtobufCursor) throws(ModelIOError) {
    var graph = ONNXGraphMessage()
    try Self.graph(&cursor, into: &graph)
    for range in graph.nodes {
      var inner = try cursor.nested(range, message: "NodeProto")
      _ = try node(&inner)
    }
    for range in graph.initializers {
      var inner = try cursor.nested(range, message: "TensorProto")
      _ = try tensor(&inner)
    }
  }

  /// A `ValueInfoProto`.
  static func valueInfo(_ cursor: inout ProtobufCursor) throws(ModelIOError) -> ONNXValueInfoMessage {
    var info = ONNXValueInfoMessage()
    while let (field, type) = try cursor.nextField() {
      switch field {
      case 1: info.name = try cursor.string(field: field, type: type)
      case 2:
        var inner = try cursor.message(field: field, type: type, name: "TypeProto")
        try valueType(&inner, into: &info.type)
      default: try cursor.skip(type, field: field)
      }
    }
    return info
  }

  /// A `TypeProto`, merged into `value`: its tensor type read, other kinds only noted.
  static func valueType(_ cursor: inout ProtobufCursor, into value: inout ONNXValueType) throws(ModelIOError)
  {
    while let (field, type) = try cursor.nextField() {
      switch field {
      case 1:
        var inner = try cursor.message(field: field, type: type, name: "TypeProto.Tensor")
        var (elementType, shape): (Int32?, [ONNXDimension]?) = (nil, nil)
        if case .tensor(let oldType, let oldShape) = value { (elementType, shape) = (oldType, oldShape) }
        try tensorType(&inner, elementType: &elementType, shape: &shape)
        value = .tensor(elementType: elementType, shape: shape)
      case 4, 5, 7, 8, 9:
        _ = try cursor.messageField(field: field, type: type)
        value = .other
      default: try cursor.skip(type, field: field)
      }
    }
  }

  /// A `TypeProto.Tensor`: the element type and the shape's dimensions.
  static func tensorType(
    _ cursor: inout ProtobufCursor, elementType: inout Int32?, shape: inout [ONNXDimension]?
  ) throws(ModelIOError) {
    while let (field, type) = try cursor.nextField() {
      switch field {
      case 1: elementType = try cursor.int32(field: field, type: type)
      case 2:
        var inner = try cursor.message(field: field, type: type, name: "TensorShapeProto")
        var dimensions = shape ?? []
        while let (shapeField, shapeType) = try inner.nextField() {
          guard shapeField == 1 else {
            try inner.skip(shapeType, field: shapeField)
            continue
          }
          var dimension = try inner.message(
            field: shapeField, type: shapeType, name: "TensorShapeProto.Dimension")
          dimensions.append(try Self.dimension(&dimension))
        }
        shape = dimensions
      default: try cursor.skip(type, field: field)
      }
    }
  }

  /// A `TensorShapeProto.Dimension`: the last of `dim_value` and `dim_param` given wins.
  static func dimension(_ cursor: inout ProtobufCursor) throws(ModelIOError) -> ONNXDimension {
    var dimension = ONNXDimension.unset
    while let (field, type) = try cursor.nextField() {
      switch field {
      case 1: dimension = .value(try cursor.int64(field: field, type: type))
      case 2: dimension = .parameter(try cursor.string(field: field, type: type))
      default: try cursor.skip(type, field: field)
      }
    }
    return dimension
  }
}
