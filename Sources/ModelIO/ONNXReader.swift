import Foundation
import SwiftProtobuf

/// Reads ONNX models (`.onnx`, protobuf `ModelProto`) into a `ModelGraph`.
///
/// Supports opset 7 and later (which operator versions run is the operator registry's business); initializers as `raw_data` or typed fields, float32/float16/bfloat16/
/// float64 and integer types; external data files (`data_location = EXTERNAL`) relative to the model's
/// folder, refused when they resolve outside it; `Constant` nodes; inputs with fixed or symbolic
/// dimensions. Every size is checked against `ModelReadLimits` before memory is allocated, and no
/// input bytes make it trap.
public enum ONNXReader {
  /// Reads the model file at `path`; external data files are looked up beside it.
  ///
  /// O(file size) time; memory about twice the file size at peak (the protobuf's copy of the weights
  /// while they are decoded one tensor at a time).
  public static func read(contentsOf path: String, limits: ModelReadLimits = .standard) throws(ModelIOError)
    -> ModelGraph
  {
    let bytes = try FileBytes.read(path: path, limit: limits.maximumFileBytes)
    let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
    return try read(data: bytes, path: path, modelDirectory: directory, limits: limits)
  }

  /// Decodes the bytes of an ONNX model.
  ///
  /// `path` names the source in messages. `modelDirectory` is the folder external data files are
  /// resolved against; when nil, a tensor with external data is refused. This is the entry point for
  /// fuzzing: any bytes give a graph or a `ModelIOError`.
  public static func read(
    data: Data, path: String = "<memory>", modelDirectory: String? = nil, limits: ModelReadLimits = .standard
  ) throws(ModelIOError) -> ModelGraph {
    guard data.count <= limits.maximumFileBytes else {
      throw .tooLarge(path: path, what: "the file's \(data.count) bytes", limit: limits.maximumFileBytes)
    }
    var model: Onnx_ModelProto
    do {
      model = try Onnx_ModelProto(serializedBytes: data)
    } catch {
      throw .notONNX(path: path, reason: "the protobuf does not decode: \(error)")
    }
    guard model.hasGraph else { throw .notONNX(path: path, reason: "the model has no graph") }
    var context = ONNXDecodingContext(path: path, modelDirectory: modelDirectory, limits: limits)
    let opsets = try opsetVersions(model, path: path)
    let producer = [model.producerName, model.producerVersion].filter { !$0.isEmpty }.joined(separator: " ")
    let irVersion = Int(clamping: model.irVersion)
    var graphProto = model.graph
    model = Onnx_ModelProto()  // release the model's reference to the weights before decoding them
    var initializerProtos = graphProto.initializer
    graphProto.initializer = []
    guard graphProto.sparseInitializer.isEmpty else {
      throw .unsupportedNode(
        path: path, node: graphProto.name,
        reason: "sparse initializers are not supported; densify them before export")
    }

    var initializers: [String: ModelTensor] = [:]
    while let proto = initializerProtos.popLast() {
      let tensor = try context.tensor(proto, fallbackName: "initializer \(initializerProtos.count)")
      guard initializers[tensor.name] == nil else {
        throw .malformedGraph(path: path, reason: "two initializers are named '\(tensor.name)'")
      }
      initializers[tensor.name] = tensor
    }

    guard graphProto.node.count <= limits.maximumNodes else {
      throw .tooLarge(
        path: path, what: "the graph's \(graphProto.node.count) nodes", limit: limits.maximumNodes)
    }
    var nodes: [ModelNode] = []
    nodes.reserveCapacity(graphProto.node.count)
    var constants: [String: ModelTensor] = [:]
    var edges = 0
    for (position, proto) in graphProto.node.enumerated() {
      let width = max(proto.input.count, proto.output.count)
      guard width <= limits.maximumNodeInputs else {
        throw .tooLarge(
          path: path,
          what: "node \(position) ('\(proto.name)', \(proto.opType)) with \(width) inputs or outputs",
          limit: limits.maximumNodeInputs)
      }
      edges += proto.input.count + proto.output.count
      guard edges <= limits.maximumEdges else {
        throw .tooLarge(
          path: path, what: "the graph's inputs and outputs of nodes (\(edges) by node \(position))",
          limit: limits.maximumEdges)
      }
      let node = try context.node(proto, fileIndex: position)
      if node.opType == "Constant" && node.domain.isEmpty {
        let value = try context.constantValue(of: node)
        for output in node.outputs where !output.isEmpty { constants[output] = value }
      }
      nodes.append(node)
    }

    let declaredInputs = graphProto.input.map(valueInfo)
    let inputs = declaredInputs.filter { initializers[$0.name] == nil }
    var valueInfos: [String: ModelValueInfo] = [:]
    for proto in graphProto.valueInfo { valueInfos[proto.name] = valueInfo(proto) }
    let ordered = try TopologicalOrder.sort(
      nodes, available: Set(declaredInputs.map(\.name)).union(initializers.keys), path: path)

    return ModelGraph(
      path: path, name: graphProto.name,
      producer: producer, irVersion: irVersion, opsetVersion: opsets[""] ?? 0, opsets: opsets,
      nodes: ordered, initializers: initializers, constants: constants, inputs: inputs,
      outputs: graphProto.output.map(valueInfo), valueInfo: valueInfos)
  }

  /// The imported opsets by domain; refuses a default domain older than 7 or missing.
  static func opsetVersions(_ model: Onnx_ModelProto, path: String) throws(ModelIOError) -> [String: Int] {
    var opsets: [String: Int] = [:]
    for entry in model.opsetImport {
      let domain = entry.domain == "ai.onnx" ? "" : entry.domain
      opsets[domain] = Int(clamping: entry.version)
    }
    guard let version = opsets[""], version >= 7 else {
      throw .unsupportedOpset(path: path, version: opsets[""])
    }
    return opsets
  }

  /// A `ValueInfoProto` as a `ModelValueInfo` (non-tensor types keep nil type and shape).
  static func valueInfo(_ proto: Onnx_ValueInfoProto) -> ModelValueInfo {
    guard case .tensorType(let tensorType)? = proto.type.value else {
      return ModelValueInfo(name: proto.name, dataType: nil, dimensions: nil)
    }
    let dataType = tensorType.hasElemType ? ModelDataType(onnxCode: Int(tensorType.elemType)) : nil
    guard tensorType.hasShape else {
      return ModelValueInfo(name: proto.name, dataType: dataType, dimensions: nil)
    }
    let dimensions = tensorType.shape.dim.map { dimension -> ModelDimension in
      switch dimension.value {
      case .dimValue(let value)?:
        guard value >= 0, let extent = Int(exactly: value) else { return .unknown }
        return .fixed(extent)
      case .dimParam(let name)?:
        return name.isEmpty ? .unknown : .symbolic(name)
      case nil:
        return .unknown
      }
    }
    return ModelValueInfo(name: proto.name, dataType: dataType, dimensions: dimensions)
  }
}
