import CheckerscopeCore
import Foundation
import ModelAudit
import ModelIO
import ModelRuntime
import TransposedConv

/// Runs a model on one input and measures the periodic pattern at every node output with spatial
/// axes (`PeriodicMeasure`), following borders and lattices with `SpatialTrace`.
public enum Probe {
  /// The layers that change the sampling lattice and can start a pattern.
  public static let upsamplingOperators = Set(OperatorRegistry.upsamplingOperators)

  /// Probes `graph` (shape already applied) on `input`, a tensor in the model's layout. `observe`
  /// sees every node's results as they are computed (for `--dump`); `keepTiles` asks for the
  /// phase-mean tile of every node with a significant pattern (for `--heatmaps`); `budget` bounds
  /// the tensors the run holds (`Interpreter.run(inputs:budget:observe:)`) and `maximumWork` its
  /// operations (`Interpreter.run(values:budget:maximumWork:statistics:observe:)`) together with
  /// the measurement's (`measurementWork(_:)`), so a model whose outputs are
  /// cheap to compute but huge to measure stays within the caller's bound too.
  public static func run(
    graph given: consuming ModelGraph, input: Tensor, inputLabel: String, keepTiles: Bool = false,
    budget: MemoryBudget = .default, maximumWork: Int = .max,
    observe: ((Interpreter.NodeResult) throws -> Void)? = nil
  ) throws -> ProbeReport {
    var graph = consume given
    var interpreter: Interpreter
    do { interpreter = try Interpreter(graph: graph) } catch { throw ProbeError.runtime(error) }
    // The peak memory is predicted from the shapes known before the run and refused over budget.
    let inputName = graph.inputs.first?.name ?? "input"
    let plan = interpreter.memoryPlan(
      inputShapes: [inputName: input.shape], shapes: ModelAuditor.inferredShapes(of: graph))
    do { try interpreter.requirePlan(plan, budget: budget) } catch { throw ProbeError.runtime(error) }
    // The network runs once: the run gets the weights, and this copy of the graph lets go of them,
    // so each is freed after its last use and later activations reuse its memory (a caller that
    // keeps its own copy keeps its weights).
    var weights = interpreter.takeWeights()
    graph.takeWeights()
    var statistics = RunStatistics()
    var integers: [String: [Int]] = [:]
    for (name, tensor) in graph.initializers.merging(graph.constants, uniquingKeysWith: { a, _ in a }) {
      if let values = tensor.int64Values, values.count <= StaticValues.maximumIntegerElements {
        integers[name] = values.map { Int(clamping: $0) }
      }
    }
    var walk = TraceWalk(graph: graph, inputShape: input.shape, integers: integers)
    var sumSquares = 0.0
    for v in input.data { sumSquares += Double(v) * Double(v) }
    let inputScale = input.count > 0 ? (sumSquares / Double(input.count)).squareRoot() : 0
    var nodes: [ProbeReport.Node] = []
    let outputName = walk.outputName
    var outputMeasure: ProbeReport.Node?
    var producer: [String: Int] = [:]
    var measured = 0
    let outputs = try interpreter.run(
      values: [inputName: .float(input)], budget: budget, maximumWork: maximumWork, statistics: &statistics,
      weights: &weights
    ) {
      result in
      try observe?(result)
      let node = result.node
      var tensors: [String: Tensor] = [:]
      let described = result.outputs.map { name, value in
        producer[name] = result.index
        var values: [Int]?
        if case .int(let t) = value, t.data.count <= StaticValues.maximumIntegerElements {
          values = t.data.map { Int(clamping: $0) }
        }
        if let tensor = value.floatTensor { tensors[name] = tensor }
        return TraceWalk.Output(
          name: name, shape: value.shape, isFloat: value.floatTensor != nil, integers: values)
      }
      for (name, trace) in walk.step(node: node, outputs: described) {
        guard let tensor = tensors[name], trace.hasModelLayout, tensor.rank >= 3, tensor.rank <= 5 else {
          continue
        }
        measured = CheckedSize.sumOrNil([measured, measurementWork(tensor)]) ?? .max
        let total = CheckedSize.sumOrNil([result.work, measured]) ?? .max
        guard total <= maximumWork else {
          throw ProbeError.runtime(
            .resource(
              path: graph.path,
              .tooMuchWork(
                what: "the run and its measurement up to node '\(node.displayName)'", operations: total,
                limit: maximumWork)))
        }
        // A tensor the statistic measures must be finite (a -inf attention mask elsewhere may not be):
        // checked while it is measured, counted only when it is not.
        let (measure, window, finite) = PeriodicMeasure.measureAnywayChecked(
          tensor, trace: trace, inputScale: inputScale)
        guard finite else {
          throw ProbeError.nonFinite(
            path: graph.path, node: node.displayName, opType: node.opType, output: name,
            count: nonFiniteCount(tensor.data), total: tensor.count)
        }
        var entry = ProbeReport.Node(
          index: result.index, name: node.displayName, op: node.opType, output: name, shape: tensor.shape,
          lattice: trace.lattice, measure: measure, tile: nil)
        entry.module = PyTorchOrigin(node: node)?.module
        if keepTiles, measure.significant, let period = measure.period, let channel = measure.channel {
          entry.tile = PeriodicMeasure.phaseTile(tensor, trace: window, period: period, channel: channel)
        }
        nodes.append(entry)
        if name == outputName { outputMeasure = entry }
      }
    }
    guard let produced = outputs[outputName] else {
      throw ProbeError.noSpatialOutput(path: graph.path, output: outputName, shape: [])
    }
    guard let output = outputMeasure else {
      throw ProbeError.noSpatialOutput(path: graph.path, output: outputName, shape: produced.shape)
    }
    guard output.measure.measured else {
      throw ProbeError.outputTooSmall(
        path: graph.path, output: outputName, shape: produced.shape, interior: output.measure.interior)
    }
    // The first significant node measured on its interior; failing that, the first measured on a window
    // that reaches into the border (fixed-size inputs too small for an interior).
    let originNode =
      nodes.first { $0.measure.significant && $0.measure.confidence >= 1 }
      ?? nodes.first { $0.measure.significant }
    var origin: ProbeReport.Origin?
    if let originNode {
      let layer = responsibleLayer(graph: graph, from: originNode.index, producer: producer)
      origin = ProbeReport.Origin(
        node: originNode.name, op: originNode.op, layer: layer.map { graph.nodes[$0].displayName },
        layerOp: layer.map { graph.nodes[$0].opType }, module: originNode.module,
        layerModule: layer.flatMap { PyTorchOrigin(node: graph.nodes[$0])?.module })
    }
    return ProbeReport(
      model: graph.path, input: inputLabel, inputShape: input.shape, nodes: nodes, origin: origin,
      output: output,
      memory: ProbeReport.Memory(
        predictedPeakBytes: plan.peakBytes, predictionIsComplete: plan.isComplete,
        measuredPeakBytes: statistics.peakBytes))
  }

  /// Operations one measured element counts against the probe's work bound: the measurement reads
  /// each element in a handful of passes (the non-finite check and the per-width folds, the tile
  /// energies), each a few operations.
  static let measurementOperationsPerElement = 8

  /// The operations measuring `tensor` counts against the probe's work bound.
  static func measurementWork(_ tensor: Tensor) -> Int {
    CheckedSize.productOrNil([tensor.count, measurementOperationsPerElement]) ?? .max
  }

  /// The number of infinities and NaNs in `values` (exponent bits all set), in one vectorisable pass.
  static func nonFiniteCount(_ values: [Float]) -> Int {
    values.withUnsafeBufferPointer { nonFiniteCount($0) }
  }

  /// The number of infinities and NaNs in `buffer`.
  static func nonFiniteCount(_ buffer: UnsafeBufferPointer<Float>) -> Int {
    buffer.withMemoryRebound(to: UInt32.self) { bits in
      // (exponent bits + one exponent step) reaches bit 31 exactly when the exponent is all ones.
      var count = 0
      for b in bits { count &+= Int(truncatingIfNeeded: ((b & 0x7f80_0000) &+ 0x0080_0000) >> 31) }
      return count
    }
  }

  /// Whether `buffer` holds an infinity or a NaN: the same test as `nonFiniteCount`, or-ed in 32-bit
  /// lanes (four to a vector register even without AVX).
  static func hasNonFinite(_ buffer: UnsafeBufferPointer<Float>) -> Bool {
    buffer.withMemoryRebound(to: UInt32.self) { bits in
      var any: UInt32 = 0
      for b in bits { any |= (b & 0x7f80_0000) &+ 0x0080_0000 }
      return any >> 31 != 0
    }
  }

  /// The nearest upsampling layer at or upstream of node `index` (breadth first over data inputs).
  static func responsibleLayer(graph: ModelGraph, from index: Int, producer: [String: Int]) -> Int? {
    var queue = [index]
    var seen: Set<Int> = [index]
    var head = 0
    while head < queue.count {
      let current = queue[head]
      head += 1
      let node = graph.nodes[current]
      if upsamplingOperators.contains(node.opType) { return current }
      for name in node.inputs where !name.isEmpty {
        if let p = producer[name] ?? graph.producerIndex(of: name), !seen.contains(p) {
          seen.insert(p)
          queue.append(p)
        }
      }
    }
    return nil
  }
}
