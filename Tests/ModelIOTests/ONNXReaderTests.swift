import CheckerscopeCore
import Foundation
import ModelIO
import NPYIO
import TestSupport
import Testing

/// The ONNX reader against the fixture models and the values NumPy decoded from them.
@Suite("ONNX reader")
struct ONNXReaderTests {
  static func model(_ name: String) -> String { FixturePaths.url("models/\(name).onnx").path }

  /// The float64 values `Scripts/make_models.py` saved for an initializer (NumPy's decoding).
  static func numpyValues(_ file: String) throws -> (shape: [Int], values: [Double]) {
    let array = try NPYArray.read(from: FixturePaths.url("models/reader/\(file).npy").path)
    return (array.shape, array.doubleValues())
  }

  static func expectSame(_ tensor: ModelTensor?, _ file: String) throws {
    let tensor = try #require(tensor)
    let expected = try numpyValues(file)
    #expect(tensor.shape == expected.shape)
    let values = try #require(tensor.doubleValues)
    #expect(values == expected.values, "\(file)")
  }

  @Test("float16 raw_data, bfloat16, float64 typed field, external data at an offset, Constant node")
  func hostileTypesDecodeLikeNumPy() throws {
    let same = try ONNXReader.read(contentsOf: Self.model("convt_same_upper"))
    #expect(same.initializers["w16"]?.dataType == .float16)
    try Self.expectSame(same.initializers["w16"], "convt_same_upper.w16")
    let bf = try ONNXReader.read(contentsOf: Self.model("convt_output_shape"))
    #expect(bf.initializers["wb"]?.dataType == .bfloat16)
    try Self.expectSame(bf.initializers["wb"], "convt_output_shape.wb")
    let comp = try ONNXReader.read(contentsOf: Self.model("compensated"))
    #expect(comp.initializers["w64"]?.dataType == .double)
    try Self.expectSame(comp.initializers["w64"], "compensated.w64")
    try Self.expectSame(comp.initializers["b"], "compensated.b")
    let holes = try ONNXReader.read(contentsOf: Self.model("holes"))
    try Self.expectSame(holes.initializers["w"], "holes.w")
    let resize = try ONNXReader.read(contentsOf: Self.model("resize_constant"))
    #expect(resize.initializers["sizes"]?.int64Values == [1, 2, 15, 21])
    #expect(resize.constant("scales")?.floatValues == [1, 1, 2, 2])
    #expect(resize.constants["scales"] != nil)
  }

  @Test("dynamo export with an external .data file: weights equal NumPy's")
  func externalDataFile() throws {
    let graph = try ONNXReader.read(contentsOf: Self.model("dcgan"))
    #expect(graph.opsetVersion == 18)
    for name in ["main.0.weight", "main.3.weight", "main.6.weight"] {
      try Self.expectSame(graph.initializers[name], "dcgan.\(name)")
    }
  }

  @Test("symbolic dimensions are kept and filled by an input shape")
  func symbolicInput() throws {
    let graph = try ONNXReader.read(contentsOf: Self.model("convt_same_upper"))
    #expect(graph.inputs.count == 1)
    #expect(graph.inputs[0].dimensions == [.fixed(1), .fixed(2), .symbolic("H"), .symbolic("W")])
    #expect(graph.fixedInputShape == nil)
    let shaped = try graph.withInputShape([1, 2, 5, 6])
    #expect(shaped.fixedInputShape == [1, 2, 5, 6])
    #expect(throws: ModelIOError.self) { try graph.withInputShape([1, 2, 5]) }
    #expect(throws: ModelIOError.self) { try graph.withInputShape([1, 2, 0, 6]) }
  }

  @Test("every fixture model reads, nodes in order, inputs without initializers")
  func everyFixtureReads() throws {
    let manifest =
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: FixturePaths.url("models/MANIFEST.json"))) as? [String: Any]
    let models = try #require(manifest?["models"] as? [String: Any])
    #expect(models.count >= 19)
    for name in models.keys.sorted() {
      let graph = try ONNXReader.read(contentsOf: Self.model(name))
      #expect(graph.opsetVersion >= 11, "\(name)")
      #expect(graph.inputs.count == 1, "\(name)")
      var produced = Set(graph.inputs.map(\.name)).union(graph.initializers.keys)
      for node in graph.nodes {
        for input in node.inputs where !input.isEmpty {
          #expect(produced.contains(input), "\(name) \(node.displayName)")
        }
        produced.formUnion(node.outputs)
      }
    }
  }

  @Test("unnamed nodes are named op_type + '_' + file index")
  func displayNames() throws {
    let graph = try ONNXReader.read(contentsOf: Self.model("convt_output_shape"))
    #expect(graph.nodes.map(\.displayName) == ["Cast_0", "ConvTranspose_1"])
    #expect(try graph.nodes[1].ints("output_shape") == [11, 10])
    #expect(try graph.nodes[1].int("group") == 2)
    #expect(throws: ModelIOError.self) { try graph.nodes[1].string("group") }
  }

  @Test(
    "refused files give one clear error",
    arguments: [
      ("escape", "outside the model's folder"), ("cycle", "cycle"),
      ("mismatch", "float_data holds 8"),
    ])
  func refusals(name: String, phrase: String) throws {
    let path = FixturePaths.url("models/invalid/\(name).onnx").path
    do {
      _ = try ONNXReader.read(contentsOf: path)
      Issue.record("\(name) was accepted")
    } catch {
      #expect(error.description.hasPrefix(path))
      #expect(error.description.contains(phrase), "\(error.description)")
    }
  }

  /// Opsets 7 and later are read (the operator registry decides per operator which versions run).
  @Test("an opset-10 model is read")
  func opset10() throws {
    let graph = try ONNXReader.read(contentsOf: FixturePaths.url("models/invalid/opset10.onnx").path)
    #expect(graph.opsetVersion == 10)
  }

  @Test("external data is refused when the model comes as bytes")
  func externalFromBytes() throws {
    let bytes = try Data(contentsOf: FixturePaths.url("models/holes.onnx"))
    #expect(throws: ModelIOError.self) { try ONNXReader.read(data: bytes) }
  }

  @Test("a missing file and a folder are errors")
  func missingFile() {
    #expect(throws: ModelIOError.self) { try ONNXReader.read(contentsOf: "/nonexistent/model.onnx") }
    #expect(throws: ModelIOError.self) { try ONNXReader.read(contentsOf: FixturePaths.url("models").path) }
  }

  @Test("truncated, bit-flipped and random bytes never trap")
  func hostileBytes() throws {
    let original = [UInt8](try Data(contentsOf: FixturePaths.url("models/espcn_legacy.onnx")))
    var random = SplitMix64(seed: 12)
    var refused = 0
    for trial in 0..<600 {
      var bytes = original
      switch trial % 3 {
      case 0: bytes = Array(bytes.prefix(Int(random.next() % UInt64(bytes.count))))
      case 1:
        for _ in 0..<8 {
          bytes[Int(random.next() % UInt64(bytes.count))] ^= UInt8(truncatingIfNeeded: random.next())
        }
      default: bytes = (0..<Int(random.next() % 512)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
      }
      do { _ = try ONNXReader.read(data: Data(bytes)) } catch { refused += 1 }
    }
    #expect(refused > 300)
  }

  @Test("external data reached through a symbolic link out of the folder is refused")
  func symlinkEscape() throws {
    let root = try FixturePaths.temporaryDirectory("onnx-symlink")
    defer { try? FileManager.default.removeItem(at: root) }
    let inside = root.appendingPathComponent("model")
    let outside = root.appendingPathComponent("elsewhere")
    try FileManager.default.createDirectory(at: inside, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
    let model = inside.appendingPathComponent("holes.onnx")
    try FileManager.default.copyItem(at: FixturePaths.url("models/holes.onnx"), to: model)
    let weights = outside.appendingPathComponent("holes.weights")
    try FileManager.default.copyItem(at: FixturePaths.url("models/holes.weights"), to: weights)
    try FileManager.default.createSymbolicLink(
      at: inside.appendingPathComponent("holes.weights"), withDestinationURL: weights)
    #expect(throws: ModelIOError.self) { try ONNXReader.read(contentsOf: model.path) }
    // The same file beside the model is read.
    try FileManager.default.removeItem(at: inside.appendingPathComponent("holes.weights"))
    try FileManager.default.copyItem(at: weights, to: inside.appendingPathComponent("holes.weights"))
    try Self.expectSame(try ONNXReader.read(contentsOf: model.path).initializers["w"], "holes.w")
  }
}
