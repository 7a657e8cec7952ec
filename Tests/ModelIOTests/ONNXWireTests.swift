import Foundation
import ModelIO
import TestSupport
import Testing

/// ModelIO's protobuf wire-format reading, on models written byte by byte (`ProtoBytes`).
@Suite("ONNX wire format")
struct ONNXWireTests {
  static func read(_ bytes: [UInt8]) throws(ModelIOError) -> ModelGraph {
    try ONNXReader.read(data: Data(bytes), path: "wire.onnx")
  }

  /// The error reading `bytes` gives, nil when they are read.
  static func refusal(_ bytes: [UInt8]) -> ModelIOError? {
    do {
      _ = try read(bytes)
      return nil
    } catch {
      return error
    }
  }

  /// Expects a one-line `notONNX` refusal naming the file and containing `phrase`.
  static func expectRefused(
    _ bytes: [UInt8], _ phrase: String, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    guard let error = refusal(bytes) else {
      Issue.record("read, expected a refusal containing '\(phrase)'", sourceLocation: sourceLocation)
      return
    }
    guard case .notONNX = error else {
      Issue.record("\(error.description)", sourceLocation: sourceLocation)
      return
    }
    #expect(error.description.hasPrefix("wire.onnx: "), sourceLocation: sourceLocation)
    #expect(!error.description.contains("\n"), sourceLocation: sourceLocation)
    #expect(error.description.contains(phrase), "\(error.description)", sourceLocation: sourceLocation)
  }

  /// A graph named g: input x (1×1×2×2), y = Relu(x).
  static func relu(_ graph: inout ProtoBytes) {
    graph.string(2, "g")
    graph.input("x", [1, 1, 2, 2])
    graph.node("Relu", "x", "y")
  }

  /// Unknown fields of each wire type, a group with a nested group among them.
  static func unknownFields(_ message: inout ProtoBytes) {
    message.int(99, 5)
    message.fixed32(98, 7)
    message.fixed64(97, 9)
    message.data(96, [1, 2, 3])
    message.tag(95, 3)
    message.int(1, 1)
    message.tag(94, 3)
    message.tag(94, 4)
    message.tag(95, 4)
  }

  @Test("unknown fields of every wire type are skipped in every message")
  func unknownFieldsSkipped() throws {
    var model = ProtoBytes()
    Self.unknownFields(&model)
    model.int(1, 8)
    model.message(8) {
      Self.unknownFields(&$0)
      $0.int(2, 17)
    }
    model.message(7) { graph in
      Self.unknownFields(&graph)
      graph.string(2, "g")
      graph.input("x", [1, 1, 2, 2])
      graph.node("Relu", "x", "y") { Self.unknownFields(&$0) }
    }
    let graph = try Self.read(model.bytes)
    #expect(graph.name == "g")
    #expect(graph.opsetVersion == 17)
    #expect(graph.nodes.map(\.opType) == ["Relu"])
    #expect(graph.inputs.first?.dimensions == [.fixed(1), .fixed(1), .fixed(2), .fixed(2)])
  }

  @Test("packed and unpacked repeated fields read alike")
  func packedAndUnpacked() throws {
    let values: [Float] = [1, -2.5, 0.5, 3, 4, 5]
    func model(packed: Bool) -> [UInt8] {
      ProtoBytes.model { graph in
        Self.relu(&graph)
        graph.message(5) { tensor in
          if packed {
            tensor.packedVarints(1, [2, 3])
            tensor.packedFloats(4, values)
          } else {
            tensor.int(1, 2)
            tensor.int(1, 3)
            for value in values { tensor.float(4, value) }
          }
          tensor.int(2, 1)
          tensor.string(8, "w")
        }
        graph.node("Pad", "y", "z") { node in
          node.message(5) { attribute in
            attribute.string(1, "pads")
            attribute.int(20, 7)
            if packed {
              attribute.packedVarints(8, [1, -2])
            } else {
              attribute.int(8, 1)
              attribute.int(8, -2)
            }
          }
        }
      }
    }
    let packed = try Self.read(model(packed: true))
    let unpacked = try Self.read(model(packed: false))
    #expect(packed == unpacked)
    #expect(packed.initializers["w"]?.shape == [2, 3])
    #expect(packed.initializers["w"]?.storage == .float(values))
    #expect(packed.nodes.last?.attributes["pads"] == .ints([1, -2]))
  }

  @Test("raw_data decodes little-endian float32 in place")
  func rawData() throws {
    let bytes = ProtoBytes.model { graph in
      Self.relu(&graph)
      graph.message(5) { tensor in
        tensor.int(1, 2)
        tensor.int(2, 1)
        tensor.string(8, "w")
        // 1.5 = 0x3FC00000, -2 = 0xC0000000, little-endian.
        tensor.data(9, [0x00, 0x00, 0xC0, 0x3F, 0x00, 0x00, 0x00, 0xC0])
      }
    }
    #expect(try Self.read(bytes).initializers["w"]?.storage == .float([1.5, -2]))
  }

  @Test("a used field sent with another wire type is refused, naming the file and the message")
  func wrongWireType() {
    let opTypeAsVarint = ProtoBytes.model { graph in
      graph.input("x", [1])
      graph.message(1) { node in
        node.string(1, "x")
        node.string(2, "y")
        node.int(4, 3)
      }
    }
    Self.expectRefused(opTypeAsVarint, "NodeProto")
    Self.expectRefused(opTypeAsVarint, "field 4 has wire type varint")
    let dimsAsFixed32 = ProtoBytes.model { graph in
      Self.relu(&graph)
      graph.message(5) { tensor in
        tensor.fixed32(1, 2)
        tensor.string(8, "w")
      }
    }
    Self.expectRefused(dimsAsFixed32, "TensorProto")
  }

  @Test("lengths past the end, long varints, field 0, bad wire types and stray group tags are refused")
  func malformed() {
    Self.expectRefused([0x3A, 0x05, 0x00], "runs past the 1 bytes left")
    Self.expectRefused([0x08] + [UInt8](repeating: 0xFF, count: 10) + [0x01], "longer than ten bytes")
    Self.expectRefused([0x08], "runs past the end")
    Self.expectRefused([0x00, 0x00], "bad field tag")
    Self.expectRefused([0x0F], "unknown wire type 7")
    // Field 99: start group 0x9B 0x06, end group 0x9C 0x06, fixed32 0x9D 0x06.
    Self.expectRefused([0x9C, 0x06], "end-group tag (field 99) without its start")
    Self.expectRefused([0x9B, 0x06], "group 99 has no end tag")
    Self.expectRefused([0x9B, 0x06, 0x14], "ends with the end tag of field 2")
    Self.expectRefused([0x9D, 0x06, 0x00, 0x00], "fixed32 runs past")
    // An initializer whose packed float_data holds 3 bytes.
    Self.expectRefused(ProtoBytes.model { $0.data(5, [0x22, 0x03, 0, 0, 0]) }, "not a multiple of 4")
  }

  /// A graph whose single `If` node carries a subgraph `levels` deep.
  static func nested(_ graph: inout ProtoBytes, levels: Int) {
    if levels == 0 {
      graph.node("Relu", "x", "y")
      return
    }
    graph.node("If", "x", "y") { node in
      node.message(5) { attribute in
        attribute.string(1, "then_branch")
        attribute.int(20, 5)
        attribute.message(6) { Self.nested(&$0, levels: levels - 1) }
      }
    }
  }

  @Test("subgraphs are read, and nesting deeper than 100 messages is refused")
  func nesting() throws {
    // The model is 1 message deep, its graph 2, and each subgraph level adds a node, an attribute and
    // a graph: 30 levels put the innermost node at 2 + 3 × 30 + 1 = 93, 40 levels at 123.
    let shallow = ProtoBytes.model { graph in
      graph.input("x", [1])
      Self.nested(&graph, levels: 30)
    }
    #expect(try Self.read(shallow).nodes.first?.attributes["then_branch"] == .graph)
    let deep = ProtoBytes.model { graph in
      graph.input("x", [1])
      Self.nested(&graph, levels: 40)
    }
    Self.expectRefused(deep, "nested more than 100")
    let brokenSubgraph = ProtoBytes.model { graph in
      graph.input("x", [1])
      graph.node("If", "x", "y") { node in
        node.message(5) { attribute in
          attribute.string(1, "then_branch")
          attribute.message(6) { $0.message(1) { $0.data(4, [0xFF, 0xFF]) } }
        }
      }
    }
    Self.expectRefused(brokenSubgraph, "UTF-8")
  }

  @Test("a message given twice is merged; a singular field given twice keeps its last value")
  func merging() throws {
    var model = ProtoBytes()
    model.int(1, 8)
    model.string(2, "first")
    model.string(2, "second")
    model.message(8) { $0.int(2, 17) }
    model.message(7) { Self.relu(&$0) }
    model.message(7) { graph in
      graph.string(2, "h")
      graph.node("Sigmoid", "y", "z")
    }
    let graph = try Self.read(model.bytes)
    #expect(graph.producer == "second")
    #expect(graph.name == "h")
    #expect(graph.nodes.map(\.opType) == ["Relu", "Sigmoid"])
  }

  @Test("string fields must be UTF-8; bytes fields (an attribute's s) need not be")
  func utf8() throws {
    let badName = ProtoBytes.model { graph in
      graph.input("x", [1])
      graph.node("Relu", "x", "y") { $0.data(3, [0x61, 0xFF]) }
    }
    Self.expectRefused(badName, "not valid UTF-8")
    let badBytes = ProtoBytes.model { graph in
      graph.input("x", [1])
      graph.node("Relu", "x", "y") { node in
        node.message(5) { attribute in
          attribute.string(1, "mode")
          attribute.data(4, [0x61, 0xFF])
        }
      }
    }
    #expect(try Self.read(badBytes).nodes.first?.attributes["mode"] == .string("a\u{FFFD}"))
  }

  @Test("an attribute type number ONNX does not define counts as absent; the field set decides")
  func attributeTypes() throws {
    let bytes = ProtoBytes.model { graph in
      graph.input("x", [1])
      graph.node("Relu", "x", "y") { node in
        node.message(5) { attribute in
          attribute.string(1, "unknown")
          attribute.int(20, 99)
          attribute.int(3, 4)
        }
        node.message(5) { attribute in
          attribute.string(1, "sparse")
          attribute.int(20, 11)
        }
        node.message(5) { attribute in
          attribute.string(1, "old")
          attribute.float(2, 0.25)
        }
      }
    }
    let attributes = try #require(try Self.read(bytes).nodes.first?.attributes)
    #expect(attributes["unknown"] == .int(4))
    #expect(attributes["sparse"] == .unsupported("SPARSETENSOR"))
    #expect(attributes["old"] == .float(0.25))
  }
}
