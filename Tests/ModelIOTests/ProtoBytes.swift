/// Protobuf wire-format bytes written field by field for the ONNX reader's tests, following the
/// encoding rules of protobuf's documentation (tag = field << 3 | wire type; base-128 varints;
/// little-endian fixed32/fixed64; length-delimited bodies), independently of the reader's code.
struct ProtoBytes {
  var bytes: [UInt8] = []

  mutating func varint(_ value: UInt64) {
    var rest = value
    while rest >= 0x80 {
      bytes.append(UInt8(rest & 0x7F) | 0x80)
      rest >>= 7
    }
    bytes.append(UInt8(rest))
  }

  mutating func tag(_ field: Int, _ wireType: Int) { varint(UInt64(field << 3 | wireType)) }

  /// A varint field (int32, int64, enum).
  mutating func int(_ field: Int, _ value: Int64) {
    tag(field, 0)
    varint(UInt64(bitPattern: value))
  }

  mutating func fixed32(_ field: Int, _ value: UInt32) {
    tag(field, 5)
    for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> shift)) }
  }

  mutating func fixed64(_ field: Int, _ value: UInt64) {
    tag(field, 1)
    for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> shift)) }
  }

  mutating func float(_ field: Int, _ value: Float) { fixed32(field, value.bitPattern) }

  mutating func data(_ field: Int, _ body: [UInt8]) {
    tag(field, 2)
    varint(UInt64(body.count))
    bytes += body
  }

  mutating func string(_ field: Int, _ text: String) { data(field, Array(text.utf8)) }

  mutating func message(_ field: Int, _ build: (inout ProtoBytes) -> Void) {
    var inner = ProtoBytes()
    build(&inner)
    data(field, inner.bytes)
  }

  /// A packed run of varints.
  mutating func packedVarints(_ field: Int, _ values: [Int64]) {
    var body = ProtoBytes()
    for value in values { body.varint(UInt64(bitPattern: value)) }
    data(field, body.bytes)
  }

  /// A packed run of floats.
  mutating func packedFloats(_ field: Int, _ values: [Float]) {
    var body: [UInt8] = []
    for value in values {
      for shift in stride(from: 0, to: 32, by: 8) {
        body.append(UInt8(truncatingIfNeeded: value.bitPattern >> shift))
      }
    }
    data(field, body)
  }

  /// A `ModelProto` around a graph (field 7), with IR version 8 and the default opset 17.
  static func model(_ graph: (inout ProtoBytes) -> Void) -> [UInt8] {
    var model = ProtoBytes()
    model.int(1, 8)
    model.message(8) { $0.int(2, 17) }
    model.message(7, graph)
    return model.bytes
  }

  /// A `NodeProto` (graph field 1) with one input and one output.
  mutating func node(
    _ opType: String, _ input: String, _ output: String, _ more: (inout ProtoBytes) -> Void = { _ in }
  ) {
    message(1) { node in
      node.string(1, input)
      node.string(2, output)
      node.string(4, opType)
      more(&node)
    }
  }

  /// A graph input (field 11) of float32 with a fixed shape.
  mutating func input(_ name: String, _ shape: [Int64]) {
    message(11) { info in
      info.string(1, name)
      info.message(2) { type in
        type.message(1) { tensor in
          tensor.int(1, 1)
          tensor.message(2) { tensorShape in
            for extent in shape { tensorShape.message(1) { $0.int(1, extent) } }
          }
        }
      }
    }
  }
}
