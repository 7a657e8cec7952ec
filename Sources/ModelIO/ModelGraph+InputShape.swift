extension ModelGraph {
  /// The graph with `shape` as the shape of its input (`--input-shape 1x3x256x256`).
  ///
  /// The graph must have exactly one non-initializer input unless `inputName` picks one. When the
  /// input declares a rank, `shape` must have that rank; fixed dimensions are overridden, symbolic
  /// and unknown ones filled. Extents must be at least 1.
  public func withInputShape(_ shape: [Int], for inputName: String? = nil) throws(ModelIOError) -> ModelGraph
  {
    guard !shape.isEmpty, shape.allSatisfy({ $0 >= 1 && $0 <= 1 << 31 }) else {
      throw .inputShape(path: path, reason: "every extent must be between 1 and 2^31, got \(shape)")
    }
    let index: Int
    if let inputName {
      guard let found = inputs.firstIndex(where: { $0.name == inputName }) else {
        let names = inputs.map(\.name).joined(separator: ", ")
        throw .inputShape(path: path, reason: "the graph has no input '\(inputName)' (inputs: \(names))")
      }
      index = found
    } else {
      guard inputs.count == 1 else {
        let names = inputs.map(\.name).joined(separator: ", ")
        throw .inputShape(
          path: path,
          reason:
            "the graph has \(inputs.count) inputs (\(names.isEmpty ? "none" : names)); name the one to shape")
      }
      index = 0
    }
    var result = self
    let input = inputs[index]
    if let dimensions = input.dimensions, dimensions.count != shape.count {
      throw .inputShape(
        path: path,
        reason:
          "input '\(input.name)' has rank \(dimensions.count) (\(input.shapeDescription)) but the shape given has \(shape.count) axes"
      )
    }
    result.inputs[index].dimensions = shape.map { .fixed($0) }
    return result
  }

  /// The single input's shape when every dimension is fixed; nil otherwise.
  public var fixedInputShape: [Int]? {
    guard inputs.count == 1 else { return nil }
    return inputs[0].fixedShape
  }
}
