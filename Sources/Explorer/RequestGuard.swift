/// The checks that keep a local server local: the `Host` a request names must be this server's own
/// address (a page on another site that rebinds its name to 127.0.0.1 sends its own name: DNS
/// rebinding), and a request that changes or computes on uploaded data (POST) must not come from
/// a page of another origin.
struct RequestGuard: Sendable {
  /// The address the server is bound to (`0.0.0.0` accepts any IPv4 literal).
  var boundHost: String
  /// The port it listens on.
  var port: UInt16

  /// The names a `Host` header may carry: `localhost`, `127.0.0.1`, `[::1]`, the bound address, and
  /// with `0.0.0.0` any dotted IPv4 literal. Never a DNS name other than `localhost`.
  func allows(hostName name: String) -> Bool {
    let lower = name.lowercased()
    if ["localhost", "127.0.0.1", "[::1]", boundHost].contains(lower) { return true }
    if boundHost == "0.0.0.0" { return Self.isIPv4Literal(lower) }
    return false
  }

  static func isIPv4Literal(_ text: String) -> Bool {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    return parts.count == 4
      && parts.allSatisfy { part in
        !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isASCII) && part.allSatisfy(\.isNumber)
          && (Int(part) ?? 256) <= 255
      }
  }

  /// Splits `host[:port]` (with `[v6]` brackets kept); nil when the port is not a number.
  static func split(_ value: String) -> (name: String, port: UInt16?)? {
    if value.hasPrefix("[") {
      guard let close = value.firstIndex(of: "]") else { return nil }
      let name = String(value[...close])
      let rest = value[value.index(after: close)...]
      if rest.isEmpty { return (name, nil) }
      guard rest.hasPrefix(":"), let port = UInt16(rest.dropFirst()) else { return nil }
      return (name, port)
    }
    let pieces = value.split(separator: ":", omittingEmptySubsequences: false)
    switch pieces.count {
    case 1: return (value, nil)
    case 2:
      guard let port = UInt16(pieces[1]) else { return nil }
      return (String(pieces[0]), port)
    default: return nil
    }
  }

  /// Refuses (421) a request whose `Host` is missing or names another host or port, and (403) a
  /// non-GET request whose `Origin` is not this server's (`null` included) or that a browser marks
  /// as cross-site.
  func check(_ request: HTTPRequest) throws(APIError) {
    guard let host = request.headers[HTTPHeader("Host")], let (name, givenPort) = Self.split(host),
      allows(hostName: name), (givenPort ?? 80) == port
    else {
      throw APIError(
        421, "this server answers only to its own address (Host: 127.0.0.1:\(port) or localhost:\(port))")
    }
    guard request.method != .GET, request.method != .HEAD else { return }
    if let site = request.headers[HTTPHeader("Sec-Fetch-Site")], site == "cross-site" || site == "same-site" {
      throw APIError(403, "cross-origin requests are refused")
    }
    if let origin = request.headers[HTTPHeader("Origin")] {
      guard origin.lowercased().hasPrefix("http://"),
        let (originName, originPort) = Self.split(String(origin.dropFirst("http://".count))),
        allows(hostName: originName), (originPort ?? 80) == port
      else {
        throw APIError(403, "cross-origin requests are refused (Origin: \(origin))")
      }
    }
  }
}
