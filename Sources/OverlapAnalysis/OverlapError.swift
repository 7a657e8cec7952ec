import CheckerscopeCore
import TransposedConv

/// Why an overlap, gain, gradient or remedy map cannot be computed, or why JSON text cannot be read.
///
/// Each case carries its context; `description` says what is wrong and how to fix it.
public enum OverlapError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A parameter broke one of PyTorch's rules (kernel, stride, padding, output padding, sizes).
  case parameters(ConvTransposeError)
  /// The number of spatial axes is not 1, 2 or 3.
  case unsupportedDims(Int)
  /// A per-axis list has the wrong number of entries for the map's axes.
  case axisCountMismatch(what: String, expected: Int, actual: Int)
  /// A layer spec such as `k=3,s=2,p=1` could not be read.
  case invalidLayerSpec(spec: String, reason: String)
  /// A layer stack was empty.
  case emptyStack
  /// A weight tensor does not have the shape the map needs.
  case weightShape(expected: String, actual: [Int])
  /// A weight holds a value that is not finite.
  case nonFiniteWeight(index: Int)
  /// The map would hold more positions than the limit allows.
  case mapTooLarge(positions: Int, limit: Int)
  /// JSON text is malformed, or a value cannot be written as JSON (NaN or infinity).
  case json(JSONError)
  /// Any other invalid argument, with its message.
  case invalidArgument(String)
  /// A sweep value list such as `1...8,16` could not be read.
  case invalidValueList(text: String, reason: String)
  /// A sweep, shard or baseline document is not what the sweep commands write.
  case invalidSweepDocument(reason: String)
  /// Shard documents cannot be merged (`path` names the offending file when there is one).
  case mergeConflict(path: String?, reason: String)
  /// A size overflows, or the job needs more memory or work than allowed (see `MemoryBudget`).
  case resource(CoreError)

  public var description: String {
    switch self {
    case .parameters(let error): return error.description
    case .unsupportedDims(let dims):
      return "maps have 1, 2 or 3 spatial axes, got \(dims); use --dims 1, 2 or 3"
    case .axisCountMismatch(let what, let expected, let actual):
      return
        "\(what) gives \(actual) per-axis value\(actual == 1 ? "" : "s") but the map has \(expected) axis\(expected == 1 ? "" : "es"); give one value or one per axis"
    case .invalidLayerSpec(let spec, let reason):
      return "layer spec '\(spec)': \(reason); write it like k=3,s=2,p=1,d=1,op=0 (per-axis values like 3x5)"
    case .emptyStack: return "a layer stack needs at least one layer"
    case .weightShape(let expected, let actual):
      return "the weight has shape \(actual) but \(expected) is needed"
    case .nonFiniteWeight(let index): return "weight element \(index) is not a finite number"
    case .mapTooLarge(let positions, let limit):
      return "the map would have \(positions) positions, more than the limit of \(limit); use a smaller input"
    case .json(let error): return error.description
    case .invalidArgument(let message): return message
    case .invalidValueList(let text, let reason):
      return
        "value list '\(text)': \(reason); write values like 1...8, 1..<9, 1,2,4 or 1...4,8 (per-axis 3x5)"
    case .invalidSweepDocument(let reason):
      return "not a checkerscope grid document: \(reason); regenerate it with checkerscope grid"
    case .mergeConflict(let path, let reason):
      return "\(path.map { "\($0): " } ?? "")\(reason); merge exactly one file per shard of the same sweep"
    case .resource(let error): return error.description
    }
  }
}
