/// A request the server refuses before the handler sees it: the status (400, 413, 431, 501, 505)
/// and a one-line reason.
public struct HTTPParseError: Error, Equatable, Sendable, CustomStringConvertible {
  public var status: Int
  public var message: String

  public init(_ status: Int, _ message: String) {
    self.status = status
    self.message = message
  }

  public var description: String { "\(status): \(message)" }
}

/// A request's head: the request (without its body) and what the connection needs to know.
public struct HTTPRequestHead: Sendable {
  /// The request, its body still empty.
  public var request: HTTPRequest
  /// The version from the request line, `HTTP/1.1` or `HTTP/1.0`.
  public var version: String
  /// Whether the client lets the connection stay open after the answer (HTTP/1.1 unless
  /// `Connection: close`; HTTP/1.0 only with `Connection: keep-alive`).
  public var keepAlive: Bool
  /// `Expect: 100-continue`: the client waits for `100 Continue` before sending the body.
  public var expectsContinue: Bool
}

/// Reads a request's head (request line and header fields, RFC 9112) from the bytes received so
/// far. A pure function of the bytes: no socket, nothing remembered between calls.
///
/// Lines end with CRLF (a bare LF is accepted, a bare CR is not); empty lines before the request
/// line are skipped. Refused: a head above `maxHeadBytes` or with more than `maxHeaderCount` fields
/// (431); a malformed request line, field or target, obsolete line folding, control characters in
/// a value, an HTTP/1.1 request without exactly one `Host`, a `Content-Length` that is not digits
/// or differs between its copies (400); a length beyond `Int` (413); any `Transfer-Encoding` (501:
/// request bodies come with a `Content-Length`); an HTTP version other than 1.0 and 1.1 (505).
public struct HTTPRequestParser: Sendable {
  /// The longest head accepted, request line included.
  public var maxHeadBytes: Int
  /// The most header fields accepted.
  public var maxHeaderCount: Int

  public init(maxHeadBytes: Int = 65536, maxHeaderCount: Int = 100) {
    self.maxHeadBytes = maxHeadBytes
    self.maxHeaderCount = maxHeaderCount
  }

  public enum Outcome: Sendable {
    /// The head is not complete yet: read more.
    case incomplete
    /// A complete head, which took the first `length` bytes (the body or the next request follows).
    case head(HTTPRequestHead, length: Int)
  }

  static let cr = UInt8(ascii: "\r")
  static let lf = UInt8(ascii: "\n")

  /// The head at the start of `bytes`, or `.incomplete`, or the refusal.
  public func parse(_ bytes: some Collection<UInt8>) throws(HTTPParseError) -> Outcome {
    let bytes = Array(bytes)
    var position = 0
    // Empty lines before the request line (RFC 9112 §2.2), such as a CRLF after a previous body.
    while position < bytes.count, bytes[position] == Self.cr || bytes[position] == Self.lf {
      if bytes[position] == Self.cr, position + 1 < bytes.count, bytes[position + 1] != Self.lf {
        throw HTTPParseError(400, "a bare CR in the request head")
      }
      position += 1
      if position > maxHeadBytes { throw tooLarge }
    }
    var lines: [ArraySlice<UInt8>] = []
    while true {
      guard let end = bytes[position...].firstIndex(of: Self.lf) else {
        if bytes.count > maxHeadBytes { throw tooLarge }
        return .incomplete
      }
      if end + 1 > maxHeadBytes { throw tooLarge }
      var line = bytes[position..<end]
      if line.last == Self.cr { line = line.dropLast() }
      if line.contains(Self.cr) { throw HTTPParseError(400, "a bare CR in the request head") }
      position = end + 1
      if line.isEmpty { break }
      lines.append(line)
      if lines.count > maxHeaderCount + 1 {
        throw HTTPParseError(431, "more than \(maxHeaderCount) header fields")
      }
    }
    guard let requestLine = lines.first else { throw HTTPParseError(400, "no request line") }
    let head = try makeHead(requestLine: requestLine, fieldLines: lines.dropFirst())
    return .head(head, length: position)
  }

  private var tooLarge: HTTPParseError {
    HTTPParseError(431, "the request head is larger than \(maxHeadBytes) bytes")
  }

  private func makeHead(
    requestLine: ArraySlice<UInt8>, fieldLines: ArraySlice<ArraySlice<UInt8>>
  ) throws(HTTPParseError) -> HTTPRequestHead {
    let parts = requestLine.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
    guard parts.count == 3, !parts[0].isEmpty, parts[0].allSatisfy(Self.isTokenByte), !parts[1].isEmpty else {
      throw HTTPParseError(400, "the request line is not 'METHOD TARGET HTTP/1.1'")
    }
    let version = String(decoding: parts[2], as: UTF8.self)
    guard version == "HTTP/1.1" || version == "HTTP/1.0" else {
      let digit: (UInt8) -> Bool = { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
      let shape = Array(parts[2])
      if shape.count == 8, shape[0..<5].elementsEqual("HTTP/".utf8), digit(shape[5]),
        shape[6] == UInt8(ascii: "."), digit(shape[7])
      {
        throw HTTPParseError(505, "\(version) is not supported; this server speaks HTTP/1.1")
      }
      throw HTTPParseError(400, "the request line is not 'METHOD TARGET HTTP/1.1'")
    }
    var headers = HTTPHeaders()
    for line in fieldLines {
      let (name, value) = try Self.field(line)
      headers.append(name, value)
    }
    if headers.values("Host").count > 1 || (version == "HTTP/1.1" && headers.values("Host").isEmpty) {
      throw HTTPParseError(400, "an HTTP/1.1 request names exactly one Host")
    }
    if headers["Transfer-Encoding"] != nil {
      throw HTTPParseError(501, "Transfer-Encoding is not supported in requests; send a Content-Length")
    }
    let connection = Set(Self.tokens(headers["Connection"]))
    let keepAlive =
      version == "HTTP/1.1" ? !connection.contains("close") : connection.contains("keep-alive")
    var request = try HTTPRequest(
      method: HTTPMethod(String(decoding: parts[0], as: UTF8.self)),
      target: String(decoding: parts[1], as: UTF8.self), headers: headers)
    request.contentLength = try Self.contentLength(headers.values(.contentLength))
    return HTTPRequestHead(
      request: request, version: version, keepAlive: keepAlive,
      expectsContinue: Self.tokens(headers["Expect"]).contains("100-continue"))
  }

  /// `name: value`, the value without the spaces around it.
  static func field(_ line: ArraySlice<UInt8>) throws(HTTPParseError) -> (HTTPHeader, String) {
    if line.first == UInt8(ascii: " ") || line.first == UInt8(ascii: "\t") {
      throw HTTPParseError(400, "obsolete line folding in a header field")
    }
    guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex,
      line[..<colon].allSatisfy(isTokenByte)
    else {
      throw HTTPParseError(400, "a header field is not 'Name: value'")
    }
    let isSpace: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
    var value = line[(colon + 1)...]
    while let first = value.first, isSpace(first) { value = value.dropFirst() }
    while let last = value.last, isSpace(last) { value = value.dropLast() }
    guard value.allSatisfy({ $0 == UInt8(ascii: "\t") || ($0 >= 0x20 && $0 != 0x7F) }) else {
      throw HTTPParseError(400, "a control character in a header value")
    }
    return (
      HTTPHeader(String(decoding: line[..<colon], as: UTF8.self)), String(decoding: value, as: UTF8.self)
    )
  }

  /// The body's length from every `Content-Length` value (copies, or a list, must agree).
  static func contentLength(_ values: [String]) throws(HTTPParseError) -> Int? {
    let pieces = values.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }
      .map { $0.trimmingSpaces }
    guard let first = pieces.first else { return nil }
    guard pieces.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0 >= "0" && $0 <= "9" } }) else {
      throw HTTPParseError(400, "Content-Length is not a number of bytes")
    }
    guard pieces.allSatisfy({ $0 == first }) else {
      throw HTTPParseError(400, "the request gives different Content-Length values")
    }
    guard let length = Int(first) else {
      throw HTTPParseError(413, "Content-Length \(first.prefix(40)) is larger than this server accepts")
    }
    return length
  }

  /// A comma-separated list's members, lowercased.
  static func tokens(_ value: String?) -> [String] {
    (value ?? "").split(separator: ",").map { $0.trimmingSpaces.lowercased() }
  }

  /// tchar of RFC 9110 §5.6.2.
  static func isTokenByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
      UInt8(ascii: "0")...UInt8(ascii: "9"):
      true
    default: Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
    }
  }
}

extension Substring {
  /// Without the spaces and tabs around it.
  fileprivate var trimmingSpaces: String {
    String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
  }
}
