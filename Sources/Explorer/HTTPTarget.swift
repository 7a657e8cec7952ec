/// A request target in origin form (`/path?query`) taken apart: the path percent-decoded with its
/// `.` and `..` segments removed (RFC 3986 §5.2.4, on the encoded path, so `%2e%2e` stays a name),
/// and the query as name/value pairs split at `&` and the first `=`, each percent-decoded. `+` is
/// not a space (as in Foundation's `URLComponents.queryItems`, which the server used before); empty
/// pieces (`a=1&&b=2`) are skipped; a piece without `=` has the value "".
struct HTTPTarget: Sendable, Equatable {
  var path: String
  var query: [HTTPQueryItem]

  init(_ target: String) throws(HTTPParseError) {
    let bytes = Array(target.utf8)
    guard bytes.first == UInt8(ascii: "/") else {
      throw HTTPParseError(400, "the request target must be a path starting with '/'")
    }
    guard bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "#") }) else {
      throw HTTPParseError(400, "the request target has a character that must be percent-encoded")
    }
    let question = bytes.firstIndex(of: UInt8(ascii: "?")) ?? bytes.endIndex
    path = try Self.decode(Self.removingDotSegments(bytes[..<question]), what: "path")
    query = []
    guard question < bytes.endIndex else { return }
    for piece in bytes[(question + 1)...].split(separator: UInt8(ascii: "&")) {
      let equals = piece.firstIndex(of: UInt8(ascii: "=")) ?? piece.endIndex
      let name = try Self.decode(piece[..<equals], what: "query")
      let value = equals < piece.endIndex ? try Self.decode(piece[(equals + 1)...], what: "query") : ""
      query.append(HTTPQueryItem(name: name, value: value))
    }
  }

  /// The path without `.` and `..` segments; `..` never climbs above the root.
  static func removingDotSegments(_ path: ArraySlice<UInt8>) -> [UInt8] {
    let segments = path.dropFirst().split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
    var kept: [ArraySlice<UInt8>] = []
    for (index, segment) in segments.enumerated() {
      let isDot = segment.elementsEqual([UInt8(ascii: ".")])
      let isDotDot = segment.elementsEqual([UInt8(ascii: "."), UInt8(ascii: ".")])
      if isDot || isDotDot {
        if isDotDot, !kept.isEmpty { kept.removeLast() }
        // A dot segment at the end leaves the path ending in '/'.
        if index == segments.count - 1 { kept.append([]) }
      } else {
        kept.append(segment)
      }
    }
    var result: [UInt8] = [UInt8(ascii: "/")]
    for (index, segment) in kept.enumerated() {
      if index > 0 { result.append(UInt8(ascii: "/")) }
      result.append(contentsOf: segment)
    }
    return result
  }

  /// `%XX` escapes decoded; the result must be UTF-8 without NUL.
  static func decode(_ bytes: some Collection<UInt8>, what: String) throws(HTTPParseError) -> String {
    var decoded: [UInt8] = []
    decoded.reserveCapacity(bytes.count)
    var iterator = bytes.makeIterator()
    while let byte = iterator.next() {
      guard byte == UInt8(ascii: "%") else {
        decoded.append(byte)
        continue
      }
      guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
        throw HTTPParseError(400, "the \(what) has a '%' not followed by two hexadecimal digits")
      }
      decoded.append(high << 4 | low)
    }
    guard !decoded.contains(0), let text = String(validating: decoded, as: UTF8.self) else {
      throw HTTPParseError(400, "the \(what) does not decode to UTF-8 text")
    }
    return text
  }

  static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
    default: nil
    }
  }
}
