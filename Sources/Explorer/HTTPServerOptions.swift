/// The limits of the HTTP server: how long a client may take, how much it may send, how many
/// connections are open at once. The defaults are the server's; tests use short timeouts.
public struct HTTPServerOptions: Sendable {
  /// Seconds to receive a request's whole head, from the connection's opening or the head's first byte.
  public var headTimeout: Double = 30
  /// Seconds a kept-alive connection may wait for its next request.
  public var idleTimeout: Double = 60
  /// The longest silence, in seconds, while a body is being received or an answer sent. (Not a
  /// limit on the whole upload or on the time the answer takes to compute: a probe may take long.)
  public var transferTimeout: Double = 60
  /// The most connections open at once; another one gets 503 and is closed.
  public var maxConnections = 64
  /// The largest body read; a request declaring more gets to the handler without it (and its
  /// connection is closed after the answer).
  public var bodyLimit = 1 << 20
  /// The limits of a request's head.
  public var parser = HTTPRequestParser()

  public init() {}

  /// Milliseconds, for poll(2).
  static func milliseconds(_ seconds: Double) -> Int { Int((seconds * 1000).rounded(.up)) }
}
