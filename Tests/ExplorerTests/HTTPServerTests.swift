import CheckerscopeCore
import Dispatch
import Explorer
import Foundation
import TestSupport
import Testing

/// The HTTP server on real loopback connections: keep-alive, HEAD, refusals, timeouts, the
/// connection limit and the body limit. Timeouts are short here, so no test waits long.
@Suite("explorer: HTTP server")
struct HTTPServerTests {
  static var quick: HTTPServerOptions {
    var options = HTTPServerOptions()
    options.headTimeout = 2
    options.idleTimeout = 2
    options.transferTimeout = 5
    return options
  }

  /// Runs `body` with a running server, on a dispatch thread (the client blocks), then stops it.
  static func withServer<T: Sendable>(
    _ configuration: ExplorerConfiguration = ExplorerConfiguration(port: 0),
    options: HTTPServerOptions = quick,
    _ body: @escaping @Sendable (UInt16) throws -> T
  ) async throws -> T {
    let server = try ExplorerServer(configuration: configuration, options: options)
    let task = Task { try await server.run() }
    try await server.waitUntilListening(timeout: 60)
    let port = server.port
    let result = await withCheckedContinuation { continuation in
      DispatchQueue.global().async { continuation.resume(returning: Result { try body(port) }) }
    }
    await server.stop()
    _ = await task.result
    return try result.get()
  }

  @Test("two requests on one kept-alive connection, then Connection: close", .timeLimit(.minutes(1)))
  func keepAlive() async throws {
    let expected = try await ExplorerClient().send(.GET, "/api/colormaps").body
    let (first, second, closed) = try await Self.withServer { port in
      let connection = try RawConnection(port: port)
      try connection.send("GET /api/colormaps HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n")
      let first = try connection.readResponse()
      try connection.send(
        "GET /api/colormaps HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n")
      let second = try connection.readResponse()
      return (first, second, try connection.isClosed())
    }
    #expect(first.status == 200)
    #expect(first.body == expected)
    #expect(first.header("Content-Length") == String(expected.count))
    #expect(first.header("Connection") == nil)
    #expect(second.status == 200)
    #expect(second.body == expected)
    #expect(second.header("Connection") == "close")
    #expect(closed)
  }

  @Test(
    "HEAD has the GET's headers and no body; pipelined requests are answered in order",
    .timeLimit(.minutes(1)))
  func headAndPipelining() async throws {
    let page = try await ExplorerClient().send(.GET, "/model").body
    let (head, get) = try await Self.withServer { port in
      let connection = try RawConnection(port: port)
      try connection.send(
        "HEAD /model HTTP/1.1\r\nHost: localhost:\(port)\r\n\r\nGET /model HTTP/1.1\r\nHost: localhost:\(port)\r\n\r\n"
      )
      return (try connection.readResponse(head: true), try connection.readResponse())
    }
    #expect(head.status == 200)
    #expect(head.header("Content-Length") == String(page.count))
    #expect(head.body.isEmpty)
    #expect(get.status == 200)
    #expect(get.body == page)
    #expect(get.header("Content-Security-Policy")?.contains("default-src 'none'") == true)
  }

  @Test("a malformed request gets its status and the connection closes", .timeLimit(.minutes(1)))
  func refusals() async throws {
    let cases: [(String, Int)] = [
      ("GET / HTTP/1.1\r\n\r\n", 400),
      ("GET / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n", 501),
      ("GET / HTTP/3.0\r\nHost: h\r\n\r\n", 505),
      ("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 1e3\r\n\r\n", 400),
      ("GET / HTTP/1.1\r\nHost: h\r\nX: " + String(repeating: "x", count: 70000) + "\r\n\r\n", 431),
    ]
    let answers = try await Self.withServer { port in
      try cases.map { request, _ in
        let connection = try RawConnection(port: port)
        try connection.send(request)
        let response = try connection.readResponse()
        return (response.status, response.header("Connection"), try connection.isClosed())
      }
    }
    for ((request, status), answer) in zip(cases, answers) {
      #expect(answer.0 == status, "\(request.prefix(40).debugDescription)")
      #expect(answer.1 == "close")
      #expect(answer.2)
    }
  }

  @Test("a client that goes silent mid-head does not hold up another; it gets 408", .timeLimit(.minutes(1)))
  func silentClient() async throws {
    let (other, silent) = try await Self.withServer { port in
      let silent = try RawConnection(port: port)
      try silent.send("GET / HTTP/1.1\r\nHo")
      let other = try RawConnection(port: port)
      try other.send("GET /api/models HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n")
      let answer = try other.readResponse()
      return (answer, try silent.readResponse())
    }
    #expect(other.status == 200)
    #expect(String(decoding: other.body, as: UTF8.self) == "{\"models\":[]}\n")
    #expect(silent.status == 408)
  }

  @Test("a body above the limit is refused with 413 from its declared length", .timeLimit(.minutes(1)))
  func bodyLimit() async throws {
    // A 3 MiB budget: uploads up to 1 MiB. The client declares 64 MiB and sends only 64 KiB of it.
    let configuration = ExplorerConfiguration(port: 0, budget: MemoryBudget(bytes: 3 << 20))
    let (status, message) = try await Self.withServer(configuration) { port in
      let connection = try RawConnection(port: port)
      try connection.send(
        "POST /api/audit HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Length: \(64 << 20)\r\n\r\n")
      try connection.send(Data(repeating: 7, count: 65536))
      let response = try connection.readResponse()
      return (response.status, ExplorerClient.errorMessage(response.body))
    }
    #expect(status == 413)
    #expect(message?.contains("more than this server accepts") == true)
  }

  @Test("a POST body is read whole, after 100 Continue when asked", .timeLimit(.minutes(1)))
  func upload() async throws {
    let model = try Data(contentsOf: FixturePaths.url("models/cyclegan_resnet.onnx"))
    let expected = try await ExplorerClient().send(
      .POST, "/api/audit", body: model, headers: ["X-Filename": "m.onnx"]
    ).body
    let configuration = ExplorerConfiguration(port: 0, budget: .init(bytes: 1 << 30), version: "test")
    let (interim, answer) = try await Self.withServer(configuration) { port in
      let connection = try RawConnection(port: port)
      try connection.send(
        "POST /api/audit HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nX-Filename: m.onnx\r\n"
          + "Expect: 100-continue\r\nContent-Length: \(model.count)\r\n\r\n")
      let interim = try connection.readResponse(head: true)
      try connection.send(model)
      return (interim.status, try connection.readResponse())
    }
    #expect(interim == 100)
    #expect(answer.status == 200)
    #expect(answer.body == expected)
  }

  @Test("answers while every Swift concurrency thread is blocked", .timeLimit(.minutes(1)))
  func busyCooperativePool() async throws {
    // Other suites' heavy synchronous tests can hold every cooperative thread for many seconds; the
    // server's answers must not wait for one (they did once, and five tests here timed out).
    let width = ProcessInfo.processInfo.activeProcessorCount
    let started = DispatchSemaphore(value: 0)
    let release = DispatchSemaphore(value: 0)
    let answer = try await Self.withServer { port in
      let blockers = (0..<width).map { _ in
        Task.detached { Self.hold(started: started, until: release) }
      }
      defer { for _ in blockers { release.signal() } }
      // Every blocker running means the pool is full (give other tests' work time to leave it).
      for _ in 0..<width { _ = started.wait(timeout: .now() + 45) }
      let connection = try RawConnection(port: port)
      try connection.send("GET /api/models HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n")
      return try connection.readResponse()
    }
    #expect(answer.status == 200)
    #expect(String(decoding: answer.body, as: UTF8.self) == "{\"models\":[]}\n")
  }

  /// Blocks the calling (cooperative) thread until `release` is signalled.
  static func hold(started: DispatchSemaphore, until release: DispatchSemaphore) {
    started.signal()
    release.wait()
  }

  @Test("a connection beyond the limit gets 503; stop closes an idle connection", .timeLimit(.minutes(1)))
  func connectionLimit() async throws {
    var options = Self.quick
    options.maxConnections = 1
    // The first connection opens before the dispatch thread that sends on it starts, which can
    // take longer than `quick`'s half second under load.
    options.headTimeout = 30
    options.idleTimeout = 30
    let server = try ExplorerServer(configuration: ExplorerConfiguration(port: 0), options: options)
    let task = Task { try await server.run() }
    try await server.waitUntilListening(timeout: 60)
    let port = server.port
    let first = try RawConnection(port: port)
    let (held, refused) = try await Self.blocking {
      try first.send("GET /api/models HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n\r\n")
      let held = try first.readResponse()
      let second = try RawConnection(port: port)
      return (held.status, try second.readResponse().status)
    }
    #expect(held == 200)
    #expect(refused == 503)
    await server.stop()
    _ = await task.result
    #expect(try await Self.blocking { try first.isClosed() })
  }

  static func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
      DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
    }
  }
}
