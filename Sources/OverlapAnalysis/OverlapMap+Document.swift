import CheckerscopeCore

extension OverlapMap {
  /// The map `checkerscope overlap` computes, and the explorer's `/api/overlap` too: the gradient
  /// map of the first layer's forward convolution when `gradient`, the map of `remedy` (upsampling
  /// by the first layer's strides, then its kernel) when given, else the stack's map.
  ///
  /// `layers` must hold one layer when `gradient` or `remedy` is set. The memory `budget` is checked
  /// before the stack's map is allocated.
  public static func document(
    layers: [LayerConfig], inputSize: [Int], gradient: Bool = false, remedy: Remedy? = nil,
    budget: MemoryBudget = .default
  ) throws(OverlapError) -> OverlapMap {
    precondition(!layers.isEmpty, "a map needs at least one layer")
    if gradient { return try OverlapMap(gradientOf: layers[0], inputSize: inputSize) }
    if let remedy {
      return try OverlapMap(
        remedy: remedy, factor: layers[0].strides, kernel: layers[0].kernel, weights: layers[0].weights,
        inputSize: inputSize)
    }
    return try OverlapMap(layers: layers, inputSize: inputSize, budget: budget)
  }

  /// The bytes `checkerscope overlap --format json` prints: `json`, compact, and a newline.
  public func jsonDocument() throws(JSONError) -> String {
    try json.encoded() + "\n"
  }
}
