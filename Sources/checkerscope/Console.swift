import ArgumentParser
import FileOutput
import Foundation

/// The terminal streams, written straight to their file descriptors with errors checked: a
/// result that cannot be written to standard output (a full disk, `> /dev/full`) is a failed
/// command, never a silent exit 0.
enum Console {
  /// The help of every command's `-q/--quiet` flag.
  static let quietHelp = ArgumentHelp(
    "No progress bar and no status line (what was written); results and errors are still printed.")

  /// Writes `text` to standard output (unbuffered, so nothing is left to fail at exit).
  /// - Throws: `CLIError` (exit 1) naming the reason, e.g. "no space left on device".
  static func write(_ text: String) throws {
    let code = Descriptor.write(Array(text.utf8), to: STDOUT_FILENO)
    guard code == 0 else {
      throw CLIError(
        "standard output: cannot write the result: \(FileOutputError.reason(errno: code))")
    }
  }

  /// Writes a status line (what a command wrote, e.g. `y.npy: 1×1×8×8`) to standard output,
  /// unless `quiet` (`--quiet`) or the command's result itself goes to standard output
  /// (`resultOnStandardOutput`, `-o -`): standard output then holds only the result.
  static func status(_ line: String, quiet: Bool, resultOnStandardOutput: Bool = false) throws {
    if !quiet, !resultOnStandardOutput { try write(line + "\n") }
  }

  /// Writes one line to standard error; a failure there has nowhere to be reported, so it is
  /// ignored (it never traps).
  static func error(_ line: String) {
    _ = Descriptor.write(Array((line + "\n").utf8), to: STDERR_FILENO)
  }
}
