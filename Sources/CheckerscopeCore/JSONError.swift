/// Why JSON text cannot be read, or why a value cannot be written as JSON.
///
/// Modules that read or write JSON wrap it in their own error (`SweepError.json`,
/// `ReportError`, …) so each command still reports one error type per module.
public enum JSONError: Error, Sendable, Equatable, CustomStringConvertible {
  /// JSON text is malformed at a byte offset.
  case invalidJSON(offset: Int, reason: String)
  /// A value cannot be written as JSON (NaN or infinity).
  case nonFiniteNumber(Double)

  public var description: String {
    switch self {
    case .invalidJSON(let offset, let reason): return "invalid JSON at byte \(offset): \(reason)"
    case .nonFiniteNumber(let value): return "JSON cannot hold the number \(value); only finite numbers"
    }
  }
}
