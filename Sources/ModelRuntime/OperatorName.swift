/// The ONNX names of the operators that other modules speak of — the audit's layer kinds, the scale
/// rules of `Upsample`, the explorer's page, the bench's model writer — spelled once, here, and used by
/// the registry's own table (`OperatorRegistry.entries`), so a name cannot drift from the registry.
public enum OperatorName {
  /// `Conv`: a learned sliding window.
  public static let conv = "Conv"
  /// `ConvTranspose`: a learned transposed window, the classic checkerboard source.
  public static let convTranspose = "ConvTranspose"
  /// `Resize` (opset 10 on).
  public static let resize = "Resize"
  /// `Upsample` (opsets 7 to 9), whose scales are an attribute (7–8) or an input (9).
  public static let upsample = "Upsample"
  /// `DepthToSpace`: a pixel shuffle.
  public static let depthToSpace = "DepthToSpace"
  /// `Shape`: a tensor's shape as int64 values.
  public static let shape = "Shape"
  /// `Cast`: a change of element type.
  public static let cast = "Cast"
  /// `Constant`: a value held by the node.
  public static let constant = "Constant"
  /// `ConstantOfShape`: a tensor of one value, its shape an input.
  public static let constantOfShape = "ConstantOfShape"
  /// `MaxPool`: the largest value of each window.
  public static let maxPool = "MaxPool"
  /// `AveragePool`: the mean of each window.
  public static let averagePool = "AveragePool"
  /// `GlobalMaxPool`: the largest value of each channel.
  public static let globalMaxPool = "GlobalMaxPool"
  /// `Slice`: a box of a tensor (the probe's trace reads a cyclic shift from two of them).
  public static let slice = "Slice"
  /// `Concat`.
  public static let concat = "Concat"
  /// `Relu` (named by the registry's unary table).
  public static let relu = UnaryOperator.Kind.relu.rawValue
  /// `Add` (named by the registry's binary table).
  public static let add = BinaryOperator.Kind.add.rawValue
}
