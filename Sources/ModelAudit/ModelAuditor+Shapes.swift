import ModelIO

extension ModelAuditor {
  /// The shapes of `graph`'s values known before a run, propagated from its fixed input shape (apply
  /// `--input-shape` with `ModelGraph.withInputShape` first) through the operators `ShapeInference`
  /// knows; the file's `value_info` shapes are not trusted. Values left out are unknown. Used for the
  /// interpreter's memory plan (`Interpreter.memoryPlan`).
  public static func inferredShapes(of graph: ModelGraph) -> [String: [Int]] {
    ShapeInference(graph: graph, trustDeclared: false).shapes
  }
}
