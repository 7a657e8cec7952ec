import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A blocking TCP connection to 127.0.0.1 for the server's socket-level tests: sends any bytes and
/// reads responses by their `Content-Length` (a plain reading of RFC 9112, independent of the
/// server's own code). Reads give up after `timeout` seconds. Used by one thread at a time.
final class RawConnection: @unchecked Sendable {
  struct Response {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: Data

    func header(_ name: String) -> String? {
      headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
  }

  let descriptor: Int32
  private var pending = Data()

  init(port: UInt16, timeout: Int = 20) throws {
    #if canImport(Glibc)
      descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #else
      descriptor = socket(AF_INET, SOCK_STREAM, 0)
    #endif
    guard descriptor >= 0 else { throw LoopbackClient.Failure(description: "socket: errno \(errno)") }
    var limit = timeval(tv_sec: timeout, tv_usec: 0)
    setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard connected == 0 else {
      close(descriptor)
      throw LoopbackClient.Failure(description: "connect: errno \(errno)")
    }
  }

  deinit { close(descriptor) }

  func send(_ text: String) throws { try send(Data(text.utf8)) }

  func send(_ bytes: Data) throws {
    var sent = 0
    while sent < bytes.count {
      let count = bytes[(bytes.startIndex + sent)...].withUnsafeBytes {
        Foundation.send(descriptor, $0.baseAddress, $0.count, 0)
      }
      guard count > 0 else { throw LoopbackClient.Failure(description: "send: errno \(errno)") }
      sent += count
    }
  }

  /// More bytes into `pending`; false at the end of the stream.
  private func fill() throws -> Bool {
    var buffer = [UInt8](repeating: 0, count: 65536)
    let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
    guard count >= 0 else { throw LoopbackClient.Failure(description: "recv: errno \(errno)") }
    pending.append(contentsOf: buffer[0..<count])
    return count > 0
  }

  /// The next response; `head`: the request was HEAD (no body follows the head).
  func readResponse(head: Bool = false) throws -> Response {
    let separator = Data("\r\n\r\n".utf8)
    while pending.range(of: separator) == nil {
      guard try fill() else { throw LoopbackClient.Failure(description: "closed before a response") }
    }
    guard let split = pending.range(of: separator) else {
      throw LoopbackClient.Failure(description: "no head")
    }
    let lines = String(decoding: pending[..<split.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
    pending = Data(pending[split.upperBound...])
    let parts = (lines.first ?? "").split(separator: " ")
    guard parts.count >= 2, parts[0] == "HTTP/1.1", let status = Int(parts[1]) else {
      throw LoopbackClient.Failure(description: "bad status line \(lines.first ?? "")")
    }
    let headers = lines.dropFirst().map { line -> (name: String, value: String) in
      let pieces = line.split(separator: ":", maxSplits: 1)
      return (String(pieces[0]), pieces.count > 1 ? pieces[1].trimmingCharacters(in: .whitespaces) : "")
    }
    var response = Response(status: status, headers: headers, body: Data())
    let length = head ? 0 : Int(response.header("Content-Length") ?? "0") ?? 0
    while pending.count < length {
      guard try fill() else { throw LoopbackClient.Failure(description: "closed inside a body") }
    }
    response.body = Data(pending.prefix(length))
    pending = Data(pending.dropFirst(length))
    return response
  }

  /// Whether the server closed the connection (true) or sent more bytes (false).
  func isClosed() throws -> Bool {
    if !pending.isEmpty { return false }
    return try !fill()
  }
}
