/// The parts of ONNX's protobuf messages (`Scripts/proto/onnx.proto`) the reader uses, as read by
/// `ONNXWire`. Fields the reader never uses are skipped, not stored.
///
/// Byte views (`rawData`) point into the model's bytes and are valid only while those are.

/// `ModelProto`: fields 1 `ir_version`, 2 `producer_name`, 3 `producer_version`, 7 `graph`,
/// 8 `opset_import` (`OperatorSetIdProto`: 1 `domain`, 2 `version`).
struct ONNXModelMessage {
  var irVersion: Int64 = 0
  var producerName = ""
  var producerVersion = ""
  var graph: ONNXGraphMessage?
  var opsets: [(domain: String, version: Int64)] = []
}

/// `GraphProto`: 1 `node`, 2 `name`, 5 `initializer`, 11 `input`, 12 `output`, 13 `value_info`,
/// 15 `sparse_initializer` (counted, refused by the reader).
///
/// Nodes and initializers are kept as the byte ranges of their messages and read one at a time, so
/// a model's weights are never held twice.
struct ONNXGraphMessage {
  var name = ""
  var nodes: [Range<Int>] = []
  var initializers: [Range<Int>] = []
  var sparseInitializerCount = 0
  var inputs: [ONNXValueInfoMessage] = []
  var outputs: [ONNXValueInfoMessage] = []
  var valueInfo: [ONNXValueInfoMessage] = []
}

/// `NodeProto`: 1 `input`, 2 `output`, 3 `name`, 4 `op_type`, 5 `attribute`, 7 `domain`,
/// 9 `metadata_props`.
struct ONNXNodeMessage {
  var inputs: [String] = []
  var outputs: [String] = []
  var name = ""
  var opType = ""
  var domain = ""
  var attributes: [ONNXAttributeMessage] = []
  var metadata: [(key: String, value: String)] = []
}

/// `AttributeProto`: 1 `name`, 2 `f`, 3 `i`, 4 `s`, 5 `t`, 6 `g`, 7 `floats`, 8 `ints`, 9 `strings`,
/// 20 `type`, 21 `ref_attr_name`. A subgraph (`g`) is checked to decode, then only its presence is kept.
struct ONNXAttributeMessage {
  var name = ""
  var refAttrName = ""
  /// `AttributeType`'s number when the field holds a known one (an unknown number counts as absent,
  /// as proto2 enums do).
  var type: Int32?
  var f: Float?
  var i: Int64?
  var s: String?
  var t: ONNXTensorMessage?
  var hasGraph = false
  var floats: [Float] = []
  var ints: [Int64] = []
  var strings: [String] = []
}

/// `TensorProto`: 1 `dims`, 2 `data_type`, 3 `segment`, 4 `float_data`, 5 `int32_data`,
/// 7 `int64_data`, 8 `name`, 9 `raw_data`, 10 `double_data`, 11 `uint64_data`, 13 `external_data`,
/// 14 `data_location`.
struct ONNXTensorMessage {
  var dims: [Int64] = []
  var dataType: Int32 = 0
  var hasSegment = false
  var floatData: [Float] = []
  var int32Data: [Int32] = []
  var int64Data: [Int64] = []
  var doubleData: [Double] = []
  var uint64Data: [UInt64] = []
  var name = ""
  /// The `raw_data` bytes, a view into the model's bytes; nil when the field is absent.
  var rawData: UnsafeRawBufferPointer?
  var externalData: [(key: String, value: String)] = []
  /// `data_location = EXTERNAL`.
  var isExternal = false
}

/// `ValueInfoProto`: 1 `name`, 2 `type` (`TypeProto`).
struct ONNXValueInfoMessage {
  var name = ""
  var type: ONNXValueType = .none
}

/// `TypeProto`'s `value` oneof: 1 `tensor_type` (`elem_type` 1, `shape` 2) read, the other kinds only
/// noted.
enum ONNXValueType {
  case none
  case tensor(elementType: Int32?, shape: [ONNXDimension]?)
  case other
}

/// `TensorShapeProto.Dimension`'s oneof: 1 `dim_value` or 2 `dim_param`.
enum ONNXDimension: Equatable {
  case unset
  case value(Int64)
  case parameter(String)
}
