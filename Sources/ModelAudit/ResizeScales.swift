import ModelIO
import ModelRuntime

/// The scale factors of a `Resize` or `Upsample` node, from constant inputs or attributes.
enum ResizeScales {
  /// All-axes scales: Resize's `scales` input (opset 11+: input 2; opset 10: input 1), or its `sizes`
  /// input divided by the input shape; Upsample's `scales` input or attribute. Nil when not constant.
  ///
  /// From opset 18 Resize's `axes` names the axes the scales or sizes are for (the others keep scale 1;
  /// the input shape's rank must be known), and `keep_aspect_ratio_policy` `not_larger` or `not_smaller`
  /// turns sizes into one scale for all of them: the smallest or the largest of size / extent.
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
    let axes = (try? node.ints("axes")) ?? nil
    guard let axes else {
      if let scales = constant(2) ?? (node.inputs.count == 2 ? constant(1) : nil) { return scales }
      guard let inputShape, let sizes = sizes(node, graph: graph) else { return nil }
      return perAxis(sizes: sizes, axes: Array(inputShape.indices), inputShape: inputShape, node: node)
    }
    // `axes`: only with a known rank, each axis once.
    guard let rank = inputShape?.count else { return nil }
    let listed = axes.map { $0 < 0 ? $0 + rank : $0 }
    guard listed.allSatisfy({ (0..<rank).contains($0) }), Set(listed).count == listed.count else {
      return nil
    }
    if let given = constant(2) {
      guard given.count == listed.count else { return nil }
      var all = [Double](repeating: 1, count: rank)
      for (axis, scale) in zip(listed, given) { all[axis] = scale }
      return all
    }
    guard let inputShape, let sizes = sizes(node, graph: graph) else { return nil }
    return perAxis(sizes: sizes, axes: listed, inputShape: inputShape, node: node)
  }

  /// Resize's constant `sizes` input (input 3).
  private static func sizes(_ node: ModelNode, graph: ModelGraph) -> [Int64]? {
    guard let name = node.input(3), let sizes = graph.constant(name)?.int64Values, !sizes.isEmpty else {
      return nil
    }
    return sizes
  }

  /// The scales that `sizes` for `axes` give an input of `inputShape` (1 on the other axes).
  private static func perAxis(sizes: [Int64], axes: [Int], inputShape: [Int], node: ModelNode) -> [Double]? {
    guard sizes.count == axes.count, axes.allSatisfy({ inputShape[$0] > 0 }) else { return nil }
    let ratios = zip(sizes, axes).map { Double($0) / Double(inputShape[$1]) }
    let policy = ((try? node.string("keep_aspect_ratio_policy")) ?? nil) ?? "stretch"
    var all = [Double](repeating: 1, count: inputShape.count)
    for (index, axis) in axes.enumerated() {
      switch policy {
      case "not_larger": all[axis] = ratios.min() ?? 1
      case "not_smaller": all[axis] = ratios.max() ?? 1
      default: all[axis] = ratios[index]
      }
    }
    return all
  }
}
