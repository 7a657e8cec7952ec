import Foundation

/// Text inputs of the command line (grid documents, map JSON): a file, or standard input for `-`.
enum InputText {
  /// The most bytes read from standard input (256 MiB); a longer stream is refused, not truncated.
  static let standardInputLimit = 256 << 20

  /// The UTF-8 text of `path`, or of standard input when `path` is `-`. Errors name the path
  /// (`standard input` for `-`) and say what was expected (`what`, e.g. "a grid JSON document").
  static func read(_ path: String, what: String) throws -> String {
    let name = path == OutputKind.standardStream ? "standard input" : path
    let data: Data
    if path == OutputKind.standardStream {
      data = try readStandardInput()
    } else {
      do {
        data = try Data(contentsOf: URL(fileURLWithPath: path))
      } catch {
        throw CLIError(path: path, unreadableReason(path))
      }
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw CLIError(path: name, "is not UTF-8 text; expected \(what)")
    }
    return text
  }

  /// Why the input file `path` cannot be read, in the words every command uses: a missing file,
  /// a folder, or a file without read permission.
  static func unreadableReason(_ path: String) -> String {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      return "no such file; check the path"
    }
    return isDirectory.boolValue ? "is a folder, not a file" : "cannot be read; check its permissions"
  }

  /// All of standard input, at most `standardInputLimit` bytes.
  static func readStandardInput() throws -> Data {
    var data = Data()
    let handle = FileHandle.standardInput
    while true {
      let chunk: Data?
      do {
        chunk = try handle.read(upToCount: 1 << 20)
      } catch {
        throw CLIError(path: "standard input", "cannot be read: \(error.localizedDescription)")
      }
      guard let chunk, !chunk.isEmpty else { break }
      data.append(chunk)
      guard data.count <= standardInputLimit else {
        throw CLIError(
          path: "standard input",
          "longer than \(standardInputLimit >> 20) MiB; write it to a file and pass the path")
      }
    }
    return data
  }
}
