import Foundation

/// Reads ONNX models (`.onnx`, protobuf `ModelProto`) into a `ModelGraph`.
///
/// Supports opset 7 and later (which operator versions run is the operator registry's business); initializers as `raw_data` or typed fields, float32/float16/bfloat16/
/// float64 and integer types; external data files (`data_location = EXTERNAL`) relative to the model's
/// folder, refused when they resolve outside it; `Constant` nodes; inputs with fixed or symbolic
/// dimensions. Every size is checked against `ModelReadLimits` before memory is allocated, and no
/// input bytes make it trap.
public enum ONNXReader {
  /// With `lazyWeights`, float32 `raw_data` (or external data) of at least this many bytes (64 KiB)
  /// is kept as the file's bytes and decoded when used (`ModelTensor.Storage.float32Bytes`);
  /// smaller tensors are decoded while reading.
  public static let lazyFloat32Bytes = 1 << 16

  /// Reads the model file at `path`; external data files are looked up beside it.
  ///
  /// O(file size) time; memory about the file size (memory-mapped) plus the decoded tensors: `raw_data`
  /// is decoded straight from the file's bytes, one initializer at a time. With `lazyWeights`
  /// (for a caller that runs the network once and frees each weight after its layer: `probe`),
  /// large float32 tensors stay slices of the mapping until used (`lazyFloat32Bytes`).
  public static func read(
    contentsOf path: String, limits: ModelReadLimits = .standard, lazyWeights: Bool = false
  ) throws(ModelIOError) -> ModelGraph {
    let bytes = try FileBytes.read(path: path, limit: limits.maximumFileBytes)
    let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
    return try read(
      data: bytes, path: path, modelDirectory: directory, limits: limits, lazyWeights: lazyWeights)
  }

  /// Decodes the bytes of an ONNX model.
  ///
  /// `path` names the source in messages. `modelDirectory` is the folder external data files are
  /// resolved against; when nil, a tensor with external data is refused. This is the entry point for
  /// fuzzing: any bytes give a graph or a `ModelIOError`. `lazyWeights`: as for
  /// `read(contentsOf:limits:lazyWeights:)` (the lazy tensors keep `data` alive), for float32
  /// tensors of `lazyBytes` or more (the fuzz targets lower it: their inputs are smaller than the
  /// default).
  public static func read(
    data: Data, path: String = "<memory>", modelDirectory: String? = nil, limits: ModelReadLimits = .standard,
    lazyWeights: Bool = false, lazyBytes: Int = lazyFloat32Bytes
  ) throws(ModelIOError) -> ModelGraph {
    guard data.count <= limits.maximumFileBytes else {
      throw .tooLarge(path: path, what: "the file's \(data.count) bytes", limit: limits.maximumFileBytes)
    }
    let result = data.withUnsafeBytes { buffer in
      Result { () throws(ModelIOError) -> ModelGraph in
        let source = lazyWeights ? buffer.baseAddress.map { (data: data, base: $0) } : nil
        return try decode(
          buffer, path: path, modelDirectory: modelDirectory, limits: limits, source: source,
          lazyBytes: lazyBytes)
      }
    }
    return try result.get()
  }

  /// Decodes a `ModelProto` from `bytes`: the model's fields first, then each initializer and node
  /// from its byte range, one at a time.
  static func decode(
    _ bytes: UnsafeRawBufferPointer, path: String, modelDirectory: String?, limits: ModelReadLimits,
    source: (data: Data, base: UnsafeRawPointer)? = nil, lazyBytes: Int = lazyFloat32Bytes
  ) throws(ModelIOError) -> ModelGraph {
    var cursor = try ProtobufCursor(
      bytes: bytes, range: 0..<bytes.count, path: path, message: "ModelProto", depth: 1)
    let model = try ONNXWire.model(&cursor)
    guard let graphProto = model.graph else { throw .notONNX(path: path, reason: "the model has no graph") }
    var context = ONNXDecodingContext(
      path: path, modelDirectory: modelDirectory, limits: limits, source: source, lazyBytes: lazyBytes)
    let opsets = try opsetVersions(model.opsets, path: path)
    let producer = [model.producerName, model.producerVersion].filter { !$0.isEmpty }.joined(separator: " ")
    let irVersion = Int(clamping: model.irVersion)
    guard graphProto.sparseInitializerCount == 0 else {
      throw .unsupportedNode(
        path: path, node: graphProto.name,
        reason: "sparse initializers are not supported; densify them before export")
    }

    // Graph messages sit at depth 2, so their nodes and initializers at depth 3.
    func message(_ range: Range<Int>, _ name: String) throws(ModelIOError) -> ProtobufCursor {
      try ProtobufCursor(bytes: bytes, range: range, path: path, message: name, depth: 3)
    }
    var initializers: [String: ModelTensor] = [:]
    var initializerRanges = graphProto.initializers
    // Their messages' bytes, about the size of the arrays about to be decoded (ranges in one file).
    PageAdvice.prepareHeap(forArraysOf: initializerRanges.reduce(0) { $0 + $1.count })
    while let range = initializerRanges.popLast() {
      var tensorCursor = try message(range, "TensorProto")
      let proto = try ONNXWire.tensor(&tensorCursor)
      let tensor = try context.tensor(proto, fallbackName: "initializer \(initializerRanges.count)")
      guard initializers[tensor.name] == nil else {
        throw .malformedGraph(path: path, reason: "two initializers are named '\(tensor.name)'")
      }
      initializers[tensor.name] = tensor
    }

    guard graphProto.nodes.count <= limits.maximumNodes else {
      throw .tooLarge(
        path: path, what: "the graph's \(graphProto.nodes.count) nodes", limit: limits.maximumNodes)
    }
    var nodes: [ModelNode] = []
    nodes.reserveCapacity(graphProto.nodes.count)
    var constants: [String: ModelTensor] = [:]
    var edges = 0
    for (position, range) in graphProto.nodes.enumerated() {
      var nodeCursor = try message(range, "NodeProto")
      let proto = try ONNXWire.node(&nodeCursor)
      let width = max(proto.inputs.count, proto.outputs.count)
      guard width <= limits.maximumNodeInputs else {
        throw .tooLarge(
          path: path,
          what: "node \(position) ('\(proto.name)', \(proto.opType)) with \(width) inputs or outputs",
          limit: limits.maximumNodeInputs)
      }
      edges += proto.inputs.count + proto.outputs.count
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

    let declaredInputs = graphProto.inputs.map(valueInfo)
    let inputs = declaredInputs.filter { initializers[$0.name] == nil }
    var valueInfos: [String: ModelValueInfo] = [:]
    for proto in graphProto.valueInfo { valueInfos[proto.name] = valueInfo(proto) }
    let ordered = try TopologicalOrder.sort(
      nodes, available: Set(declaredInputs.map(\.name)).union(initializers.keys), path: path)

    return ModelGraph(
      path: path, name: graphProto.name,
      producer: producer, irVersion: irVersion, opsetVersion: opsets[""] ?? 0, opsets: opsets,
      nodes: ordered, initializers: initializers, constants: constants, inputs: inputs,
      outputs: graphProto.outputs.map(valueInfo), valueInfo: valueInfos)
  }

  /// The imported opsets by domain; refuses a default domain older than 7 or missing.
  static func opsetVersions(_ entries: [(domain: String, version: Int64)], path: String) throws(ModelIOError)
    -> [String: Int]
  {
    var opsets: [String: Int] = [:]
    for entry in entries {
      let domain = entry.domain == "ai.onnx" ? "" : entry.domain
      opsets[domain] = Int(clamping: entry.version)
    }
    guard let version = opsets[""], version >= 7 else {
      throw .unsupportedOpset(path: path, version: opsets[""])
    }
    return opsets
  }

  /// A `ValueInfoProto` as a `ModelValueInfo` (non-tensor types keep nil type and shape).
  static func valueInfo(_ proto: ONNXValueInfoMessage) -> ModelValueInfo {
    guard case .tensor(let elementType, let shape) = proto.type else {
      return ModelValueInfo(name: proto.name, dataType: nil, dimensions: nil)
    }
    let dataType = elementType.map { ModelDataType(onnxCode: Int($0)) }
    guard let shape else {
      return ModelValueInfo(name: proto.name, dataType: dataType, dimensions: nil)
    }
    let dimensions = shape.map { dimension -> ModelDimension in
      switch dimension {
      case .value(let value):
        guard value >= 0, let extent = Int(exactly: value) else { return .unknown }
        return .fixed(extent)
      case .parameter(let name):
        return name.isEmpty ? .unknown : .symbolic(name)
      case .unset:
        return .unknown
      }
    }
    return ModelValueInfo(name: proto.name, dataType: dataType, dimensions: dimensions)
  }
}
