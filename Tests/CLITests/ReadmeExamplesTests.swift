import Foundation
import TestSupport
import Testing

/// Every shell example of `README.md` and of `Docs/TOUR.md` (the tour moved out of the README) runs,
/// in order, in a temporary copy of the repository's `Fixtures/` (one per document) with the built
/// `checkerscope` first on `PATH`, and prints what the document shows (the convention is described
/// on `ReadmeExample`).
@Suite struct ReadmeExamplesTests {
  /// The documents whose examples run, with the fewest runnable examples each must keep.
  static let documents: [(path: String, minimumExamples: Int)] = [("README.md", 5), ("Docs/TOUR.md", 10)]

  /// A document's text, by its path from the repository root.
  static func readme(_ path: String = "README.md") throws -> String {
    try String(
      contentsOf: FixturePaths.repositoryRoot.appendingPathComponent(path), encoding: .utf8)
  }

  /// Runs `script` with `bash -e -o pipefail` in `directory`; standard error goes into the same
  /// output as standard output. A run longer than `timeout` seconds is stopped.
  static func shell(_ script: String, in directory: URL, timeout: Double = 120) throws -> (
    status: Int32, output: String
  ) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = ["-e", "-o", "pipefail", "-c", script]
    process.currentDirectoryURL = directory
    var environment = ProcessInfo.processInfo.environment
    let tools = ToolRunner.executable.deletingLastPathComponent().path
    environment["PATH"] = tools + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
    environment["HOME"] = directory.path
    process.environment = environment
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
    DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    watchdog.cancel()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  @Test func theConventionIsUnderstood() {
    let markdown = """
      Inline code such as ```` ```sh ```` opens no block.
      <!-- doctest: skip (needs a release build) -->
      ```sh
      swift build -c release
      ```

      ```console
      $ echo a \\
        b
      a b
      $ false
      [exit 1]
      ```

      ```json
      {"not": "run"}
      ```

      ```sh
      true
      ```
      """
    let (examples, skipped) = ReadmeExample.parse(markdown)
    #expect(skipped == [3])
    #expect(examples.map(\.kind) == [.console, .shell])
    #expect(examples.map(\.line) == [7, 19])
    #expect(
      examples.first?.commands == [
        ReadmeExample.Command(text: "echo a \\\n  b", expected: ["a b"], status: 0),
        ReadmeExample.Command(text: "false", expected: [], status: 1),
      ])
  }

  @Test func theWildcardMatchesAnyNumberOfLines() {
    #expect(ReadmeExample.matches(expected: ["a", "...", "d"], actual: "a\nb\nc\nd\n"))
    #expect(ReadmeExample.matches(expected: ["a", "...", "d"], actual: "a\nd"))
    #expect(ReadmeExample.matches(expected: ["a  "], actual: "a\n\n"))
    #expect(!ReadmeExample.matches(expected: ["a", "...", "d"], actual: "a\nb\nc"))
    #expect(!ReadmeExample.matches(expected: ["a", "b"], actual: "a\nc"))
    #expect(!ReadmeExample.matches(expected: ["a"], actual: "a\nb"))
    #expect(!ReadmeExample.matches(expected: [], actual: "output nobody expected"))
  }

  @Test(arguments: documents.indices)
  func everyExampleRunsAndPrintsWhatTheDocumentShows(index: Int) throws {
    let document = Self.documents[index]
    let (examples, skipped) = ReadmeExample.parse(try Self.readme(document.path))
    #expect(examples.count >= document.minimumExamples, "\(document.path) should have runnable examples")
    #expect(skipped.count <= 5, "skips should stay rare: \(skipped)")
    let root = try FixturePaths.temporaryDirectory("readme")
    defer { try? FileManager.default.removeItem(at: root) }
    try FileManager.default.copyItem(
      at: FixturePaths.fixtures, to: root.appendingPathComponent("Fixtures"))
    for example in examples {
      switch example.kind {
      case .shell:
        let (status, output) = try Self.shell(example.body.joined(separator: "\n"), in: root)
        #expect(status == 0, "\(document.path) \(example) exited with \(status):\n\(output)")
      case .console:
        for command in example.commands {
          let (status, output) = try Self.shell(command.text, in: root)
          #expect(
            status == command.status,
            "\(document.path) \(example): `\(command.text)` exited with \(status), expected \(command.status):\n\(output)"
          )
          #expect(
            ReadmeExample.matches(expected: command.expected, actual: output),
            """
            \(document.path) \(example): `\(command.text)` printed
            \(output)
            but the document shows
            \(command.expected.joined(separator: "\n"))
            """)
        }
      }
    }
  }
}
