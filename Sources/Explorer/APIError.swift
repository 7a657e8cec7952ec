import CheckerscopeCore
import Foundation

/// A refused request: an HTTP status and a one-line reason, sent as `{"error": "…"}`.
public struct APIError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The HTTP status code (4xx; 5xx when the server is busy or cannot do what was asked).
  public var status: Int
  /// What went wrong, in one line.
  public var message: String

  public init(_ status: Int, _ message: String) {
    self.status = status
    self.message = message
  }

  public var description: String { "\(status): \(message)" }

  static func badRequest(_ message: String) -> APIError { APIError(400, message) }

  /// The response: the status and the error as compact JSON with a newline.
  var response: HTTPResponse {
    let body =
      (try? CheckerscopeCore.JSONValue.object([("error", .string(message))]).encoded()) ?? "{\"error\":\"?\"}"
    return ExplorerResponse.make(
      status: status, contentType: "application/json; charset=utf-8", body: Data((body + "\n").utf8))
  }
}

/// Responses with the headers every answer carries.
enum ExplorerResponse {
  /// The reason phrases of the statuses the explorer sends.
  static func phrase(_ status: Int) -> String {
    switch status {
    case 200: "OK"
    case 400: "Bad Request"
    case 403: "Forbidden"
    case 404: "Not Found"
    case 405: "Method Not Allowed"
    case 408: "Request Timeout"
    case 411: "Length Required"
    case 413: "Content Too Large"
    case 421: "Misdirected Request"
    case 422: "Unprocessable Content"
    case 431: "Request Header Fields Too Large"
    case 500: "Internal Server Error"
    case 501: "Not Implemented"
    case 503: "Service Unavailable"
    case 505: "HTTP Version Not Supported"
    default: "Error"
    }
  }

  /// A response with `body`, its type, no caching, no sniffing, and a content security policy that
  /// lets a page load only from this server. (`'unsafe-eval'` is there for browser-automation tools
  /// that evaluate strings in the page, such as Playwright's `wait_for_function`; the pages never
  /// do, and it allows nothing to be fetched.)
  static func make(status: Int, contentType: String, body: Data) -> HTTPResponse {
    var headers = HTTPHeaders()
    headers[.contentType] = contentType
    headers[HTTPHeader("Cache-Control")] = "no-store"
    headers[HTTPHeader("X-Content-Type-Options")] = "nosniff"
    headers[HTTPHeader("Referrer-Policy")] = "no-referrer"
    headers[HTTPHeader("Content-Security-Policy")] =
      "default-src 'none'; script-src 'self' 'unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; "
      + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    return HTTPResponse(
      statusCode: HTTPStatusCode(status, phrase: phrase(status)), headers: headers, body: body)
  }

  static func text(_ text: String, type: String) -> HTTPResponse {
    make(status: 200, contentType: type, body: Data(text.utf8))
  }
}
