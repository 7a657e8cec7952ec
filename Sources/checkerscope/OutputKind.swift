import FileOutput

/// What an output path's extension asks for: the one place the command line maps extensions to
/// formats (`Docs/CLI-CONVENTIONS.md`). Commands say which kinds they write and check paths with
/// `OutputFiles.requireExtension`; a new format (for example `.svg` figures) is one more case here
/// and one more entry in the list of the options that write it.
enum OutputKind: String, CaseIterable, Sendable {
  case png, npy, json, csv
  /// Markdown (`.md`).
  case markdown = "md"
  /// Plain text (`.txt`), the text output of commands that print results.
  case text = "txt"

  /// The path that means standard output (or standard input, for inputs).
  static let standardStream = "-"

  /// The kind `path`'s extension asks for (case-insensitive), or nil for any other extension, no
  /// extension, or `-`.
  init?(path: String) {
    guard path != Self.standardStream else { return nil }
    self.init(rawValue: OutputPath.fileExtension(path))
  }

  /// The extensions of figure files, for `--heatmap FILE` and `render -o FILE`.
  static let figureExtensions = [OutputKind.png.rawValue, "svg"]

  /// The result format a path asks for, as a command's `--format` value named `text`, `json`,
  /// `csv` or `md`: nil for standard output or an extension the format type lacks.
  static func format<Format: RawRepresentable>(_ type: Format.Type, forPath path: String) -> Format?
  where Format.RawValue == String {
    guard let kind = OutputKind(path: path) else { return nil }
    return Format(rawValue: kind == .text ? "text" : kind.rawValue)
  }
}
