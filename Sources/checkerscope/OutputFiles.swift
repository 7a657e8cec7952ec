import ArgumentParser
import FileOutput
import Foundation

/// The checks every command makes on its output paths before doing any work, so that a command
/// that fails writes nothing: the folder exists and is writable, the path is not a folder, and
/// the extension is one the tool writes.
enum OutputFiles {
  /// Throws `CLIError` (exit 1) for the first path that cannot be written.
  static func check(_ paths: [String?]) throws {
    for path in paths.compactMap({ $0 }) {
      do {
        try OutputPath.check(path)
      } catch {
        throw CLIError(error.description)
      }
    }
  }

  /// Throws a usage error unless `path` ends in one of `extensions` (lower case, without dots).
  /// `option` names the option (or argument) in the message.
  static func requireExtension(_ path: String, _ extensions: [String], option: String) throws {
    let found = OutputPath.fileExtension(path)
    guard !extensions.contains(found) else { return }
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
      throw ValidationError(
        "\(option) '\(path)': is a folder, not a file; give a file name ending in \(extensions.map { "." + $0 }.joined(separator: " or "))"
      )
    }
    let list = extensions.map { "." + $0 }.joined(separator: " or ")
    if found.isEmpty {
      throw ValidationError("\(option) '\(path)': has no extension; give a file name ending in \(list)")
    }
    throw ValidationError(
      "\(option) '\(path)': checkerscope writes \(list) here, not .\(found); give a file name ending in \(list)"
    )
  }
}
