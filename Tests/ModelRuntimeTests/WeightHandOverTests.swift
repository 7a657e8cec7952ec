import ModelIO
import ModelRuntime
import TestSupport
import Testing
import TransposedConv

/// A run handed the weights (`Interpreter.takeWeights()`, `run(…weights:…)`) computes what a plain
/// run computes, while neither the interpreter's graph nor the caller's dictionary keeps them.
@Suite("Interpreter runs on weights handed over")
struct WeightHandOverTests {
  /// The trained autoencoder: input 1×3×32×32, Conv and ConvTranspose weights and biases.
  let path = FixturePaths.url("models/probe/trained_ae_convt.onnx").path
  let input = Tensor(
    shape: [1, 3, 32, 32], data: (0..<3072).map { (i: Int) -> Float in Float((i * 37) % 101) / 101 - 0.5 })

  func floatInitializers(_ graph: ModelGraph) -> [String] {
    graph.initializers.compactMap { name, tensor in
      if case .float = tensor.storage { return name }
      return nil
    }.sorted()
  }

  @Test func theRunGivesTheSameOutputsAndEmptiesTheDictionary() throws {
    let graph = try ONNXReader.read(contentsOf: path)
    let names = floatInitializers(graph)
    #expect(names.count >= 4)
    let plain = try Interpreter(graph: graph).run(inputs: ["input": input])

    var interpreter = try Interpreter(graph: graph)
    var weights = interpreter.takeWeights()
    #expect(weights.keys.sorted() == names)
    for name in names {
      #expect(interpreter.graph.initializers[name]?.storage == .undecoded)
      #expect(interpreter.graph.initializers[name]?.shape == graph.initializers[name]?.shape)
      #expect(weights[name] == graph.initializers[name])
    }
    var statistics = RunStatistics()
    let handed = try interpreter.run(
      values: ["input": .float(input)], statistics: &statistics, weights: &weights)
    #expect(weights.isEmpty)
    #expect(handed.keys.sorted() == plain.keys.sorted())
    for (name, value) in plain {
      #expect(handed[name]?.floatTensor == value.floatTensor, "output \(name)")
    }
  }

  @Test func theCallersGraphKeepsItsWeights() throws {
    let graph = try ONNXReader.read(contentsOf: path)
    var copy = graph
    let taken = copy.takeWeights()
    #expect(!taken.isEmpty)
    for name in taken.keys {
      #expect(copy.initializers[name]?.storage == .undecoded)
      #expect(graph.initializers[name] == taken[name])
    }
  }

  @Test func aRunWithoutTheTakenWeightsNamesTheMissingValue() throws {
    var interpreter = try Interpreter(graph: try ONNXReader.read(contentsOf: path))
    _ = interpreter.takeWeights()
    #expect {
      _ = try interpreter.run(inputs: ["input": input])
    } throws: { error in
      "\(error)".contains("has no value")
    }
  }

  @Test("weights kept as the file's bytes are decoded at their layer: the same outputs, bit for bit")
  func lazyWeightsGiveTheSameOutputs() throws {
    // DCGAN generator: its two largest ConvTranspose weights are kept as bytes by a lazy read.
    let dcgan = FixturePaths.url("models/zoo/dcgan_legacy.onnx").path
    let eager = try ONNXReader.read(contentsOf: dcgan).withInputShape([1, 16, 1, 1])
    let lazy = try ONNXReader.read(contentsOf: dcgan, lazyWeights: true).withInputShape([1, 16, 1, 1])
    let noise = Tensor(shape: [1, 16, 1, 1], data: (0..<16).map { Float($0 % 5) / 5 - 0.4 })
    let plain = try Interpreter(graph: eager).run(inputs: ["input": noise])

    var interpreter = try Interpreter(graph: lazy)
    var weights = interpreter.takeWeights()
    let kept = weights.values.filter {
      if case .float32Bytes = $0.storage { return true } else { return false }
    }
    #expect(kept.count >= 2)
    var statistics = RunStatistics()
    let handed = try interpreter.run(
      values: ["input": .float(noise)], statistics: &statistics, weights: &weights)
    #expect(weights.isEmpty)
    #expect(!plain.isEmpty && handed.keys.sorted() == plain.keys.sorted())
    for (name, value) in plain {
      let expected = try #require(value.floatTensor)
      #expect(handed[name]?.floatTensor?.shape == expected.shape, "output \(name)")
      #expect(handed[name]?.floatTensor?.data.map(\.bitPattern) == expected.data.map(\.bitPattern))
    }
    // The bytes still count as live from the start: the run's peak is at least all weights.
    let weightBytes = eager.initializers.values.reduce(0) { $0 + ($1.floatValues?.count ?? 0) * 4 }
    #expect(statistics.peakBytes >= weightBytes)
  }
}
