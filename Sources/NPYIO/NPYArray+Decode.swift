import Foundation

extension NPYArray {
  /// The six magic bytes every `.npy` file starts with: `\x93NUMPY`.
  static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]

  /// The largest header NPYIO reads (NumPy itself refuses headers past 10,000 bytes by default).
  static let maximumHeaderBytes = 1 << 20

  /// Reads the `.npy` file at `path`.
  ///
  /// Throws `NPYError.io` when the file cannot be read, and the errors of `decode` otherwise.
  public static func read(from path: String) throws(NPYError) -> NPYArray {
    let bytes: [UInt8]
    do {
      bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    } catch {
      throw .io(path: path, reason: Self.readFailureReason(path))
    }
    return try decode(bytes, path: path)
  }

  /// Decodes the bytes of a `.npy` file (format 1.0, 2.0 or 3.0, C order, little- or big-endian
  /// `b1 i1 u1 i2 u2 i4 u4 i8 u8 f2 f4 f8`).
  ///
  /// `path` names the source in error messages. The data after the header must be exactly
  /// `count × itemSize` bytes. Big-endian data are swapped; half floats are widened exactly.
  /// O(file size).
  public static func decode(_ bytes: [UInt8], path: String = "<memory>") throws(NPYError) -> NPYArray {
    let prefixLength = min(bytes.count, magic.count)
    guard bytes[0..<prefixLength].elementsEqual(magic[0..<prefixLength]) else { throw .notNPY(path: path) }
    guard bytes.count >= 10 else { throw .truncatedHeader(path: path, needed: 10, available: bytes.count) }
    let major = Int(bytes[6])
    let minor = Int(bytes[7])
    let lengthFieldSize: Int
    switch (major, minor) {
    case (1, 0): lengthFieldSize = 2
    case (2, 0), (3, 0): lengthFieldSize = 4
    default: throw .unsupportedVersion(path: path, major: major, minor: minor)
    }
    let headerStart = 8 + lengthFieldSize
    guard bytes.count >= headerStart else {
      throw .truncatedHeader(path: path, needed: headerStart, available: bytes.count)
    }
    var headerLength = 0
    for i in (0..<lengthFieldSize).reversed() { headerLength = headerLength << 8 | Int(bytes[8 + i]) }
    guard headerLength <= maximumHeaderBytes else {
      throw .malformedHeader(
        path: path,
        reason: "the header claims \(headerLength) bytes, more than the \(maximumHeaderBytes) allowed")
    }
    let dataStart = headerStart + headerLength
    guard bytes.count >= dataStart else {
      throw .truncatedHeader(path: path, needed: dataStart, available: bytes.count)
    }
    let header: NPYHeader
    do {
      header = try NPYHeader.parse(Array(bytes[headerStart..<dataStart]))
    } catch {
      throw .malformedHeader(path: path, reason: error.reason)
    }
    let (dtype, bigEndian) = try parseDescr(header.descr, path: path)
    if header.fortranOrder && header.shape.count > 1 { throw .fortranOrder(path: path) }

    var count = 1
    for extent in header.shape {
      let (next, overflow) = count.multipliedReportingOverflow(by: extent)
      guard !overflow else { throw .shapeTooLarge(path: path, shape: header.shape) }
      count = next
    }
    let (byteCount, overflow) = count.multipliedReportingOverflow(by: dtype.itemSize)
    guard !overflow else { throw .shapeTooLarge(path: path, shape: header.shape) }
    let available = bytes.count - dataStart
    guard byteCount == available else {
      throw .dataSizeMismatch(
        path: path, shape: header.shape, itemSize: dtype.itemSize, expectedBytes: byteCount,
        actualBytes: available)
    }
    let storage = bytes.withUnsafeBytes { raw in
      elements(
        UnsafeRawBufferPointer(rebasing: raw[dataStart...]), dtype: dtype, count: count, bigEndian: bigEndian)
    }
    return NPYArray(shape: header.shape, storage: storage)
  }

  /// Splits a `descr` such as `<f4` into the dtype and whether the data are big-endian.
  static func parseDescr(_ descr: String, path: String) throws(NPYError) -> (NPYDType, Bool) {
    var rest = Substring(descr)
    var bigEndian = false
    if let first = rest.first, "<>|=".contains(first) {
      bigEndian = first == ">"
      rest = rest.dropFirst()
    }
    guard let kind = rest.first, let size = Int(rest.dropFirst()),
      let dtype = NPYDType(kind: kind, size: size)
    else { throw .unsupportedDType(path: path, descr: descr) }
    return (dtype, bigEndian && dtype.itemSize > 1)
  }

  /// Converts `count` raw elements to typed storage.
  static func elements(_ raw: UnsafeRawBufferPointer, dtype: NPYDType, count: Int, bigEndian: Bool) -> Storage
  {
    switch dtype {
    case .bool: return .bool(raw.prefix(count).map { $0 != 0 })
    case .int8: return .int8(raw.prefix(count).map { Int8(bitPattern: $0) })
    case .uint8: return .uint8(Array(raw.prefix(count)))
    case .int16: return .int16(integers(raw, count: count, bigEndian: bigEndian))
    case .uint16: return .uint16(integers(raw, count: count, bigEndian: bigEndian))
    case .int32: return .int32(integers(raw, count: count, bigEndian: bigEndian))
    case .uint32: return .uint32(integers(raw, count: count, bigEndian: bigEndian))
    case .int64: return .int64(integers(raw, count: count, bigEndian: bigEndian))
    case .uint64: return .uint64(integers(raw, count: count, bigEndian: bigEndian))
    case .float16:
      let bits: [UInt16] = integers(raw, count: count, bigEndian: bigEndian)
      return .float16(bits.map(halfToFloat))
    case .float32:
      let bits: [UInt32] = integers(raw, count: count, bigEndian: bigEndian)
      return .float32(bits.map { Float(bitPattern: $0) })
    case .float64:
      let bits: [UInt64] = integers(raw, count: count, bigEndian: bigEndian)
      return .float64(bits.map { Double(bitPattern: $0) })
    }
  }

  /// Loads `count` unaligned integers of type `T` in the given byte order.
  static func integers<T: FixedWidthInteger>(_ raw: UnsafeRawBufferPointer, count: Int, bigEndian: Bool)
    -> [T]
  {
    let size = MemoryLayout<T>.size
    precondition(raw.count >= count * size)
    return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
      for i in 0..<count {
        let value = raw.loadUnaligned(fromByteOffset: i * size, as: T.self)
        buffer[i] = bigEndian ? T(bigEndian: value) : T(littleEndian: value)
      }
      initialized = count
    }
  }

  /// Widens an IEEE 754 binary16 bit pattern to `Float` exactly.
  ///
  /// Layout: 1 sign bit, 5 exponent bits (bias 15), 10 fraction bits. Exponent 0 is zero or
  /// subnormal (fraction · 2⁻²⁴), exponent 31 is infinity or NaN (payload kept).
  static func halfToFloat(_ half: UInt16) -> Float {
    let sign = UInt32(half >> 15) << 31
    let exponent = UInt32(half >> 10) & 0x1F
    let fraction = UInt32(half) & 0x3FF
    switch exponent {
    case 0:
      let magnitude = Float(fraction) * 0x1p-24
      return sign != 0 ? -magnitude : magnitude
    case 0x1F:
      return Float(bitPattern: sign | 0x7F80_0000 | fraction << 13)
    default:
      return Float(bitPattern: sign | (exponent + 112) << 23 | fraction << 13)
    }
  }

  /// A short reason why `path` could not be read.
  static func readFailureReason(_ path: String) -> String {
    var isDirectory: ObjCBool = false
    if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
      return "no such file; check the path"
    }
    if isDirectory.boolValue { return "is a folder, not a file" }
    return "cannot be read; check its permissions"
  }
}
