/// What the audit concludes about one layer.
public enum AuditVerdict: String, Sendable, Hashable, CaseIterable {
  /// Holes in the overlap pattern, or a learned phase energy fraction above the threshold.
  case artifacts
  /// Uneven overlap, but the learned weights give a flat response to a flat input.
  case compensated
  /// A strided forward convolution whose gradient overlap is uneven (artifacts in training, not output).
  case gradientOnly = "gradient-only"
  /// Even overlap and a flat learned response.
  case ok
}
