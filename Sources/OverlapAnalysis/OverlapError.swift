import CheckerscopeCore
import TransposedConv

/// Why an overlap, gain, gradient or remedy map cannot be computed, or why a layer cannot be read.
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
  /// A layer's JSON (`LayerConfig.init(json:)`) is not the form `LayerConfig.json` writes.
  case invalidLayerJSON(reason: String)
  /// Any other invalid argument, with its message.
  case invalidArgument(String)
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
    case .invalidLayerJSON(let reason):
      return
        "layer: \(reason); write a layer as {\"kernel\": [3], \"stride\": [2], \"padding\": [[1, 1]], \"outputPadding\": [0], \"dilation\": [1]} with one entry per axis"
    case .invalidArgument(let message): return message
    case .resource(let error): return error.description
    }
  }
}
