import CheckerscopeCore
import ModelIO
import ModelRuntime

/// Constant folding of shape subgraphs for the audit: with the input shape fixed (the model's, or
/// `--input-shape`'s), `Shape` nodes have known values, and what is computed from them and from constants
/// only (`Gather`, `Mul`, `Cast`, `Concat`, `Slice`, `Unsqueeze`, … as the legacy exporter writes
/// `F.interpolate(size=skip.shape[2:])`) is a constant too. Each such node is evaluated by ModelRuntime's
/// interpreter on a one-node graph whose inputs are the constants, so the values are the interpreter's and
/// ONNX's semantics are defined once; a node it cannot evaluate stays unknown.
///
/// Shapes and constants feed each other (a folded `Resize` size gives its output's shape, which gives the
/// next `Shape`), so the pass repeats until nothing new is found (at most `maximumRounds`).
enum ConstantFolding {
  /// Rounds of shape inference and folding before giving up.
  static let maximumRounds = 16
  /// Folded values larger than this stay unknown (shape subgraphs hold a handful of numbers).
  static let maximumElements = 4096

  /// `graph` with every foldable value added to its `constants`.
  static func fold(_ graph: ModelGraph, trustDeclared: Bool) -> ModelGraph {
    var folded = graph
    for _ in 0..<maximumRounds {
      let shapes = ShapeInference(graph: folded, trustDeclared: trustDeclared)
      var added = false
      for node in folded.nodes where node.domain.isEmpty || node.domain == "ai.onnx" {
        let outputs = node.outputs.filter { !$0.isEmpty }
        guard !outputs.isEmpty, outputs.contains(where: { folded.constant($0) == nil }) else { continue }
        if node.opType == "Shape" {
          guard let output = outputs.first, let value = shapeValue(node, shapes: shapes, path: graph.path)
          else { continue }
          folded.constants[output] = ModelTensor(
            name: output, dataType: .int64, shape: [value.count], storage: .int64(value.map { Int64($0) }))
          added = true
          continue
        }
        let inputs = node.inputs.filter { !$0.isEmpty }
        guard node.opType != "Constant", !inputs.isEmpty,
          inputs.allSatisfy({ folded.constant($0).map(isSmall) ?? false }),
          let values = evaluate(node, in: folded)
        else { continue }
        for (name, tensor) in values where folded.constants[name] == nil && folded.initializers[name] == nil {
          folded.constants[name] = tensor
          added = true
        }
      }
      if !added { break }
    }
    return folded
  }

  static func isSmall(_ tensor: ModelTensor) -> Bool {
    tensor.elementCount <= maximumElements && tensor.storage != .undecoded
  }

  /// The value of a `Shape` node (opset 15's `start`/`end` included) when its input's shape is known.
  static func shapeValue(_ node: ModelNode, shapes: ShapeInference, path: String) -> [Int]? {
    guard let shape = shapes.shape(node.input(0)) else { return nil }
    let rank = shape.count
    func clamp(_ value: Int) -> Int { max(0, min(rank, value < 0 ? value + rank : value)) }
    let start = clamp((try? node.int("start", path: path)) ?? 0)
    let end = clamp((try? node.int("end", path: path)) ?? rank)
    return start < end ? Array(shape[start..<end]) : []
  }

  /// The node's outputs, evaluated by the interpreter on a one-node graph; nil when it refuses.
  static func evaluate(_ node: ModelNode, in graph: ModelGraph) -> [(String, ModelTensor)]? {
    var initializers: [String: ModelTensor] = [:]
    for name in node.inputs where !name.isEmpty {
      guard let tensor = graph.constant(name) else { return nil }
      initializers[name] = tensor
    }
    let outputs = node.outputs.filter { !$0.isEmpty }
    let single = ModelGraph(
      path: graph.path, opsetVersion: graph.opsetVersion, opsets: graph.opsets, nodes: [node],
      initializers: initializers, inputs: [],
      outputs: outputs.map { ModelValueInfo(name: $0, dataType: nil, dimensions: nil) })
    // Small values, small work: a node of small constants can still ask for a huge product
    // (an Einsum summing over many labels), so the run is bounded in operations too.
    var statistics = RunStatistics()
    guard let interpreter = try? Interpreter(graph: single),
      let results = try? interpreter.run(
        inputs: [:], budget: MemoryBudget(bytes: 1 << 24), maximumWork: 1 << 24, statistics: &statistics)
    else { return nil }
    var tensors: [(String, ModelTensor)] = []
    for name in outputs {
      guard let value = results[name], value.shape.allSatisfy({ $0 >= 0 }),
        value.shape.reduce(1, *) <= maximumElements
      else { continue }
      switch value {
      case .int(let t):
        tensors.append(
          (name, ModelTensor(name: name, dataType: .int64, shape: t.shape, storage: .int64(t.data))))
      case .float(let t):
        tensors.append(
          (name, ModelTensor(name: name, dataType: .float, shape: t.shape, storage: .float(t.data))))
      }
    }
    return tensors
  }
}
