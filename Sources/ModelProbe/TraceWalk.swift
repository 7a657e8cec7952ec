import ModelIO
import ModelRuntime

/// The probe's walk over a graph in topological order: the shapes of its values, their small integer
/// values, which values depend on the model input, and the spatial trace of each traced value. The run
/// (`Probe.run`) feeds it what the interpreter computed; the size search (`Probe.predictOutput`) feeds
/// it what shape inference knows before any run, so both trace alike by construction.
struct TraceWalk {
  /// One output of a node as the walk sees it.
  struct Output {
    var name: String
    var shape: [Int]
    /// False for integer and boolean values (they are not traced).
    var isFloat: Bool
    /// The value, when it holds few integers (shape logic).
    var integers: [Int]?
  }

  let graph: ModelGraph
  private(set) var shapes: [String: [Int]] = [:]
  private(set) var integers: [String: [Int]] = [:]
  private(set) var traces: [String: SpatialTrace] = [:]
  private(set) var derived: Set<String> = []
  /// The graph's first output (measured whatever happened upstream).
  let outputName: String

  /// A walk over `graph` whose inputs have `inputShape`; `integers` are the integer constants known.
  init(graph: ModelGraph, inputShape: [Int], integers: [String: [Int]]) {
    self.graph = graph
    self.integers = integers
    outputName = graph.outputs.first?.name ?? ""
    for (name, tensor) in graph.initializers { shapes[name] = tensor.shape }
    for info in graph.inputs {
      shapes[info.name] = inputShape
      derived.insert(info.name)
      if inputShape.count >= 3 { traces[info.name] = SpatialTrace(rank: inputShape.count - 2) }
    }
  }

  /// Records `node`'s `outputs` and returns the trace of each float output that has one, in order.
  mutating func step(node: ModelNode, outputs: [Output]) -> [(name: String, trace: SpatialTrace)] {
    let isDerived = !SpatialTrace.readsShapeOnly(node) && node.inputs.contains { derived.contains($0) }
    for output in outputs {
      shapes[output.name] = output.shape
      if isDerived { derived.insert(output.name) }
      if let values = output.integers { integers[output.name] = values }
    }
    let inputs = node.inputs.map {
      TraceInput(trace: traces[$0], shape: shapes[$0] ?? [], derived: derived.contains($0))
    }
    let pads =
      OperatorRegistry.role(of: node) == .padding && node.inputs.count > 1
        && (node.inputs.count < 4 || node.inputs[3].isEmpty)
      ? integers[node.inputs[1]] : nil
    var result: [(name: String, trace: SpatialTrace)] = []
    // A cyclic shift (`Concat` of two `Slice`s of one value) keeps the map: `TraceWalk+Roll.swift`.
    let rolled = rollTrace(node)
    for output in outputs where output.isFloat {
      var trace =
        rolled
        ?? SpatialTrace.propagate(
          node: node, path: graph.path, inputs: inputs, output: output.shape, pads: pads,
          integers: { integers[$0] })
      // The graph output is measured whatever happened upstream: with every sample border-reached
      // when its spatial structure was lost.
      let rank = output.shape.count
      if trace == nil, output.name == outputName, isDerived, rank >= 3, rank <= 5 {
        trace = SpatialTrace.everywhereBorder(rank: rank - 2, shape: output.shape)
      }
      guard let trace else { continue }
      traces[output.name] = trace
      result.append((output.name, trace))
    }
    return result
  }
}
