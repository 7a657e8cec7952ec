import FlyingFox
import FlyingSocks
import Foundation

/// The explorer's HTTP server (FlyingFox on sockets and async/await): binds the configured address,
/// answers through `ExplorerHandler` until `stop()`.
public final class ExplorerServer: Sendable {
  public let configuration: ExplorerConfiguration
  private let server: HTTPServer
  /// The port actually bound (the configured one, or the system's choice for 0).
  public let port: UInt16

  /// Tries the address and port now (binding and releasing them), so that a taken port or a bad
  /// address fails here with a clear message before anything is printed; port 0 becomes the free
  /// port the system chose.
  public init(configuration: ExplorerConfiguration) throws {
    self.configuration = configuration
    let address: sockaddr_in
    do {
      address = try .inet(ip4: configuration.host, port: configuration.port)
    } catch {
      throw APIError(400, "--host \(configuration.host) is not an IPv4 address (like 127.0.0.1)")
    }
    let socket: Socket
    do {
      socket = try Socket(domain: AF_INET)
      try socket.setValue(true, for: .localAddressReuse)
      try socket.bind(to: address)
      try socket.listen()
    } catch {
      throw APIError(
        400, "cannot listen on \(configuration.host):\(configuration.port): \(error); choose another --port")
    }
    var bound = configuration.port
    if case .ip4(_, let port) = try? socket.sockname() { bound = port }
    try? socket.close()
    self.port = bound
    let handler = ExplorerHandler(configuration: configuration, port: bound)
    let listening: sockaddr_in
    do {
      listening = try .inet(ip4: configuration.host, port: bound)
    } catch {
      throw APIError(400, "--host \(configuration.host) is not an IPv4 address (like 127.0.0.1)")
    }
    server = HTTPServer(
      config: HTTPServer.Configuration(address: listening, timeout: 3600, logger: .disabled),
      handler: handler)
  }

  /// The address to open: `http://HOST:PORT/`.
  public var url: String { "http://\(configuration.host):\(port)/" }

  /// Serves until `stop()` is called (or the task is cancelled).
  public func run() async throws {
    try await server.run()
  }

  /// Returns once the server listens (or throws after `timeout` seconds).
  public func waitUntilListening(timeout: TimeInterval = 10) async throws {
    try await server.waitUntilListening(timeout: timeout)
  }

  /// Stops listening and waits (up to a second) for open connections to finish.
  public func stop() async {
    await server.stop(timeout: 1)
  }
}
