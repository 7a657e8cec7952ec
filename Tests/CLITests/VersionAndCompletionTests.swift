import Foundation
import TestSupport
import Testing

/// `--version` names the libpng and zlib actually linked, and the shell completion scripts cover
/// every subcommand.
@Suite struct VersionAndCompletionTests {
  /// Runs `command` through `/usr/bin/env` and returns its trimmed standard output, or nil when it
  /// fails or is missing.
  static func output(of command: [String]) -> String? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = command
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return nil }
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// The version a library's header declares (`#define NAME "1.6.39"`), read from the first of
  /// `headers` that exists.
  static func headerVersion(_ name: String, headers: [String]) -> String? {
    for path in headers {
      guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
      for line in text.split(separator: "\n") where line.hasPrefix("#define \(name) ") {
        let parts = line.split(separator: "\"")
        if parts.count >= 2 { return String(parts[1]) }
      }
    }
    return nil
  }

  /// The installed library's version, independently of the tool: `pkg-config --modversion`, else
  /// the version string in its header.
  static func installedVersion(package: String, define: String, headers: [String]) -> String? {
    output(of: ["pkg-config", "--modversion", package]) ?? headerVersion(define, headers: headers)
  }

  @Test func versionNamesTheToolAndTheLinkedLibraries() throws {
    let result = try ToolRunner.run(["--version"])
    #expect(result.status == 0)
    let lines = result.stdout.split(separator: "\n").map(String.init)
    #expect(lines.first?.hasPrefix("checkerscope ") == true)
    #expect(lines.first?.dropFirst("checkerscope ".count).split(separator: ".").count == 3)
    let libpng = Self.installedVersion(
      package: "libpng", define: "PNG_LIBPNG_VER_STRING",
      headers: [
        "/usr/include/png.h", "/usr/include/libpng16/png.h", "/usr/local/include/png.h",
        "/opt/homebrew/include/png.h",
      ])
    // macOS: zlib is the system's, its header in the SDK.
    let sdk = Self.output(of: ["xcrun", "--show-sdk-path"]).map { [$0 + "/usr/include/zlib.h"] } ?? []
    let zlib = Self.installedVersion(
      package: "zlib", define: "ZLIB_VERSION",
      headers: ["/usr/include/zlib.h", "/usr/local/include/zlib.h"] + sdk)
    let png = try #require(libpng, "neither pkg-config nor png.h gives the libpng version")
    let z = try #require(zlib, "neither pkg-config nor zlib.h gives the zlib version")
    #expect(lines.contains("libpng \(png)"), "\(result.stdout)")
    #expect(lines.contains("zlib \(z)"), "\(result.stdout)")
    // Every subcommand accepts it too.
    #expect(try ToolRunner.run(["grid", "--version"]).stdout == result.stdout)
  }

  @Test(arguments: ["bash", "zsh", "fish"])
  func completionScriptsCoverEverySubcommand(shell: String) throws {
    let result = try ToolRunner.run(["--generate-completion-script", shell])
    #expect(result.status == 0, "\(result.stderr)")
    for name in try ConventionsTests.listedSubcommands() {
      #expect(result.stdout.contains(name), "the \(shell) script does not mention \(name)")
    }
    // File options complete by extension.
    for pattern in ["png", "npy", "json"] { #expect(result.stdout.contains(pattern)) }
  }

  @Test func theBashScriptIsValidBash() throws {
    let dir = try FixturePaths.temporaryDirectory("completion")
    defer { try? FileManager.default.removeItem(at: dir) }
    let script = dir.appendingPathComponent("checkerscope.bash")
    try Data(try ToolRunner.run(["--generate-completion-script", "bash"]).stdout.utf8).write(to: script)
    let bash = try #require(Self.output(of: ["sh", "-c", "command -v bash"]), "bash is not installed")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: bash)
    process.arguments = ["-n", script.path]
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
  }
}
