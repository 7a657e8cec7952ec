extension ModelGraph {
  /// Takes the float32 initializers' elements out of the graph, for a run that owns them and frees
  /// each after its last use (`Interpreter.takeWeights()`): the taken initializers stay with their
  /// name, type and shape but become `.undecoded`, and the returned tensors hold the elements. A
  /// graph that shares its initializers with another copy keeps them there (copy-on-write): only
  /// this copy lets go. Other element types stay where they are.
  @discardableResult
  public mutating func takeWeights() -> [String: ModelTensor] {
    var taken: [String: ModelTensor] = [:]
    for (name, tensor) in initializers {
      guard case .float = tensor.storage else { continue }
      taken[name] = tensor
      initializers[name]?.storage = .undecoded
    }
    return taken
  }
}
