import CheckerscopeCore
import ModelIO
import TransposedConv

/// An exact ONNX interpreter for the float32 operators decoders and generators are made of, running
/// on `TransposedConv`'s engine.
///
/// `init(graph:)` checks every node before any work: an operator outside `supportedOperators`, or an
/// attribute or attribute value the implementation does not cover, is refused with the node's name.
/// `run` then evaluates the nodes in topological order, freeing each value after its last use.
/// Layout: the model's own (NCHW for images). Results agree with ONNX Runtime up to float rounding.
public struct Interpreter: Sendable {
  /// The largest tensor any node may produce: 2^31 elements (8 GiB of Float32).
  public static let maximumElements = 1 << 31

  /// The model being run (without the weights `takeWeights()` took).
  public private(set) var graph: ModelGraph
  let steps: [any RuntimeOperator]
  /// For each node, the value names whose last use is that node (freed afterwards).
  let releases: [[String]]
  /// For each node, the input slots it may overwrite when no other live value shares their buffer
  /// (see `overwritable(_:_:)`).
  let handOvers: [[Int]]

  /// The operators the interpreter runs (default ONNX domain), sorted.
  public static var supportedOperators: [String] { OperatorRegistry.supported }

  /// Checks every node of `graph` and prepares it to run.
  public init(graph: ModelGraph) throws(RuntimeError) {
    self.graph = graph
    var steps: [any RuntimeOperator] = []
    for node in graph.nodes {
      let types = node.inputs.map { name in
        graph.constant(name)?.dataType ?? graph.declaredInfo(of: name)?.dataType
      }
      steps.append(
        try OperatorRegistry.prepare(
          node: node, path: graph.path, opset: graph.opsetVersion, inputTypes: types))
    }
    self.steps = steps
    let kept = Set(graph.outputs.map(\.name))
    var lastUse: [String: Int] = [:]
    for (index, node) in graph.nodes.enumerated() {
      for name in node.inputs where !name.isEmpty { lastUse[name] = index }
    }
    var releases = [[String]](repeating: [], count: graph.nodes.count)
    for (name, index) in lastUse.sorted(by: { $0.key < $1.key }) where !kept.contains(name) {
      releases[index].append(name)
    }
    self.releases = releases
    handOvers = Self.handOvers(graph: graph, releases: releases)
  }

  /// The input slots each node may overwrite: a value at its last use, named once among the node's
  /// inputs, neither a graph input (the caller holds it) nor an initializer (the graph holds it)
  /// nor a `Constant`'s output (the operator holds it).
  static func handOvers(graph: ModelGraph, releases: [[String]]) -> [[Int]] {
    var held = Set(graph.inputs.map(\.name)).union(graph.initializers.keys)
    for node in graph.nodes where node.opType == OperatorName.constant { held.formUnion(node.outputs) }
    return graph.nodes.indices.map { index in
      let inputs = graph.nodes[index].inputs
      let released = Set(releases[index])
      return inputs.indices.filter { slot in
        let name = inputs[slot]
        return released.contains(name) && !held.contains(name) && inputs.filter({ $0 == name }).count == 1
      }
    }
  }

  /// The slots of `handOvers[index]` whose float buffer no other value in `values` shares (a
  /// `Reshape` or `Identity` result shares its input's elements).
  func overwritable(_ index: Int, _ node: ModelNode, _ values: [String: RuntimeValue]) -> [Int] {
    handOvers[index].filter { slot in
      guard case .float(let t)? = values[node.inputs[slot]], t.count > 0 else { return false }
      let base = t.data.withUnsafeBufferPointer { $0.baseAddress }
      return !values.contains { name, value in
        guard name != node.inputs[slot], case .float(let other) = value else { return false }
        return other.data.withUnsafeBufferPointer { $0.baseAddress } == base
      }
    }
  }

  /// One node's results, handed to the observer of `run` as soon as they are computed.
  public struct NodeResult: Sendable {
    /// The node's position in `graph.nodes` (topological order).
    public var index: Int
    /// The node.
    public var node: ModelNode
    /// Its outputs, in the node's output order (omitted outputs are absent).
    public var outputs: [(name: String, value: RuntimeValue)]
    /// The operations the run has counted against its `maximumWork` so far, this node's included
    /// (an observer that does work of its own on the outputs adds to the same bound).
    public var work: Int = 0
  }

  /// Runs the graph on `inputs` (by graph input name; a single input may be given under any name).
  ///
  /// `observe` sees every node's outputs as they are computed (the probe measures them there and the
  /// CLI dumps them); values are released after their last use, so memory stays near the largest
  /// live set. `budget` bounds that live set: the weights, the inputs and every value still to be
  /// used count, and a node whose result would not fit beside them is refused (`.resource`) before
  /// the result is allocated. An operator's own scratch buffers are not counted. Returns the graph
  /// outputs by name. Throws `RuntimeError` or whatever `observe` throws.
  public func run(
    inputs: [String: Tensor], budget: MemoryBudget = .default, observe: ((NodeResult) throws -> Void)? = nil
  ) throws -> [String: RuntimeValue] {
    try run(values: inputs.mapValues { RuntimeValue.float($0) }, budget: budget, observe: observe)
  }

  /// `run(inputs:budget:observe:)` that also measures the peak of the live set into `statistics`
  /// (the figure `memoryPlan` predicts) and refuses a run past `maximumWork` operations (see
  /// `run(values:budget:maximumWork:statistics:observe:)`).
  public func run(
    inputs: [String: Tensor], budget: MemoryBudget = .default, maximumWork: Int = .max,
    statistics: inout RunStatistics, observe: ((NodeResult) throws -> Void)? = nil
  ) throws -> [String: RuntimeValue] {
    try run(
      values: inputs.mapValues { RuntimeValue.float($0) }, budget: budget, maximumWork: maximumWork,
      statistics: &statistics, observe: observe)
  }

  /// Runs the graph on `values` (by graph input name; float or integer tensors), as
  /// `run(inputs:budget:observe:)` does.
  public func run(
    values inputs: [String: RuntimeValue], budget: MemoryBudget = .default,
    observe: ((NodeResult) throws -> Void)? = nil
  ) throws -> [String: RuntimeValue] {
    var statistics = RunStatistics()
    return try run(values: inputs, budget: budget, statistics: &statistics, observe: observe)
  }

  /// Takes the float32 weights out of the interpreter's graph (`ModelGraph.takeWeights()`), for a
  /// run that is handed them (`run(values:budget:maximumWork:statistics:weights:observe:)`) and frees
  /// each after its last use, so a network run once (`checkerscope probe`) reuses the weights'
  /// memory for later activations instead of faulting in fresh pages. Call it after `memoryPlan`,
  /// which counts the weights from the graph; without the weights handed back, a run refuses the
  /// first node that needs one.
  public mutating func takeWeights() -> [String: ModelTensor] {
    graph.takeWeights()
  }

  /// `run(values:budget:observe:)` that also measures the peak of the live set into `statistics`.
  ///
  /// `maximumWork` bounds the run's operations: before each node its multiply-adds
  /// (`RuntimeOperator.work`, for the operators whose time outgrows their output) are added, after
  /// it the elements it produced; a node that would take the total past the bound is refused
  /// (`.resource` with `CoreError.tooMuchWork`) before it runs. Unbounded by default.
  public func run(
    values inputs: [String: RuntimeValue], budget: MemoryBudget = .default, maximumWork: Int = .max,
    statistics: inout RunStatistics, observe: ((NodeResult) throws -> Void)? = nil
  ) throws -> [String: RuntimeValue] {
    var none: [String: ModelTensor] = [:]
    return try run(
      values: inputs, budget: budget, maximumWork: maximumWork, statistics: &statistics, weights: &none,
      observe: observe)
  }

  /// `run(values:budget:maximumWork:statistics:observe:)` with the weights `takeWeights()` took:
  /// each is moved out of `weights` (empty afterwards) into the run, which then holds the only
  /// reference and frees it after its last use. Names that are not initializers of the graph are
  /// ignored.
  public func run(
    values inputs: [String: RuntimeValue], budget: MemoryBudget = .default, maximumWork: Int = .max,
    statistics: inout RunStatistics, weights: inout [String: ModelTensor],
    observe: ((NodeResult) throws -> Void)? = nil
  ) throws -> [String: RuntimeValue] {
    var work = 0
    var values: [String: RuntimeValue] = [:]
    var liveBytes = 0
    for (name, tensor) in graph.initializers {
      if let t = tensor.int64Values {
        values[name] = .int(IntTensor(shape: tensor.shape, data: t))
      } else if let t = tensor.tensor {
        values[name] = .float(t)
      }
    }
    // Weights still held as the file's bytes are decoded at their first use, so a weight is in
    // memory only from its first use to its last and the next layer's weight reuses its pages.
    var pending: [String: ModelTensor] = [:]
    var pendingBytes = 0
    var handed: Set<String> = []
    for name in Array(weights.keys) {
      // Removed one at a time, so no second reference outlives this loop.
      guard let tensor = weights.removeValue(forKey: name), graph.initializers[name] != nil else { continue }
      if case .float32Bytes = tensor.storage {
        pendingBytes = CheckedSize.sumOrNil([pendingBytes, tensor.elementCount * 4]) ?? Int.max
        pending[name] = tensor
      } else if let t = tensor.tensor {
        values[name] = .float(t)
      } else {
        continue
      }
      handed.insert(name)
    }
    for info in graph.inputs {
      let given =
        inputs[info.name] ?? (graph.inputs.count == 1 && inputs.count == 1 ? inputs.first?.value : nil)
      guard let tensor = given else {
        throw RuntimeError.invalidInput(
          path: graph.path, reason: "no value given for the graph input '\(info.name)'")
      }
      if let dims = info.dimensions {
        let matches =
          dims.count == tensor.shape.count
          && zip(dims, tensor.shape).allSatisfy { dim, extent in dim.value.map { $0 == extent } ?? true }
        guard matches else {
          throw RuntimeError.invalidInput(
            path: graph.path,
            reason:
              "input '\(info.name)' has shape \(tensor.shape) but the model declares \(info.shapeDescription); give a matching --input-shape"
          )
        }
      }
      // Even an empty input's extents enter stride products, which must not overflow.
      guard CheckedShape.count(tensor.shape.map { Swift.max($0, 1) }) != nil else {
        throw RuntimeError.invalidInput(
          path: graph.path,
          reason:
            "input '\(info.name)' has the shape \(CheckedShape.brief(tensor.shape)), whose extents' product overflows"
        )
      }
      values[info.name] = tensor
    }
    liveBytes = pendingBytes
    for value in values.values {
      liveBytes = CheckedSize.sumOrNil([liveBytes, Self.bytes(value)]) ?? Int.max
    }
    do {
      try budget.require(bytes: liveBytes, what: "the model's weights and input")
    } catch {
      throw RuntimeError.resource(path: graph.path, error)
    }
    statistics.peakBytes = liveBytes
    for (index, node) in graph.nodes.enumerated() {
      var context = NodeContext(path: graph.path, node: node, opsetVersion: graph.opsetVersion)
      context.budget = budget
      context.liveBytes = liveBytes
      var args: [RuntimeValue?] = []
      for name in node.inputs {
        if name.isEmpty {
          args.append(nil)
        } else if let value = values[name] {
          args.append(value)
        } else if let weight = pending.removeValue(forKey: name), let t = weight.tensor {
          values[name] = .float(t)
          args.append(.float(t))
        } else {
          throw context.invalid("its input '\(name)' has no value")
        }
      }
      work = CheckedSize.sumOrNil([work, steps[index].work(args, context: context)]) ?? Int.max
      guard work <= maximumWork else {
        throw RuntimeError.resource(
          path: graph.path,
          .tooMuchWork(what: "the run up to node '\(node.displayName)'", operations: work, limit: maximumWork)
        )
      }
      // A value this node may overwrite leaves the table, so the argument list holds it alone.
      context.overwritable = overwritable(index, node, values)
      var handedOver = 0
      for slot in context.overwritable {
        if let value = values.removeValue(forKey: node.inputs[slot]) { handedOver += Self.bytes(value) }
      }
      let results = try steps[index].run(taking: &args, context: context)
      args.removeAll()
      var named: [(name: String, value: RuntimeValue)] = []
      for (slot, name) in node.outputs.enumerated() where !name.isEmpty && slot < results.count {
        try context.checkSize(results[slot].shape, bytesPerElement: Self.bytesPerElement(results[slot]))
        if let previous = values[name] { liveBytes -= Self.bytes(previous) }
        values[name] = results[slot]
        liveBytes += Self.bytes(results[slot])
        context.liveBytes = liveBytes
        named.append((name, results[slot]))
        work = CheckedSize.sumOrNil([work, results[slot].shape.reduce(1, *)]) ?? Int.max
      }
      statistics.peakBytes = max(statistics.peakBytes, liveBytes)
      liveBytes -= handedOver
      for name in releases[index] {
        guard let released = values.removeValue(forKey: name) else { continue }
        liveBytes -= Self.bytes(released)
        // Weights are never overwritten in place (`handOvers` holds initializers), so they are
        // all freed here.
        if handed.contains(name) { Self.forgetPacking(released) }
      }
      try observe?(NodeResult(index: index, node: node, outputs: named, work: work))
    }
    var outputs: [String: RuntimeValue] = [:]
    for info in graph.outputs {
      guard let value = values[info.name] else {
        throw RuntimeError.invalidInput(
          path: graph.path, reason: "the graph output '\(info.name)' was not computed")
      }
      outputs[info.name] = value
    }
    return outputs
  }

  /// Tells the packed-weight cache that a handed-over weight is being freed: the next weight the
  /// allocator puts at its address is a first request again, not a second one whose packing would
  /// be kept (`PackedWeightCache.forget(_:)`).
  static func forgetPacking(_ value: RuntimeValue) {
    if case .float(let t) = value { PackedWeightCache.shared.forget(t.data) }
  }

  /// The bytes one element of `value` takes: 4 for float32, 8 for int64.
  static func bytesPerElement(_ value: RuntimeValue) -> Int {
    if case .int = value { return 8 }
    return 4
  }

  /// The bytes `value`'s elements take.
  static func bytes(_ value: RuntimeValue) -> Int {
    let count: Int
    switch value {
    case .float(let t): count = t.count
    case .int(let t): count = t.data.count
    }
    return CheckedSize.productOrNil([count, bytesPerElement(value)]) ?? Int.max
  }
}
