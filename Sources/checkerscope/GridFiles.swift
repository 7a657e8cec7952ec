import FileOutput
import Foundation
import OverlapAnalysis

/// File helpers of the `grid`, `check` and `merge` commands: reading grid documents and writing
/// text atomically.
enum GridFiles {
  /// Reads and parses a grid document; every failure is one line naming `path`.
  static func readDocument(_ path: String) throws -> SweepDocument {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      let exists = FileManager.default.fileExists(atPath: path)
      throw CLIError(path: path, exists ? "cannot be read" : "no such file")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw CLIError(path: path, "is not UTF-8 text; expected a grid JSON document")
    }
    do {
      return try SweepDocument(parsing: text)
    } catch {
      throw CLIError(path: path, error.description)
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
