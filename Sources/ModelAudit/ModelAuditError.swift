import ModelIO
import OverlapAnalysis

/// Why a model could not be audited.
///
/// `description` starts with the model's path and names the node or tensor concerned.
public enum ModelAuditError: Error, Sendable, Equatable, CustomStringConvertible {
  /// Reading the model or weights failed (the message already starts with the path).
  case model(ModelIOError)
  /// A listed node cannot be analysed: missing weights of the wrong rank, impossible parameters…
  case unsupportedLayer(path: String, node: String, reason: String)
  /// The overlap analysis refused the layer's parameters.
  case overlap(path: String, node: String, error: OverlapError)
  /// A `--layer 'TENSOR:k=…'` description is malformed.
  case layerSpec(spec: String, reason: String)
  /// A model baseline file is not what `--write-baseline` writes (`reason` names the field).
  case baseline(path: String, reason: String)

  public var description: String {
    switch self {
    case .model(let error):
      return error.description
    case .unsupportedLayer(let path, let node, let reason):
      return "\(path): node '\(node)': \(reason)"
    case .overlap(let path, let node, let error):
      return "\(path): node '\(node)': \(error.description)"
    case .layerSpec(let spec, let reason):
      return
        "--layer '\(spec)': \(reason); write TENSOR:k=3,s=2,p=1,op=1 (keys k s p pb pe d op, values 3 or 3x5)"
    case .baseline(let path, let reason):
      return "\(path): not a model baseline: \(reason); write one with audit MODEL --write-baseline FILE"
    }
  }
}
