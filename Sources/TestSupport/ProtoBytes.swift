/// Protobuf wire-format bytes written field by field, for the ONNX reader's tests and the benchmark's
/// synthetic models, following the
/// encoding rules of protobuf's documentation (tag = field << 3 | wire type; base-128 varints;
/// little-endian fixed32/fixed64; length-delimited bodies), independently of the reader's code. (TestSupport: never linked into the tool.)
public struct ProtoBytes {
  public var bytes: [UInt8] = []

  public init() {}

  public mutating func varint(_ value: UInt64) {
    var rest = value
    while rest >= 0x80 {
      bytes.append(UInt8(rest & 0x7F) | 0x80)
      rest >>= 7
    }
    bytes.append(UInt8(rest))
  }

  public mutating func tag(_ field: Int, _ wireType: Int) { varint(UInt64(field << 3 | wireType)) }

  /// A varint field (int32, int64, enum).
  public mutating func int(_ field: Int, _ value: Int64) {
    tag(field, 0)
    varint(UInt64(bitPattern: value))
  }

  public mutating func fixed32(_ field: Int, _ value: UInt32) {
    tag(field, 5)
    for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> shift)) }
  }

  public mutating func fixed64(_ field: Int, _ value: UInt64) {
    tag(field, 1)
    for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> shift)) }
  }

  public mutating func float(_ field: Int, _ value: Float) { fixed32(field, value.bitPattern) }

  public mutating func data(_ field: Int, _ body: [UInt8]) {
    tag(field, 2)
    varint(UInt64(body.count))
    bytes += body
  }

  public mutating func string(_ field: Int, _ text: String) { data(field, Array(text.utf8)) }

  public mutating func message(_ field: Int, _ build: (inout ProtoBytes) -> Void) {
    var inner = ProtoBytes()
    build(&inner)
    data(field, inner.bytes)
  }

  /// A packed run of varints.
  public mutating func packedVarints(_ field: Int, _ values: [Int64]) {
    var body = ProtoBytes()
    for value in values { body.varint(UInt64(bitPattern: value)) }
    data(field, body.bytes)
  }

  /// A packed run of floats.
  public mutating func packedFloats(_ field: Int, _ values: [Float]) {
    var body: [UInt8] = []
    for value in values {
      for shift in stride(from: 0, to: 32, by: 8) {
        body.append(UInt8(truncatingIfNeeded: value.bitPattern >> shift))
      }
    }
    data(field, body)
  }
}
