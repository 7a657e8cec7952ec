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
    let graph = RegistryCases.graph([
      ModelNode(
        name: "the_loop", opType: "Loop", inputs: ["x"], outputs: ["y"], attributes: [:], fileIndex: 0)
    ])
    do {
      _ = try Interpreter(graph: graph)
      Issue.record("Loop was accepted")
    } catch {
      guard case .unsupportedOperator(_, let node, let op, _, let supported) = error else {
        Issue.record("wrong error \(error)")
        return
      }
      #expect(node == "the_loop")
      #expect(op == "Loop")
      #expect(
        supported.contains("ConvTranspose") && supported.contains("Einsum") && supported == supported.sorted()
      )
      #expect(error.description.contains("the_loop") && error.description.contains("ConvTranspose"))
    }
  }

  /// The fixtures that were refused before the registry (an Einsum, a cubic Resize) now run.
  @Test("the former refusal fixtures Einsum and cubic Resize run", arguments: ["unknown_op", "cubic_resize"])
  func formerRefusalsRun(_ name: String) throws {
    #expect(try refusal(name) == nil)
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
      // Issue 21's list.
      "Abs", "And", "ArgMax", "ArgMin", "CastLike", "Ceil", "ConstantOfShape", "Cos", "CumSum", "Einsum",
      "Equal",
      "Erf", "Exp", "Expand", "Floor", "GRU", "GatherElements", "GatherND", "GlobalMaxPool", "Greater",
      "GreaterOrEqual", "GroupNormalization", "HardSigmoid", "HardSwish", "LSTM", "LayerNormalization",
      "Less",
      "LessOrEqual", "Log", "LogSoftmax", "Max", "Mean", "Min", "Mish", "Mod", "Neg", "Not", "Or", "Pow",
      "Range",
      "Reciprocal", "ReduceL2", "ReduceMax", "ReduceMean", "ReduceMin", "ReduceSum", "ReduceSumSquare",
      "Round",
      "ScatterND", "Sign", "Sin", "Softmax", "SpaceToDepth", "Split", "Sqrt", "Sum", "Tile", "Trilu", "Where",
    ]
    #expect(Set(required).isSubset(of: Set(Interpreter.supportedOperators)))
  }
}
