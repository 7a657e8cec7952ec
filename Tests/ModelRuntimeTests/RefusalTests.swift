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
      guard case .unsupportedOperator(_, let node, let op, _, let opset, let supported) = error else {
        Issue.record("wrong error \(error)")
        return
      }
      #expect(node == "the_loop")
      #expect(op == "Loop")
      #expect(opset == 17 && error.description.contains("opset 17"))
      #expect(
        supported.contains("ConvTranspose") && supported.contains("Einsum") && supported == supported.sorted()
      )
      #expect(error.description.contains("the_loop") && error.description.contains("ConvTranspose"))
    }
  }

  /// The fixture that was refused before the registry (a cubic Resize) now runs.
  @Test func cubicResizeRuns() throws {
    #expect(try refusal("cubic_resize") == nil)
  }

  @Test func anOperatorOutsideItsOpsetsNamesTheOpset() throws {
    let error = try #require(try refusal("upsample_opset19"))
    #expect(error.description.contains("legacy_up") && error.description.contains("opset 19"))
  }

  @Test func aMissingOperatorIsNamed() throws {
    let error = try #require(try refusal("unknown_op"))
    #expect(error.description.contains("the_hardmax") && error.description.contains("Hardmax"))
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
