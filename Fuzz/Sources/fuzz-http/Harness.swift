import Explorer

/// libFuzzer entry: the explorer's HTTP request parser (`HTTPRequestParser.parse`) on arbitrary
/// bytes, with the server's limits and with small ones. A head it accepts must have taken at most
/// the bytes given, and written out again (request line, fields, blank line) must parse to the same
/// request and take exactly the bytes written. What follows a head (a pipelined request) is parsed
/// too.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTP(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  for parser in [HTTPRequestParser(), HTTPRequestParser(maxHeadBytes: 512, maxHeaderCount: 8)] {
    guard case .head(let head, let length)? = try? parser.parse(bytes) else { continue }
    precondition(length > 0 && length <= bytes.count, "a head of \(length) bytes from \(bytes.count)")
    check(head, parser: parser)
    _ = try? parser.parse(bytes[length...])
  }
  return 0
}

/// The head written out in canonical form parses back to the same request.
func check(_ head: HTTPRequestHead, parser: HTTPRequestParser) {
  let request = head.request
  var text = "\(request.method.rawValue) \(request.target) \(head.version)\r\n"
  for (name, value) in request.headers { text += "\(name.name): \(value)\r\n" }
  text += "\r\n"
  let written = Array(text.utf8)
  let again: HTTPRequestHead
  switch try? parser.parse(written) {
  case .head(let parsed, let length)?:
    precondition(length == written.count, "the written head took \(length) of \(written.count) bytes")
    again = parsed
  default:
    // A canonical head can only be longer than the original by its line endings.
    precondition(written.count > parser.maxHeadBytes, "the written head does not parse: \(text.prefix(300))")
    return
  }
  let same =
    again.request.method == request.method && again.request.target == request.target
    && again.request.path == request.path && again.request.query == request.query
    && again.request.contentLength == request.contentLength && again.version == head.version
    && again.keepAlive == head.keepAlive && again.expectsContinue == head.expectsContinue
    && again.request.headers.fields.map(\.name.name) == request.headers.fields.map(\.name.name)
    && again.request.headers.fields.map(\.value) == request.headers.fields.map(\.value)
  precondition(same, "the written head parses to another request: \(text.prefix(300))")
}
