import Foundation
import ModelIO
import ModelRuntime
import TensorIO
import TestSupport
import Testing
import TransposedConv

@Suite("Interpreter agrees with ONNX Runtime on every fixture model")
struct InterpreterFixtureTests {
  static let tolerance = 1e-4

  func output(_ entry: FixtureModels.Entry, input: Tensor) throws -> Tensor {
    let graph = try ONNXReader.read(contentsOf: entry.path)
    let interpreter = try Interpreter(graph: graph)
    let outputs = try interpreter.run(inputs: ["input": input])
    let name = try #require(graph.outputs.first?.name)
    return try #require(outputs[name]?.floatTensor)
  }

  @Test("all-ones input", arguments: FixtureModels.audit + FixtureModels.probe)
  func ones(_ entry: FixtureModels.Entry) throws {
    let expected = try Tensor.readNPY(from: entry.npy("ones.out"))
    let y = try output(entry, input: Tensor(shape: entry.inputShape, repeating: 1))
    let error = try #require(FixtureModels.relativeError(y, expected), "shape \(y.shape) vs \(expected.shape)")
    #expect(error <= Self.tolerance, "\(entry.name): max error \(error) relative to max(1, max|y|)")
  }

  @Test("seeded noise input", arguments: FixtureModels.audit + FixtureModels.probe)
  func noise(_ entry: FixtureModels.Entry) throws {
    let input = try Tensor.readNPY(from: entry.npy("noise.in"))
    let expected = try Tensor.readNPY(from: entry.npy("noise.out"))
    let y = try output(entry, input: input)
    let error = try #require(FixtureModels.relativeError(y, expected), "shape \(y.shape) vs \(expected.shape)")
    #expect(error <= Self.tolerance, "\(entry.name): max error \(error) relative to max(1, max|y|)")
  }

  @Test("the manifests list the models")
  func manifests() {
    #expect(FixtureModels.audit.count >= 20)
  }
}
