import CheckerscopeCore
import ModelIO
import ModelRuntime
import TestSupport
import Testing
import TransposedConv

/// The interpreter's memory budget: the weights, the inputs and the values still to be used count,
/// and a node whose result would not fit beside them is refused naming it.
@Suite("Interpreter keeps its live tensors within the memory budget")
struct BudgetTests {
  /// The trained autoencoder: input 1×3×32×32, first node `/enc/enc.0/Conv` → 1×16×16×16.
  let path = FixturePaths.url("models/probe/trained_ae_convt.onnx").path

  /// The weights' bytes, counted from the graph: 4 bytes a float, 8 an int64 element.
  func weightBytes(_ graph: ModelGraph) -> Int {
    graph.initializers.values.reduce(0) { sum, tensor in
      sum + tensor.elementCount * (tensor.int64Values == nil ? 4 : 8)
    }
  }

  func run(_ budget: Int) throws -> RuntimeError? {
    let graph = try ONNXReader.read(contentsOf: path)
    let interpreter = try Interpreter(graph: graph)
    do {
      _ = try interpreter.run(
        inputs: ["input": Tensor(shape: [1, 3, 32, 32], repeating: 1)], budget: MemoryBudget(bytes: budget))
      return nil
    } catch let error as RuntimeError {
      return error
    }
  }

  @Test func weightsAndInputBeyondTheBudgetAreRefusedBeforeAnyNode() throws {
    let weights = weightBytes(try ONNXReader.read(contentsOf: path))
    let error = try #require(try run(weights + 3 * 32 * 32 * 4 - 1))
    guard case .resource(let file, .overBudget(_, let bytes, _)) = error else {
      Issue.record("wrong error \(error)")
      return
    }
    #expect(file == path)
    #expect(bytes == weights + 3 * 32 * 32 * 4)
    #expect(error.description.contains("weights and input") && error.description.contains("--max-memory"))
  }

  @Test func aResultThatDoesNotFitBesideTheLiveTensorsNamesItsNode() throws {
    let weights = weightBytes(try ONNXReader.read(contentsOf: path))
    let first = 16 * 16 * 16 * 4
    let error = try #require(try run(weights + 3 * 32 * 32 * 4 + first - 1))
    guard case .resource(_, .overBudget(_, let bytes, _)) = error else {
      Issue.record("wrong error \(error)")
      return
    }
    #expect(bytes == weights + 3 * 32 * 32 * 4 + first)
    #expect(error.description.contains("/enc/enc.0/Conv") && error.description.contains("1×16×16×16"))
  }

  @Test func theDefaultBudgetRunsTheModel() throws {
    #expect(try run(MemoryBudget.default.bytes) == nil)
  }
}
