import CheckerscopeCore
import ModelAudit
import ModelIO
import ModelProbe
import TestSupport
import Testing
import TransposedConv

/// `AuditProbeComparison` on fixture models whose behaviour on a constant input follows from how
/// they were built (`Scripts/make_models.py`, the reasons in `ProbeCase`), and `Probe.noiseInput`
/// against the documented formula on the seeded generator.
@Suite("The audit beside the probe")
struct AuditProbeComparisonTests {
  static func compare(_ file: String, shape: [Int]?) throws -> AuditProbeComparison {
    var graph = try ONNXReader.read(contentsOf: FixturePaths.url("models/\(file).onnx").path)
    if let shape { graph = try graph.withInputShape(shape) }
    return try AuditProbeComparison(audit: try ModelAuditor.audit(graph: graph), graph: graph)
  }

  @Test("InstanceNorm zeroes the constant: every predicted artifact layer disagrees, the output is clean")
  func instanceNormCancels() throws {
    let comparison = try Self.compare("cyclegan_resnet", shape: [1, 3, 128, 128])
    let predicted = comparison.rows.filter { $0.predicted == "artifacts" }
    #expect(!predicted.isEmpty)
    for row in predicted {
      #expect(row.significant == false)
      #expect(row.note == "predicted artifacts, no pattern measured at this layer")
    }
    // Gradient-only layers make no forward pattern: never a disagreement.
    #expect(comparison.rows.filter { $0.predicted == "gradient-only" }.allSatisfy { $0.note == nil })
    #expect(comparison.probe.verdict == "clean")
    #expect(comparison.text.contains("\n  output: clean, strength "))
  }

  @Test("equal polyphase sums: compensated, no pattern, no disagreement")
  func compensatedAgrees() throws {
    let comparison = try Self.compare("compensated", shape: [1, 2, 16, 16])
    #expect(comparison.rows.count == 1)
    #expect(comparison.rows[0].predicted == "compensated")
    #expect(comparison.rows[0].significant == false)
    #expect(comparison.rows[0].note == nil)
    #expect(comparison.text.hasPrefix("\nprobe (constant input 1x2x16x16):\n"))
  }

  @Test("holes: predicted and measured at the layer and at the output; JSON and Markdown carry it")
  func holesAgree() throws {
    let comparison = try Self.compare("holes", shape: [1, 1, 16, 16])
    #expect(comparison.rows.count == 1)
    let row = comparison.rows[0]
    #expect(row.predicted == "artifacts")
    #expect(row.significant == true)
    #expect(row.note == nil)
    #expect(comparison.probe.verdict == "artifacts")
    let merged = comparison.merged(into: .object([("model", .string("m"))]))
    guard case .object(let members) = merged else {
      Issue.record("not an object")
      return
    }
    #expect(members.map(\.0) == ["model", "probe"])
    #expect(merged["probe"]?["layers"]?[0]?["node"] == .string(row.layer))
    #expect(merged["probe"]?["layers"]?[0]?["significant"] == .bool(true))
    #expect(merged["probe"]?["layers"]?[0]?["disagreement"] == .null)
    #expect(merged["probe"]?["output"]?["verdict"] == .string("artifacts"))
    #expect(comparison.merged(into: .array([])) == .array([]))
    #expect(comparison.markdown.contains("\n| `\(row.layer)` | artifacts | "))
    #expect(comparison.markdown.contains(" | yes |  |\n"))
    #expect(
      comparison.markdown.hasSuffix(
        "Output: **artifacts** (strength \(ProbeReport.formatStrength(comparison.probe.output.measure.strength))).\n"
      ))
  }

  @Test("a symbolic input shape cannot be probed")
  func symbolicShape() throws {
    // convt_same_upper declares its spatial input axes by name.
    let graph = try ONNXReader.read(contentsOf: FixturePaths.url("models/convt_same_upper.onnx").path)
    #expect(graph.fixedInputShape == nil)
    let audit = try ModelAuditor.audit(graph: graph)
    #expect {
      try AuditProbeComparison(audit: audit, graph: graph)
    } throws: { error in
      guard case .inputShapeNotFixed = error as? ProbeError else { return false }
      return true
    }
  }

  @Test("noise input: top 24 bits of each SplitMix64 output over 2^24, row-major, in [0, 1)")
  func noiseInput() {
    let tensor = Probe.noiseInput(shape: [1, 2, 3, 4], seed: 7)
    #expect(tensor.shape == [1, 2, 3, 4])
    var rng = SplitMix64(seed: 7)
    let expected = (0..<24).map { _ in Double(rng.next() >> 40) * 0x1p-24 }
    #expect(tensor.data.map(Double.init) == expected)
    #expect(tensor.data.allSatisfy { $0 >= 0 && $0 < 1 })
    #expect(Probe.noiseInput(shape: [1, 2, 3, 4], seed: 7) == tensor)
  }
}
