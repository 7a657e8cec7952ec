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
  /// The output folder is not empty and holds no report marker: it is not a report this tool
  /// wrote, so it is left alone. `example` is one of its entries.
  case notAReport(path: String, example: String)
  /// The output folder is a report but also holds files the report did not write.
  case foreignFiles(path: String, examples: [String])
  /// With `--force`, a file the tool did not write is where the new report puts one of its own.
  case inTheWay(path: String, file: String)
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
    case .notAReport(let path, let example):
      return
        "\(path): the folder is not empty (it holds '\(example)') and is not a report written by checkerscope (no \(ReportMarker.fileName)); choose a new or empty folder, or give --force to write the report into it (files checkerscope did not write are kept; a report from an older checkerscope has no marker, so delete it yourself)"
    case .foreignFiles(let path, let examples):
      let list = examples.map { "'\($0)'" }.joined(separator: ", ")
      return
        "\(path): the folder holds files the previous report did not write (\(list)); move them away, or give --force to keep them beside the new report"
    case .inTheWay(let path, let file):
      return
        "\(path): '\(file)' was not written by checkerscope and is where the report writes its own; move or rename it, or choose another folder"
    case .sectionFailed(let section, let reason): return "section '\(section)': \(reason)"
    }
  }
}
