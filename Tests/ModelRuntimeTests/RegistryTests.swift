import ModelIO
import ModelRuntime
import Testing
import TransposedConv

/// One-node graphs built in memory for the registry's checks.
enum RegistryCases {
  static func graph(
    _ nodes: [ModelNode], opset: Int = 17, inputs: [String: [Int]] = ["x": [1, 1, 4, 4]],
    initializers: [String: ModelTensor] = [:]
  ) -> ModelGraph {
    ModelGraph(
      path: "m.onnx", opsetVersion: opset, nodes: nodes, initializers: initializers,
      inputs: inputs.keys.sorted().map { name in
        ModelValueInfo(name: name, dataType: .float, dimensions: inputs[name]?.map { .fixed($0) })
      },
      outputs: [ModelValueInfo(name: "y", dataType: nil, dimensions: nil)])
  }

  static func ints(_ name: String, _ values: [Int64]) -> ModelTensor {
    ModelTensor(name: name, dataType: .int64, shape: [values.count], storage: .int64(values))
  }

  static func node(_ op: String, _ inputs: [String], _ attributes: [String: ModelAttribute] = [:])
    -> ModelNode
  {
    ModelNode(name: "n", opType: op, inputs: inputs, outputs: ["y"], attributes: attributes, fileIndex: 0)
  }

  /// The error of running `graph` on `values`, or nil when it runs.
  static func error(_ graph: ModelGraph, _ values: [String: RuntimeValue]) -> String? {
    do {
      _ = try Interpreter(graph: graph).run(values: values)
      return nil
    } catch {
      return "\(error)"
    }
  }
}

@Suite("Operator registry: opset ranges, shape functions, checked arithmetic")
struct RegistryTests {
  @Test("an operator outside its opset range names the node, operator and opset")
  func opsetOutsideRange() throws {
    let graph = RegistryCases.graph(
      [RegistryCases.node("Upsample", ["x"], ["scales": .floats([1, 1, 2, 2])])], opset: 11)
    do {
      _ = try Interpreter(graph: graph)
      Issue.record("Upsample at opset 11 was accepted")
    } catch {
      let text = error.description
      #expect(
        text.hasPrefix("m.onnx: node 'n' (Upsample)") && text.contains("opset 11") && text.contains("7–9"))
      #expect(!text.contains("\n"))
    }
    #expect((try? Interpreter(graph: RegistryCases.graph(graph.nodes, opset: 9))) != nil)
  }

  @Test("an attribute outside the operator's version names it and the opset")
  func attributeOutsideVersion() {
    let graph = RegistryCases.graph(
      [RegistryCases.node("Resize", ["x", "", "s"], ["antialias": .int(1)])], opset: 13)
    do {
      _ = try Interpreter(graph: graph)
      Issue.record("antialias at opset 13 was accepted")
    } catch {
      #expect(error.description.contains("'antialias'") && error.description.contains("opset 13"))
    }
  }

  /// The MaxPool case the audit once got wrong: 8×8, kernel 3, stride 2, pads end 1, ceil_mode. ONNX
  /// Runtime and PyTorch give 4×4 (a last window starting in the end padding is dropped).
  @Test("MaxPool ceil_mode shape: the registry's shape function and the kernel agree on 4×4")
  func maxPoolCeilMode() throws {
    let node = RegistryCases.node(
      "MaxPool", ["x"],
      [
        "kernel_shape": .ints([3, 3]), "strides": .ints([2, 2]), "pads": .ints([0, 0, 1, 1]),
        "ceil_mode": .int(1),
      ])
    let shapes = OperatorRegistry.outputShapes(
      node: node, path: "m.onnx", opset: 17, inputs: [ShapeFact(shape: [1, 1, 8, 8])])
    #expect(shapes.first == [1, 1, 4, 4])
    let graph = RegistryCases.graph([node], inputs: ["x": [1, 1, 8, 8]])
    let y = try Interpreter(graph: graph).run(inputs: ["x": Tensor(shape: [1, 1, 8, 8], repeating: 1)])
    #expect(y["y"]?.shape == [1, 1, 4, 4])
  }

  @Test("shape functions answer without running the kernel on large inputs")
  func largeShapes() {
    let conv = RegistryCases.node(
      "ConvTranspose", ["x", "w"], ["strides": .ints([2, 2]), "pads": .ints([1, 1, 1, 1])])
    let shapes = OperatorRegistry.outputShapes(
      node: conv, path: "m.onnx", opset: 17,
      inputs: [ShapeFact(shape: [1, 512, 1024, 1024]), ShapeFact(shape: [512, 3, 4, 4])])
    #expect(shapes.first == [1, 3, 2048, 2048])
  }

  @Test("Reshape to [2^40, 2^40, -1] is an error naming the node, not a trap")
  func reshapeOverflow() {
    let graph = RegistryCases.graph(
      [RegistryCases.node("Reshape", ["x", "s"])],
      initializers: ["s": RegistryCases.ints("s", [1 << 40, 1 << 40, -1])])
    let error = RegistryCases.error(graph, ["x": .float(Tensor(shape: [1, 1, 4, 4], repeating: 1))])
    #expect(error?.hasPrefix("m.onnx: node 'n' (Reshape)") == true, "\(error ?? "ran")")
  }

  @Test("Pad by 2^62 is an error naming the node, not a trap")
  func padOverflow() {
    let pads: [Int64] = [0, 0, 1 << 62, 1 << 62, 0, 0, 1 << 62, 1 << 62]
    let graph = RegistryCases.graph(
      [RegistryCases.node("Pad", ["x", "p"])], initializers: ["p": RegistryCases.ints("p", pads)])
    let error = RegistryCases.error(graph, ["x": .float(Tensor(shape: [1, 1, 4, 4], repeating: 1))])
    #expect(error?.contains("node 'n' (Pad)") == true, "\(error ?? "ran")")
  }

  @Test("ConvTranspose with stride 2^40 on a wide input is an error naming the node")
  func convTransposeStride() {
    let weight = ModelTensor(name: "w", dataType: .float, shape: [1, 1, 1, 3], storage: .float([1, 1, 1]))
    let graph = RegistryCases.graph(
      [RegistryCases.node("ConvTranspose", ["x", "w"], ["strides": .ints([1, 1 << 40])])],
      inputs: ["x": [1, 1, 1, (1 << 23) + 2]], initializers: ["w": weight])
    do {
      let interpreter = try Interpreter(graph: graph)
      _ = try interpreter.run(inputs: ["x": Tensor(shape: [1, 1, 1, (1 << 23) + 2], repeating: 0)])
      Issue.record("ran")
    } catch {
      #expect("\(error)".contains("node 'n'"), "\(error)")
    }
  }

  @Test("int64 Div by zero and INT64_MIN / -1 are errors naming the node")
  func integerDivision() {
    let graph = RegistryCases.graph([RegistryCases.node("Div", ["a", "b"])], inputs: ["a": [1], "b": [1]])
    for (a, b) in [(Int64(7), Int64(0)), (Int64.min, Int64(-1))] {
      let error = RegistryCases.error(
        graph, ["a": .int(IntTensor(shape: [1], data: [a])), "b": .int(IntTensor(shape: [1], data: [b]))])
      #expect(error?.hasPrefix("m.onnx: node 'n' (Div)") == true, "\(error ?? "ran")")
    }
  }

  /// Integer Pow wraps around at 64 bits, as NumPy's int64 power does: 10^20 mod 2^64 (as a signed
  /// value) is 7766279631452241920, and 3^-1 truncates to 0.
  @Test("int64 Pow wraps around (NumPy's int64 result)")
  func integerPower() throws {
    let graph = RegistryCases.graph([RegistryCases.node("Pow", ["a", "b"])], inputs: ["a": [3], "b": [3]])
    let y = try Interpreter(graph: graph).run(values: [
      "a": .int(IntTensor(shape: [3], data: [10, 10, 3])),
      "b": .int(IntTensor(shape: [3], data: [20, 400, -1])),
    ])
    guard case .int(let t)? = y["y"] else {
      Issue.record("no integer result")
      return
    }
    #expect(t.data[0] == 7_766_279_631_452_241_920)
    #expect(t.data[1] == 0)
    #expect(t.data[2] == 0)
  }

  @Test("Resize tf_crop_and_resize with a NaN roi is an error naming the node")
  func resizeNaNRoi() {
    let roi = ModelTensor(
      name: "r", dataType: .float, shape: [8], storage: .float([0, 0, .nan, 0, 1, 1, 1, 1]))
    let scales = ModelTensor(name: "s", dataType: .float, shape: [4], storage: .float([1, 1, 2, 2]))
    let graph = RegistryCases.graph(
      [
        RegistryCases.node(
          "Resize", ["x", "r", "s"], ["coordinate_transformation_mode": .string("tf_crop_and_resize")])
      ], initializers: ["r": roi, "s": scales])
    let error = RegistryCases.error(graph, ["x": .float(Tensor(shape: [1, 1, 4, 4], repeating: 1))])
    #expect(error?.contains("node 'n' (Resize)") == true, "\(error ?? "ran")")
  }
}
