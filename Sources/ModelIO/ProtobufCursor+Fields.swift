/// Typed field values, each checked against the wire type its `.proto` declaration implies.
///
/// Integer widths follow protobuf: an `int32` field keeps the low 32 bits of its varint, an `int64`
/// field the bit pattern. Repeated numeric fields are accepted packed or unpacked, as protobuf parsers
/// must accept both.
extension ProtobufCursor {
  /// An `int64` field.
  mutating func int64(field: Int, type: ProtobufWireType) throws(ModelIOError) -> Int64 {
    try expect(.varint, field: field, got: type)
    return Int64(bitPattern: try varint())
  }

  /// An `int32` field (or an enum's number).
  mutating func int32(field: Int, type: ProtobufWireType) throws(ModelIOError) -> Int32 {
    try expect(.varint, field: field, got: type)
    return Int32(truncatingIfNeeded: try varint())
  }

  /// A `float` field.
  mutating func float(field: Int, type: ProtobufWireType) throws(ModelIOError) -> Float {
    try expect(.fixed32, field: field, got: type)
    return Float(bitPattern: try fixed(UInt32.self))
  }

  /// A `bytes` field's body, as a view of the underlying buffer.
  mutating func bytesField(field: Int, type: ProtobufWireType) throws(ModelIOError) -> UnsafeRawBufferPointer
  {
    try expect(.lengthDelimited, field: field, got: type)
    return UnsafeRawBufferPointer(rebasing: bytes[try lengthDelimited()])
  }

  /// A `string` field: valid UTF-8 or refused, as swift-protobuf did.
  mutating func string(field: Int, type: ProtobufWireType) throws(ModelIOError) -> String {
    let body = try bytesField(field: field, type: type)
    guard let text = String(validating: body, as: UTF8.self) else {
      throw failure("field \(field) is a string but not valid UTF-8")
    }
    return text
  }

  /// A message field's byte range, for a nested cursor.
  mutating func messageField(field: Int, type: ProtobufWireType) throws(ModelIOError) -> Range<Int> {
    try expect(.lengthDelimited, field: field, got: type)
    return try lengthDelimited()
  }

  /// A message field, as a cursor over its bytes one level deeper; `name` is the message's name.
  mutating func message(field: Int, type: ProtobufWireType, name: String) throws(ModelIOError)
    -> ProtobufCursor
  {
    let range = try messageField(field: field, type: type)
    return try nested(range, message: name)
  }

  /// Appends a repeated `int64` field's values (one unpacked value or a packed run).
  mutating func appendInt64s(to values: inout [Int64], field: Int, type: ProtobufWireType)
    throws(ModelIOError)
  {
    try appendVarints(field: field, type: type) { values.append(Int64(bitPattern: $0)) }
  }

  /// Appends a repeated `int32` field's values.
  mutating func appendInt32s(to values: inout [Int32], field: Int, type: ProtobufWireType)
    throws(ModelIOError)
  {
    try appendVarints(field: field, type: type) { values.append(Int32(truncatingIfNeeded: $0)) }
  }

  /// Appends a repeated `uint64` field's values.
  mutating func appendUInt64s(to values: inout [UInt64], field: Int, type: ProtobufWireType)
    throws(ModelIOError)
  {
    try appendVarints(field: field, type: type) { values.append($0) }
  }

  /// Appends a repeated `float` field's values.
  mutating func appendFloats(to values: inout [Float], field: Int, type: ProtobufWireType)
    throws(ModelIOError)
  {
    try appendFixed(to: &values, field: field, type: type, unpacked: .fixed32) { (bits: UInt32) in
      Float(bitPattern: bits)
    }
  }

  /// Appends a repeated `double` field's values.
  mutating func appendDoubles(to values: inout [Double], field: Int, type: ProtobufWireType)
    throws(ModelIOError)
  {
    try appendFixed(to: &values, field: field, type: type, unpacked: .fixed64) { (bits: UInt64) in
      Double(bitPattern: bits)
    }
  }

  /// One fixed-size value (wire type `unpacked`) or each value of a packed run, converted from its bits.
  private mutating func appendFixed<Bits: FixedWidthInteger & UnsignedInteger, Value>(
    to values: inout [Value], field: Int, type: ProtobufWireType, unpacked: ProtobufWireType,
    _ convert: (Bits) -> Value
  ) throws(ModelIOError) {
    if type == unpacked {
      values.append(convert(try fixed(Bits.self)))
      return
    }
    let size = MemoryLayout<Bits>.size
    let body = try packedBody(field: field, type: type, unpacked: unpacked, elementSize: size)
    values.reserveCapacity(values.count + body.count / size)
    for offset in stride(from: 0, to: body.count, by: size) {
      values.append(convert(Bits(littleEndian: body.loadUnaligned(fromByteOffset: offset, as: Bits.self))))
    }
  }

  /// One varint, or each varint of a packed run.
  private mutating func appendVarints(
    field: Int, type: ProtobufWireType, _ append: (UInt64) -> Void
  ) throws(ModelIOError) {
    if type == .varint {
      append(try varint())
      return
    }
    guard type == .lengthDelimited else {
      throw failure("field \(field) has wire type \(type.name); this field is varint or packed")
    }
    let range = try lengthDelimited()
    var packed = try ProtobufCursor(bytes: bytes, range: range, path: path, message: message, depth: depth)
    while packed.position < packed.end { append(try packed.varint()) }
  }

  /// A packed run of fixed-size values, its length a whole number of elements.
  private mutating func packedBody(
    field: Int, type: ProtobufWireType, unpacked: ProtobufWireType, elementSize: Int
  ) throws(ModelIOError) -> UnsafeRawBufferPointer {
    guard type == .lengthDelimited else {
      throw failure("field \(field) has wire type \(type.name); this field is \(unpacked.name) or packed")
    }
    let range = try lengthDelimited()
    guard range.count % elementSize == 0 else {
      throw failure("packed field \(field) holds \(range.count) bytes, not a multiple of \(elementSize)")
    }
    return UnsafeRawBufferPointer(rebasing: bytes[range])
  }
}
