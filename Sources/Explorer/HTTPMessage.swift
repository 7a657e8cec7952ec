import Foundation

/// A request method, as the request line spells it (methods are case-sensitive).
public struct HTTPMethod: Hashable, Sendable, CustomStringConvertible {
  public var rawValue: String

  public init(_ rawValue: String) { self.rawValue = rawValue }

  public static let GET = HTTPMethod("GET")
  public static let HEAD = HTTPMethod("HEAD")
  public static let POST = HTTPMethod("POST")

  public var description: String { rawValue }
}

/// A status code and its reason phrase.
public struct HTTPStatusCode: Hashable, Sendable {
  public var code: Int
  public var phrase: String

  public init(_ code: Int, phrase: String) {
    self.code = code
    self.phrase = phrase
  }

  public static let ok = HTTPStatusCode(200, phrase: "OK")
}

/// One name/value pair of a request's query, both percent-decoded.
public struct HTTPQueryItem: Hashable, Sendable {
  public var name: String
  public var value: String

  public init(name: String, value: String) {
    self.name = name
    self.value = value
  }
}

/// A request as the handler sees it: the head, decoded, and the body's bytes.
public struct HTTPRequest: Sendable {
  public var method: HTTPMethod
  /// The request target as sent (`/path?query`, still percent-encoded).
  public var target: String
  /// The target's path, percent-decoded, with `.` and `..` segments removed.
  public var path: String
  /// The target's query as name/value pairs in their order (empty pieces skipped; `+` stays `+`).
  public var query: [HTTPQueryItem]
  public var headers: HTTPHeaders
  /// The declared `Content-Length` (nil: none was sent).
  public var contentLength: Int?
  /// The body: all `contentLength` bytes, or empty when the server did not read it (it was declared
  /// above the server's body limit: `Upload.read` refuses such a request from its length alone).
  public var body: Data

  /// A request for `target` (decoded here; a malformed one throws the 400 the server would send).
  public init(
    method: HTTPMethod, target: String, headers: HTTPHeaders = HTTPHeaders(), contentLength: Int? = nil,
    body: Data = Data()
  ) throws(HTTPParseError) {
    let decoded = try HTTPTarget(target)
    self.method = method
    self.target = target
    self.path = decoded.path
    self.query = decoded.query
    self.headers = headers
    self.contentLength = contentLength
    self.body = body
  }
}

/// A response: status, headers and the whole body (sent with a `Content-Length`).
public struct HTTPResponse: Sendable {
  public var statusCode: HTTPStatusCode
  public var headers: HTTPHeaders
  public var body: Data

  public init(statusCode: HTTPStatusCode, headers: HTTPHeaders = HTTPHeaders(), body: Data = Data()) {
    self.statusCode = statusCode
    self.headers = headers
    self.body = body
  }
}

/// Answers requests (the explorer's handler; a test may pass its own). Called on the connection's
/// own thread, which may block (never on a Swift concurrency thread, so the answers do not wait for
/// a cooperative pool other work keeps busy).
public protocol HTTPHandler: Sendable {
  func handleRequest(_ request: HTTPRequest) throws -> HTTPResponse
}
