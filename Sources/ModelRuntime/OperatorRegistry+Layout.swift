/// How an operator moves tensor axes: what the probe's layout trace (`SpatialTrace+Layout` in
/// ModelProbe) needs to know of an operator beyond its `OperatorRole`, kept here so that no
/// operator name is written outside the registry.
public struct OperatorLayout: Sendable, Equatable {
  /// The trace rule that applies.
  public enum Kind: Sendable, Equatable {
    /// The output carries no spatial structure of a traced input (shape logic, global pools,
    /// arg-reductions, constants).
    case untraced
    /// Transpose: axes permuted by `perm`.
    case transpose
    /// Reshape, Flatten, Squeeze, Unsqueeze: axes regrouped.
    case reshape
    /// MatMul and Gemm: a matrix product over the last axes.
    case matrixProduct
    /// Concat along one axis.
    case concatenation
    /// Everything else: elementwise, normalisations, slices, reductions, gathers.
    case pointwise
  }

  /// The rule.
  public var kind: Kind = .pointwise
  /// The operator reads only its input's shape, never its values (Shape, Size, ConstantOfShape, EyeLike).
  public var readsShapeOnly = false
  /// More than one input is data, broadcast together (Add, Where, Max, …); other operators' further
  /// inputs are parameters.
  public var broadcasting = false
  /// A Reduce* operator: the axes named (attribute or input) go unless keepdims.
  public var reduction = false
  /// Gather: the indexed axis goes.
  public var gather = false
  /// Gemm (with transA/transB), as opposed to MatMul.
  public var gemm = false
  /// Spreads a spatially uniform input over a larger map (Resize, Upsample, Expand, Tile).
  public var spreadsUniform = false
}

extension OperatorRegistry {
  /// The layout facts of the default-domain operator `opType` (`pointwise` for unknown ones).
  public static func layout(of opType: String) -> OperatorLayout {
    var layout = OperatorLayout()
    switch opType {
    case "Shape", "Size", "ConstantOfShape", "EyeLike":
      layout.readsShapeOnly = true
      layout.kind = opType == "EyeLike" ? .pointwise : .untraced
    case "Constant", "GlobalAveragePool", "GlobalMaxPool", "ArgMax", "ArgMin", "NonZero":
      layout.kind = .untraced
    case "Transpose": layout.kind = .transpose
    case "Reshape", "Flatten", "Squeeze", "Unsqueeze": layout.kind = .reshape
    case "MatMul": layout.kind = .matrixProduct
    case "Gemm":
      layout.kind = .matrixProduct
      layout.gemm = true
    case "Concat": layout.kind = .concatenation
    case "Gather": layout.gather = true
    case "Resize", "Upsample", "Expand", "Tile": layout.spreadsUniform = true
    case "Add", "Sub", "Mul", "Div", "Pow", "Mod", "Max", "Min", "Sum", "Mean", "Where", "PRelu", "Equal",
      "Less", "LessOrEqual", "Greater", "GreaterOrEqual", "And", "Or", "Xor", "BitShift":
      layout.broadcasting = true
    default:
      layout.reduction = opType.hasPrefix("Reduce")
    }
    return layout
  }
}
