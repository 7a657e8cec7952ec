extension JSONValue {
  /// Appends the compact text of this value (exactly `encoded(style: .compact)`) as UTF-8 bytes,
  /// for writers that build large documents in parallel chunks. Throws
  /// `JSONError.nonFiniteNumber` for NaN or an infinity. Complexity: O(size of the text).
  public func appendCompact(to out: inout [UInt8]) throws(JSONError) {
    try JSONBytes.append(self, to: &out)
  }
}

/// Compact JSON written as UTF-8 bytes, identical to `JSONValue.encoded(style: .compact)`: the
/// same member order, `Int` and shortest round-trip `Double` texts, and the same minimal string
/// escapes (`\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\f`, other controls as `\u00xx`).
enum JSONBytes {
  static func append(_ value: JSONValue, to out: inout [UInt8]) throws(JSONError) {
    switch value {
    case .null: out.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
    case .bool(let v): out.append(contentsOf: (v ? "true" : "false").utf8)
    case .int(let v): out.append(contentsOf: String(v).utf8)
    case .double(let v): out.append(contentsOf: try JSONValue.numberText(v).utf8)
    case .string(let v): appendString(v, to: &out)
    case .array(let elements):
      out.append(UInt8(ascii: "["))
      for (index, element) in elements.enumerated() {
        if index > 0 { out.append(UInt8(ascii: ",")) }
        try append(element, to: &out)
      }
      out.append(UInt8(ascii: "]"))
    case .object(let members):
      out.append(UInt8(ascii: "{"))
      for (index, member) in members.enumerated() {
        if index > 0 { out.append(UInt8(ascii: ",")) }
        appendString(member.key, to: &out)
        out.append(UInt8(ascii: ":"))
        try append(member.value, to: &out)
      }
      out.append(UInt8(ascii: "}"))
    }
  }

  static func appendString(_ text: String, to out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    let hex = Array("0123456789abcdef".utf8)
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "\""): out.append(contentsOf: [0x5C, 0x22])
      case UInt8(ascii: "\\"): out.append(contentsOf: [0x5C, 0x5C])
      case 0x0A: out.append(contentsOf: [0x5C, UInt8(ascii: "n")])
      case 0x0D: out.append(contentsOf: [0x5C, UInt8(ascii: "r")])
      case 0x09: out.append(contentsOf: [0x5C, UInt8(ascii: "t")])
      case 0x08: out.append(contentsOf: [0x5C, UInt8(ascii: "b")])
      case 0x0C: out.append(contentsOf: [0x5C, UInt8(ascii: "f")])
      case 0..<0x20:
        out.append(contentsOf: [
          0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 15)],
        ])
      default: out.append(byte)
      }
    }
    out.append(UInt8(ascii: "\""))
  }
}
