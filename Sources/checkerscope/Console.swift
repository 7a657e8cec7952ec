import FileOutput
import Foundation

/// The terminal streams, written straight to their file descriptors with errors checked: a
/// result that cannot be written to standard output (a full disk, `> /dev/full`) is a failed
/// command, never a silent exit 0.
enum Console {
  /// Writes `text` to standard output (unbuffered, so nothing is left to fail at exit).
  /// - Throws: `CLIError` (exit 1) naming the reason, e.g. "no space left on device".
  static func write(_ text: String) throws {
    let code = Descriptor.write(Array(text.utf8), to: STDOUT_FILENO)
    guard code == 0 else {
      throw CLIError(
        "standard output: cannot write the result: \(FileOutputError.reason(errno: code))")
    }
  }

  /// Writes one line to standard error; a failure there has nowhere to be reported, so it is
  /// ignored (it never traps).
  static func error(_ line: String) {
    _ = Descriptor.write(Array((line + "\n").utf8), to: STDERR_FILENO)
  }
}
