extension ModelGraph {
  /// Takes the float32 initializers' elements out of the graph, for a run that owns them and frees
  /// each after its last use (`Interpreter.takeWeights()`): the taken initializers stay with their
  /// name, type and shape but become `.undecoded`, and the returned tensors hold the elements. A
  /// graph that shares its initializers with another copy keeps them there (copy-on-write): only
  /// this copy lets go. Weights still held as the file's bytes (`.float32Bytes`) are taken as they
  /// are, for the run to decode at their first use. Other element types stay where they are.
  @discardableResult
  public mutating func takeWeights() -> [String: ModelTensor] {
    var taken: [String: ModelTensor] = [:]
    for (name, tensor) in initializers {
      switch tensor.storage {
      case .float, .float32Bytes: break
      case .double, .int64, .undecoded: continue
      }
      taken[name] = tensor
      initializers[name]?.storage = .undecoded
    }
    return taken
  }

  /// Decodes the weights still held as the file's bytes (`.float32Bytes`), for a caller that runs
  /// the graph several times and should decode each weight once.
  public mutating func decodeWeights() {
    for (name, tensor) in initializers {
      guard case .float32Bytes = tensor.storage, let values = tensor.floatValues else { continue }
      initializers[name]?.storage = .float(values)
    }
  }
}
