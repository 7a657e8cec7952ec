import Dispatch
import Foundation

/// One client connection, served on a thread of its own with blocking reads bounded by poll(2):
/// requests one after the other (keep-alive), each read whole (head, then a body within the limit),
/// answered by the handler, written with a `Content-Length`. Closes on `Connection: close`, on a
/// refused head, on a body it did not read, on a timeout, or when the listener stops.
struct HTTPConnection: Sendable {
  let descriptor: Int32
  let options: HTTPServerOptions
  let handler: any HTTPHandler
  /// Whether the listener is stopping (finish the current answer, then close) or stopped (close now).
  let stopping: @Sendable () -> (stopping: Bool, closeNow: Bool)

  /// How often a wait looks at `stopping`.
  private static let slice = 100

  /// Serves requests until the connection ends; closes the descriptor.
  func serve() {
    var buffer: [UInt8] = []
    var isFirst = true
    while let keepAlive = serveOne(&buffer, isFirst: isFirst), keepAlive {
      isFirst = false
    }
    Socket.close(descriptor)
  }

  private enum Wait { case readable, expired, stopped }

  /// Waits up to `deadline` for bytes; `idle`: a connection between requests, which closes at once
  /// when the listener stops.
  private func wait(until deadline: DispatchTime, idle: Bool) -> Wait {
    while true {
      let state = stopping()
      if state.closeNow || (idle && state.stopping) { return .stopped }
      let now = DispatchTime.now()
      guard now < deadline else { return .expired }
      let left = Int((deadline.uptimeNanoseconds - now.uptimeNanoseconds) / 1_000_000) + 1
      if Socket.waitReadable(descriptor, milliseconds: min(left, Self.slice)) { return .readable }
    }
  }

  private static func deadline(_ seconds: Double) -> DispatchTime {
    .now() + .milliseconds(HTTPServerOptions.milliseconds(seconds))
  }

  /// One request and its answer: whether the connection stays open (nil: it ended).
  private func serveOne(_ buffer: inout [UInt8], isFirst: Bool) -> Bool? {
    var deadline = Self.deadline(isFirst ? options.headTimeout : options.idleTimeout)
    var started = !buffer.isEmpty || isFirst
    let head: HTTPRequestHead
    while true {
      do {
        if case .head(let parsed, let length) = try options.parser.parse(buffer) {
          head = parsed
          buffer.removeFirst(length)
          break
        }
      } catch {
        refuse(error.status, error.message)
        return nil
      }
      switch wait(until: deadline, idle: buffer.isEmpty) {
      case .readable: break
      case .stopped: return nil
      case .expired:
        // Nothing is owed to a connection that sent nothing; a started head gets its 408.
        if !buffer.isEmpty { refuse(408, "the request head did not arrive within \(options.headTimeout) s") }
        return nil
      }
      guard let count = Socket.receive(descriptor, into: &buffer, maximum: 16384), count > 0 else {
        return nil
      }
      if !started {
        started = true
        deadline = Self.deadline(options.headTimeout)
      }
    }
    var request = head.request
    var bodyUnread = false
    if let length = request.contentLength, length > 0 {
      if length <= options.bodyLimit {
        if head.expectsContinue, buffer.count < length, head.version == "HTTP/1.1" {
          guard send(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)) else { return nil }
        }
        guard readBody(&buffer, length: length) else { return nil }
        request.body = Data(buffer[..<length])
        buffer.removeFirst(length)
      } else {
        bodyUnread = true
      }
    }
    var response = answer(request)
    let keepAlive = head.keepAlive && !bodyUnread && !stopping().stopping
    if !keepAlive {
      response.headers["Connection"] = "close"
    } else if head.version == "HTTP/1.0" {
      response.headers["Connection"] = "keep-alive"
    }
    guard send(Self.encode(response, method: request.method)) else { return nil }
    if bodyUnread { lingeringClose() }
    return keepAlive
  }

  /// Reads until `buffer` holds `length` bytes; false when the client went silent or away.
  private func readBody(_ buffer: inout [UInt8], length: Int) -> Bool {
    buffer.reserveCapacity(length)
    while buffer.count < length {
      guard wait(until: Self.deadline(options.transferTimeout), idle: false) == .readable,
        let count = Socket.receive(descriptor, into: &buffer, maximum: min(1 << 20, length - buffer.count)),
        count > 0
      else { return false }
    }
    return true
  }

  /// The handler's answer, made on this connection's own thread.
  private func answer(_ request: HTTPRequest) -> HTTPResponse {
    do {
      return try handler.handleRequest(request)
    } catch {
      return APIError(500, "\(error)").response
    }
  }

  /// Answers a refused request with `status` and closes.
  private func refuse(_ status: Int, _ message: String) {
    var response = APIError(status, message).response
    response.headers["Connection"] = "close"
    if send(Self.encode(response, method: .GET)) { lingeringClose() }
  }

  private func send(_ bytes: [UInt8]) -> Bool {
    Socket.sendAll(descriptor, bytes, milliseconds: HTTPServerOptions.milliseconds(options.transferTimeout))
  }

  /// After an answer that leaves bytes unread: stop sending, then read and drop what the client
  /// still sends for a moment (at most a second, 1 MiB), so that closing does not reset the
  /// connection before the client has read the answer.
  private func lingeringClose() {
    Socket.shutdownWrite(descriptor)
    let deadline = Self.deadline(1)
    var dropped = 0
    var scratch: [UInt8] = []
    while dropped < 1 << 20, Socket.waitReadable(descriptor, milliseconds: Self.slice),
      DispatchTime.now() < deadline
    {
      scratch.removeAll(keepingCapacity: true)
      guard let count = Socket.receive(descriptor, into: &scratch, maximum: 65536), count > 0 else { return }
      dropped += count
    }
  }

  /// The response's bytes: status line, headers (with `Content-Length`), blank line, body (none
  /// for HEAD). Header lines with CR or LF are left out.
  static func encode(_ response: HTTPResponse, method: HTTPMethod) -> [UInt8] {
    var head = "HTTP/1.1 \(response.statusCode.code) \(response.statusCode.phrase)\r\n"
    var headers = response.headers
    headers[.contentLength] = String(response.body.count)
    for (name, value) in headers {
      let line = "\(name.name): \(value)"
      guard !line.contains(where: { $0 == "\r" || $0 == "\n" }) else { continue }
      head += line + "\r\n"
    }
    head += "\r\n"
    var bytes = Array(head.utf8)
    if method != .HEAD { bytes.append(contentsOf: response.body) }
    return bytes
  }
}
