#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The few POSIX socket calls the HTTP server makes, on Linux (Glibc) and macOS (Darwin): TCP over
/// IPv4, every descriptor close-on-exec, no SIGPIPE on a closed peer.
enum Socket {
  /// What a call that failed reports: its name and the system's reason.
  struct Failure: Error, CustomStringConvertible {
    var call: String
    var code: Int32

    var description: String { "\(call): \(String(cString: strerror(code))) (errno \(code))" }
  }

  /// The address `host:port`, or nil when `host` is not a dotted IPv4 address.
  static func address(_ host: String, port: UInt16) -> sockaddr_in? {
    var address = sockaddr_in()
    #if canImport(Darwin)
      address.sin_len = UInt8(MemoryLayout<sockaddr_in>.size)
    #endif
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else { return nil }
    return address
  }

  /// A listening TCP socket bound to `address` (with SO_REUSEADDR); returns the descriptor and the
  /// port bound (the system's choice when the address names port 0).
  static func listen(on address: sockaddr_in, backlog: Int32 = 128) throws(Failure) -> (Int32, UInt16) {
    #if canImport(Glibc)
      let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    #else
      let descriptor = socket(AF_INET, SOCK_STREAM, 0)
    #endif
    guard descriptor >= 0 else { throw Failure(call: "socket", code: errno) }
    do throws(Failure) {
      setCloseOnExec(descriptor)
      var one: Int32 = 1
      setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
      var address = address
      let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
          bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
      }
      guard bound == 0 else { throw Failure(call: "bind", code: errno) }
      #if canImport(Glibc)
        let listening = Glibc.listen(descriptor, backlog)
      #else
        let listening = Darwin.listen(descriptor, backlog)
      #endif
      guard listening == 0 else { throw Failure(call: "listen", code: errno) }
      var actual = sockaddr_in()
      var length = socklen_t(MemoryLayout<sockaddr_in>.size)
      let named = withUnsafeMutablePointer(to: &actual) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
      }
      guard named == 0 else { throw Failure(call: "getsockname", code: errno) }
      return (descriptor, UInt16(bigEndian: actual.sin_port))
    } catch {
      close(descriptor)
      throw error
    }
  }

  /// A connection accepted on `descriptor` (nil when none was waiting or the call failed).
  static func accept(_ descriptor: Int32) -> Int32? {
    #if canImport(Glibc)
      let connection = Glibc.accept(descriptor, nil, nil)
    #else
      let connection = Darwin.accept(descriptor, nil, nil)
    #endif
    guard connection >= 0 else { return nil }
    setCloseOnExec(connection)
    #if canImport(Darwin)
      var one: Int32 = 1
      setsockopt(connection, SOL_SOCKET, SO_NOSIGPIPE, &one, socklen_t(MemoryLayout<Int32>.size))
    #endif
    return connection
  }

  private static func setCloseOnExec(_ descriptor: Int32) {
    _ = fcntl(descriptor, F_SETFD, fcntl(descriptor, F_GETFD) | FD_CLOEXEC)
  }

  /// Waits until `descriptor` has bytes (or its peer closed): true; false after `milliseconds`.
  static func waitReadable(_ descriptor: Int32, milliseconds: Int) -> Bool {
    var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
    while true {
      let ready = poll(&entry, 1, Int32(clamping: max(0, milliseconds)))
      if ready < 0, errno == EINTR { continue }
      return ready != 0
    }
  }

  /// Up to `maximum` bytes appended to `buffer`: the count read, 0 when the peer closed, nil on error.
  static func receive(_ descriptor: Int32, into buffer: inout [UInt8], maximum: Int) -> Int? {
    let start = buffer.count
    buffer.append(contentsOf: repeatElement(0, count: maximum))
    var count: Int
    repeat {
      count = buffer.withUnsafeMutableBytes {
        recv(descriptor, $0.baseAddress.map { $0 + start }, maximum, 0)
      }
    } while count < 0 && errno == EINTR
    buffer.removeLast(maximum - max(count, 0))
    return count >= 0 ? count : nil
  }

  /// Sends every byte, waiting at most `milliseconds` for room each time; false when the peer went
  /// away or stopped reading.
  static func sendAll(_ descriptor: Int32, _ bytes: [UInt8], milliseconds: Int) -> Bool {
    var sent = 0
    while sent < bytes.count {
      var entry = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
      let ready = poll(&entry, 1, Int32(clamping: milliseconds))
      if ready < 0, errno == EINTR { continue }
      guard ready > 0 else { return false }
      #if canImport(Glibc)
        let flags = Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT)
      #else
        let flags = Int32(MSG_DONTWAIT)
      #endif
      let count = bytes[sent...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, flags) }
      if count < 0, errno == EINTR || errno == EAGAIN { continue }
      guard count > 0 else { return false }
      sent += count
    }
    return true
  }

  /// Sends nothing more on `descriptor` (the peer reads the end of the stream).
  static func shutdownWrite(_ descriptor: Int32) {
    #if canImport(Glibc)
      _ = shutdown(descriptor, Int32(SHUT_WR))
    #else
      _ = shutdown(descriptor, SHUT_WR)
    #endif
  }

  /// Closes `descriptor`.
  static func close(_ descriptor: Int32) {
    #if canImport(Glibc)
      _ = Glibc.close(descriptor)
    #else
      _ = Darwin.close(descriptor)
    #endif
  }
}
