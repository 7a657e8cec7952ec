/// A model's computation graph as checkerscope reads it: nodes in topological order, constant
/// tensors, declared inputs and outputs.
///
/// This is the one model representation of checkerscope; ONNX details (protobuf types, external
/// data, `ai.onnx` domain spelling) stop at the reader. The audit and the interpreter read it.
public struct ModelGraph: Sendable, Equatable {
  /// Where the model came from (the path as given, or `"<memory>"`), for messages.
  public var path: String
  /// The graph's name.
  public var name: String
  /// `producer_name producer_version` as stored (e.g. `"pytorch 2.5.0"`).
  public var producer: String
  /// The ONNX IR version.
  public var irVersion: Int
  /// The default-domain (`ai.onnx`) opset version, at least 11.
  public var opsetVersion: Int
  /// Every imported opset by domain (`""` for the default domain).
  public var opsets: [String: Int]
  /// The nodes in a topological order (the file's order when it already is one), `Constant` nodes included.
  public var nodes: [ModelNode]
  /// Initializers by name.
  public var initializers: [String: ModelTensor]
  /// The values of `Constant` nodes by their output name.
  public var constants: [String: ModelTensor]
  /// The graph inputs that are not initializers, in declared order, with any `--input-shape` applied.
  public var inputs: [ModelValueInfo]
  /// The graph outputs in declared order.
  public var outputs: [ModelValueInfo]
  /// Declared shapes of intermediate values (`value_info`), by name.
  public var valueInfo: [String: ModelValueInfo]

  /// Wraps the fields; the reader checks them, a caller building a graph by hand must keep `nodes`
  /// in topological order.
  public init(
    path: String, name: String = "", producer: String = "", irVersion: Int = 0, opsetVersion: Int,
    opsets: [String: Int] = [:], nodes: [ModelNode], initializers: [String: ModelTensor],
    constants: [String: ModelTensor] = [:], inputs: [ModelValueInfo], outputs: [ModelValueInfo],
    valueInfo: [String: ModelValueInfo] = [:]
  ) {
    self.path = path
    self.name = name
    self.producer = producer
    self.irVersion = irVersion
    self.opsetVersion = opsetVersion
    self.opsets = opsets.isEmpty ? ["": opsetVersion] : opsets
    self.nodes = nodes
    self.initializers = initializers
    self.constants = constants
    self.inputs = inputs
    self.outputs = outputs
    self.valueInfo = valueInfo
  }

  /// The constant tensor named `name`: an initializer or a `Constant` node's output; nil otherwise.
  public func constant(_ name: String) -> ModelTensor? {
    initializers[name] ?? constants[name]
  }

  /// The index in `nodes` of the node producing `value`; nil for graph inputs and constants
  /// given as initializers.
  public func producerIndex(of value: String) -> Int? {
    nodes.firstIndex { $0.outputs.contains(value) }
  }

  /// The indices in `nodes` of the nodes reading `value`, in order.
  public func consumerIndices(of value: String) -> [Int] {
    nodes.indices.filter { nodes[$0].inputs.contains(value) }
  }

  /// The declared shape of a value (graph input, output or `value_info`), if any.
  public func declaredInfo(of value: String) -> ModelValueInfo? {
    if let input = inputs.first(where: { $0.name == value }) { return input }
    if let output = outputs.first(where: { $0.name == value }) { return output }
    return valueInfo[value]
  }
}
