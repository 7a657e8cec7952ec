/// A failure the command line reports as one line: `checkerscope: error: <description>`.
struct CLIError: Error, CustomStringConvertible {
  /// The message, normally `FILE: reason` or a sentence saying what to change.
  var description: String
  /// The process exit code (1 for a failed job, 64 for a usage error).
  var exitCode: Int32 = 1

  init(_ description: String, exitCode: Int32 = 1) {
    self.description = description
    self.exitCode = exitCode
  }

  /// An error about `path`, printed as `path: reason`.
  init(path: String, _ reason: String) {
    self.init("\(path): \(reason)")
  }
}
