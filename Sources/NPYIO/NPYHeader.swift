/// The dictionary at the start of a `.npy` file: `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }`.
///
/// Parsed with a small recursive-descent reader of the Python literal subset NumPy writes
/// (strings, `True`/`False`, integers, tuples, lists, nested dictionaries), bounded in depth.
struct NPYHeader: Sendable, Equatable {
  var descr: String
  var fortranOrder: Bool
  var shape: [Int]

  /// A parsed Python literal.
  indirect enum Value {
    case string(String)
    case bool(Bool)
    case int(Int)
    case none
    case sequence([Value])
    case dict([(String, Value)])

  }

  /// Why parsing stopped; turned into `NPYError.malformedHeader` by the caller.
  struct ParseFailure: Error {
    var reason: String
  }

  /// Parses the header text (without the magic and length prefix).
  static func parse(_ text: [UInt8]) throws(ParseFailure) -> NPYHeader {
    var parser = Parser(bytes: text)
    parser.skipSpace()
    let value = try parser.value(depth: 0)
    parser.skipSpace()
    guard parser.index == text.count else {
      throw ParseFailure(reason: "unexpected text after the dictionary at byte \(parser.index)")
    }
    guard case .dict(let entries) = value else {
      throw ParseFailure(reason: "the header is not a dictionary")
    }
    var descr: String?
    var fortran: Bool?
    var shape: [Int]?
    for (key, value) in entries {
      switch key {
      case "descr":
        guard case .string(let s) = value else {
          throw ParseFailure(
            reason: "'descr' is not a simple type string (structured arrays are not supported)")
        }
        descr = s
      case "fortran_order":
        guard case .bool(let b) = value else {
          throw ParseFailure(reason: "'fortran_order' is not True or False")
        }
        fortran = b
      case "shape":
        guard case .sequence(let items) = value else { throw ParseFailure(reason: "'shape' is not a tuple") }
        var extents: [Int] = []
        for item in items {
          guard case .int(let n) = item, n >= 0 else {
            throw ParseFailure(reason: "'shape' must hold non-negative integers")
          }
          extents.append(n)
        }
        shape = extents
      default:
        throw ParseFailure(reason: "unexpected key \(NPYError.quoted(key))")
      }
    }
    guard let descr else { throw ParseFailure(reason: "the key 'descr' is missing") }
    guard let fortran else { throw ParseFailure(reason: "the key 'fortran_order' is missing") }
    guard let shape else { throw ParseFailure(reason: "the key 'shape' is missing") }
    return NPYHeader(descr: descr, fortranOrder: fortran, shape: shape)
  }

  /// The header as NumPy's `numpy.save` writes it (before padding): keys sorted, Python reprs,
  /// and NumPy's spare spaces after the dictionary for in-place growth of the first axis.
  func pythonLiteral() -> String {
    let shapeText =
      shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    var text =
      "{'descr': '\(descr)', 'fortran_order': \(fortranOrder ? "True" : "False"), 'shape': \(shapeText), }"
    if let growthAxis = fortranOrder ? shape.last : shape.first {
      text += String(repeating: " ", count: max(0, 21 - String(growthAxis).count))
    }
    return text
  }

  /// A cursor over the header bytes.
  struct Parser {
    var bytes: [UInt8]
    var index = 0
    static let maximumDepth = 16

    mutating func skipSpace() {
      while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func expect(_ byte: UInt8) throws(ParseFailure) {
      skipSpace()
      guard peek() == byte else {
        throw ParseFailure(reason: "expected '\(Character(Unicode.Scalar(byte)))' at byte \(index)")
      }
      index += 1
    }

    mutating func value(depth: Int) throws(ParseFailure) -> Value {
      guard depth < Self.maximumDepth else { throw ParseFailure(reason: "nesting is too deep") }
      skipSpace()
      guard let c = peek() else { throw ParseFailure(reason: "the header ends too early") }
      switch c {
      case UInt8(ascii: "'"), UInt8(ascii: "\""): return .string(try string())
      case UInt8(ascii: "{"): return try dict(depth: depth)
      case UInt8(ascii: "("): return .sequence(try sequence(close: UInt8(ascii: ")"), depth: depth))
      case UInt8(ascii: "["): return .sequence(try sequence(close: UInt8(ascii: "]"), depth: depth))
      case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"):
        return .int(try integer())
      default:
        for (word, value) in [("True", Value.bool(true)), ("False", .bool(false)), ("None", .none)]
        where bytes[index...].starts(with: word.utf8) {
          index += word.utf8.count
          return value
        }
        throw ParseFailure(reason: "unexpected character at byte \(index)")
      }
    }

    mutating func string() throws(ParseFailure) -> String {
      let quote = bytes[index]
      index += 1
      let start = index
      while index < bytes.count, bytes[index] != quote {
        if bytes[index] == UInt8(ascii: "\\") {
          throw ParseFailure(reason: "escapes in strings are not supported")
        }
        index += 1
      }
      guard index < bytes.count else { throw ParseFailure(reason: "unterminated string") }
      let text = String(decoding: bytes[start..<index], as: UTF8.self)
      index += 1
      return text
    }

    mutating func integer() throws(ParseFailure) -> Int {
      var negative = false
      if bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
        negative = bytes[index] == UInt8(ascii: "-")
        index += 1
      }
      var value = 0
      var digits = 0
      while let c = peek(), c >= UInt8(ascii: "0"), c <= UInt8(ascii: "9") {
        let (times10, o1) = value.multipliedReportingOverflow(by: 10)
        let (next, o2) = times10.addingReportingOverflow(Int(c - UInt8(ascii: "0")))
        guard !o1, !o2 else { throw ParseFailure(reason: "an integer in the header is too large") }
        value = next
        digits += 1
        index += 1
      }
      guard digits > 0 else { throw ParseFailure(reason: "expected digits at byte \(index)") }
      if peek() == UInt8(ascii: "L") { index += 1 }  // Python 2 long suffix
      return negative ? -value : value
    }

    mutating func sequence(close: UInt8, depth: Int) throws(ParseFailure) -> [Value] {
      index += 1
      var items: [Value] = []
      while true {
        skipSpace()
        if peek() == close {
          index += 1
          return items
        }
        items.append(try value(depth: depth + 1))
        skipSpace()
        if peek() == UInt8(ascii: ",") {
          index += 1
        } else {
          try expect(close)
          return items
        }
      }
    }

    mutating func dict(depth: Int) throws(ParseFailure) -> Value {
      index += 1
      var entries: [(String, Value)] = []
      while true {
        skipSpace()
        if peek() == UInt8(ascii: "}") {
          index += 1
          return .dict(entries)
        }
        guard case .string(let key) = try value(depth: depth + 1) else {
          throw ParseFailure(reason: "dictionary keys must be strings")
        }
        guard !entries.contains(where: { $0.0 == key }) else {
          throw ParseFailure(reason: "the key \(NPYError.quoted(key)) appears twice")
        }
        try expect(UInt8(ascii: ":"))
        entries.append((key, try value(depth: depth + 1)))
        skipSpace()
        if peek() == UInt8(ascii: ",") {
          index += 1
        } else {
          try expect(UInt8(ascii: "}"))
          return .dict(entries)
        }
      }
    }
  }
}
