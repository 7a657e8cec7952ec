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
  /// operations (`Interpreter.run(values:budget:maximumWork:statistics:observe:)`).
  public static func run(
    graph: ModelGraph, input: Tensor, inputLabel: String, keepTiles: Bool = false,
    budget: MemoryBudget = .default, maximumWork: Int = .max,
    observe: ((Interpreter.NodeResult) throws -> Void)? = nil
  ) throws -> ProbeReport {
    let interpreter: Interpreter
    do { interpreter = try Interpreter(graph: graph) } catch { throw ProbeError.runtime(error) }
    // The peak memory is predicted from the shapes known before the run and refused over budget.
    let inputName = graph.inputs.first?.name ?? "input"
    let plan = interpreter.memoryPlan(
      inputShapes: [inputName: input.shape], shapes: ModelAuditor.inferredShapes(of: graph))
    do { try interpreter.requirePlan(plan, budget: budget) } catch { throw ProbeError.runtime(error) }
    var statistics = RunStatistics()
    var shapes: [String: [Int]] = [:]
    var integers: [String: [Int]] = [:]
    for (name, tensor) in graph.initializers.merging(graph.constants, uniquingKeysWith: { a, _ in a }) {
      if let values = tensor.int64Values, values.count <= 64 {
        integers[name] = values.map { Int(clamping: $0) }
      }
    }
    var traces: [String: SpatialTrace] = [:]
    var derived: Set<String> = []
    for (name, tensor) in graph.initializers { shapes[name] = tensor.shape }
    for info in graph.inputs {
      shapes[info.name] = input.shape
      derived.insert(info.name)
      if input.rank >= 3 { traces[info.name] = SpatialTrace(rank: input.rank - 2) }
    }
    var sumSquares = 0.0
    for v in input.data { sumSquares += Double(v) * Double(v) }
    let inputScale = input.count > 0 ? (sumSquares / Double(input.count)).squareRoot() : 0
    var nodes: [ProbeReport.Node] = []
    let outputName = graph.outputs.first?.name ?? ""
    var outputMeasure: ProbeReport.Node?
    var producer: [String: Int] = [:]
    let outputs = try interpreter.run(
      inputs: [inputName: input], budget: budget, maximumWork: maximumWork, statistics: &statistics
    ) {
      result in
      try observe?(result)
      let node = result.node
      let isDerived =
        !SpatialTrace.readsShapeOnly(node)
        && node.inputs.contains { derived.contains($0) }
      for (name, value) in result.outputs {
        shapes[name] = value.shape
        producer[name] = result.index
        if isDerived { derived.insert(name) }
        if case .int(let t) = value, t.data.count <= 64 { integers[name] = t.data.map { Int(clamping: $0) } }
      }
      let inputs = node.inputs.map {
        TraceInput(trace: traces[$0], shape: shapes[$0] ?? [], derived: derived.contains($0))
      }
      let pads =
        OperatorRegistry.role(of: node) == .padding && node.inputs.count > 1
          && (node.inputs.count < 4 || node.inputs[3].isEmpty)
        ? integers[node.inputs[1]] : nil
      for (name, value) in result.outputs {
        guard let tensor = value.floatTensor else { continue }
        var trace = SpatialTrace.propagate(
          node: node, path: graph.path, inputs: inputs, output: tensor.shape, pads: pads,
          integers: { integers[$0] })
        // The graph output is measured whatever happened upstream: with every sample border-reached
        // when its spatial structure was lost.
        if trace == nil, name == outputName, isDerived, tensor.rank >= 3, tensor.rank <= 5 {
          trace = SpatialTrace.everywhereBorder(rank: tensor.rank - 2, shape: tensor.shape)
        }
        guard let trace else { continue }
        traces[name] = trace
        guard trace.hasModelLayout, tensor.rank >= 3, tensor.rank <= 5 else { continue }
        // A tensor the statistic measures must be finite (a -inf attention mask elsewhere may not be).
        let nonFinite = tensor.data.reduce(0) { $0 + ($1.isFinite ? 0 : 1) }
        guard nonFinite == 0 else {
          throw ProbeError.nonFinite(
            path: graph.path, node: node.displayName, opType: node.opType, output: name, count: nonFinite,
            total: tensor.count)
        }
        let (measure, window) = PeriodicMeasure.measureAnyway(tensor, trace: trace, inputScale: inputScale)
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
