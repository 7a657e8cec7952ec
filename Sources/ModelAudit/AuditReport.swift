/// The audit of a whole model: its lattice-changing layers in graph order and the model's verdict.
public struct AuditReport: Sendable, Equatable {
  /// The model's path as given.
  public var model: String
  /// The input shape used (given or declared), nil when not fully known.
  public var inputShape: [Int]?
  /// The PEF threshold.
  public var threshold: Double
  /// The layers, in topological order.
  public var layers: [LayerAudit]

  /// Wraps the fields.
  public init(model: String, inputShape: [Int]?, threshold: Double, layers: [LayerAudit]) {
    self.model = model
    self.inputShape = inputShape
    self.threshold = threshold
    self.layers = layers
  }

  /// `artifacts` when any layer says so, `ok` otherwise.
  public var verdict: AuditVerdict { firstArtifactLayer == nil ? .ok : .artifacts }

  /// The first layer (in graph order) whose verdict is `artifacts`.
  public var firstArtifactLayer: String? { layers.first { $0.verdict == .artifacts }?.node }
}
