import Foundation
import ModelIO
import TestSupport
import Testing

/// Work bounds on a graph's size: node count, inputs per node and edges in all are limited by
/// `ModelReadLimits`, refused with the file, what and the limit.
@Suite("Model reader bounds the graph's depth and width")
struct WorkBoundTests {
  let path = FixturePaths.url("models/dcgan.onnx").path

  func limits(nodes: Int = 100_000, nodeInputs: Int = 10_000, edges: Int = 1_000_000) -> ModelReadLimits {
    ModelReadLimits(
      maximumFileBytes: 1 << 32, maximumTensorElements: 1 << 31, maximumTotalTensorBytes: 1 << 33,
      maximumNodes: nodes, maximumSafetensorsHeaderBytes: 100_000_000, maximumNodeInputs: nodeInputs,
      maximumEdges: edges)
  }

  @Test func standardLimits() {
    #expect(ModelReadLimits.standard.maximumNodes == 100_000)
    #expect(ModelReadLimits.standard.maximumNodeInputs == 10_000)
    #expect(ModelReadLimits.standard.maximumEdges == 1_000_000)
  }

  @Test func eachBoundIsEnforcedWithItsMessage() throws {
    let graph = try ONNXReader.read(contentsOf: path)
    let nodes = graph.nodes.count
    let widest = graph.nodes.map { max($0.inputs.count, $0.outputs.count) }.max() ?? 0
    let edges = graph.nodes.reduce(0) { $0 + $1.inputs.count + $1.outputs.count }
    #expect(nodes > 2 && widest > 1)
    // Exactly at each bound: read. One below: refused, naming the file and the limit.
    _ = try ONNXReader.read(contentsOf: path, limits: limits(nodes: nodes, nodeInputs: widest, edges: edges))
    for (bound, expected) in [
      (limits(nodes: nodes - 1), "nodes"), (limits(nodeInputs: widest - 1), "inputs or outputs"),
      (limits(edges: edges - 1), "inputs and outputs of nodes"),
    ] {
      do {
        _ = try ONNXReader.read(contentsOf: path, limits: bound)
        Issue.record("accepted past the \(expected) bound")
      } catch {
        #expect(error.description.hasPrefix(path + ":"))
        #expect(error.description.contains(expected) && error.description.contains("exceeds the limit"))
      }
    }
  }
}
