import CheckerscopeCore
import ModelIO
import TransposedConv

/// One operator of the registry: its ONNX name, the model opsets whose version of the operator the
/// implementation follows, and the implementation.
public struct OperatorEntry: Sendable {
  /// The ONNX `op_type` (default domain).
  public let name: String
  /// The default-domain opsets the implementation covers (the operator's versions in that range,
  /// as the ONNX operator changelog defines them; the implementation reads `NodeContext.opsetVersion`
  /// where versions differ).
  public let opsets: ClosedRange<Int>
  /// What the operator is to the probe's spatial trace and the audit.
  public let role: OperatorRole
  let implementation: any RuntimeOperator.Type
}

/// How an operator relates output positions to input positions, for the audit and the probe's trace.
public enum OperatorRole: Sendable, Equatable {
  /// Each output element depends on the same spatial position of its inputs when the spatial
  /// extents are unchanged (activations, arithmetic, normalisations, reductions over channels).
  case elementwise
  /// Concat: elementwise along the channel axis, opaque along others.
  case concatenation
  /// A learned sliding window (`WindowGeometry`): Conv (`transposed` false) and ConvTranspose (true).
  case window(transposed: Bool)
  /// A pooling window (`WindowGeometry`): MaxPool, AveragePool.
  case pooling
  /// A resampling that changes the lattice: Resize, Upsample (`interpolating` true), DepthToSpace.
  case resampling(interpolating: Bool)
  /// Pad: adds or removes border positions.
  case padding
  /// Spatial structure is lost or rearranged (reshapes, reductions, matrix products, shape logic).
  case opaque
}

/// The registry of the operators the interpreter runs: each ONNX operator once, with its opset range,
/// attribute parsing (`RuntimeOperator.init(node:context:)`), shape function
/// (`RuntimeOperator.outputShapes(_:context:)`), window geometry (`WindowGeometry`) and kernel
/// (`RuntimeOperator.run(_:context:)`). The interpreter, the audit's shape inference and the probe's
/// spatial trace all go through it.
public enum OperatorRegistry {
  /// The newest default-domain opset the registry knows (onnx 1.23's).
  public static let newestOpset = 28
  /// The oldest default-domain opset the registry implements.
  public static let oldestOpset = 7

  /// Every entry, sorted by name (a name may appear once per disjoint opset range).
  public static let entries: [OperatorEntry] = {
    var list: [OperatorEntry] = []
    func add(
      _ name: String, _ type: any RuntimeOperator.Type, since: Int = oldestOpset, until: Int = newestOpset,
      role: OperatorRole = .elementwise
    ) {
      list.append(OperatorEntry(name: name, opsets: since...until, role: role, implementation: type))
    }
    // Windows and resampling.
    add(OperatorName.conv, ConvOperator.self, role: .window(transposed: false))
    add(OperatorName.convTranspose, ConvTransposeOperator.self, role: .window(transposed: true))
    add(OperatorName.maxPool, PoolOperator.self, role: .pooling)
    add(OperatorName.averagePool, PoolOperator.self, role: .pooling)
    add("GlobalAveragePool", GlobalPoolOperator.self, role: .opaque)
    add(OperatorName.globalMaxPool, GlobalPoolOperator.self, role: .opaque)
    add(OperatorName.resize, ResizeOperator.self, since: 10, role: .resampling(interpolating: true))
    add(OperatorName.upsample, UpsampleOperator.self, until: 9, role: .resampling(interpolating: true))
    add(OperatorName.depthToSpace, DepthToSpaceOperator.self, role: .resampling(interpolating: false))
    add("SpaceToDepth", SpaceToDepthOperator.self, role: .opaque)
    add("Pad", PadOperator.self, role: .padding)
    // Normalisations.
    add("BatchNormalization", BatchNormOperator.self)
    add("InstanceNormalization", InstanceNormOperator.self)
    add("LayerNormalization", LayerNormOperator.self, since: 17)
    add("GroupNormalization", GroupNormOperator.self, since: 18)
    add("Softmax", SoftmaxOperator.self)
    add("LogSoftmax", SoftmaxOperator.self)
    // Elementwise.
    for kind in UnaryOperator.Kind.allCases {
      add(kind.rawValue, UnaryOperator.self, since: kind.since)
    }
    for kind in BinaryOperator.Kind.allCases { add(kind.rawValue, BinaryOperator.self) }
    for kind in CompareOperator.Kind.allCases { add(kind.rawValue, CompareOperator.self, since: kind.since) }
    add("Not", NotOperator.self)
    add("Where", WhereOperator.self, since: 9)
    add("Sum", VariadicOperator.self)
    add("Max", VariadicOperator.self)
    add("Min", VariadicOperator.self)
    add("Mean", VariadicOperator.self)
    add("PRelu", PReluOperator.self)
    add("Clip", ClipOperator.self)
    add("Identity", IdentityOperator.self)
    add("Dropout", DropoutOperator.self)
    add(OperatorName.cast, CastOperator.self)
    add("CastLike", CastOperator.self, since: 15)
    // Reductions.
    for kind in ReduceOperator.Kind.allCases { add(kind.rawValue, ReduceOperator.self) }
    add("ArgMax", ArgReduceOperator.self)
    add("ArgMin", ArgReduceOperator.self)
    add("CumSum", CumSumOperator.self, since: 11)
    // Matrices.
    add("Gemm", GemmOperator.self, role: .opaque)
    add("MatMul", MatMulOperator.self, role: .opaque)
    add("Einsum", EinsumOperator.self, since: 12, role: .opaque)
    add("LSTM", RecurrentOperator.self, role: .opaque)
    add("GRU", RecurrentOperator.self, role: .opaque)
    // Shapes and layout.
    add(OperatorName.constant, ConstantOperator.self, role: .opaque)
    add(OperatorName.constantOfShape, ConstantOfShapeOperator.self, since: 9, role: .opaque)
    add(OperatorName.shape, ShapeOperator.self, role: .opaque)
    add("Reshape", ReshapeOperator.self, role: .opaque)
    add("Flatten", FlattenOperator.self, role: .opaque)
    add("Squeeze", SqueezeOperator.self, role: .opaque)
    add("Unsqueeze", SqueezeOperator.self, role: .opaque)
    add("Transpose", TransposeOperator.self, role: .opaque)
    add(OperatorName.concat, ConcatOperator.self, role: .concatenation)
    add("Split", SplitOperator.self)
    add(OperatorName.slice, SliceOperator.self, role: .opaque)
    add("Gather", GatherOperator.self, role: .opaque)
    add("GatherElements", GatherElementsOperator.self, since: 11)
    add("GatherND", GatherNDOperator.self, since: 11)
    add("ScatterND", ScatterNDOperator.self, since: 11)
    add("Expand", ExpandOperator.self, since: 8)
    add("Tile", TileOperator.self)
    add("Range", RangeOperator.self, since: 11, role: .opaque)
    add("Trilu", TriluOperator.self, since: 14)
    return list.sorted { $0.name < $1.name }
  }()

  static let byName: [String: [OperatorEntry]] = Dictionary(grouping: entries, by: \.name)

  /// The supported operator names, sorted.
  public static var supported: [String] { Array(Set(entries.map(\.name))).sorted() }

  /// The entry for `opType` at `opset`; nil when the operator is unknown or not at that opset.
  public static func entry(_ opType: String, domain: String = "", opset: Int) -> OperatorEntry? {
    guard domain.isEmpty || domain == "ai.onnx" else { return nil }
    return byName[opType]?.first { $0.opsets.contains(opset) }
  }

  /// The operators that change the sampling lattice and can start a pattern (ConvTranspose and the
  /// resampling operators), sorted.
  public static var upsamplingOperators: [String] {
    Array(
      Set(
        entries.filter {
          if case .resampling = $0.role { return true }
          return $0.role == .window(transposed: true)
        }.map(\.name))
    ).sorted()
  }

  /// True for the operators whose output holds the input's values (Identity, Cast, Dropout): the
  /// audit looks through them to find a layer's constant weights.
  public static func passesValuesThrough(_ node: ModelNode) -> Bool {
    guard node.domain.isEmpty || node.domain == "ai.onnx" else { return false }
    return ["Identity", OperatorName.cast, "Dropout"].contains(node.opType)
  }

  /// The role of `node`'s operator at any opset (`.opaque` for unknown operators).
  public static func role(of node: ModelNode) -> OperatorRole {
    guard node.domain.isEmpty || node.domain == "ai.onnx" else { return .opaque }
    return byName[node.opType]?.first?.role ?? .opaque
  }

  /// The implementation of `node` at `opset`, checked: an unknown operator, an opset outside the
  /// operator's versions or an attribute the implementation does not read is refused in one line
  /// naming the file, node, operator, attribute and opset.
  static func prepare(node: ModelNode, path: String, opset: Int, inputTypes: [ModelDataType?] = [])
    throws(RuntimeError) -> any RuntimeOperator
  {
    var context = NodeContext(path: path, node: node, opsetVersion: opset)
    context.inputTypes = inputTypes
    guard let entry = entry(node.opType, domain: node.domain, opset: opset) else {
      if node.domain.isEmpty || node.domain == "ai.onnx", let known = byName[node.opType] {
        let ranges = known.map { "\($0.opsets.lowerBound)–\($0.opsets.upperBound)" }.joined(separator: ", ")
        throw .unsupportedAttribute(
          path: path, node: node.displayName, opType: node.opType,
          reason: "opset \(opset) is outside the versions the interpreter implements (opsets \(ranges))")
      }
      throw .unsupportedOperator(
        path: path, node: node.displayName, opType: node.opType, domain: node.domain, opset: opset,
        supported: supported)
    }
    let type = entry.implementation
    for key in node.attributes.keys.sorted() where !type.attributes.contains(key) {
      throw context.unsupported("attribute '\(key)' is not supported at opset \(opset)")
    }
    return try type.init(node: node, context: context)
  }

  /// The shapes of `node`'s outputs from what is known of its inputs (shape, and the value of
  /// constant inputs), as the interpreter would produce them; nil entries are unknown.
  ///
  /// Operators with a shape function answer from it (no kernel runs); others are evaluated on
  /// placeholder inputs when every input shape is known and small (at most `placeholderLimit` elements
  /// each, 4096 by default), so the answer is the interpreter's own. Never throws: an invalid node has
  /// unknown outputs.
  /// The most a node evaluated by `outputShapes` may allocate for its results (256 MiB).
  public static let shapeEvaluationBytes = 256 << 20

  public static func outputShapes(
    node: ModelNode, path: String, opset: Int, inputs: [ShapeFact], placeholderLimit: Int = 4096
  ) -> [[Int]?] {
    let unknown = [[Int]?](repeating: nil, count: node.outputs.count)
    guard let op = try? prepare(node: node, path: path, opset: opset, inputTypes: inputs.map(\.dataType))
    else { return unknown }
    var context = NodeContext(path: path, node: node, opsetVersion: opset)
    // Evaluating a node to learn its shapes allocates its results: bounded, so a constant input
    // asking for gigabytes (a `ConstantOfShape` of [2^30]) leaves the shape unknown instead.
    context.budget = MemoryBudget(bytes: shapeEvaluationBytes)
    if let shapes = try? op.outputShapes(inputs, context: context) {
      return (0..<node.outputs.count).map { $0 < shapes.count ? shapes[$0] : nil }
    }
    var values: [RuntimeValue?] = []
    for (index, fact) in inputs.enumerated() {
      if let value = fact.value {
        values.append(value)
      } else if let shape = fact.shape, let count = CheckedShape.count(shape), count <= placeholderLimit,
        type(of: op).placeholderInputs.contains(index)
      {
        values.append(
          fact.isInteger
            ? .int(IntTensor(shape: shape, repeating: 0)) : .float(Tensor(shape: shape, repeating: 0)))
      } else if index < node.inputs.count, node.inputs[index].isEmpty {
        values.append(nil)
      } else {
        return unknown
      }
    }
    guard let results = try? op.run(values, context: context) else { return unknown }
    return (0..<node.outputs.count).map { $0 < results.count ? results[$0].shape : nil }
  }
}

/// What the audit knows of one input when it asks the registry for shapes.
public struct ShapeFact: Sendable {
  /// The input's shape, when known.
  public var shape: [Int]?
  /// The input's value, when it is a constant (initializer, `Constant`, or folded).
  public var value: RuntimeValue?
  /// True when the input holds integers (indices, shapes).
  public var isInteger: Bool
  /// The element type the graph declares, when it does.
  public var dataType: ModelDataType?

  public init(
    shape: [Int]?, value: RuntimeValue? = nil, isInteger: Bool = false, dataType: ModelDataType? = nil
  ) {
    self.shape = shape ?? value?.shape
    self.value = value
    self.isInteger = isInteger || (value?.isInteger ?? false)
    self.dataType = dataType
  }

  /// An omitted optional input.
  public static let absent = ShapeFact(shape: nil)
}
