extension JSONValue {
  /// How `encoded(style:)` lays out the text.
  public enum Style: Sendable, Hashable {
    /// Everything on one line, no spaces: `{"a":[1,2]}`.
    case compact
    /// Two-space indentation, one member or element per line, `": "` after keys; arrays whose
    /// elements are all scalars stay on one line (`[1, 2, 3]`), so number grids read as rows.
    case pretty
  }

  /// The JSON text of this value, without a trailing newline.
  ///
  /// Deterministic: object members in their stored order, integers as written by `Int`, doubles in
  /// Swift's shortest round-trip form, strings escaped minimally (`\"`, `\\`, `\n`, `\r`, `\t`,
  /// `\b`, `\f`, other controls as `\u00XX`; non-ASCII is written as UTF-8). Throws
  /// `JSONError.nonFiniteNumber` for NaN or an infinity. Complexity: O(size of the text).
  public func encoded(style: Style = .compact) throws(JSONError) -> String {
    if style == .compact {
      var bytes: [UInt8] = []
      try JSONBytes.append(self, to: &bytes)
      return String(decoding: bytes, as: UTF8.self)
    }
    var out = ""
    try write(into: &out, style: style, indent: 0)
    return out
  }

  private func write(into out: inout String, style: Style, indent: Int) throws(JSONError) {
    switch self {
    case .null: out += "null"
    case .bool(let v): out += v ? "true" : "false"
    case .int(let v): out += String(v)
    case .double(let v): out += try Self.numberText(v)
    case .string(let v): Self.writeString(v, into: &out)
    case .array(let elements):
      if elements.isEmpty {
        out += "[]"
        return
      }
      let flat = style == .compact || elements.allSatisfy(\.isScalar)
      out += "["
      for (index, element) in elements.enumerated() {
        if index > 0 { out += style == .compact ? "," : (flat ? ", " : ",") }
        if !flat { Self.newline(&out, indent + 1) }
        try element.write(into: &out, style: style, indent: indent + 1)
      }
      if !flat { Self.newline(&out, indent) }
      out += "]"
    case .object(let members):
      if members.isEmpty {
        out += "{}"
        return
      }
      out += "{"
      for (index, member) in members.enumerated() {
        if index > 0 { out += "," }
        if style == .pretty { Self.newline(&out, indent + 1) }
        Self.writeString(member.key, into: &out)
        out += style == .compact ? ":" : ": "
        try member.value.write(into: &out, style: style, indent: indent + 1)
      }
      if style == .pretty { Self.newline(&out, indent) }
      out += "}"
    }
  }

  private var isScalar: Bool {
    switch self {
    case .array, .object: return false
    default: return true
    }
  }

  private static func newline(_ out: inout String, _ indent: Int) {
    out += "\n"
    out += String(repeating: "  ", count: indent)
  }

  /// The shortest text that reads back as exactly `value` (Swift's `description`, which is
  /// locale-independent); `2.0` keeps its `.0` so it stays a non-integer JSON number.
  static func numberText(_ value: Double) throws(JSONError) -> String {
    guard value.isFinite else { throw .nonFiniteNumber(value) }
    return value.description
  }

  private static func writeString(_ text: String, into out: inout String) {
    var bytes: [UInt8] = []
    JSONBytes.appendString(text, to: &bytes)
    out += String(decoding: bytes, as: UTF8.self)
  }
}
