import CheckerscopeCore
import OverlapAnalysis

/// Why a sweep, a value list, a grid document or a baseline cannot be read, run, merged or
/// written.
///
/// Each case carries its context; `description` says what is wrong and how to fix it. Errors of
/// the layers a sweep computes (`OverlapError`) and of JSON text (`JSONError`) pass through
/// wrapped, with their own descriptions.
public enum SweepError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A value list such as `1...8,16` could not be read, or does not fit the sweep.
  case invalidValueList(text: String, reason: String)
  /// A sweep, shard or baseline document is not what the sweep commands write.
  case invalidSweepDocument(reason: String)
  /// Shard documents cannot be merged (`path` names the offending file when there is one).
  case mergeConflict(path: String?, reason: String)
  /// Any other invalid argument (a tolerance, an input size, too many configurations), with its
  /// message.
  case invalidArgument(String)
  /// A layer or map error: the axis count, per-axis values, PyTorch's rules, a map too large.
  case overlap(OverlapError)
  /// JSON text is malformed, or a value cannot be written as JSON (NaN or infinity).
  case json(JSONError)

  public var description: String {
    switch self {
    case .invalidValueList(let text, let reason):
      return
        "value list '\(text)': \(reason); write values like 1...8, 1..<9, 1,2,4 or 1...4,8 (per-axis 3x5)"
    case .invalidSweepDocument(let reason):
      return "not a checkerscope grid document: \(reason); regenerate it with checkerscope grid"
    case .mergeConflict(let path, let reason):
      return "\(path.map { "\($0): " } ?? "")\(reason); merge exactly one file per shard of the same sweep"
    case .invalidArgument(let message): return message
    case .overlap(let error): return error.description
    case .json(let error): return error.description
    }
  }
}
