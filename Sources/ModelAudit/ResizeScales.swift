import ModelIO
import ModelRuntime

/// The scale factors of a `Resize` or `Upsample` node, from constant inputs or attributes.
enum ResizeScales {
  /// All-axes scales: Resize's `scales` input (opset 11+: input 2; opset 10: input 1), or its `sizes`
  /// input divided by the input shape; Upsample's `scales` input or attribute. Nil when not constant.
  static func scales(_ node: ModelNode, graph: ModelGraph, inputShape: [Int]?) -> [Double]? {
    func constant(_ index: Int) -> [Double]? {
      guard let name = node.input(index), let values = graph.constant(name)?.doubleValues, !values.isEmpty
      else {
        return nil
      }
      return values
    }
    if node.opType == OperatorName.upsample {
      if let attribute = try? node.floats("scales") { return attribute.map(Double.init) }
      return constant(1)
    }
    if let scales = constant(2) ?? (node.inputs.count == 2 ? constant(1) : nil) { return scales }
    if let name = node.input(3), let sizes = graph.constant(name)?.int64Values, let inputShape,
      sizes.count == inputShape.count, inputShape.allSatisfy({ $0 > 0 })
    {
      return (0..<sizes.count).map { Double(sizes[$0]) / Double(inputShape[$0]) }
    }
    return nil
  }
}
