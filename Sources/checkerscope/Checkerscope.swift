import ArgumentParser
import CheckerscopeCore
import Foundation
import PNGIO
import TransposedConv

/// The `checkerscope` command: parses arguments, calls the libraries, and maps every error to one
/// clear line and an exit code (1 for a failed job, 3 for a tripped gate, 64 for a usage error).
@main
struct Checkerscope: ParsableCommand {
  static let version = "0.1.0"

  /// What `--version` prints: the tool's version, the libpng and zlib versions linked at run
  /// time, and the kernel set in use (`KernelSet.active`: `CHECKERSCOPE_KERNELS` or the best this
  /// CPU runs), one per line.
  static var versionText: String {
    "checkerscope \(version)\nlibpng \(PNGLibraryVersion.libpng)\nzlib \(PNGLibraryVersion.zlib)"
      + "\nkernels \(KernelSet.active.rawValue)"
  }

  static let configuration = CommandConfiguration(
    commandName: "checkerscope",
    abstract: "Study the checkerboard artifacts of transposed convolution.",
    discussion: """
      Computes PyTorch-exact transposed convolutions, overlap-count and gain maps, heatmaps, \
      kernel/stride grid sweeps with regression baselines, Markdown study reports, and artifact \
      detection in images.
      """,
    version: versionText,
    subcommands: Checkerscope.commands
  )

  /// Runs the command and reports failures as `checkerscope: error: …`.
  static func main() {
    AllocatorTuning.keepFreedBlocks()
    // An unknown or unrunnable CHECKERSCOPE_KERNELS is refused before anything runs, so a run
    // never claims a kernel set it did not use.
    if let problem = KernelSet.environmentError {
      Console.error("checkerscope: error: \(problem)")
      Foundation.exit(ExitCode.validationFailure.rawValue)
    }
    let arguments = Array(CommandLine.arguments.dropFirst())
    // The parser would print the top-level help for `checkerscope help nosuch` and
    // `checkerscope nosuch --help` and exit 0; an unknown subcommand is a usage error.
    let names = commands.map { $0._commandName } + ["help"]
    if let message = UnknownOptions.unknownSubcommand(in: arguments, known: names) {
      Console.error("Error: \(message)\n  See 'checkerscope --help' for the subcommands.")
      Foundation.exit(ExitCode.validationFailure.rawValue)
    }
    var command: ParsableCommand
    do {
      command = try parseAsRoot(arguments)
    } catch {
      // A typo in an option name is the real problem, whatever the parser met first.
      if exitCode(for: error) == .validationFailure,
        let unknown = UnknownOptions.firstUnknown(in: arguments)
      {
        Console.error(
          "Error: \(unknown.message)\n  See 'checkerscope \(unknown.subcommand) --help' for more information."
        )
        Foundation.exit(ExitCode.validationFailure.rawValue)
      }
      finish(withError: error)
    }
    do {
      try command.run()
    } catch let gate as GateTripped {
      for line in gate.printed { Console.error("checkerscope: gate: \(line)") }
      Foundation.exit(GateTripped.exitCode)
    } catch let error as CLIError {
      Console.error("checkerscope: error: \(error.description)")
      Foundation.exit(error.exitCode)
    } catch  where isArgumentParserError(error) {
      finish(withError: error)
    } catch {
      Console.error("checkerscope: error: \(error)")
      Foundation.exit(1)
    }
  }

  /// Ends like swift-argument-parser's `exit(withError:)`, except that what a successful early exit
  /// prints to standard output (`--help`, `--version`, a completion script) is written through
  /// `Console`: when it cannot be written (`> /dev/full`), the command fails (exit 1) instead of
  /// exiting 0 with nothing printed.
  static func finish(withError error: any Error) -> Never {
    guard exitCode(for: error) == .success else { exit(withError: error) }
    let message = fullMessage(for: error)
    do {
      if !message.isEmpty { try Console.write(message + "\n") }
    } catch {
      Console.error("checkerscope: error: \(error)")
      Foundation.exit(1)
    }
    Foundation.exit(ExitCode.success.rawValue)
  }

  /// True for the errors swift-argument-parser reports itself (help, usage, validation, exit codes).
  static func isArgumentParserError(_ error: any Error) -> Bool {
    error is ExitCode || error is CleanExit || error is ValidationError
      || String(reflecting: type(of: error)).hasPrefix("ArgumentParser.")
  }
}
