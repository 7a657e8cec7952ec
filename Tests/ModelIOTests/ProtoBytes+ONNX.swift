import TestSupport

/// ONNX messages for the reader's tests, written with `ProtoBytes` (field numbers from onnx.proto).
extension ProtoBytes {
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
