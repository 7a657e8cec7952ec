import CheckerscopeCore
import ModelIO
import ModelRuntime
import TestSupport
import Testing
import TransposedConv

/// The interpreter's work bound: a node's multiply-adds are counted before it runs, and a run past
/// `maximumWork` is refused at that node, naming it.
@Suite("Interpreter refuses a run past its work bound")
struct WorkBoundTests {
  /// The trained autoencoder: input 1×3×32×32, first node `/enc/enc.0/Conv` → 1×16×16×16.
  let path = FixturePaths.url("models/probe/trained_ae_convt.onnx").path

  func run(_ maximumWork: Int) throws -> RuntimeError? {
    let graph = try ONNXReader.read(contentsOf: path)
    let interpreter = try Interpreter(graph: graph)
    var statistics = RunStatistics()
    do {
      _ = try interpreter.run(
        inputs: ["input": Tensor(shape: [1, 3, 32, 32], repeating: 1)], maximumWork: maximumWork,
        statistics: &statistics)
      return nil
    } catch let error as RuntimeError {
      return error
    }
  }

  /// The first convolution's multiply-adds from its closed form: output elements (16 channels of
  /// 16×16) × input channels × kernel elements, the kernel read from the weight's shape.
  func firstConvolutionWork() throws -> Int {
    let graph = try ONNXReader.read(contentsOf: path)
    let conv = try #require(graph.nodes.first)
    #expect(conv.opType == "Conv")
    let weight = try #require(graph.initializers[conv.inputs[1]])
    #expect(weight.shape.count == 4 && weight.shape[0] == 16 && weight.shape[1] == 3)
    return 16 * 16 * 16 * 3 * weight.shape[2] * weight.shape[3]
  }

  @Test func aConvolutionPastTheBoundIsRefusedBeforeItRuns() throws {
    let work = try firstConvolutionWork()
    let error = try #require(try run(work - 1))
    guard case .resource(let file, .tooMuchWork(_, let operations, let limit)) = error else {
      Issue.record("wrong error \(error)")
      return
    }
    #expect(file == path && operations == work && limit == work - 1)
    #expect(error.description.contains("/enc/enc.0/Conv"))
  }

  @Test func theOutputOfANodeCountsAfterIt() throws {
    // Exactly the first node's multiply-adds: it runs, and its 16·16·16 outputs take the total past
    // the bound at the next node.
    let work = try firstConvolutionWork()
    let error = try #require(try run(work))
    guard case .resource(_, .tooMuchWork(_, let operations, _)) = error else {
      Issue.record("wrong error \(error)")
      return
    }
    #expect(operations >= work + 16 * 16 * 16)
    #expect(!error.description.contains("/enc/enc.0/Conv'"))
  }

  @Test func theDefaultRunsTheModel() throws {
    #expect(try run(.max) == nil)
  }

  /// A transposed convolution whose stride is far past its kernel: few multiply-adds, a huge output
  /// written row by row. Its work counts the output's elements and 64 per output row before it runs
  /// (fuzz-onnx-run found strides [2^20, 2] on a 4 × 4 input taking 3.4 s under AddressSanitizer).
  @Test func aSparseTransposedConvolutionCountsItsOutputRowsBeforeItRuns() throws {
    let node = ModelNode(
      name: "up", opType: "ConvTranspose", inputs: ["x", "w"], outputs: ["y"],
      attributes: ["strides": .ints([1 << 20, 2])], fileIndex: 0)
    let weight = ModelTensor(
      name: "w", dataType: .float, shape: [1, 1, 3, 3], storage: .float([Float](repeating: 1, count: 9)))
    let graph = ModelGraph(
      path: "m.onnx", opsetVersion: 17, nodes: [node], initializers: ["w": weight],
      inputs: [ModelValueInfo(name: "x", dataType: .float, dimensions: [1, 1, 4, 4].map { .fixed($0) })],
      outputs: [ModelValueInfo(name: "y", dataType: nil, dimensions: nil)])
    // Output extents from the ONNX formula (in − 1)·stride + kernel: 3·2^20 + 3 rows of 9.
    let rows = 3 * (1 << 20) + 3
    let expected = 16 * 9 + rows * 9 + rows * 64
    var statistics = RunStatistics()
    do {
      _ = try Interpreter(graph: graph).run(
        inputs: ["x": Tensor(shape: [1, 1, 4, 4], repeating: 1)], maximumWork: 1 << 26,
        statistics: &statistics)
      Issue.record("ran a node past the bound")
    } catch {
      guard let runtimeError = error as? RuntimeError,
        case .resource(_, .tooMuchWork(_, let operations, _)) = runtimeError
      else {
        Issue.record("wrong error \(error)")
        return
      }
      #expect(operations == expected)
      #expect(statistics.peakBytes < rows * 9 * 4, "the output was allocated")
    }
    // With a stride of 2 the same layer runs within the bound.
    let small = ModelGraph(
      path: "m.onnx", opsetVersion: 17,
      nodes: [
        ModelNode(
          name: "up", opType: "ConvTranspose", inputs: ["x", "w"], outputs: ["y"],
          attributes: ["strides": .ints([2, 2])], fileIndex: 0)
      ],
      initializers: ["w": weight], inputs: graph.inputs, outputs: graph.outputs)
    let outputs = try Interpreter(graph: small).run(
      inputs: ["x": Tensor(shape: [1, 1, 4, 4], repeating: 1)], maximumWork: 1 << 26, statistics: &statistics)
    #expect(outputs["y"]?.shape == [1, 1, 9, 9])
  }

  @Test func aCubicResizeCountsItsTapsAndMapsBeforeItRuns() throws {
    // fuzz-onnx-run: a cubic Resize of a 1×2×4×4 input by [1, 1, 131072, 2], over a second under
    // AddressSanitizer, was counted only by its output after it ran.
    func graph(_ scales: [Float]) -> ModelGraph {
      ModelGraph(
        path: "m.onnx", opsetVersion: 19,
        nodes: [
          ModelNode(
            name: "up", opType: "Resize", inputs: ["x", "", "scales"], outputs: ["y"],
            attributes: ["mode": .string("cubic")], fileIndex: 0)
        ],
        initializers: [
          "scales": ModelTensor(name: "scales", dataType: .float, shape: [4], storage: .float(scales))
        ],
        inputs: [ModelValueInfo(name: "x", dataType: .float, dimensions: [1, 2, 4, 4].map { .fixed($0) })],
        outputs: [ModelValueInfo(name: "y", dataType: nil, dimensions: nil)])
    }
    // Height first: [1, 2, 524288, 4] read at 4 taps each, a map of 524,288 entries of 4 taps + 64;
    // then width: [1, 2, 524288, 8] at 4 taps, a map of 8 entries.
    let rows = 4 * 131_072
    let expected = 2 * rows * 4 * 4 + rows * (4 + 64) + 2 * rows * 8 * 4 + 8 * (4 + 64)
    #expect(expected > 1 << 26)
    var statistics = RunStatistics()
    let x = Tensor(shape: [1, 2, 4, 4], repeating: 1)
    do {
      _ = try Interpreter(graph: graph([1, 1, 131_072, 2])).run(
        inputs: ["x": x], maximumWork: 1 << 26, statistics: &statistics)
      Issue.record("ran a node past the bound")
    } catch {
      guard let runtimeError = error as? RuntimeError,
        case .resource(_, .tooMuchWork(_, let operations, _)) = runtimeError
      else {
        Issue.record("wrong error \(error)")
        return
      }
      #expect(operations == expected)
    }
    // Doubling runs within the bound, and a constant stays constant.
    let outputs = try Interpreter(graph: graph([1, 1, 2, 2])).run(
      inputs: ["x": x], maximumWork: 1 << 26, statistics: &statistics)
    let y = try #require(outputs["y"]?.floatTensor)
    #expect(y.shape == [1, 2, 8, 8])
    #expect(y.data.allSatisfy { abs($0 - 1) < 1e-6 })
  }
}
