import CheckerscopeCore

/// libFuzzer entry: the JSON parser (`JSONValue(parsing:)`) on arbitrary text, then a round
/// trip: whatever parses is encoded (compact and pretty) and must parse back to an equal value.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
  guard let value = try? JSONValue(parsing: text) else { return 0 }
  for style in [JSONValue.Style.compact, .pretty] {
    guard let encoded = try? value.encoded(style: style) else { continue }
    guard let again = try? JSONValue(parsing: encoded) else {
      preconditionFailure("the encoding of a parsed value does not parse: \(encoded.prefix(200))")
    }
    precondition(again == value, "round trip changed the value: \(encoded.prefix(200))")
  }
  return 0
}
