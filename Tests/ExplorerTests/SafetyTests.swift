import Explorer
import Foundation
import TestSupport
import Testing

/// The server answers only to its own address, refuses cross-origin POSTs and opens no paths.
@Suite("explorer: safety")
struct SafetyTests {
  @Test(
    "a foreign or missing Host is refused (DNS rebinding)",
    arguments: [
      "evil.example:8421", "evil.example", "127.0.0.1:9999", "localhost.evil.example:8421",
      "127.0.0.1.nip.io:8421",
      "", "127.0.0.1:8421:1",
    ])
  func foreignHost(host: String) async throws {
    let answer = try await ExplorerClient().send(.GET, "/", host: host)
    #expect(answer.status == 421)
    let missing = try await ExplorerClient().send(.GET, "/api/overlap?kernel=3&input-size=3", host: nil)
    #expect(missing.status == 421)
  }

  @Test(
    "its own names are answered",
    arguments: ["127.0.0.1:8421", "localhost:8421", "LOCALHOST:8421", "[::1]:8421"])
  func ownHost(host: String) async throws {
    #expect(try await ExplorerClient().send(.GET, "/", host: host).status == 200)
  }

  @Test(
    "a cross-origin POST is refused",
    arguments: [
      ["Origin": "http://evil.example"], ["Origin": "null"], ["Origin": "http://127.0.0.1:9999"],
      ["Origin": "https://127.0.0.1:8421"], ["Sec-Fetch-Site": "cross-site"],
    ])
  func crossOrigin(headers: [String: String]) async throws {
    let model = try Data(contentsOf: FixturePaths.url("models/cyclegan_resnet.onnx"))
    let answer = try await ExplorerClient().send(.POST, "/api/audit", body: model, headers: headers)
    #expect(answer.status == 403)
    let same = try await ExplorerClient().send(
      .POST, "/api/audit", body: model,
      headers: ["Origin": "http://127.0.0.1:8421", "X-Filename": "cyclegan_resnet.onnx"])
    #expect(same.status == 200)
  }

  @Test(
    "no path from a client is opened",
    arguments: [
      "/../Package.swift", "/static/../../Package.swift", "/static/%2e%2e/Package.swift", "/etc/passwd",
      "/static/style.css/..", "/Fixtures/models/dcgan.onnx", "//etc/passwd", "/static/",
    ])
  func traversal(path: String) async throws {
    let answer = try await ExplorerClient().send(.GET, path)
    #expect(answer.status == 404)
    #expect(ExplorerClient.errorMessage(answer.body) != nil)
  }

  @Test("every page, script and style sheet is embedded, and nothing names another host")
  func embedded() async throws {
    for path in [
      "/", "/grid", "/model", "/static/style.css", "/static/common.js", "/static/explorer.js",
      "/static/grid.js",
      "/static/model.js",
    ] {
      let answer = try await ExplorerClient().send(.GET, path)
      #expect(answer.status == 200, "\(path)")
      let text = String(decoding: answer.body, as: UTF8.self)
      // The only absolute URL allowed is the SVG namespace, which names no resource to fetch.
      let stripped = text.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "")
      #expect(
        !stripped.contains("http://") && !stripped.contains("https://") && !stripped.contains("//cdn"),
        "\(path)")
      #expect(answer.headers[HTTPHeaderName.csp]?.contains("default-src 'none'") == true)
    }
  }

  @Test("the model endpoints answer POST only, the others GET only")
  func methods() async throws {
    #expect(try await ExplorerClient().send(.GET, "/api/audit").status == 405)
    #expect(try await ExplorerClient().send(.POST, "/api/overlap?kernel=3&input-size=3").status == 405)
    #expect(try await ExplorerClient().send(.POST, "/").status == 405)
  }
}

enum HTTPHeaderName {
  static let csp = HTTPHeader("Content-Security-Policy")
}
