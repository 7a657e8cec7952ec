import Foundation

/// The explorer's HTTP server (`HTTPListener`, this module's own HTTP/1.1 on POSIX sockets): binds
/// the configured address, answers through `ExplorerHandler` until `stop()`.
public final class ExplorerServer: Sendable {
  public let configuration: ExplorerConfiguration
  private let listener: HTTPListener
  /// The port actually bound (the configured one, or the system's choice for 0).
  public var port: UInt16 { listener.port }

  /// Binds and listens on the address and port now, so that a taken port or a bad address fails
  /// here with a clear message before anything is printed; port 0 becomes the free port the system
  /// chose. `options`: the server's timeouts and limits (its body limit is the configuration's
  /// upload limit).
  public init(configuration: ExplorerConfiguration, options: HTTPServerOptions = HTTPServerOptions()) throws {
    self.configuration = configuration
    var options = options
    options.bodyLimit = configuration.uploadLimit
    do {
      // The handler checks `Host` against the port actually bound.
      listener = try HTTPListener(host: configuration.host, port: configuration.port, options: options) {
        ExplorerHandler(configuration: configuration, port: $0)
      }
    } catch .notIPv4 {
      throw APIError(400, "--host \(configuration.host) is not an IPv4 address (like 127.0.0.1)")
    } catch .cannotListen(let reason) {
      throw APIError(
        400, "cannot listen on \(configuration.host):\(configuration.port): \(reason); choose another --port")
    }
  }

  /// The address to open: `http://HOST:PORT/`.
  public var url: String { "http://\(configuration.host):\(port)/" }

  /// Serves until `stop()` is called (or the task is cancelled).
  public func run() async throws {
    await listener.run()
  }

  /// Returns once the server accepts (or throws after `timeout` seconds).
  public func waitUntilListening(timeout: TimeInterval = 10) async throws {
    try await listener.waitUntilListening(timeout: timeout)
  }

  /// Stops listening and waits (up to a second) for open connections to finish.
  public func stop() async {
    await listener.stop(grace: 1)
  }
}
