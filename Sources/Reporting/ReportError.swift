/// Why a study could not be read or a report could not be written.
public enum ReportError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The spec file could not be read.
  case unreadableSpec(path: String, reason: String)
  /// The spec is not valid JSON at all.
  case malformedSpec(path: String, reason: String)
  /// A field of the spec is unknown, missing or has the wrong type or value.
  case invalidField(path: String, field: String, reason: String)
  /// A file the spec names (a weight, an image) is missing or unreadable.
  case missingFile(spec: String, field: String, file: String, reason: String)
  /// The output folder could not be written.
  case unwritableOutput(path: String, reason: String)
  /// A section failed while it was computed.
  case sectionFailed(section: String, reason: String)

  public var description: String {
    switch self {
    case .unreadableSpec(let path, let reason): return "\(path): cannot read the study spec: \(reason)"
    case .malformedSpec(let path, let reason): return "\(path): not a valid study spec: \(reason)"
    case .invalidField(let path, let field, let reason): return "\(path): field '\(field)': \(reason)"
    case .missingFile(let spec, let field, let file, let reason):
      return "\(spec): field '\(field)': cannot read \(file): \(reason)"
    case .unwritableOutput(let path, let reason): return "\(path): cannot write the report: \(reason)"
    case .sectionFailed(let section, let reason): return "section '\(section)': \(reason)"
    }
  }
}
