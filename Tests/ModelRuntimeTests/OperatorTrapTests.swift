import CheckerscopeCore
import ModelIO
import ModelRuntime
import TestSupport
import Testing
import TransposedConv

/// The operator traps a hostile-model campaign found after the registry's hardening (issue 22): each
/// model-controlled size that overflowed or indexed out of range is now a one-line error naming the
/// node. A regression traps the test process, so every test here can fail.
@Suite("Operators refuse hostile sizes with one line naming the node, never a trap")
struct OperatorTrapTests {
  let x4 = RuntimeValue.float(Tensor(shape: [1, 1, 4, 4], repeating: 1))

  /// Expects `error` to be one short line beginning with the file, node and operator.
  func expectOneLine(_ error: String?, _ op: String, sourceLocation: SourceLocation = #_sourceLocation) {
    guard let error else {
      Issue.record("ran", sourceLocation: sourceLocation)
      return
    }
    #expect(error.hasPrefix("m.onnx: node 'n' (\(op))"), "\(error)", sourceLocation: sourceLocation)
    #expect(!error.contains("\n") && error.count < 500, "\(error)", sourceLocation: sourceLocation)
  }

  func floats(_ name: String, _ values: [Float]) -> ModelTensor {
    ModelTensor(name: name, dataType: .float, shape: [values.count], storage: .float(values))
  }

  @Test(
    "Slice with more starts than the input has axes (no axes given) is refused, not indexed past the shape")
  func sliceMoreStartsThanAxes() {
    // fuzz-onnx-run found this: starts [0, 0, 0, 0, 0] on a rank-4 input indexed the shape at 4.
    let node = RegistryCases.node("Slice", ["x", "s", "e"])
    let five = RuntimeValue.int(IntTensor(shape: [5], data: [0, 0, 0, 0, 0]))
    expectOneLine(RegistryCases.error(RegistryCases.graph([node]), ["x": x4, "s": five, "e": five]), "Slice")
    let shapes = OperatorRegistry.outputShapes(
      node: node, path: "m.onnx", opset: 17,
      inputs: [
        ShapeFact(shape: [1, 1, 4, 4]), ShapeFact(shape: [5], value: five),
        ShapeFact(shape: [5], value: five),
      ])
    #expect(shapes == [nil])
  }

  @Test("Pad of an empty input by 2^48 on another axis gives the empty result, without per-axis maps")
  func padEmptyInputHugeAxis() throws {
    // fuzz-onnx-run found this: input [1, 0, 5, 7], pads 2^48 on axis 2 — zero elements in all, but
    // the per-axis source maps asked for 2^48 entries.
    let huge = 1 << 48
    let node = RegistryCases.node("Pad", ["x", "p"], ["mode": .string("constant")])
    let graph = RegistryCases.graph(
      [node], inputs: ["x": [1, 0, 5, 7]],
      initializers: ["p": RegistryCases.ints("p", [0, 0, Int64(huge), 2, 0, 0, 1, -2])])
    let outputs = try Interpreter(graph: graph).run(values: [
      "x": .float(Tensor(shape: [1, 0, 5, 7], data: []))
    ])
    let y = try #require(outputs["y"]?.floatTensor)
    #expect(y.shape == [1, 0, huge + 5 + 1, 7 + 2 - 2])
    #expect(y.data.isEmpty)
    // A non-empty input still pads as before: 1×1×2×2 of ones, one zero on each side of the last axis.
    let smallGraph = RegistryCases.graph(
      [node], inputs: ["x": [1, 1, 2, 2]],
      initializers: ["p": RegistryCases.ints("p", [0, 0, 0, 1, 0, 0, 0, 1])])
    let small = try Interpreter(graph: smallGraph).run(values: [
      "x": .float(Tensor(shape: [1, 1, 2, 2], repeating: 1))
    ])
    #expect(small["y"]?.floatTensor?.data == [0, 1, 1, 0, 0, 1, 1, 0])
  }

  @Test("DepthToSpace with blocksize 2^40: the interpreter refuses it, the shape function answers nil")
  func depthToSpaceHugeBlock() {
    let node = RegistryCases.node("DepthToSpace", ["x"], ["blocksize": .int(1 << 40)])
    expectOneLine(RegistryCases.error(RegistryCases.graph([node]), ["x": x4]), "DepthToSpace")
    let shapes = OperatorRegistry.outputShapes(
      node: node, path: "m.onnx", opset: 17, inputs: [ShapeFact(shape: [1, 4, 4, 4])])
    #expect(shapes == [nil])
  }

  @Test("DepthToSpace whose height times the blocksize overflows has no shape (audit path)")
  func depthToSpaceHeightOverflow() {
    for mode in ["DCR", "CRD"] {
      let node = RegistryCases.node(
        "DepthToSpace", ["x"], ["blocksize": .int(1 << 2), "mode": .string(mode)])
      let shapes = OperatorRegistry.outputShapes(
        node: node, path: "m.onnx", opset: 17, inputs: [ShapeFact(shape: [1, 16, 1 << 62, 1])])
      #expect(shapes == [nil])
      let small = OperatorRegistry.outputShapes(
        node: node, path: "m.onnx", opset: 17, inputs: [ShapeFact(shape: [1, 32, 3, 5])])
      #expect(small == [[1, 2, 12, 20]])
    }
  }

  @Test("SpaceToDepth with blocksize 2^40 is refused naming the node")
  func spaceToDepthHugeBlock() {
    let node = RegistryCases.node("SpaceToDepth", ["x"], ["blocksize": .int(1 << 40)])
    expectOneLine(RegistryCases.error(RegistryCases.graph([node]), ["x": x4]), "SpaceToDepth")
  }

  @Test(
    "Resize by sizes of an input with a zero-length axis is an error, not an index out of range",
    arguments: ["stretch", "not_larger", "not_smaller"])
  func resizeSizesFromEmpty(policy: String) {
    let node = RegistryCases.node(
      "Resize", ["x", "", "", "s"], ["keep_aspect_ratio_policy": .string(policy)])
    let graph = RegistryCases.graph(
      [node], opset: 18, inputs: ["x": [1, 1, 0, 16]],
      initializers: ["s": RegistryCases.ints("s", [1, 1, 16, 16])])
    let error = RegistryCases.error(graph, ["x": .float(Tensor(shape: [1, 1, 0, 16], repeating: 0))])
    expectOneLine(error, "Resize")
    #expect(error?.contains("zero-length axis 2") == true, "\(error ?? "ran")")
  }

  @Test("Resize and Upsample by scales of an input with a zero-length axis are errors")
  func scalesFromEmpty() {
    let empty = RuntimeValue.float(Tensor(shape: [1, 1, 0, 4], repeating: 0))
    let resize = RegistryCases.graph(
      [RegistryCases.node("Resize", ["x", "", "s"])], inputs: ["x": [1, 1, 0, 4]],
      initializers: ["s": floats("s", [1, 1, 2, 2])])
    expectOneLine(RegistryCases.error(resize, ["x": empty]), "Resize")
    let upsample = RegistryCases.graph(
      [RegistryCases.node("Upsample", ["x"], ["scales": .floats([1, 1, 2, 2])])], opset: 8,
      inputs: ["x": [1, 1, 0, 4]])
    expectOneLine(RegistryCases.error(upsample, ["x": empty]), "Upsample")
  }

  @Test("Resize with 4,000 scales gives one short line that counts them (the fuzz finding)")
  func resizeManyScales() throws {
    let scales = [Float](repeating: 2, count: 4000)
    let graph = RegistryCases.graph(
      [RegistryCases.node("Resize", ["x", "", "s"])], initializers: ["s": floats("s", scales)])
    let error = RegistryCases.error(graph, ["x": x4])
    expectOneLine(error, "Resize")
    #expect(error?.contains("(4,000 values)") == true, "\(error ?? "ran")")
    #expect((error?.count ?? 0) < 200, "\(error ?? "ran")")
  }

  @Test("the fuzz finding resize-long-error-1.onnx gives one short line")
  func fuzzFinding() throws {
    let path = FixturePaths.repositoryRoot.appendingPathComponent(
      "Fuzz/corpus/onnx-run/resize-long-error-1.onnx"
    ).path
    let graph = try ONNXReader.read(contentsOf: path)
    var message = "ran"
    do {
      let interpreter = try Interpreter(graph: graph)
      var values: [String: RuntimeValue] = [:]
      for input in graph.inputs {
        let shape = input.dimensions?.map { $0.value ?? 1 } ?? [1]
        values[input.name] = .float(Tensor(shape: shape, repeating: 0.5))
      }
      _ = try interpreter.run(values: values, budget: MemoryBudget(bytes: 256 << 20))
    } catch {
      message = "\(error)"
    }
    #expect(message != "ran")
    #expect(
      !message.contains("\n") && message.count < 400, "\(message.count) characters: \(message.prefix(600))")
  }

  /// Resampling one axis at a time, `[1, 1, 1, 20000] → [1, 1, 20000, 1]` would pass through
  /// `[1, 1, 20000, 20000]` (1.6 GB); the budget refuses that step before allocating it.
  @Test("Resize checks its intermediate tensors against the budget")
  func resizeIntermediate() throws {
    let graph = RegistryCases.graph(
      [RegistryCases.node("Resize", ["x", "", "", "s"])], inputs: ["x": [1, 1, 1, 20000]],
      initializers: ["s": RegistryCases.ints("s", [1, 1, 20000, 1])])
    let interpreter = try Interpreter(graph: graph)
    do {
      _ = try interpreter.run(
        values: ["x": .float(Tensor(shape: [1, 1, 1, 20000], repeating: 1))],
        budget: MemoryBudget(bytes: 256 << 20))
      Issue.record("ran")
    } catch {
      #expect("\(error)".contains("node 'n' (Resize)"), "\(error)")
    }
  }

  @Test("an empty result whose extents' product overflows is refused before later strides overflow")
  func emptyHugeShape() {
    let graph = RegistryCases.graph(
      [
        ModelNode(
          name: "c", opType: "ConstantOfShape", inputs: ["s"], outputs: ["z"], attributes: [:], fileIndex: 0),
        ModelNode(
          name: "n", opType: "Transpose", inputs: ["z"], outputs: ["y"], attributes: [:], fileIndex: 0),
      ], inputs: [:], initializers: ["s": RegistryCases.ints("s", [0, 1 << 40, 1 << 40])])
    let error = RegistryCases.error(graph, [:])
    #expect(error?.hasPrefix("m.onnx: node 'c' (ConstantOfShape)") == true, "\(error ?? "ran")")
  }

  @Test("Concat of empty inputs whose extents sum past Int.max is an error naming the node")
  func concatOverflow() {
    let graph = RegistryCases.graph(
      [RegistryCases.node("Concat", ["a", "b", "c"], ["axis": .int(1)])],
      inputs: ["a": [0, 1 << 62], "b": [0, 1 << 62], "c": [0, 1 << 62]])
    let empty = RuntimeValue.float(Tensor(shape: [0, 1 << 62], data: []))
    expectOneLine(RegistryCases.error(graph, ["a": empty, "b": empty, "c": empty]), "Concat")
  }

  /// ModelIO refuses integer attributes above 2^40, so these are the largest a model can give.
  @Test("window shape functions with 2^40 attributes answer nil instead of trapping")
  func windowShapesRefused() {
    let cases: [(String, [String: ModelAttribute], [[Int]])] = [
      ("Conv", ["group": .int(1 << 40)], [[1, 8, 4, 4], [1 << 40, 1 << 30, 1, 1]]),
      (
        "MaxPool",
        [
          "auto_pad": .string("SAME_UPPER"), "kernel_shape": .ints([1 << 40, 1]),
          "dilations": .ints([1 << 40, 1]),
        ],
        [[1, 1, 4, 4]]
      ),
    ]
    for (op, attributes, shapes) in cases {
      #expect(windowShape(op, attributes, shapes) == [nil], "\(op) \(attributes)")
    }
  }

  /// A stride of 2^40 on an extent of Int.max − 10: ONNX's closed forms. SAME: ceil(in / s) = 2^23.
  /// ceil_mode: ceil((in − 1) / s) + 1 = 2^23 + 1 windows, the last starting at 2^23 · 2^40 = 2^63,
  /// past the input, so dropped: 2^23.
  @Test("pools with a 2^40 stride on an extent near Int.max give ONNX's extents")
  func hugeStrides() {
    let extent = Int.max - 10
    let same = windowShape(
      "MaxPool",
      ["auto_pad": .string("SAME_UPPER"), "kernel_shape": .ints([1, 1]), "strides": .ints([1 << 40, 1])],
      [[1, 1, extent, 4]])
    #expect(same == [[1, 1, 1 << 23, 4]])
    let ceil = windowShape(
      "MaxPool", ["kernel_shape": .ints([1, 1]), "strides": .ints([1 << 40, 1]), "ceil_mode": .int(1)],
      [[1, 1, extent, 4]])
    #expect(ceil == [[1, 1, 1 << 23, 4]])
  }

  /// fuzz-onnx-run's finding (`Fuzz/corpus/onnx-run/conv-stride-past-input-1.onnx`): a Conv with
  /// strides [255, 2^40] and SAME_LOWER on a 6 × 7 input has one output, but the fast path's
  /// space-to-depth asked for 255 · 2^40 phases (an allocation of 2^52 floats). Each output channel's
  /// weight is constant `o + 1`; the one window (4 × 2, no padding: (1 − 1)·s + k − in < 0) sums
  /// 2 channels × 8 taps of ones: 16 · (o + 1).
  @Test("Conv with a stride far past its input runs (one window), no huge rearrangement")
  func convStridePastInput() throws {
    let node = RegistryCases.node(
      "Conv", ["x", "w"], ["auto_pad": .string("SAME_LOWER"), "strides": .ints([255, 1 << 40])])
    let weights = (0..<3).flatMap { o in [Float](repeating: Float(o + 1), count: 16) }
    let graph = RegistryCases.graph(
      [node], inputs: ["x": [1, 2, 6, 7]],
      initializers: [
        "w": ModelTensor(name: "w", dataType: .float, shape: [3, 2, 4, 2], storage: .float(weights))
      ])
    let outputs = try Interpreter(graph: graph).run(inputs: ["x": Tensor(shape: [1, 2, 6, 7], repeating: 1)])
    let y = try #require(outputs["y"])
    #expect(y.shape == [1, 3, 1, 1])
    guard case .float(let tensor) = y else {
      Issue.record("y is not a float tensor")
      return
    }
    #expect(tensor.data == [16, 32, 48])
  }

  /// The same stride far past the input on the paths added since (the GEMM of 1D/2D layers with
  /// eight or more output channels, the flat 3D correlation) and a transposed convolution whose
  /// 2^40 stride leaves a single input sample: each must run, never enumerate 2^40 phases. Weights
  /// of output channel `o` are `o + 1`, inputs ones, no padding: a Conv's one window per position
  /// sums 2 channels × 4 × 2 taps, 16 · (o + 1); the transposed convolution places one 2 × 2
  /// kernel per channel, so each output is 2 · (o + 1).
  @Test(
    "convolutions with a 2^40 stride run on every path",
    arguments: [
      ("Conv", [1, 2, 6, 7], [8, 2, 4, 2], [255, 1 << 40], [1, 8, 1, 1], 16),
      ("Conv", [1, 2, 6, 7, 3], [8, 2, 4, 2, 1], [255, 1 << 40, 1], [1, 8, 1, 1, 3], 16),
      ("ConvTranspose", [1, 2, 1, 1], [2, 8, 2, 2], [1 << 40, 1 << 40], [1, 8, 2, 2], 2),
    ])
  func stridesPastTheInputOnEveryPath(
    op: String, input: [Int], weight: [Int], strides: [Int], output: [Int], perChannel: Float
  ) throws {
    let node = RegistryCases.node(op, ["x", "w"], ["strides": .ints(strides.map { Int64($0) })])
    let channels = op == "Conv" ? weight[0] : weight[1]
    let inner = weight.reduce(1, *) / channels
    let weights: [Float]
    if op == "Conv" {
      weights = (0..<channels).flatMap { o in [Float](repeating: Float(o + 1), count: inner) }
    } else {
      // (C_in, C_out, kH, kW): channel o's taps are o + 1 for every input channel.
      let taps = weight[2...].reduce(1, *)
      weights = (0..<weight[0]).flatMap { _ in
        (0..<channels).flatMap { o in [Float](repeating: Float(o + 1), count: taps) }
      }
    }
    let graph = RegistryCases.graph(
      [node], inputs: ["x": input],
      initializers: ["w": ModelTensor(name: "w", dataType: .float, shape: weight, storage: .float(weights))])
    let outputs = try Interpreter(graph: graph).run(inputs: ["x": Tensor(shape: input, repeating: 1)])
    guard case .float(let y) = try #require(outputs["y"]) else {
      Issue.record("y is not a float tensor")
      return
    }
    #expect(y.shape == output)
    let perOutput = output[2...].reduce(1, *)
    let expected = (0..<output[1]).flatMap { o in
      [Float](repeating: perChannel * Float(o + 1), count: perOutput)
    }
    #expect(y.data == expected)
  }

  func windowShape(_ op: String, _ attributes: [String: ModelAttribute], _ shapes: [[Int]]) -> [[Int]?] {
    let node = RegistryCases.node(op, op == "MaxPool" ? ["x"] : ["x", "w"], attributes)
    return OperatorRegistry.outputShapes(
      node: node, path: "m.onnx", opset: 17, inputs: shapes.map { ShapeFact(shape: $0) })
  }
}
