import FileOutput
import Foundation
import Sweeps

/// File helpers of the `grid`, `check` and `merge` commands: reading grid documents and writing
/// text atomically.
enum GridFiles {
  /// Reads and parses a grid document; every failure is one line naming `path`.
  /// `-` reads standard input.
  static func readDocument(_ path: String) throws -> SweepDocument {
    let text = try InputText.read(path, what: "a grid JSON document")
    do {
      return try SweepDocument(parsing: text)
    } catch {
      throw CLIError(path: path == OutputKind.standardStream ? "standard input" : path, error.description)
    }
  }

  /// Writes `text` to `path` atomically (`AtomicFile`: a temporary file in the same folder, then a
  /// rename), so an earlier file survives a failure.
  static func write(_ text: String, to path: String) throws {
    do {
      try AtomicFile.write(Array(text.utf8), to: path)
    } catch {
      throw CLIError(error.description)
    }
  }
}
