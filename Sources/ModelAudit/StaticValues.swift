import ModelIO

/// What is known of a graph's values before it runs: the shapes propagated from its fixed input shape
/// through the operator registry, and the small integer values (shapes, sizes, axes) its constants and
/// folded shape subgraphs hold. The probe predicts its spatial trace from these without running the
/// model (`Probe.predictOutput`).
public struct StaticValues: Sendable {
  /// The shape of every value the registry could decide.
  public var shapes: [String: [Int]]
  /// The values of the integer constants (initializers, `Constant` outputs, folded shape subgraphs)
  /// with at most `maximumIntegerElements` elements.
  public var integers: [String: [Int]]

  /// Integer values longer than this are left out (shape subgraphs hold a handful of numbers).
  public static let maximumIntegerElements = 64
}

extension ModelAuditor {
  /// The values of `graph` (shape already applied with `ModelGraph.withInputShape`) known before a run,
  /// with shape subgraphs folded (`ConstantFolding`). Operators without a shape function are evaluated
  /// on placeholder inputs of at most `placeholderLimit` elements (larger than the audit's 4096, so a
  /// `Slice` or `Split` of a whole feature map is decided too). Declared `value_info` shapes are not
  /// trusted. Never fails: unknown stays unknown.
  public static func staticValues(of graph: ModelGraph, placeholderLimit: Int = 1 << 20) -> StaticValues {
    let folded = ConstantFolding.fold(graph, trustDeclared: false, placeholderLimit: placeholderLimit)
    let shapes = ShapeInference(graph: folded, trustDeclared: false, placeholderLimit: placeholderLimit)
      .shapes
    var integers: [String: [Int]] = [:]
    for (name, tensor) in folded.initializers.merging(folded.constants, uniquingKeysWith: { a, _ in a }) {
      if let values = tensor.int64Values, values.count <= StaticValues.maximumIntegerElements {
        integers[name] = values.map { Int(clamping: $0) }
      }
    }
    return StaticValues(shapes: shapes, integers: integers)
  }
}
