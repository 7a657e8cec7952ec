import Dispatch
import Foundation
import Synchronization

/// A small HTTP/1.1 server on a listening TCP socket: an accept loop on a thread of its own, each
/// connection on a thread of its own (`HTTPConnection`), at most `options.maxConnections` at once.
/// The socket is bound and listening from `init`; `run()` accepts until `stop()`.
public final class HTTPListener: Sendable {
  /// The port bound (the system's choice when 0 was asked for).
  public let port: UInt16
  private let descriptor: Int32
  private let options: HTTPServerOptions
  private let handler: any HTTPHandler
  private let state = Mutex(State())

  private struct State {
    /// `run()` has started the accept loop.
    var accepting = false
    /// The listening descriptor is closed.
    var closed = false
    /// `stop()` (or the task's cancellation) asked the loop to end.
    var stopping = false
    /// The grace period is over: open connections close at once.
    var closeNow = false
    var connections = 0
  }

  /// Binds `host:port` and listens; `handler` makes the handler for the port bound.
  public init(
    host: String, port: UInt16, options: HTTPServerOptions, handler: (UInt16) -> any HTTPHandler
  ) throws(ListenError) {
    guard let address = Socket.address(host, port: port) else { throw .notIPv4 }
    do {
      (descriptor, self.port) = try Socket.listen(on: address)
    } catch {
      throw .cannotListen("\(error)")
    }
    self.options = options
    self.handler = handler(self.port)
  }

  deinit {
    if !state.withLock({ $0.closed }) { Socket.close(descriptor) }
  }

  /// Why the listener could not start.
  public enum ListenError: Error, Equatable {
    case notIPv4
    case cannotListen(String)
  }

  /// Accepts connections until `stop()` is called (then returns once the open connections have
  /// finished or the grace period is over) or the task is cancelled (then returns at once).
  public func run() async {
    let started = state.withLock { state -> Bool in
      guard !state.accepting, !state.stopping else { return false }
      state.accepting = true
      return true
    }
    guard started else { return }
    await withTaskCancellationHandler {
      await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        Thread.detachNewThread { [self] in
          acceptLoop()
          // Open connections finish their answers before run() returns (until stop's grace ends).
          while state.withLock({ $0.connections > 0 && !$0.closeNow }) { usleep(10_000) }
          continuation.resume()
        }
      }
    } onCancel: {
      state.withLock {
        $0.stopping = true
        $0.closeNow = true
      }
    }
  }

  /// Returns once `run()` accepts (throws after `timeout` seconds).
  public func waitUntilListening(timeout: Double) async throws {
    let clock = ContinuousClock()
    let end = clock.now + .milliseconds(HTTPServerOptions.milliseconds(timeout))
    while !state.withLock({ $0.accepting || $0.closed }) {
      guard clock.now < end else { throw Socket.Failure(call: "listen", code: ETIMEDOUT) }
      try await Task.sleep(for: .milliseconds(10))
    }
    if state.withLock({ $0.closed }) { throw Socket.Failure(call: "listen", code: EBADF) }
  }

  /// Stops accepting, gives open connections up to `grace` seconds to finish their answer, then
  /// closes them (a connection between requests closes at once).
  public func stop(grace: Double = 1) async {
    state.withLock { $0.stopping = true }
    let clock = ContinuousClock()
    let end = clock.now + .milliseconds(HTTPServerOptions.milliseconds(grace))
    while clock.now < end, state.withLock({ $0.connections > 0 || ($0.accepting && !$0.closed) }) {
      try? await Task.sleep(for: .milliseconds(10))
    }
    let closeHere = state.withLock { state -> Bool in
      state.closeNow = true
      guard !state.accepting, !state.closed else { return false }
      state.closed = true
      return true
    }
    if closeHere { Socket.close(descriptor) }
  }

  private func acceptLoop() {
    while !state.withLock({ $0.stopping }) {
      guard Socket.waitReadable(descriptor, milliseconds: 100) else { continue }
      guard let connection = Socket.accept(descriptor) else {
        // Out of descriptors, say: wait a little rather than spin on the ready socket.
        usleep(10_000)
        continue
      }
      let admitted = state.withLock { state -> Bool in
        guard state.connections < options.maxConnections else { return false }
        state.connections += 1
        return true
      }
      guard admitted else {
        busy(connection)
        continue
      }
      let served = HTTPConnection(
        descriptor: connection, options: options, handler: handler,
        stopping: { [self] in state.withLock { ($0.stopping, $0.closeNow) } })
      Thread.detachNewThread { [self] in
        served.serve()
        state.withLock { $0.connections -= 1 }
      }
    }
    state.withLock { $0.closed = true }
    Socket.close(descriptor)
  }

  /// The answer to a connection beyond the limit: 503, then close.
  private func busy(_ connection: Int32) {
    var response = APIError(
      503, "the server has \(options.maxConnections) connections open; try again when one closes"
    ).response
    response.headers["Connection"] = "close"
    _ = Socket.sendAll(connection, HTTPConnection.encode(response, method: .GET), milliseconds: 1000)
    Socket.close(connection)
  }
}
