import Foundation

/// Runs the built `checkerscope` executable for end-to-end tests.
public enum ToolRunner {
  /// The result of one run: exit status and captured output.
  public struct Result: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
  }

  /// The path of the built tool: next to the running test bundle, or in `.build/debug`.
  public static var executable: URL {
    let candidates = [
      URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent(),
      Bundle.main.bundleURL,
      Bundle.main.bundleURL.deletingLastPathComponent(),
      FixturePaths.repositoryRoot.appendingPathComponent(".build/debug"),
    ]
    for dir in candidates {
      let url = dir.appendingPathComponent("checkerscope")
      var isDir: ObjCBool = false
      if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), !isDir.boolValue {
        return url
      }
    }
    return FixturePaths.repositoryRoot.appendingPathComponent(".build/debug/checkerscope")
  }

  /// Runs the tool with `arguments` in `directory` (default: the repository root); standard input
  /// holds `input` (nothing when nil). `environment` adds to (or, with a nil value, removes from)
  /// the variables the tool inherits.
  public static func run(
    _ arguments: [String], in directory: URL? = nil, input: Data? = nil, environment: [String: String?] = [:]
  ) throws -> Result {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if !environment.isEmpty {
      var variables = ProcessInfo.processInfo.environment
      for (name, value) in environment { variables[name] = value }
      process.environment = variables
    }
    process.currentDirectoryURL = directory ?? FixturePaths.repositoryRoot
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    let inputPipe = input.map { _ in Pipe() }
    process.standardInput = inputPipe ?? FileHandle.nullDevice
    try process.run()
    if let input, let inputPipe {
      // A child that exits without reading everything must not kill the test run with SIGPIPE.
      signal(SIGPIPE, SIG_IGN)
      // Fed from another thread, so a child that writes before it reads cannot dead-lock.
      DispatchQueue.global().async {
        try? inputPipe.fileHandleForWriting.write(contentsOf: input)
        try? inputPipe.fileHandleForWriting.close()
      }
    }
    // Read both pipes before waiting so a large output cannot dead-lock the child.
    let group = DispatchGroup()
    nonisolated(unsafe) var outData = Data()
    nonisolated(unsafe) var errData = Data()
    group.enter()
    DispatchQueue.global().async {
      outData = out.fileHandleForReading.readDataToEndOfFile()
      group.leave()
    }
    errData = err.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus,
      stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }
}
