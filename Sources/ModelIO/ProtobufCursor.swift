/// The protobuf wire types (the low three bits of a field's tag).
enum ProtobufWireType: UInt8, Sendable {
  case varint = 0
  case fixed64 = 1
  case lengthDelimited = 2
  case startGroup = 3
  case endGroup = 4
  case fixed32 = 5

  /// The name used in messages.
  var name: String {
    switch self {
    case .varint: return "varint"
    case .fixed64: return "fixed64"
    case .lengthDelimited: return "length-delimited"
    case .startGroup: return "start-group"
    case .endGroup: return "end-group"
    case .fixed32: return "fixed32"
    }
  }
}

/// One protobuf message's bytes, read field by field.
///
/// Every length is checked against the bytes left in the message before anything is read or
/// allocated; nesting (messages and groups) is bounded by `maximumDepth`; a truncated or malformed
/// field throws `ModelIOError.notONNX` naming the file, the message and the byte offset. The bytes
/// must outlive the cursor (it is used inside `Data.withUnsafeBytes`).
struct ProtobufCursor {
  /// The deepest nesting of messages read, as swift-protobuf's default limit.
  static let maximumDepth = 100

  let bytes: UnsafeRawBufferPointer
  /// The next byte to read.
  private(set) var position: Int
  /// One past the message's last byte.
  let end: Int
  /// The file, for messages.
  let path: String
  /// The message's protobuf name (`TensorProto`…), for messages.
  let message: String
  /// 1 for the outermost message.
  let depth: Int

  /// A cursor over `range` of `bytes`, refused when nested deeper than `maximumDepth`.
  init(bytes: UnsafeRawBufferPointer, range: Range<Int>, path: String, message: String, depth: Int)
    throws(ModelIOError)
  {
    self.bytes = bytes
    self.position = range.lowerBound
    self.end = range.upperBound
    self.path = path
    self.message = message
    self.depth = depth
    guard depth <= Self.maximumDepth else {
      throw failure("is nested more than \(Self.maximumDepth) messages deep")
    }
  }

  /// A cursor over a nested message's bytes (one level deeper).
  func nested(_ range: Range<Int>, message: String) throws(ModelIOError) -> ProtobufCursor {
    try ProtobufCursor(bytes: bytes, range: range, path: path, message: message, depth: depth + 1)
  }

  /// The error for a malformed field of this message.
  func failure(_ reason: String) -> ModelIOError {
    .notONNX(path: path, reason: "the protobuf does not decode: \(message) at byte \(position): \(reason)")
  }

  /// The next field's number and wire type; nil at the end of the message.
  mutating func nextField() throws(ModelIOError) -> (number: Int, type: ProtobufWireType)? {
    guard position < end else { return nil }
    let tag = try varint()
    guard tag <= UInt64(UInt32.max), tag >> 3 != 0 else {
      throw failure("bad field tag \(tag)")
    }
    guard let type = ProtobufWireType(rawValue: UInt8(tag & 7)) else {
      throw failure("field \(tag >> 3) has the unknown wire type \(tag & 7)")
    }
    return (Int(tag >> 3), type)
  }

  /// A base-128 varint of at most ten bytes (bits past the 64th are dropped, as protobuf does).
  mutating func varint() throws(ModelIOError) -> UInt64 {
    var value: UInt64 = 0
    var shift: UInt64 = 0
    while true {
      guard position < end else { throw failure("a varint runs past the end of the message") }
      let byte = bytes[position]
      position += 1
      value |= UInt64(byte & 0x7F) << shift
      if byte & 0x80 == 0 { return value }
      shift += 7
      guard shift <= 63 else { throw failure("a varint is longer than ten bytes") }
    }
  }

  /// Four (`UInt32`) or eight (`UInt64`) little-endian bytes.
  mutating func fixed<Bits: FixedWidthInteger & UnsignedInteger>(_: Bits.Type) throws(ModelIOError) -> Bits {
    let size = MemoryLayout<Bits>.size
    guard end - position >= size else { throw failure("a fixed\(8 * size) runs past the end of the message") }
    let value = Bits(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: Bits.self))
    position += size
    return value
  }

  /// The byte range of a length-delimited field's body, checked against the bytes left.
  mutating func lengthDelimited() throws(ModelIOError) -> Range<Int> {
    let length = try varint()
    guard length <= UInt64(end - position) else {
      throw failure("a length of \(length) bytes runs past the \(end - position) bytes left")
    }
    let start = position
    position += Int(length)
    return start..<position
  }

  /// Skips a field this reader does not use (its wire type already read); groups are skipped whole.
  mutating func skip(_ type: ProtobufWireType, field: Int) throws(ModelIOError) {
    switch type {
    case .varint: _ = try varint()
    case .fixed64: _ = try fixed(UInt64.self)
    case .fixed32: _ = try fixed(UInt32.self)
    case .lengthDelimited: _ = try lengthDelimited()
    case .startGroup: try skipGroup(field: field, level: depth + 1)
    case .endGroup: throw failure("an end-group tag (field \(field)) without its start")
    }
  }

  /// Skips the fields of a group up to its end tag, nested groups included.
  private mutating func skipGroup(field: Int, level: Int) throws(ModelIOError) {
    guard level <= Self.maximumDepth else {
      throw failure("groups are nested more than \(Self.maximumDepth) deep")
    }
    while let (number, type) = try nextField() {
      switch type {
      case .endGroup:
        guard number == field else {
          throw failure("group \(field) ends with the end tag of field \(number)")
        }
        return
      case .startGroup: try skipGroup(field: number, level: level + 1)
      default: try skip(type, field: number)
      }
    }
    throw failure("group \(field) has no end tag")
  }

  /// Refuses a field of a known number sent with another wire type.
  func expect(_ expected: ProtobufWireType, field: Int, got type: ProtobufWireType) throws(ModelIOError) {
    guard type == expected else {
      throw failure("field \(field) has wire type \(type.name); this field is \(expected.name)")
    }
  }
}
