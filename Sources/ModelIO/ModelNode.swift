/// One operator node of a `ModelGraph`.
public struct ModelNode: Sendable, Equatable {
  /// The node's name as stored; may be empty.
  public var name: String
  /// The operator (`"ConvTranspose"`, `"Resize"`…).
  public var opType: String
  /// The operator domain; `""` is the default ONNX domain (`"ai.onnx"` is normalised to `""`).
  public var domain: String
  /// The input value names in order; `""` marks an omitted optional input.
  public var inputs: [String]
  /// The output value names in order; `""` marks an omitted optional output.
  public var outputs: [String]
  /// The attributes by name.
  public var attributes: [String: ModelAttribute]
  /// The node's position in the file's node list (before any reordering), used for unnamed nodes.
  public var fileIndex: Int
  /// The node's `metadata_props` (the first value of a repeated key); PyTorch's exporter writes the
  /// module path, class and source line here (`pkg.torch.onnx.name_scopes`, …; `PyTorchOrigin`).
  public var metadata: [String: String] = [:]

  /// Wraps the fields.
  public init(
    name: String, opType: String, domain: String = "", inputs: [String], outputs: [String],
    attributes: [String: ModelAttribute] = [:], fileIndex: Int
  ) {
    self.name = name
    self.opType = opType
    self.domain = domain
    self.inputs = inputs
    self.outputs = outputs
    self.attributes = attributes
    self.fileIndex = fileIndex
  }

  /// The name used in messages and reports: the stored name, or `opType_fileIndex` when it is empty.
  public var displayName: String { name.isEmpty ? "\(opType)_\(fileIndex)" : name }

  /// The input at `index` when present and not omitted.
  public func input(_ index: Int) -> String? {
    guard inputs.indices.contains(index), !inputs[index].isEmpty else { return nil }
    return inputs[index]
  }
}
