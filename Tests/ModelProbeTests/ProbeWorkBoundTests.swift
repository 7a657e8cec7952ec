import CheckerscopeCore
import ModelIO
import ModelProbe
import ModelRuntime
import TestSupport
import Testing
import TransposedConv

/// The probe's work bound covers its measurement too: a run the interpreter alone would finish
/// within `maximumWork` is refused when measuring its outputs takes the total past the bound (a
/// fuzzed model whose transposed convolution of stride 65,536 was cheap to run but tens of millions
/// of samples to measure kept the fuzzer busy for seconds), and accepted when the bound leaves room
/// for 8 operations per measured element.
@Suite("Probe counts its measurement against the work bound")
struct ProbeWorkBoundTests {
  let path = FixturePaths.url("models/probe/trained_ae_convt.onnx").path
  let input = Tensor(shape: [1, 3, 32, 32], repeating: 1)

  /// The interpreter's own count for the whole run (the last node's running total).
  func interpreterWork(_ graph: ModelGraph) throws -> Int {
    let interpreter = try Interpreter(graph: graph)
    var statistics = RunStatistics()
    var last = 0
    _ = try interpreter.run(
      values: ["input": .float(input)], maximumWork: .max, statistics: &statistics
    ) { last = $0.work }
    return last
  }

  @Test func measurementCountsAgainstTheBound() throws {
    let graph = try ONNXReader.read(contentsOf: path)
    let work = try interpreterWork(graph)
    #expect(work > 0)
    // The interpreter alone fits in exactly its own count.
    var statistics = RunStatistics()
    #expect(throws: Never.self) {
      _ = try Interpreter(graph: graph).run(
        values: ["input": .float(input)], maximumWork: work, statistics: &statistics)
    }
    // The probe, which also measures, does not.
    do {
      _ = try Probe.run(graph: graph, input: input, inputLabel: "ones", maximumWork: work)
      Issue.record("accepted a run whose measurement passes the bound")
    } catch {
      guard let probeError = error as? ProbeError,
        case .runtime(.resource(let file, .tooMuchWork(let what, let operations, let limit))) = probeError
      else {
        Issue.record("wrong error \(error)")
        return
      }
      #expect(file == path && limit == work && operations > work)
      #expect(what.contains("measurement"))
    }
    // With 8 operations for every element of every measured output, it does.
    let report = try Probe.run(graph: graph, input: input, inputLabel: "ones")
    let measured = report.nodes.reduce(0) { $0 + $1.shape.reduce(1, *) }
    #expect(measured > 0)
    #expect(throws: Never.self) {
      _ = try Probe.run(graph: graph, input: input, inputLabel: "ones", maximumWork: work + 8 * measured)
    }
  }
}
