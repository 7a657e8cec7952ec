import CheckerscopeCore
import ModelIO

/// Static shapes of a graph's values, propagated from the input shape through the common operators.
///
/// Known: elementwise unary operators and normalisations, broadcasting binary operators, Conv,
/// ConvTranspose, pooling, Concat, Pad (constant pads), Resize/Upsample (constant scales or sizes),
/// DepthToSpace/SpaceToDepth, Reshape (constant shape), Transpose, Flatten. Others leave their outputs
/// unknown, unless the file declares a fixed shape for them (`value_info`) and the input shape is the
/// declared one. Never fails: unknown stays unknown.
struct ShapeInference {
  private(set) var shapes: [String: [Int]] = [:]
  let graph: ModelGraph

  static let unary: Set<String> = [
    "Relu", "LeakyRelu", "Tanh", "Sigmoid", "Elu", "Selu", "Gelu", "Softplus", "Softsign", "Clip", "Identity",
    "Cast", "Dropout", "BatchNormalization", "InstanceNormalization", "LayerNormalization", "Neg", "Abs",
    "Exp",
    "Log", "Sqrt", "Erf", "HardSigmoid", "HardSwish", "PRelu", "Softmax", "LogSoftmax", "Mish", "Celu",
    "ThresholdedRelu", "Sin", "Cos", "Reciprocal", "Floor", "Ceil", "Round", "Sign", "LpNormalization",
    "LRN", "GroupNormalization",
  ]
  /// Extents past this are treated as unknown (keeps every product below overflow).
  static let maximumExtent = 1 << 31

  /// The product of `values`, nil on overflow.
  static func product(_ values: some Sequence<Int>) -> Int? {
    var result = 1
    for value in values {
      let (next, overflow) = result.multipliedReportingOverflow(by: value)
      if overflow { return nil }
      result = next
    }
    return result
  }

  static let binary: Set<String> = ["Add", "Sub", "Mul", "Div", "Pow", "Max", "Min", "Sum", "Mean", "Where"]

  /// Propagates shapes from `graph`'s fixed input shapes; `trustDeclared` admits `value_info` shapes.
  init(graph: ModelGraph, trustDeclared: Bool) {
    self.graph = graph
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
      if let shape = infer(node), let output = node.outputs.first, !output.isEmpty,
        shape.count <= 16, shape.allSatisfy({ $0 >= 0 && $0 <= Self.maximumExtent })
      {
        shapes[output] = shape
      } else if trustDeclared {
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

  func infer(_ node: ModelNode) -> [Int]? {
    let first = shape(node.input(0))
    let path = graph.path
    switch node.opType {
    case _ where Self.unary.contains(node.opType):
      return first
    case _ where Self.binary.contains(node.opType):
      var result: [Int] = []
      for input in node.inputs where !input.isEmpty {
        guard let next = shapes[input] else { return nil }
        guard let merged = Self.broadcast(result, next) else { return nil }
        result = merged
      }
      return result
    case "Conv", "ConvTranspose":
      guard let first, first.count >= 3 else { return nil }
      let weight = shape(node.input(1))
      let transposed = node.opType == "ConvTranspose"
      guard
        let parameters = try? ConvolutionParameters.resolve(
          node, weightShape: weight, inputSpatial: Array(first.dropFirst(2)), transposed: transposed,
          path: path),
        let channels = parameters.outChannels
      else { return nil }
      let spatial = Array(first.dropFirst(2))
      if transposed, let outputShape = try? node.ints("output_shape"), outputShape.count >= spatial.count {
        return [first[0], channels] + outputShape.suffix(spatial.count)
      }
      guard
        let sizes = transposed ? parameters.transposedOutput(spatial) : parameters.forwardOutput(spatial)
      else { return nil }
      return [first[0], channels] + sizes
    case "MaxPool", "AveragePool", "LpPool":
      guard let first, first.count >= 3, let kernel = try? node.ints("kernel_shape"),
        kernel.count == first.count - 2
      else { return nil }
      let dims = kernel.count
      let stride = (try? node.ints("strides")) ?? [Int](repeating: 1, count: dims)
      let pads = (try? node.ints("pads")) ?? [Int](repeating: 0, count: 2 * dims)
      let dilation = (try? node.ints("dilations")) ?? [Int](repeating: 1, count: dims)
      let ceil = ((try? node.int("ceil_mode")) ?? 0) == 1
      let autoPad = (try? node.string("auto_pad")) ?? "NOTSET"
      let limit = ConvolutionParameters.maximumExtent
      guard stride.count == dims, pads.count == 2 * dims, dilation.count == dims,
        stride.allSatisfy({ (1...limit).contains($0) }), kernel.allSatisfy({ (1...limit).contains($0) }),
        dilation.allSatisfy({ (1...limit).contains($0) }), pads.allSatisfy({ (0...limit).contains($0) }),
        autoPad == "NOTSET" || autoPad == "VALID"
      else { return nil }
      var result = Array(first.prefix(2))
      for axis in 0..<dims {
        guard
          let padded = CheckedSize.sumOrNil(
            [first[axis + 2]] + (autoPad == "VALID" ? [] : [pads[axis], pads[axis + dims]])),
          let dilated = CheckedSize.productOrNil([dilation[axis], kernel[axis] - 1]),
          let span = CheckedSize.sumOrNil([dilated, 1])
        else { return nil }
        guard padded >= span else { return nil }
        let steps = padded - span
        result.append((ceil ? (steps + stride[axis] - 1) / stride[axis] : steps / stride[axis]) + 1)
      }
      return result
    case "GlobalAveragePool", "GlobalMaxPool":
      guard let first, first.count >= 3 else { return nil }
      return Array(first.prefix(2)) + [Int](repeating: 1, count: first.count - 2)
    case "Concat":
      guard let axisValue = try? node.int("axis"), let first else { return nil }
      let axis = axisValue < 0 ? axisValue + first.count : axisValue
      guard (0..<first.count).contains(axis) else { return nil }
      var result = first
      result[axis] = 0
      for input in node.inputs where !input.isEmpty {
        guard let next = shapes[input], next.count == first.count,
          let sum = CheckedSize.sumOrNil([result[axis], next[axis]])
        else { return nil }
        result[axis] = sum
      }
      return result
    case "Pad":
      guard let first else { return nil }
      guard let pads = ints(node.input(1)) ?? (try? node.ints("pads")), pads.count == 2 * first.count,
        pads.allSatisfy({ abs($0) <= Self.maximumExtent })
      else {
        return nil
      }
      return (0..<first.count).map { first[$0] + pads[$0] + pads[$0 + first.count] }
    case "Resize", "Upsample":
      guard let first else { return nil }
      if node.opType == "Resize", let sizes = ints(node.input(3)), sizes.count == first.count { return sizes }
      guard let scales = ResizeScales.scales(node, graph: graph, inputShape: first),
        scales.count == first.count
      else { return nil }
      var sizes: [Int] = []
      for (extent, scale) in zip(first, scales) {
        let size = (Double(extent) * scale).rounded(.down)
        guard size.isFinite, size >= 0, size <= Double(Self.maximumExtent) else { return nil }
        sizes.append(Int(size))
      }
      return sizes
    case "DepthToSpace", "SpaceToDepth":
      guard let first, first.count == 4, let r = try? node.int("blocksize"), (1...4096).contains(r) else {
        return nil
      }
      if node.opType == "DepthToSpace" {
        guard first[1] % (r * r) == 0 else { return nil }
        return [first[0], first[1] / (r * r), first[2] * r, first[3] * r]
      }
      guard first[2] % r == 0, first[3] % r == 0 else { return nil }
      return [first[0], first[1] * r * r, first[2] / r, first[3] / r]
    case "Reshape":
      guard let first, let target = ints(node.input(1)) else { return nil }
      guard target.count <= 16, target.allSatisfy({ (-1...Self.maximumExtent).contains($0) }) else {
        return nil
      }
      var result = target.enumerated().map {
        $0.element == 0 && $0.offset < first.count ? first[$0.offset] : $0.element
      }
      guard let total = Self.product(first) else { return nil }
      if let unknown = result.firstIndex(of: -1) {
        guard let known = Self.product(result.enumerated().filter { $0.offset != unknown }.map(\.element)),
          known > 0, total % known == 0
        else { return nil }
        result[unknown] = total / known
      }
      guard result.allSatisfy({ $0 >= 0 }), Self.product(result) == total else { return nil }
      return result
    case "Transpose":
      guard let first else { return nil }
      let perm = (try? node.ints("perm")) ?? Array((0..<first.count).reversed())
      guard perm.sorted() == Array(0..<first.count) else { return nil }
      return perm.map { first[$0] }
    case "Flatten":
      guard let first else { return nil }
      let axisValue = (try? node.int("axis")) ?? 1
      let axis = axisValue < 0 ? axisValue + first.count : axisValue
      guard (0...first.count).contains(axis) else { return nil }
      guard let outer = Self.product(first.prefix(axis)), let inner = Self.product(first.dropFirst(axis))
      else {
        return nil
      }
      return [outer, inner]
    default:
      return nil
    }
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
