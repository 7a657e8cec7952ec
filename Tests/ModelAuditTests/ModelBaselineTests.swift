import CheckerscopeCore
import Foundation
import ModelAudit
import ModelIO
import TestSupport
import Testing

/// Model baselines: recorded, read back, and compared after the weights moved by known amounts.
@Suite("model baselines")
struct ModelBaselineTests {
  static func report() throws -> AuditReport {
    try ModelAuditor.audit(graph: ONNXReader.read(contentsOf: FixturePaths.url("models/dcgan.onnx").path))
  }

  /// `report` with channel `channel`'s phase `phase` gain of layer `index` multiplied by `factor`
  /// (what scaling the weight taps of that output phase does), the PEFs recomputed.
  static func scaled(_ report: AuditReport, layer index: Int, channel: Int, phase: Int, by factor: Double)
    throws
    -> AuditReport
  {
    var report = report
    let weights = try #require(report.layers[index].weights)
    var gains = weights.gains
    gains[channel][phase] *= factor
    report.layers[index].weights = WeightAnalysis(
      gains: gains, tileShape: weights.tileShape, threshold: report.threshold)
    return report
  }

  @Test func theSameModelDoesNotDriftAndTheFileReadsBack() throws {
    let report = try Self.report()
    let baseline = ModelBaseline(report: report)
    #expect(baseline.layers.count == report.layers.count)
    #expect(baseline.compare(with: report).isEmpty)
    let text = try baseline.encoded()
    let read = try ModelBaseline(parsing: text, path: "b.json")
    #expect(read == baseline)
    #expect(try read.encoded() == text)
    #expect(read.compare(with: try Self.report()).isEmpty)
  }

  @Test func unevenScalingOfOneLayerNamesItAndTheValue() throws {
    let report = try Self.report()
    let index = try #require(report.layers.firstIndex { ($0.weights?.tileShape.reduce(1, *) ?? 0) > 1 })
    let node = report.layers[index].node
    let original = try #require(report.layers[index].weights?.gains[1][0])
    let drifts = ModelBaseline(report: report).compare(
      with: try Self.scaled(report, layer: index, channel: 1, phase: 0, by: 1.5))
    #expect(Set(drifts.map(\.layer)) == [node])
    let gain = try #require(drifts.first { $0.field == "gains[1][0]" })
    #expect(gain.expected == NumberFormat.significant(original, 6))
    #expect(gain.actual == NumberFormat.significant(original * 1.5, 6))
    #expect(drifts.contains { $0.field == "pef[1]" })
  }

  @Test func movesWithinTheTolerancesPass() throws {
    let report = try Self.report()
    let index = try #require(report.layers.firstIndex { ($0.weights?.tileShape.reduce(1, *) ?? 0) > 1 })
    let scale = try #require(report.layers[index].weights?.gains.joined().map(abs).max())
    let original = try #require(report.layers[index].weights?.gains[0][0])
    // A move of 0.5e-4 × G stays within the default gain tolerance 1e-4 × G; 2e-4 × G does not.
    let small = try Self.scaled(
      report, layer: index, channel: 0, phase: 0, by: 1 + 0.5e-4 * scale / abs(original))
    let large = try Self.scaled(
      report, layer: index, channel: 0, phase: 0, by: 1 + 2e-4 * scale / abs(original))
    let tolerances = ModelBaseline.Tolerances(pef: 1, gain: ModelBaseline.Tolerances.defaultGain)
    #expect(ModelBaseline(report: report).compare(with: small, tolerances: tolerances).isEmpty)
    #expect(
      ModelBaseline(report: report).compare(with: large, tolerances: tolerances).map(\.field) == [
        "gains[0][0]"
      ])
  }

  @Test func factsAndLayersMustMatch() throws {
    let report = try Self.report()
    var changed = report
    changed.layers[0].convolution?.stride = [3, 3]
    changed.layers.removeLast()
    let drifts = ModelBaseline(report: report).compare(with: changed)
    #expect(
      drifts.contains { $0.layer == report.layers[0].node && $0.field == "stride" && $0.actual == "[3,3]" })
    #expect(
      drifts.contains { $0.layer == report.layers.last?.node && $0.field == "layer" && $0.actual == "absent" }
    )
  }

  @Test(arguments: [
    ("[]", "the document is not a JSON object"),
    (#"{"format":"other"}"#, "'format'"),
    (#"{"format":"checkerscope-model-baseline","version":2}"#, "'version'"),
    (
      #"{"format":"checkerscope-model-baseline","version":1,"model":"m","threshold":0.01,"layers":[{"node":1}]}"#,
      "'layers[0].node'"
    ),
    (
      #"{"format":"checkerscope-model-baseline","version":1,"model":"m","threshold":0.01,"layers":[{"node":"a","facts":{},"weights":{"pef":[2],"gains":[[1]]}}]}"#,
      "'layers[0].weights.pef[0]'"
    ),
    (
      #"{"format":"checkerscope-model-baseline","version":1,"model":"m","threshold":0.01,"layers":[{"node":"a","facts":{},"weights":{"pef":[0,0],"gains":[[1],[1,2]]}}]}"#,
      "'layers[0].weights.gains[1]'"
    ),
    (
      #"{"format":"checkerscope-model-baseline","version":1,"model":"m","threshold":0.01,"layers":[{"node":"a","facts":[]}]}"#,
      "'layers[0].facts'"
    ),
    ("{", "invalid JSON"),
  ])
  func hostileFilesAreRefusedNamingTheField(text: String, message: String) {
    #expect {
      _ = try ModelBaseline(parsing: text, path: "b.json")
    } throws: { error in
      let description = (error as? ModelAuditError)?.description ?? ""
      return description.hasPrefix("b.json: not a model baseline: ") && description.contains(message)
    }
  }
}
