/// A node attribute's typed value.
///
/// Integers are kept as `Int64` as ONNX stores them; `ModelNode`'s accessors convert to `Int` with
/// range checks.
public enum ModelAttribute: Sendable, Equatable {
  case int(Int64)
  case float(Float)
  case string(String)
  case tensor(ModelTensor)
  case ints([Int64])
  case floats([Float])
  case strings([String])
  /// A subgraph (`If`, `Loop`, `Scan` bodies): not read; nodes carrying one are for the caller to refuse.
  case graph
  /// Any other attribute type (sparse tensors, type protos, lists of tensors or graphs): not read.
  case unsupported(String)

  /// The type's name as ONNX spells it, for messages.
  public var typeName: String {
    switch self {
    case .int: return "INT"
    case .float: return "FLOAT"
    case .string: return "STRING"
    case .tensor: return "TENSOR"
    case .ints: return "INTS"
    case .floats: return "FLOATS"
    case .strings: return "STRINGS"
    case .graph: return "GRAPH"
    case .unsupported(let name): return name
    }
  }
}
