import Explorer
import Foundation

/// Sends requests straight to an `ExplorerHandler`, as the server would after reading them from a
/// socket: no port is opened, nothing outlives the test.
struct ExplorerClient {
  static let port: UInt16 = 8421
  let handler: ExplorerHandler

  init(budget: Int = 1 << 30, models: [String] = []) {
    handler = ExplorerHandler(
      configuration: ExplorerConfiguration(
        port: Self.port, budget: .init(bytes: budget), version: "test", models: models),
      port: Self.port)
  }

  /// The status and body of one request; `host` is the `Host` header (nil: none).
  func send(
    _ method: HTTPMethod = .GET, _ target: String, body: Data = Data(), host: String? = "127.0.0.1:8421",
    headers extra: [String: String] = [:]
  ) async throws -> (status: Int, body: Data, headers: HTTPHeaders) {
    var headers = HTTPHeaders()
    if let host { headers[HTTPHeader("Host")] = host }
    for (name, value) in extra { headers[HTTPHeader(name)] = value }
    if method == .POST { headers[.contentLength] = String(body.count) }
    let request = try HTTPRequest(
      method: method, target: target, headers: headers, contentLength: method == .POST ? body.count : nil,
      body: body)
    let response = try handler.handleRequest(request)
    return (response.statusCode.code, response.body, response.headers)
  }

  /// The `error` member of a JSON error body (nil when the body is not one).
  static func errorMessage(_ body: Data) -> String? {
    guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else { return nil }
    return object["error"] as? String
  }
}
