extension JSONValue {
  /// The deepest nesting of arrays and objects the parser accepts (deeper input is an error,
  /// never a stack overflow).
  public static let maximumDepth = 512

  /// Parses JSON text (RFC 8259): one value with optional surrounding whitespace.
  ///
  /// Numbers without fraction or exponent that fit in `Int` become `.int`, all others `.double`
  /// (rounded to the nearest double; a value beyond the double range is an error). Object keys
  /// keep their order. Errors name the byte offset: `JSONError.invalidJSON`.
  /// Complexity: O(length of the text).
  public init(parsing text: String) throws(JSONError) {
    var parser = JSONParser(bytes: Array(text.utf8))
    parser.skipWhitespace()
    let value = try parser.parseValue(depth: 0)
    parser.skipWhitespace()
    guard parser.index == parser.bytes.count else { throw parser.error("unexpected text after the value") }
    self = value
  }
}

/// A recursive-descent reader over UTF-8 bytes.
private struct JSONParser {
  let bytes: [UInt8]
  var index = 0

  init(bytes: [UInt8]) { self.bytes = bytes }

  func error(_ reason: String) -> JSONError { .invalidJSON(offset: index, reason: reason) }

  mutating func skipWhitespace() {
    while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
  }

  mutating func parseValue(depth: Int) throws(JSONError) -> JSONValue {
    guard depth < JSONValue.maximumDepth else { throw error("nesting deeper than \(JSONValue.maximumDepth)") }
    guard index < bytes.count else { throw error("unexpected end of text, expected a value") }
    switch bytes[index] {
    case UInt8(ascii: "{"): return try parseObject(depth: depth)
    case UInt8(ascii: "["): return try parseArray(depth: depth)
    case UInt8(ascii: "\""): return .string(try parseString())
    case UInt8(ascii: "t"): return try literal("true", .bool(true))
    case UInt8(ascii: "f"): return try literal("false", .bool(false))
    case UInt8(ascii: "n"): return try literal("null", .null)
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
    default: throw error("unexpected character, expected a value")
    }
  }

  mutating func literal(_ word: String, _ value: JSONValue) throws(JSONError) -> JSONValue {
    let expected = Array(word.utf8)
    guard index + expected.count <= bytes.count, Array(bytes[index..<index + expected.count]) == expected
    else {
      throw error("expected '\(word)'")
    }
    index += expected.count
    return value
  }

  mutating func expect(_ byte: UInt8, _ what: String) throws(JSONError) {
    guard index < bytes.count, bytes[index] == byte else { throw error("expected \(what)") }
    index += 1
  }

  mutating func parseObject(depth: Int) throws(JSONError) -> JSONValue {
    index += 1
    var members: [(key: String, value: JSONValue)] = []
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
      index += 1
      return .object(members)
    }
    while true {
      skipWhitespace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
        throw error("expected a string key")
      }
      let key = try parseString()
      skipWhitespace()
      try expect(UInt8(ascii: ":"), "':' after an object key")
      skipWhitespace()
      let value = try parseValue(depth: depth + 1)
      if let existing = members.firstIndex(where: { $0.key == key }) { members.remove(at: existing) }
      members.append((key, value))
      skipWhitespace()
      guard index < bytes.count else { throw error("unexpected end of text inside an object") }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
        continue
      }
      try expect(UInt8(ascii: "}"), "',' or '}' in an object")
      return .object(members)
    }
  }

  mutating func parseArray(depth: Int) throws(JSONError) -> JSONValue {
    index += 1
    var elements: [JSONValue] = []
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
      index += 1
      return .array(elements)
    }
    while true {
      skipWhitespace()
      elements.append(try parseValue(depth: depth + 1))
      skipWhitespace()
      guard index < bytes.count else { throw error("unexpected end of text inside an array") }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
        continue
      }
      try expect(UInt8(ascii: "]"), "',' or ']' in an array")
      return .array(elements)
    }
  }

  mutating func parseHex4() throws(JSONError) -> UInt32 {
    guard index + 4 <= bytes.count else { throw error("incomplete \\u escape") }
    var value: UInt32 = 0
    for _ in 0..<4 {
      let b = bytes[index]
      let digit: UInt32
      switch b {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(b - UInt8(ascii: "0"))
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(b - UInt8(ascii: "a") + 10)
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(b - UInt8(ascii: "A") + 10)
      default: throw error("bad hex digit in a \\u escape")
      }
      value = value * 16 + digit
      index += 1
    }
    return value
  }

  mutating func parseString() throws(JSONError) -> String {
    index += 1
    var scalars = String.UnicodeScalarView()
    var runStart = index
    func flush(_ parser: JSONParser, upTo end: Int, into scalars: inout String.UnicodeScalarView) {
      scalars.append(contentsOf: String(decoding: parser.bytes[runStart..<end], as: UTF8.self).unicodeScalars)
    }
    while true {
      guard index < bytes.count else { throw error("unterminated string") }
      let b = bytes[index]
      if b == UInt8(ascii: "\"") {
        flush(self, upTo: index, into: &scalars)
        index += 1
        return String(scalars)
      }
      if b < 0x20 { throw error("control character in a string; escape it") }
      if b != UInt8(ascii: "\\") {
        index += 1
        continue
      }
      flush(self, upTo: index, into: &scalars)
      index += 1
      guard index < bytes.count else { throw error("unterminated escape") }
      let e = bytes[index]
      index += 1
      switch e {
      case UInt8(ascii: "\""): scalars.append("\"")
      case UInt8(ascii: "\\"): scalars.append("\\")
      case UInt8(ascii: "/"): scalars.append("/")
      case UInt8(ascii: "b"): scalars.append("\u{08}")
      case UInt8(ascii: "f"): scalars.append("\u{0C}")
      case UInt8(ascii: "n"): scalars.append("\n")
      case UInt8(ascii: "r"): scalars.append("\r")
      case UInt8(ascii: "t"): scalars.append("\t")
      case UInt8(ascii: "u"):
        var code = try parseHex4()
        if (0xD800...0xDBFF).contains(code) {
          guard index + 2 <= bytes.count, bytes[index] == UInt8(ascii: "\\"),
            bytes[index + 1] == UInt8(ascii: "u")
          else { throw error("unpaired surrogate in a \\u escape") }
          index += 2
          let low = try parseHex4()
          guard (0xDC00...0xDFFF).contains(low) else { throw error("unpaired surrogate in a \\u escape") }
          code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let scalar = Unicode.Scalar(code) else { throw error("unpaired surrogate in a \\u escape") }
        scalars.append(scalar)
      default: throw error("unknown escape")
      }
      runStart = index
    }
  }

  mutating func parseNumber() throws(JSONError) -> JSONValue {
    let start = index
    func digits(_ parser: inout JSONParser) -> Int {
      let from = parser.index
      while parser.index < parser.bytes.count,
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(parser.bytes[parser.index])
      {
        parser.index += 1
      }
      return parser.index - from
    }
    if bytes[index] == UInt8(ascii: "-") { index += 1 }
    let intStart = index
    let intDigits = digits(&self)
    guard intDigits > 0 else { throw error("a number needs digits") }
    guard !(intDigits > 1 && bytes[intStart] == UInt8(ascii: "0")) else {
      throw .invalidJSON(offset: intStart, reason: "leading zeros are not allowed")
    }
    var integral = true
    if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
      index += 1
      integral = false
      guard digits(&self) > 0 else { throw error("digits expected after '.'") }
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
      index += 1
      integral = false
      if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
        index += 1
      }
      guard digits(&self) > 0 else { throw error("digits expected in the exponent") }
    }
    let text = String(decoding: bytes[start..<index], as: UTF8.self)
    if integral, let value = Int(text) { return .int(value) }
    guard let value = Double(text), value.isFinite else {
      throw .invalidJSON(offset: start, reason: "number \(text) is out of range")
    }
    return .double(value)
  }
}
