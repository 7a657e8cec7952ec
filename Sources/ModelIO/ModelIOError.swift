/// Why a model file (ONNX or safetensors) could not be read, or a graph could not be used as asked.
///
/// Every case carries the path it concerns (`"<memory>"` for byte buffers); `description` starts with
/// that path, says what is wrong and how to fix it.
public enum ModelIOError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The file could not be opened or read.
  case io(path: String, reason: String)
  /// The bytes are not a protobuf-encoded ONNX `ModelProto`.
  case notONNX(path: String, reason: String)
  /// The model imports no default-domain opset, or one older than 11.
  case unsupportedOpset(path: String, version: Int?)
  /// The graph's structure is inconsistent: a cycle, a value produced twice, an input nobody produces.
  case malformedGraph(path: String, reason: String)
  /// A node is malformed or uses a construct ModelIO does not read; `node` is its display name.
  case unsupportedNode(path: String, node: String, reason: String)
  /// An attribute is missing, of the wrong type or out of range.
  case badAttribute(path: String, node: String, attribute: String, reason: String)
  /// A tensor's declared shape, type and stored bytes disagree, or its type is not read.
  case badTensor(path: String, tensor: String, reason: String)
  /// A tensor's external data file is unsafe (outside the model's folder) or does not hold the data.
  case externalData(path: String, tensor: String, reason: String)
  /// Something is larger than `ModelReadLimits` allows.
  case tooLarge(path: String, what: String, limit: Int)
  /// The bytes are not a valid safetensors file.
  case notSafetensors(path: String, reason: String)
  /// No tensor of that name is stored in the file; `available` lists (some of) the names that are.
  case tensorNotFound(path: String, name: String, available: [String])
  /// The `--input-shape` override does not fit the graph's inputs.
  case inputShape(path: String, reason: String)

  /// The path (or `"<memory>"`) the error concerns.
  public var path: String {
    switch self {
    case .io(let path, _), .notONNX(let path, _), .unsupportedOpset(let path, _),
      .malformedGraph(let path, _), .unsupportedNode(let path, _, _), .badAttribute(let path, _, _, _),
      .badTensor(let path, _, _), .externalData(let path, _, _), .tooLarge(let path, _, _),
      .notSafetensors(let path, _), .tensorNotFound(let path, _, _), .inputShape(let path, _):
      return path
    }
  }

  public var description: String {
    switch self {
    case .io(let path, let reason):
      return "\(path): \(reason)"
    case .notONNX(let path, let reason):
      return
        "\(path): not an ONNX model (\(reason)); export it with torch.onnx.export or check the file is complete"
    case .unsupportedOpset(let path, let version):
      let found = version.map { "opset \($0)" } ?? "no default-domain opset"
      return
        "\(path): the model declares \(found); checkerscope reads opset 7 and later (re-export with opset_version=17, or convert with onnx.version_converter)"
    case .malformedGraph(let path, let reason):
      return "\(path): malformed ONNX graph: \(reason); check the model with onnx.checker.check_model"
    case .unsupportedNode(let path, let node, let reason):
      return "\(path): node '\(node)': \(reason)"
    case .badAttribute(let path, let node, let attribute, let reason):
      return "\(path): node '\(node)': attribute '\(attribute)' \(reason)"
    case .badTensor(let path, let tensor, let reason):
      return "\(path): tensor '\(tensor)': \(reason)"
    case .externalData(let path, let tensor, let reason):
      return "\(path): tensor '\(tensor)': external data \(reason)"
    case .tooLarge(let path, let what, let limit):
      return
        "\(path): \(what) exceeds the limit of \(limit); raise it in ModelReadLimits if the file is trusted"
    case .notSafetensors(let path, let reason):
      return "\(path): not a valid safetensors file: \(reason); save it with safetensors.torch.save_file"
    case .tensorNotFound(let path, let name, let available):
      let shown = available.prefix(8).joined(separator: ", ")
      let more = available.count > 8 ? ", … (\(available.count) in all)" : ""
      return "\(path): no tensor named '\(name)'; the file holds: \(shown.isEmpty ? "nothing" : shown + more)"
    case .inputShape(let path, let reason):
      return "\(path): --input-shape: \(reason)"
    }
  }
}
