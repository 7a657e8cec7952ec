import Foundation

/// The state of one ONNX read: where it comes from, the limits, and the tensor bytes decoded so far.
struct ONNXDecodingContext {
  let path: String
  let modelDirectory: String?
  let limits: ModelReadLimits
  /// Bytes of decoded tensors so far, checked against `limits.maximumTotalTensorBytes`.
  var decodedBytes = 0
  /// The model's bytes as `Data` and the address its buffer starts at, when the caller has them:
  /// a large float32 `raw_data` then stays a slice of them (`ModelTensor.Storage.float32Bytes`).
  let source: (data: Data, base: UnsafeRawPointer)?
  /// The smallest float32 tensor, in bytes, kept as a slice when there is a source.
  let lazyBytes: Int

  init(
    path: String, modelDirectory: String?, limits: ModelReadLimits,
    source: (data: Data, base: UnsafeRawPointer)? = nil, lazyBytes: Int = ONNXReader.lazyFloat32Bytes
  ) {
    self.path = path
    self.modelDirectory = modelDirectory
    self.limits = limits
    self.source = source
    self.lazyBytes = lazyBytes
  }

  /// `raw` (a view into the model's bytes) as a slice of `source`, or nil without a source or
  /// when `raw` lies outside it.
  func sourceSlice(_ raw: UnsafeRawBufferPointer) -> Data? {
    guard let source, let start = raw.baseAddress else { return nil }
    let offset = source.base.distance(to: start)
    guard offset >= 0, raw.count <= source.data.count - offset else { return nil }
    let first = source.data.startIndex + offset
    return source.data[first..<(first + raw.count)]
  }

  /// A `TensorProto` decoded into a `ModelTensor`.
  mutating func tensor(_ proto: ONNXTensorMessage, fallbackName: String) throws(ModelIOError) -> ModelTensor {
    let name = proto.name.isEmpty ? fallbackName : proto.name
    guard !proto.hasSegment else {
      throw .badTensor(
        path: path, tensor: name, reason: "is segmented, which is not supported; re-save the model")
    }
    let shape = try checkedShape(proto.dims, tensor: name)
    let count = shape.reduce(1, *)
    let dataType = ModelDataType(onnxCode: Int(proto.dataType))
    if dataType == .string || dataType.byteSize == nil {
      return ModelTensor(name: name, dataType: dataType, shape: shape, storage: .undecoded)
    }
    let decodedSize = dataType == .double ? 8 : (dataType.isFloatingPoint ? 4 : 8)
    let (bytes, overflow) = count.multipliedReportingOverflow(by: decodedSize)
    guard !overflow, decodedBytes <= limits.maximumTotalTensorBytes - bytes else {
      throw .tooLarge(
        path: path, what: "the decoded tensors (at '\(name)')", limit: limits.maximumTotalTensorBytes)
    }
    decodedBytes += bytes
    let storage: ModelTensor.Storage
    let lazy = source != nil && dataType == .float && bytes >= lazyBytes
    if proto.isExternal {
      let raw = try externalBytes(proto, tensor: name, dataType: dataType, count: count)
      if lazy && raw.count == bytes {
        storage = .float32Bytes(raw)
      } else {
        storage = try RawElements.decode(raw, as: dataType, count: count, path: path, tensor: name)
      }
    } else if let rawData = proto.rawData {
      if lazy && rawData.count == bytes, let slice = sourceSlice(rawData) {
        storage = .float32Bytes(slice)
      } else {
        storage = try RawElements.decode(rawData, as: dataType, count: count, path: path, tensor: name)
      }
    } else {
      storage = try TypedElements.decode(proto, as: dataType, count: count, path: path, tensor: name)
    }
    return ModelTensor(name: name, dataType: dataType, shape: shape, storage: storage)
  }

  /// Dims as a shape: each at least 0, the element count within the limit (overflow-safe).
  func checkedShape(_ dims: [Int64], tensor: String) throws(ModelIOError) -> [Int] {
    guard dims.count <= 64 else {
      throw .badTensor(path: path, tensor: tensor, reason: "has \(dims.count) axes; at most 64 are read")
    }
    var shape: [Int] = []
    var count = 1
    // The product of the non-zero extents: an empty tensor's extents still enter stride products.
    var span = 1
    for dim in dims {
      guard dim >= 0, let extent = Int(exactly: dim) else {
        throw .badTensor(
          path: path, tensor: tensor, reason: "has a negative or huge extent \(dim) in its dims \(dims)")
      }
      let (next, overflow) = count.multipliedReportingOverflow(by: extent)
      let (nextSpan, spanOverflow) = span.multipliedReportingOverflow(by: max(extent, 1))
      guard !overflow, !spanOverflow, next <= limits.maximumTensorElements,
        extent <= limits.maximumTensorElements
      else {
        throw .tooLarge(
          path: path, what: "tensor '\(tensor)' with dims \(dims)", limit: limits.maximumTensorElements)
      }
      count = next
      span = nextSpan
      shape.append(extent)
    }
    return shape
  }

  /// A `NodeProto` as a `ModelNode`, its attributes decoded.
  mutating func node(_ proto: ONNXNodeMessage, fileIndex: Int) throws(ModelIOError) -> ModelNode {
    var node = ModelNode(
      name: proto.name, opType: proto.opType, domain: proto.domain == "ai.onnx" ? "" : proto.domain,
      inputs: proto.inputs, outputs: proto.outputs, fileIndex: fileIndex)
    for entry in proto.metadata where node.metadata[entry.key] == nil {
      node.metadata[entry.key] = entry.value
    }
    guard !proto.opType.isEmpty else {
      throw .unsupportedNode(path: path, node: node.displayName, reason: "has no op_type")
    }
    for attribute in proto.attributes {
      guard node.attributes[attribute.name] == nil else {
        throw .badAttribute(
          path: path, node: node.displayName, attribute: attribute.name, reason: "is given twice")
      }
      node.attributes[attribute.name] = try value(of: attribute, node: node.displayName)
    }
    return node
  }

  /// An attribute's typed value; the type comes from `type`, or from the field set in old files.
  mutating func value(of attribute: ONNXAttributeMessage, node: String) throws(ModelIOError) -> ModelAttribute
  {
    guard attribute.refAttrName.isEmpty else {
      throw .badAttribute(
        path: path, node: node, attribute: attribute.name,
        reason: "refers to a function attribute ('\(attribute.refAttrName)'), which is not supported")
    }
    switch attribute.type ?? Self.impliedType(of: attribute) {
    case 1: return .float(attribute.f ?? 0)
    case 2: return .int(attribute.i ?? 0)
    case 3: return .string(attribute.s ?? "")
    case 4:
      return .tensor(
        try tensor(attribute.t ?? ONNXTensorMessage(), fallbackName: "\(node).\(attribute.name)"))
    case 5: return .graph
    case 6: return .floats(attribute.floats)
    case 7: return .ints(attribute.ints)
    case 8: return .strings(attribute.strings)
    case let other: return .unsupported(Self.attributeTypeNames[Int(other)] ?? "UNDEFINED")
    }
  }

  /// The `AttributeType` of an attribute without a `type` field (files from before IR version 2): the
  /// first value field set, in ONNX's order, else UNDEFINED (0).
  static func impliedType(of attribute: ONNXAttributeMessage) -> Int32 {
    if attribute.f != nil { return 1 }
    if attribute.i != nil { return 2 }
    if attribute.s != nil { return 3 }
    if attribute.t != nil { return 4 }
    if attribute.hasGraph { return 5 }
    if !attribute.floats.isEmpty { return 6 }
    if !attribute.ints.isEmpty { return 7 }
    if !attribute.strings.isEmpty { return 8 }
    return 0
  }

  /// The names of the attribute types the reader keeps as `.unsupported`, by `AttributeType` number.
  static let attributeTypeNames: [Int: String] = [
    0: "UNDEFINED", 9: "TENSORS", 10: "GRAPHS", 11: "SPARSETENSOR", 12: "SPARSETENSORS", 13: "TYPEPROTO",
    14: "TYPEPROTOS",
  ]

  /// The value a `Constant` node produces, from whichever of its value attributes is set.
  func constantValue(of node: ModelNode) throws(ModelIOError) -> ModelTensor {
    let name = node.outputs.first ?? node.displayName
    guard node.attributes.count == 1, let (key, attribute) = node.attributes.first else {
      throw .unsupportedNode(
        path: path, node: node.displayName, reason: "a Constant node needs exactly one value attribute")
    }
    switch (key, attribute) {
    case ("value", .tensor(var tensor)):
      tensor.name = name
      return tensor
    case ("value_float", .float(let value)):
      return ModelTensor(name: name, dataType: .float, shape: [], storage: .float([value]))
    case ("value_floats", .floats(let values)):
      return ModelTensor(name: name, dataType: .float, shape: [values.count], storage: .float(values))
    case ("value_int", .int(let value)):
      return ModelTensor(name: name, dataType: .int64, shape: [], storage: .int64([value]))
    case ("value_ints", .ints(let values)):
      return ModelTensor(name: name, dataType: .int64, shape: [values.count], storage: .int64(values))
    case ("value_string", .string):
      return ModelTensor(name: name, dataType: .string, shape: [], storage: .undecoded)
    case ("value_strings", .strings(let values)):
      return ModelTensor(name: name, dataType: .string, shape: [values.count], storage: .undecoded)
    default:
      throw .unsupportedNode(
        path: path, node: node.displayName,
        reason:
          "Constant attribute '\(key)' of type \(attribute.typeName) is not supported (sparse constants are not)"
      )
    }
  }
}
