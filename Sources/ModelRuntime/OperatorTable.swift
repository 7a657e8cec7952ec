/// The operators the interpreter runs, by ONNX `op_type` (default domain `ai.onnx` only).
enum OperatorTable {
  static let operators: [String: any RuntimeOperator.Type] = {
    var table: [String: any RuntimeOperator.Type] = [
      "Conv": ConvOperator.self, "ConvTranspose": ConvTransposeOperator.self,
      "Resize": ResizeOperator.self, "Upsample": UpsampleOperator.self,
      "DepthToSpace": DepthToSpaceOperator.self, "Pad": PadOperator.self,
      "BatchNormalization": BatchNormOperator.self, "InstanceNormalization": InstanceNormOperator.self,
      "PRelu": PReluOperator.self, "Clip": ClipOperator.self,
      "Concat": ConcatOperator.self, "MaxPool": PoolOperator.self, "AveragePool": PoolOperator.self,
      "GlobalAveragePool": GlobalPoolOperator.self, "GlobalMaxPool": GlobalPoolOperator.self,
      "Identity": IdentityOperator.self, "Constant": ConstantOperator.self,
      "Reshape": ReshapeOperator.self, "Flatten": FlattenOperator.self,
      "Squeeze": SqueezeOperator.self, "Unsqueeze": SqueezeOperator.self,
      "Transpose": TransposeOperator.self, "Gemm": GemmOperator.self, "MatMul": MatMulOperator.self,
      "Cast": CastOperator.self, "Shape": ShapeOperator.self, "Gather": GatherOperator.self,
      "Slice": SliceOperator.self, "ConstantOfShape": ConstantOfShapeOperator.self,
    ]
    for op in UnaryOperator.Kind.allCases { table[op.rawValue] = UnaryOperator.self }
    for op in BinaryOperator.Kind.allCases { table[op.rawValue] = BinaryOperator.self }
    return table
  }()

  /// The supported operator names, sorted.
  static var supported: [String] { operators.keys.sorted() }
}
