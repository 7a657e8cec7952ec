import FileOutput
import Foundation

/// Whole-file reads and atomic writes for PNGIO, with errors that name the path.
enum FileIO {
  /// The bytes of the file at `path`.
  static func readBytes(_ path: String) throws(PNGIOError) -> [UInt8] {
    do {
      return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    } catch {
      var isDirectory: ObjCBool = false
      if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
        throw .io(path: path, reason: "no such file; check the path")
      }
      if isDirectory.boolValue { throw .io(path: path, reason: "is a folder, not a file") }
      throw .io(path: path, reason: "cannot be read; check its permissions")
    }
  }

  /// Writes `bytes` to `path` atomically (`AtomicFile`: a temporary of this tool's own naming in
  /// the same folder, flushed, then renamed), so a failure never leaves a partial file or
  /// destroys an earlier one; the error says why in plain words (no space left, permission, …).
  static func writeAtomically(_ bytes: [UInt8], to path: String) throws(PNGIOError) {
    do {
      try AtomicFile.write(bytes, to: path)
    } catch {
      throw .io(path: path, reason: "cannot be written: " + error.reason)
    }
  }
}
