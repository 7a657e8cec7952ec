import CheckerscopeCore
import ModelAudit
import ModelIO
import TransposedConv

/// The documents `checkerscope audit` and `probe` print as JSON, made in one place so that the
/// explorer's `/api/audit` and `/api/probe` return the same bytes as the command line.
public enum ModelDocuments {
  /// Audits an ONNX graph as `checkerscope audit` does: `inputShape` (when given) fills the input's
  /// dimensions, and the declared shapes are trusted only when the graph already declared exactly
  /// that fixed shape. With `probe`, the model also runs on a constant input and the probe's
  /// strength per layer is set beside the audit; when the model leaves its size open and no
  /// `inputShape` is given, the probe chooses the size as `probe` does (`Probe.runChoosingSize`) and
  /// the audit is made at that size.
  public static func audit(
    graph: ModelGraph, inputShape: [Int]?, threshold: Double, probe: Bool
  ) throws -> (report: AuditReport, comparison: AuditProbeComparison?) {
    var graph = graph
    let declared = graph.fixedInputShape
    if let inputShape { graph = try graph.withInputShape(inputShape) }
    if probe, graph.fixedInputShape == nil {
      let probed = try Probe.runChoosingSize(
        graph: graph, makeInput: { Probe.input(.constant, shape: $0) }, inputLabel: "constant")
      let shaped = try graph.withInputShape(probed.inputShape)
      let report = try ModelAuditor.audit(graph: shaped, threshold: threshold, trustDeclaredShapes: false)
      return (report, AuditProbeComparison(audit: report, probe: probed))
    }
    let report = try ModelAuditor.audit(
      graph: graph, threshold: threshold,
      trustDeclaredShapes: declared != nil && declared == graph.fixedInputShape)
    guard probe else { return (report, nil) }
    return (report, try AuditProbeComparison(audit: report, graph: graph))
  }

  /// `audit --format json`'s bytes: the report (merged with the probe's comparison when there is
  /// one) as pretty JSON and a newline; non-finite numbers as `null`, listed under
  /// `nonFiniteNumbers` (`JSONValue.finiteDocument()`).
  public static func auditJSON(_ report: AuditReport, comparison: AuditProbeComparison?) throws -> String {
    try (comparison?.merged(into: report.json) ?? report.json).finiteDocument().value.encoded(style: .pretty)
      + "\n"
  }

  /// `probe --format json`'s bytes: the report as pretty JSON and a newline; non-finite numbers as
  /// `auditJSON` writes them.
  public static func probeJSON(_ report: ProbeReport) throws -> String {
    try report.json.finiteDocument().value.encoded(style: .pretty) + "\n"
  }
}

/// What `ModelDocuments` refuses.
public enum ModelDocumentsError: Error, Sendable, Equatable, CustomStringConvertible {
  /// `audit --probe` on a graph whose input shape is not fixed (no longer thrown: the probe chooses
  /// the size; kept so callers that match it still compile).
  case probeNeedsInputShape

  public var description: String {
    switch self {
    case .probeNeedsInputShape: "--probe needs a fixed input shape; give --input-shape"
    }
  }
}
