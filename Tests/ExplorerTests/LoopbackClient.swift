import Dispatch
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A blocking HTTP/1.1 client for one GET on 127.0.0.1, run on a dispatch thread: the tests' own
/// cooperative threads may all be busy with other suites, so the request must not wait for them
/// (and has no short timeout of its own; reads give up after 60 s).
enum LoopbackClient {
  struct Failure: Error, CustomStringConvertible {
    var description: String
  }

  /// The status and body of `GET target` with `Host: host` to 127.0.0.1:`port`.
  static func get(_ target: String, port: UInt16, host: String) async throws -> (status: Int, body: Data) {
    try await withCheckedThrowingContinuation { continuation in
      DispatchQueue.global().async {
        continuation.resume(with: Result { try blockingGet(target, port: port, host: host) })
      }
    }
  }

  static func blockingGet(_ target: String, port: UInt16, host: String) throws -> (status: Int, body: Data) {
    #if canImport(Glibc)
      let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #else
      let descriptor = socket(AF_INET, SOCK_STREAM, 0)
    #endif
    guard descriptor >= 0 else { throw Failure(description: "socket: errno \(errno)") }
    defer { close(descriptor) }
    var timeout = timeval(tv_sec: 60, tv_usec: 0)
    setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard connected == 0 else { throw Failure(description: "connect: errno \(errno)") }
    let request = Array("GET \(target) HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n".utf8)
    var sent = 0
    while sent < request.count {
      let count = request[sent...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }
      guard count > 0 else { throw Failure(description: "send: errno \(errno)") }
      sent += count
    }
    var response = Data()
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
      if count == 0 { break }
      guard count > 0 else { throw Failure(description: "recv: errno \(errno)") }
      response.append(contentsOf: buffer[0..<count])
    }
    guard let split = response.range(of: Data("\r\n\r\n".utf8)) else {
      throw Failure(description: "no complete response (\(response.count) bytes)")
    }
    let head = String(decoding: response[..<split.lowerBound], as: UTF8.self)
    let statusLine = head.split(separator: "\r\n").first ?? ""
    let parts = statusLine.split(separator: " ")
    guard parts.count >= 2, let status = Int(parts[1]) else {
      throw Failure(description: "bad status line '\(statusLine)'")
    }
    return (status, Data(response[split.upperBound...]))
  }
}
