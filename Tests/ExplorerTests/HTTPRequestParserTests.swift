import Explorer
import Foundation
import Testing

/// The request head parser on bytes (RFC 9112 message syntax, RFC 9110 fields, RFC 3986 targets):
/// no socket involved.
@Suite("explorer: HTTP request parser")
struct HTTPRequestParserTests {
  let parser = HTTPRequestParser()

  /// The head of `text`, and how many bytes it took; fails the test when incomplete.
  func head(_ text: String) throws -> (HTTPRequestHead, Int) {
    guard case .head(let head, let length) = try parser.parse(Array(text.utf8)) else {
      throw HTTPParseError(0, "incomplete")
    }
    return (head, length)
  }

  /// The status the parser refuses `text` with (nil: accepted or incomplete).
  func refusal(_ text: String, parser: HTTPRequestParser = HTTPRequestParser()) -> Int? {
    do {
      _ = try parser.parse(Array(text.utf8))
      return nil
    } catch {
      return error.status
    }
  }

  @Test("a GET with its path, query and headers")
  func goodRequest() throws {
    let text = "GET /api/overlap?kernel=3&stride=2 HTTP/1.1\r\nHost: 127.0.0.1:8421\r\nAccept:  */* \r\n\r\n"
    let (head, length) = try head(text)
    #expect(length == text.utf8.count)
    #expect(head.request.method == .GET)
    #expect(head.request.target == "/api/overlap?kernel=3&stride=2")
    #expect(head.request.path == "/api/overlap")
    #expect(
      head.request.query == [
        HTTPQueryItem(name: "kernel", value: "3"), HTTPQueryItem(name: "stride", value: "2"),
      ])
    #expect(head.request.headers["Host"] == "127.0.0.1:8421")
    #expect(head.request.headers["Accept"] == "*/*")
    #expect(head.request.contentLength == nil)
    #expect(head.version == "HTTP/1.1")
    #expect(head.keepAlive)
    #expect(!head.expectsContinue)
  }

  @Test("percent-decoding of path and query; '+' stays '+'; empty pieces are skipped")
  func queryDecoding() throws {
    let (head, _) = try head(
      "GET /a%20b/c%2Fd?name=a%2Cb&x=1%3D2&flag&y=a+b&&z=&%C3%A9=%e2%82%ac HTTP/1.1\r\nHost: h\r\n\r\n")
    #expect(head.request.path == "/a b/c/d")
    #expect(
      head.request.query == [
        HTTPQueryItem(name: "name", value: "a,b"), HTTPQueryItem(name: "x", value: "1=2"),
        HTTPQueryItem(name: "flag", value: ""), HTTPQueryItem(name: "y", value: "a+b"),
        HTTPQueryItem(name: "z", value: ""), HTTPQueryItem(name: "é", value: "€"),
      ])
  }

  @Test(
    "dot segments are removed before decoding",
    arguments: [
      ("/static/../api/models", "/api/models"), ("/../Package.swift", "/Package.swift"),
      ("/a/./b/.", "/a/b/"), ("/a/b/..", "/a/"), ("/static/%2e%2e/x", "/static/../x"), ("//etc", "//etc"),
    ])
  func dotSegments(target: String, path: String) throws {
    #expect(try head("GET \(target) HTTP/1.1\r\nHost: h\r\n\r\n").0.request.path == path)
  }

  @Test(
    "a malformed target is refused", arguments: ["/a%zz", "/a%2", "/%ff", "/a%00b", "*", "http://h/", "a/b"])
  func badTarget(target: String) {
    #expect(refusal("GET \(target) HTTP/1.1\r\nHost: h\r\n\r\n") == 400)
  }

  @Test("header names are case-insensitive; copies of a field join with ', '")
  func headerCase() throws {
    let (head, _) = try head("POST /x HTTP/1.1\r\nhOsT: h\r\nCONTENT-LENGTH: 5\r\nX-A: 1\r\nx-a: 2\r\n\r\n")
    #expect(head.request.headers["Host"] == "h")
    #expect(head.request.headers[HTTPHeader("host")] == "h")
    #expect(head.request.contentLength == 5)
    #expect(head.request.headers["X-A"] == "1, 2")
    #expect(head.request.method == .POST)
  }

  @Test("an HTTP/1.1 request needs exactly one Host; HTTP/1.0 may omit it")
  func host() throws {
    #expect(refusal("GET / HTTP/1.1\r\n\r\n") == 400)
    #expect(refusal("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n") == 400)
    let (head, _) = try head("GET / HTTP/1.0\r\n\r\n")
    #expect(head.request.headers["Host"] == nil)
    #expect(!head.keepAlive)
    #expect(try self.head("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").0.keepAlive)
    #expect(try !self.head("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n").0.keepAlive)
  }

  @Test("a head above the limit is refused with 431, complete or not")
  func oversizedHead() {
    let small = HTTPRequestParser(maxHeadBytes: 1024, maxHeaderCount: 100)
    let big = String(repeating: "a", count: 2000)
    #expect(refusal("GET / HTTP/1.1\r\nHost: h\r\nX-Big: \(big)\r\n\r\n", parser: small) == 431)
    #expect(refusal("GET / HTTP/1.1\r\nHost: h\r\nX-Big: \(big)", parser: small) == 431)
    #expect(refusal("GET /\(big) HTTP/1.1\r\nHost: h\r\n\r\n", parser: small) == 431)
    // The default limit is 64 KiB.
    let huge = String(repeating: "b", count: 65536)
    #expect(refusal("GET / HTTP/1.1\r\nHost: h\r\nX-Big: \(huge)\r\n\r\n") == 431)
    #expect(refusal("GET / HTTP/1.1\r\nHost: h\r\nX-Big: \(huge)") == 431)
    // Below it, a head without its blank line is incomplete, not an error.
    #expect(refusal("GET / HTTP/1.1\r\nHost: h\r\nX-Big: \(big)") == nil)
  }

  @Test("more than the allowed number of header fields is refused with 431")
  func tooManyHeaders() throws {
    let fields = (0..<100).map { "X-\($0): v\r\n" }.joined()
    let parser = HTTPRequestParser(maxHeadBytes: 65536, maxHeaderCount: 101)
    guard case .head(let head, _) = try parser.parse(Array("GET / HTTP/1.1\r\nHost: h\r\n\(fields)\r\n".utf8))
    else {
      Issue.record("incomplete")
      return
    }
    #expect(head.request.headers.fields.count == 101)
    #expect(refusal("GET / HTTP/1.1\r\nHost: h\r\n\(fields)X-Last: v\r\n\r\n", parser: parser) == 431)
  }

  @Test(
    "a malformed request line is refused with 400",
    arguments: [
      "GET /\r\n", "GET  / HTTP/1.1\r\n", "GET / HTTP/1.1 x\r\n", "G@T / HTTP/1.1\r\n", " GET / HTTP/1.1\r\n",
      "GET / FOO/1.1\r\n", "GET / http/1.1\r\n", "GET /a b HTTP/1.1\r\n", "GET / HTTP/1.1\r\r\n",
    ])
  func badRequestLine(line: String) {
    #expect(refusal(line + "Host: h\r\n\r\n") == 400)
  }

  @Test("another HTTP version is refused with 505")
  func version() {
    #expect(refusal("GET / HTTP/2.0\r\nHost: h\r\n\r\n") == 505)
    #expect(refusal("GET / HTTP/0.9\r\nHost: h\r\n\r\n") == 505)
  }

  @Test(
    "a Content-Length that is not one number of bytes is refused with 400",
    arguments: [
      ["-1"], ["1e3"], ["0x10"], ["+5"], [""], ["5", "6"], ["5, 6"], ["1 2"], ["５"],
    ])
  func badContentLength(values: [String]) {
    let fields = values.map { "Content-Length: \($0)\r\n" }.joined()
    #expect(refusal("POST / HTTP/1.1\r\nHost: h\r\n\(fields)\r\n") == 400)
  }

  @Test("equal copies of Content-Length are one length; a length beyond Int is 413")
  func contentLength() throws {
    #expect(
      try head("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 7\r\nContent-Length: 7\r\n\r\n").0.request
        .contentLength == 7)
    #expect(
      try head("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 7, 7\r\n\r\n").0.request.contentLength == 7)
    #expect(
      try head("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0012\r\n\r\n").0.request.contentLength == 12)
    #expect(refusal("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999999\r\n\r\n") == 413)
  }

  @Test("Transfer-Encoding in a request is refused with 501")
  func transferEncoding() {
    #expect(refusal("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n") == 501)
    #expect(
      refusal("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: gzip, chunked\r\n\r\n")
        == 501)
  }

  @Test(
    "control characters, folding and malformed fields are refused with 400",
    arguments: [
      "X-A: a\u{0}b\r\n", "X-A: a\rb\r\n", "X-A: a\u{7f}\r\n", "X-A: a\u{1}\r\n", "X-A: a\r\n folded\r\n",
      "X-A : a\r\n", "X A: a\r\n", ": a\r\n", "no colon\r\n", "X-(A): a\r\n",
    ])
  func badField(field: String) {
    #expect(refusal("GET / HTTP/1.1\r\nHost: h\r\n\(field)\r\n") == 400)
  }

  @Test("a tab inside a value and non-ASCII bytes are kept")
  func fieldValues() throws {
    let (head, _) = try head("GET / HTTP/1.1\r\nHost: h\r\nX-Filename: a\tb é.onnx\r\n\r\n")
    #expect(head.request.headers["X-Filename"] == "a\tb é.onnx")
  }

  @Test("pipelined requests: the first head ends where the second begins")
  func pipelined() throws {
    let first = "POST /api/audit HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\n"
    let second = "GET /second HTTP/1.1\r\nHost: h\r\n\r\n"
    let bytes = Array((first + "abc" + second).utf8)
    guard case .head(let one, let length) = try parser.parse(bytes) else {
      Issue.record("incomplete")
      return
    }
    #expect(length == first.utf8.count)
    #expect(one.request.contentLength == 3)
    guard case .head(let two, let rest) = try parser.parse(bytes[(length + 3)...]) else {
      Issue.record("incomplete")
      return
    }
    #expect(two.request.path == "/second")
    #expect(rest == second.utf8.count)
  }

  @Test("an unfinished head is incomplete; bare LF and leading empty lines are accepted")
  func incompleteAndLenient() throws {
    for text in [
      "", "GET", "GET / HTTP/1.1\r\n", "GET / HTTP/1.1\r\nHost: h\r\n", "GET / HTTP/1.1\r\nHost: h\r\n\r",
    ] {
      guard case .incomplete = try parser.parse(Array(text.utf8)) else {
        Issue.record("\(text.debugDescription) is not incomplete")
        continue
      }
    }
    #expect(try head("GET /lf HTTP/1.1\nHost: h\n\n").0.request.path == "/lf")
    let (head, length) = try head("\r\n\r\nGET /x HTTP/1.1\r\nHost: h\r\n\r\n")
    #expect(head.request.path == "/x")
    #expect(length == 4 + "GET /x HTTP/1.1\r\nHost: h\r\n\r\n".utf8.count)
  }

  @Test("Expect: 100-continue is noticed; other methods pass to the handler")
  func expectAndMethods() throws {
    let (head, _) = try head(
      "PUT /x HTTP/1.1\r\nHost: h\r\nExpect: 100-Continue\r\nContent-Length: 1\r\n\r\n")
    #expect(head.expectsContinue)
    #expect(head.request.method == HTTPMethod("PUT"))
    #expect(head.request.method != .POST)
  }
}
