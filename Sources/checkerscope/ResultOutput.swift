import ArgumentParser
import FileOutput

/// The `-o/--output PATH` convention of commands that print a result (text, JSON or CSV): `-`
/// (the default) is standard output, any other path a file written atomically. The result's
/// format is `--format` when given, else the output file's extension, else the command's default.
enum ResultOutput {
  /// The help of a result's `-o/--output` option.
  static let help = ArgumentHelp(
    "Write the result to this file (its extension picks the format); - is standard output (the default).",
    valueName: "FILE")

  /// True when `path` means standard output.
  static func isStandardOutput(_ path: String) -> Bool { path == OutputKind.standardStream }

  /// The format to write: `explicit` (`--format`), or the format `output`'s extension names, or
  /// `fallback`. A usage error when `--format` contradicts the extension, or when a file's
  /// extension is not one the command writes; a file without an extension is accepted with
  /// `--format` (e.g. `--format md -o "$GITHUB_STEP_SUMMARY"`).
  static func format<Format: RawRepresentable & CaseIterable>(
    explicit: Format?, output: String, fallback: Format
  ) throws -> Format where Format.RawValue == String {
    if isStandardOutput(output) { return explicit ?? fallback }
    let byExtension = OutputKind.format(Format.self, forPath: output)
    if let explicit, byExtension == nil, OutputPath.fileExtension(output).isEmpty { return explicit }
    if byExtension == nil {
      let names = Format.allCases.map { $0.rawValue == "text" ? "txt" : $0.rawValue }
      try OutputFiles.requireExtension(output, names, option: "--output")
    }
    if let explicit, let byExtension, explicit.rawValue != byExtension.rawValue {
      throw ValidationError(
        "--format \(explicit.rawValue) contradicts --output '\(output)'; leave one out or make them agree")
    }
    return explicit ?? byExtension ?? fallback
  }

  /// Checks a file output before any work (`OutputFiles.check`); nothing for standard output.
  static func check(_ output: String) throws {
    if !isStandardOutput(output) { try OutputFiles.check([output]) }
  }

  /// Writes `text` to standard output or, atomically, to the file `output`.
  static func write(_ text: String, to output: String) throws {
    if isStandardOutput(output) {
      try Console.write(text)
    } else {
      do {
        try AtomicFile.write(Array(text.utf8), to: output)
      } catch {
        throw CLIError(error.description)
      }
    }
  }

  /// Stages `text` for `output` (nil for standard output, where it is written at once), so a
  /// command with several outputs can commit them together.
  static func stage(_ text: String, to output: String) throws -> StagedFile? {
    if isStandardOutput(output) {
      try Console.write(text)
      return nil
    }
    do {
      return try AtomicFile.stage(Array(text.utf8), for: output)
    } catch {
      throw CLIError(error.description)
    }
  }
}
