import CheckerscopeCore
import ModelIO
import ModelProbe
import ModelRuntime
import Testing
import TransposedConv

/// `Probe.prepare`, the one preparation of a made-up input (command line, explorer, study section,
/// `audit --probe`): the graph shaped first, the size checked before the tensor is made.
@Suite("Probe input preparation")
struct ProbeInputTests {
  /// A graph with one input of `dimensions` and no nodes.
  static func graph(_ dimensions: [ModelDimension]) -> ModelGraph {
    ModelGraph(
      path: "m.onnx", opsetVersion: 17, nodes: [], initializers: [:],
      inputs: [ModelValueInfo(name: "x", dataType: .float, dimensions: dimensions)],
      outputs: [ModelValueInfo(name: "x", dataType: .float, dimensions: dimensions)])
  }

  @Test("an open shape is filled by inputShape; constant is all ones, noise the seeded noise")
  func shaped() throws {
    let open = Self.graph([.fixed(1), .fixed(2), .symbolic("h"), .symbolic("w")])
    let constant = try Probe.prepare(.constant, graph: open, inputShape: [1, 2, 3, 4])
    #expect(constant.graph.fixedInputShape == [1, 2, 3, 4])
    #expect(constant.input == Tensor(shape: [1, 2, 3, 4], repeating: 1))
    let noise = try Probe.prepare(.noise, graph: open, inputShape: [1, 2, 3, 4], seed: 7)
    #expect(noise.input == Probe.noiseInput(shape: [1, 2, 3, 4], seed: 7))
    #expect(noise.input != Probe.noiseInput(shape: [1, 2, 3, 4], seed: 8))
  }

  @Test("an open shape without inputShape is refused naming the file and the shape")
  func open() {
    let open = Self.graph([.fixed(1), .fixed(1), .symbolic("h"), .fixed(8)])
    #expect(throws: ProbeError.inputShapeNotFixed(path: "m.onnx", shape: open.inputs[0].shapeDescription)) {
      try Probe.prepare(.constant, graph: open)
    }
  }

  @Test("too many elements for the interpreter, or too many bytes for the budget, are refused first")
  func sizes() {
    let side = 1 << 20
    let huge = Self.graph([.fixed(1), .fixed(1), .fixed(side), .fixed(side)])
    #expect(throws: ProbeError.runtime(.tooLarge(path: "m.onnx", node: "x", elements: side * side))) {
      try Probe.prepare(.constant, graph: huge)
    }
    // 1·1·64·64 floats are 16 KiB: over a 16 KiB − 1 budget, within 16 KiB.
    let small = Self.graph([.fixed(1), .fixed(1), .fixed(64), .fixed(64)])
    #expect(throws: CoreError.overBudget(what: "the noise input 1×1×64×64", bytes: 16_384, budget: 16_383)) {
      try Probe.prepare(.noise, graph: small, budget: MemoryBudget(bytes: 16_383))
    }
    #expect(throws: Never.self) {
      try Probe.prepare(.noise, graph: small, budget: MemoryBudget(bytes: 16_384))
    }
  }
}
