import CheckerscopeCore
import ModelIO
import ModelRuntime

/// Static shapes of a graph's values, propagated from the input shape through the operator registry
/// (`OperatorRegistry.outputShapes`): every operator's shape is the interpreter's own, so the audit and
/// the interpreter agree by construction. Outputs the registry cannot decide stay unknown, unless the
/// file declares a fixed shape for them (`value_info`) and the input shape is the declared one. Never
/// fails: unknown stays unknown.
struct ShapeInference {
  private(set) var shapes: [String: [Int]] = [:]
  let graph: ModelGraph
  /// Inputs up to this many elements may be stood in by placeholders (`OperatorRegistry.outputShapes`).
  let placeholderLimit: Int

  /// Extents past this are treated as unknown (keeps every product below overflow).
  static let maximumExtent = 1 << 31
  /// Constants up to this many elements are handed to the registry by value (shapes, scales, pads).
  static let maximumConstantElements = 4096

  /// Propagates shapes from `graph`'s fixed input shapes; `trustDeclared` admits `value_info` shapes.
  init(graph: ModelGraph, trustDeclared: Bool, placeholderLimit: Int = 4096) {
    self.graph = graph
    self.placeholderLimit = placeholderLimit
    for input in graph.inputs {
      if let shape = input.fixedShape, shape.allSatisfy({ (0...Self.maximumExtent).contains($0) }) {
        shapes[input.name] = shape
      }
    }
    for (name, tensor) in graph.initializers.merging(graph.constants, uniquingKeysWith: { a, _ in a })
    where tensor.shape.allSatisfy({ (0...Self.maximumExtent).contains($0) }) {
      shapes[name] = tensor.shape
    }
    for node in graph.nodes {
      let inferred = inferAll(node)
      for (output, shape) in zip(node.outputs, inferred) where !output.isEmpty {
        if let shape, shape.count <= 16, shape.allSatisfy({ $0 >= 0 && $0 <= Self.maximumExtent }) {
          shapes[output] = shape
        }
      }
      if let first = node.outputs.first, shapes[first] == nil, trustDeclared {
        for output in node.outputs where shapes[output] == nil {
          if let declared = graph.declaredInfo(of: output)?.fixedShape,
            declared.allSatisfy({ (0...Self.maximumExtent).contains($0) })
          {
            shapes[output] = declared
          }
        }
      }
    }
  }

  func shape(_ name: String?) -> [Int]? { name.flatMap { shapes[$0] } }

  func ints(_ name: String?) -> [Int]? {
    guard let name, let values = graph.constant(name)?.int64Values else { return nil }
    return values.compactMap { Int(exactly: $0) }.count == values.count ? values.map { Int($0) } : nil
  }

  /// The facts the registry needs about `node`'s inputs: shapes, small constants by value, types.
  func facts(_ node: ModelNode) -> [ShapeFact] {
    node.inputs.map { name in
      if name.isEmpty { return .absent }
      let constant = graph.constant(name)
      let value = constant.flatMap {
        $0.elementCount <= Self.maximumConstantElements ? RuntimeValue($0) : nil
      }
      return ShapeFact(
        shape: shapes[name] ?? constant?.shape, value: value, isInteger: constant?.int64Values != nil,
        dataType: constant?.dataType ?? graph.declaredInfo(of: name)?.dataType)
    }
  }

  /// The shapes of `node`'s outputs as the registry gives them (nil where unknown).
  func inferAll(_ node: ModelNode) -> [[Int]?] {
    OperatorRegistry.outputShapes(
      node: node, path: graph.path, opset: graph.opsetVersion, inputs: facts(node),
      placeholderLimit: placeholderLimit)
  }

  /// The shape of `node`'s first output.
  func infer(_ node: ModelNode) -> [Int]? {
    inferAll(node).first ?? nil
  }

  /// NumPy broadcasting of two shapes; nil when they do not broadcast.
  static func broadcast(_ a: [Int], _ b: [Int]) -> [Int]? {
    let rank = max(a.count, b.count)
    var result: [Int] = []
    for index in 0..<rank {
      let x = index < rank - a.count ? 1 : a[index - (rank - a.count)]
      let y = index < rank - b.count ? 1 : b[index - (rank - b.count)]
      guard x == y || x == 1 || y == 1 else { return nil }
      result.append(x == 1 ? y : x)
    }
    return result
  }
}
