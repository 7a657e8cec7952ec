import CheckerscopeCore
import ModelAudit
import ModelIO
import ModelProbe
import ModelRuntime
import TestSupport
import Testing
import TransposedConv

/// The memory plan: the peak predicted from shapes and lifetimes before a run equals the peak the
/// run measures (two separate computations: the audit's shape propagation replayed over the
/// release schedule, and the interpreter's live-set accounting on the real tensors), and a run whose
/// prediction is over the budget is refused before any node runs.
@Suite("Interpreter predicts its peak memory")
struct MemoryPlanTests {
  static let models = [
    "probe/trained_ae_convt.onnx", "probe/op_conv_strided.onnx", "probe/op_convt3d.onnx", "dcgan.onnx",
    "espcn.onnx", "pix2pix_unet.onnx", "vocoder1d.onnx", "d2s_crd.onnx",
  ]

  func prepare(_ model: String) throws -> (Interpreter, [Int], MemoryPlan) {
    let graph = try ONNXReader.read(contentsOf: FixturePaths.url("models/\(model)").path)
    let shape = try #require(graph.fixedInputShape)
    let interpreter = try Interpreter(graph: graph)
    let name = try #require(graph.inputs.first?.name)
    let plan = interpreter.memoryPlan(
      inputShapes: [name: shape], shapes: ModelAuditor.inferredShapes(of: graph))
    return (interpreter, shape, plan)
  }

  @Test("predicted peak equals the measured peak", arguments: models)
  func predictionMatchesMeasurement(model: String) throws {
    let (interpreter, shape, plan) = try prepare(model)
    var statistics = RunStatistics()
    let name = interpreter.graph.inputs.first?.name ?? ""
    _ = try interpreter.run(inputs: [name: Tensor(shape: shape, repeating: 1)], statistics: &statistics)
    #expect(plan.isComplete, "unknown: \(plan.unknownValues)")
    #expect(plan.peakBytes == statistics.peakBytes)
    // At least the weights and the input, and at least the largest single tensor produced.
    #expect(plan.peakBytes >= shape.reduce(4, *))
  }

  @Test("a prediction over the budget is refused before any node runs, with the figure")
  func overBudgetIsRefusedFirst() throws {
    let (interpreter, _, plan) = try prepare("probe/trained_ae_convt.onnx")
    let budget = MemoryBudget(bytes: plan.peakBytes - 1)
    #expect(throws: Never.self) {
      try interpreter.requirePlan(plan, budget: MemoryBudget(bytes: plan.peakBytes))
    }
    do {
      try interpreter.requirePlan(plan, budget: budget)
      Issue.record("accepted")
    } catch {
      guard case .resource(let path, .overBudget(_, let bytes, _)) = error else {
        Issue.record("wrong error \(error)")
        return
      }
      #expect(path.hasSuffix("trained_ae_convt.onnx"))
      #expect(bytes == plan.peakBytes)
      #expect(error.description.contains("predicted peak") && error.description.contains("--max-memory"))
    }
  }

  @Test("unknown shapes make the prediction a lower bound")
  func unknownShapes() throws {
    let (interpreter, shape, full) = try prepare("dcgan.onnx")
    let name = interpreter.graph.inputs.first?.name ?? ""
    let partial = interpreter.memoryPlan(inputShapes: [name: shape], shapes: [:])
    #expect(!partial.isComplete)
    #expect(
      partial.unknownValues.count == interpreter.graph.nodes.flatMap(\.outputs).filter { !$0.isEmpty }.count)
    #expect(partial.peakBytes < full.peakBytes)
  }
}

/// The probe reports the plan beside the measurement in its JSON.
@Suite("Probe reports predicted and measured peak memory")
struct ProbeMemoryTests {
  @Test func jsonHasBothFigures() throws {
    let path = FixturePaths.url("models/probe/trained_ae_convt.onnx").path
    let graph = try ONNXReader.read(contentsOf: path)
    let shape = try #require(graph.fixedInputShape)
    let report = try Probe.run(
      graph: graph, input: Tensor(shape: shape, repeating: 1), inputLabel: "constant")
    #expect(report.memory.predictedPeakBytes == report.memory.measuredPeakBytes)
    #expect(report.memory.predictionIsComplete)
    guard case .object(let members) = report.json,
      case .object(let memory)? = members.first(where: { $0.0 == "memory" })?.1
    else {
      Issue.record("no memory object")
      return
    }
    #expect(memory.map(\.0) == ["predictedPeakBytes", "predictionIsComplete", "measuredPeakBytes"])
  }

  @Test func aBudgetBelowThePredictionIsRefusedNamingTheFile() throws {
    let path = FixturePaths.url("models/probe/trained_ae_convt.onnx").path
    let graph = try ONNXReader.read(contentsOf: path)
    let shape = try #require(graph.fixedInputShape)
    var ran = false
    do {
      _ = try Probe.run(
        graph: graph, input: Tensor(shape: shape, repeating: 1), inputLabel: "constant",
        budget: MemoryBudget(bytes: 1_000)
      ) { _ in ran = true }
      Issue.record("accepted")
    } catch {
      #expect("\(error)".contains(path) && "\(error)".contains("predicted peak"))
    }
    #expect(!ran)
  }
}

/// A measured node output with NaN or infinity is an error naming the file and the node, never a
/// `nan` in a report.
@Suite("Probe refuses non-finite measurements")
struct ProbeNonFiniteTests {
  @Test func infiniteInputNamesTheNode() throws {
    let path = FixturePaths.url("models/probe/trained_ae_convt.onnx").path
    let graph = try ONNXReader.read(contentsOf: path)
    let shape = try #require(graph.fixedInputShape)
    var values = [Float](repeating: 1, count: shape.reduce(1, *))
    values[0] = .infinity
    let input = Tensor(shape: shape, data: values)
    do {
      _ = try Probe.run(graph: graph, input: input, inputLabel: "x.npy")
      Issue.record("accepted")
    } catch let error as ProbeError {
      guard case .nonFinite(let file, _, _, _, let count, _) = error else {
        Issue.record("wrong error \(error)")
        return
      }
      #expect(file == path && count > 0)
      #expect(error.description.hasPrefix(path + ": node '"))
    }
  }
}
