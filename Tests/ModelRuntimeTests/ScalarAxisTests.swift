import CheckerscopeCore
import ModelIO
import ModelRuntime
import Testing
import TransposedConv

/// Operators that index their input's shape at an axis refuse a scalar (rank 0) input with one
/// line, where `axis 0` used to pass the axis check and index an empty shape.
@Suite("An axis of a scalar is refused with one line, never indexed")
struct ScalarAxisTests {
  let scalar = RuntimeValue.float(Tensor(shape: [], data: [2]))
  let vector = RuntimeValue.float(Tensor(shape: [3], data: [5, 6, 7]))
  let index = RuntimeValue.int(IntTensor(shape: [1], data: [1]))

  /// A one-node case: the node, its opset and the values of its inputs besides `x`.
  struct Case {
    let node: ModelNode
    var opset = 17
    var extra: [String: RuntimeValue] = [:]
  }

  var cases: [Case] {
    let zero = RuntimeValue.int(IntTensor(shape: [1], data: [0]))
    return [
      Case(node: RegistryCases.node("Gather", ["x", "i"], ["axis": .int(0)]), extra: ["i": index]),
      Case(
        node: RegistryCases.node("GatherElements", ["x", "i"], ["axis": .int(0)]),
        extra: ["i": .int(IntTensor(shape: [], data: [0]))]),
      Case(node: RegistryCases.node("Split", ["x"], ["axis": .int(0)])),
      Case(node: RegistryCases.node("Concat", ["x", "x"], ["axis": .int(0)])),
      Case(node: RegistryCases.node("Squeeze", ["x", "a"]), extra: ["a": zero]),
      Case(
        node: RegistryCases.node("Pad", ["x", "p", "c", "a"]), opset: 18,
        extra: [
          "p": .int(IntTensor(shape: [2], data: [1, 1])), "c": .float(Tensor(shape: [], data: [0])),
          "a": zero,
        ]),
    ]
  }

  func graph(_ c: Case, rank: Int) -> ModelGraph {
    var inputs = c.extra.mapValues(\.shape)
    inputs["x"] = rank == 0 ? [] : [3]
    return RegistryCases.graph([c.node], opset: c.opset, inputs: inputs)
  }

  @Test("Gather, GatherElements, Split, Concat, Squeeze and Pad along axis 0 of a scalar")
  func scalarInputs() {
    // fuzz-onnx-run found the first: a Squeeze of a [1] input, then Gather axis 0 of the scalar,
    // trapped in shape inference (`audit`) and in the run.
    for c in cases {
      var values = c.extra
      values["x"] = scalar
      let error = RegistryCases.error(graph(c, rank: 0), values)
      let op = c.node.opType
      #expect(error?.hasPrefix("m.onnx: node 'n' (\(op))") == true, "\(op): \(error ?? "ran")")
      #expect(error?.contains("scalar") == true, "\(op): \(error ?? "ran")")
      #expect(error.map { !$0.contains("\n") } == true)
      // The audit's shape function answers nil (unknown) rather than trapping; GatherElements
      // answers its indices' shape, which ONNX defines as the output's.
      let facts =
        [ShapeFact(shape: [])]
        + c.node.inputs.dropFirst().map { name in
          ShapeFact(
            shape: c.extra[name]?.shape,
            value: c.extra[name].flatMap { v in
              if case .int = v { return v } else { return nil }
            })
        }
      let shapes = OperatorRegistry.outputShapes(node: c.node, path: "m.onnx", opset: c.opset, inputs: facts)
      let expected: [[Int]?] = op == "GatherElements" ? [[]] : [nil]
      #expect(shapes == expected, "\(op): \(shapes)")
    }
  }

  @Test("The same nodes on a rank-1 input still run, with the values ONNX defines")
  func vectorInputs() throws {
    let expected: [String: [Float]] = [
      "Gather": [6], "Split": [5, 6, 7], "Concat": [5, 6, 7, 5, 6, 7], "Pad": [0, 5, 6, 7, 0],
    ]
    for c in cases where expected[c.node.opType] != nil {
      var values = c.extra
      values["x"] = vector
      let outputs = try Interpreter(graph: graph(c, rank: 1)).run(values: values)
      #expect(outputs["y"]?.floatTensor?.data == expected[c.node.opType], "\(c.node.opType)")
    }
  }
}
