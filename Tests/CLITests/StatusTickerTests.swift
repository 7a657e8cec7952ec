import Foundation
import TestSupport
import Testing

/// The "still working" line of long single steps (`deconv`, `probe`, `convert`): drawn on a
/// terminal after two seconds, erased before the result, never on a pipe or with `--quiet`.
@Suite struct StatusTickerTests {
  /// A probe long enough (several seconds in a debug build) for the line's two-second delay.
  static let longProbe = [
    "probe", "Fixtures/models/cyclegan_resnet.onnx", "--input-shape", "1x3x1024x1024", "--input", "noise",
  ]

  /// Runs the tool under `script`, which gives it a pseudo-terminal, and returns what the
  /// terminal received (standard output and standard error together).
  static func onATerminal(_ arguments: [String], in directory: URL) throws -> (status: Int32, screen: String)
  {
    let command = ([ToolRunner.executable.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
    #if os(Linux)
      process.arguments = ["-qfec", command, "/dev/null"]  // util-linux script
    #else
      process.arguments = ["-q", "/dev/null", "/bin/sh", "-c", command]  // BSD script (macOS)
    #endif
    process.currentDirectoryURL = directory
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  @Test(
    .tags(.slow), .onlyWithSlowTests,
    .enabled(
      if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"),
      "needs /usr/bin/script for a pseudo-terminal"))
  func aLongProbeShowsItsStageOnATerminalAndErasesIt() throws {
    let dir = try FixturePaths.temporaryDirectory("ticker")
    defer { try? FileManager.default.removeItem(at: dir) }
    let out = dir.appendingPathComponent("p.json").path
    let root = FixturePaths.repositoryRoot
    let (status, screen) = try Self.onATerminal(Self.longProbe + ["-o", out], in: root)
    #expect(status == 0, "\(screen)")
    #expect(screen.contains("probe: running Fixtures/models/cyclegan_resnet.onnx… "), "\(screen)")
    #expect(screen.hasSuffix("\r\u{1B}[2K"), "the line is erased at the end")
    // The same run on a pipe, and with --quiet on a terminal: nothing on standard error.
    let piped = try ToolRunner.run(Self.longProbe + ["-o", out], in: root)
    #expect(piped.status == 0)
    #expect(piped.stderr.isEmpty, "\(piped.stderr)")
    let quiet = try Self.onATerminal(Self.longProbe + ["-o", out, "--quiet"], in: root)
    #expect(quiet.status == 0)
    #expect(!quiet.screen.contains("probe: running"), "\(quiet.screen)")
  }
}
