import ModelIO
import ModelRuntime
import TestSupport
import Testing

@Suite("Interpreter refuses what it does not run, before any work")
struct RefusalTests {
  func refusal(_ name: String) throws -> RuntimeError? {
    let graph = try ONNXReader.read(contentsOf: FixturePaths.url("models/probe/refuse/\(name).onnx").path)
    do {
      _ = try Interpreter(graph: graph)
      return nil
    } catch {
      return error
    }
  }

  @Test func unknownOperatorNamesTheNodeAndTheSupportedList() throws {
    let error = try #require(try refusal("unknown_op"))
    guard case .unsupportedOperator(_, let node, let op, _, let supported) = error else {
      Issue.record("wrong error \(error)")
      return
    }
    #expect(node == "the_einsum")
    #expect(op == "Einsum")
    #expect(
      supported.contains("ConvTranspose") && supported.contains("Resize") && supported == supported.sorted())
    #expect(error.description.contains("the_einsum") && error.description.contains("ConvTranspose"))
  }

  @Test func cubicResizeIsRefused() throws {
    let error = try #require(try refusal("cubic_resize"))
    #expect(error.description.contains("cubic_up") && error.description.contains("cubic"))
  }

  @Test func otherDomainsAreRefused() throws {
    let error = try #require(try refusal("custom_domain"))
    #expect(error.description.contains("com.example.Relu"))
  }

  @Test func unknownAttributeIsRefused() throws {
    let error = try #require(try refusal("unknown_attribute"))
    #expect(error.description.contains("odd_conv") && error.description.contains("fancy"))
  }

  @Test func supportedOperatorsCoverTheIssueList() {
    let required = [
      "Conv", "ConvTranspose", "Resize", "Upsample", "DepthToSpace", "Pad", "BatchNormalization",
      "InstanceNormalization", "Relu", "LeakyRelu", "PRelu", "Elu", "Selu", "Sigmoid", "Tanh", "Softplus",
      "Gelu",
      "Clip", "Add", "Sub", "Mul", "Div", "Concat", "MaxPool", "AveragePool", "GlobalAveragePool", "Identity",
      "Constant", "Reshape", "Flatten", "Squeeze", "Unsqueeze", "Transpose", "Gemm", "MatMul", "Cast",
      "Shape",
      "Gather", "Slice",
    ]
    #expect(Set(required).isSubset(of: Set(Interpreter.supportedOperators)))
  }
}
