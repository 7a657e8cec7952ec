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
        let exists = FileManager.default.fileExists(atPath: path)
        throw CLIError(
          path: path, exists ? "cannot be read; check its permissions" : "no such file; check the path")
      }
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw CLIError(path: name, "is not UTF-8 text; expected \(what)")
    }
    return text
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
