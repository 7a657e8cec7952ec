import Explorer
import Foundation
import TestSupport
import Testing

/// The server on a real loopback socket, and `checkerscope serve` as a process: it prints its
/// address, answers, and stops on SIGTERM.
@Suite("explorer: server")
struct ServerTests {
  /// One request over a loopback connection to `port`.
  static func fetch(_ target: String, port: UInt16, host: String) async throws -> (Int, Data) {
    try await LoopbackClient.get(target, port: port, host: host)
  }

  @Test("the server answers on loopback and stops", .timeLimit(.minutes(1)))
  func loopback() async throws {
    let server = try ExplorerServer(configuration: ExplorerConfiguration(port: 0))
    #expect(server.port != 0)
    #expect(server.url == "http://127.0.0.1:\(server.port)/")
    let task = Task { try await server.run() }
    try await server.waitUntilListening(timeout: 60)
    let (status, body) = try await Self.fetch(
      "/api/overlap?kernel=3&stride=2&input-size=4", port: server.port, host: "127.0.0.1:\(server.port)")
    #expect(status == 200)
    let expected = try ToolRunner.run([
      "overlap", "--kernel", "3", "--stride", "2", "--input-size", "4", "--format", "json",
    ])
    #expect(String(decoding: body, as: UTF8.self) == expected.stdout)
    let (refused, _) = try await Self.fetch("/", port: server.port, host: "rebound.example:\(server.port)")
    #expect(refused == 421)
    await server.stop()
    _ = await task.result
  }

  @Test("a taken port is refused with a message", .timeLimit(.minutes(1)))
  func takenPort() async throws {
    let first = try ExplorerServer(configuration: ExplorerConfiguration(port: 0))
    let task = Task { try await first.run() }
    try await first.waitUntilListening(timeout: 60)
    #expect(throws: APIError.self) {
      try ExplorerServer(configuration: ExplorerConfiguration(port: first.port))
    }
    #expect(throws: APIError.self) {
      try ExplorerServer(configuration: ExplorerConfiguration(host: "example.com"))
    }
    await first.stop()
    _ = await task.result
  }

  @Test("checkerscope serve prints its address, answers and stops on SIGTERM", .timeLimit(.minutes(1)))
  func serveCommand() async throws {
    let process = Process()
    process.executableURL = ToolRunner.executable
    process.arguments = ["serve", "--port", "0"]
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    try process.run()
    defer { if process.isRunning { process.terminate() } }
    var line = Data()
    while !line.contains(UInt8(ascii: "\n")) {
      let chunk = out.fileHandleForReading.availableData
      if chunk.isEmpty { break }
      line.append(chunk)
    }
    let text = String(decoding: line, as: UTF8.self)
    let prefix = "checkerscope explorer at http://127.0.0.1:"
    #expect(text.hasPrefix(prefix))
    let port = try #require(UInt16(text.dropFirst(prefix.count).prefix { $0.isNumber }))
    let (status, body) = try await Self.fetch("/model", port: port, host: "localhost:\(port)")
    #expect(status == 200)
    #expect(String(decoding: body, as: UTF8.self).contains("data-testid=\"audit-table\""))
    kill(process.processIdentifier, SIGTERM)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    #expect(process.terminationReason == .exit)
  }
}
