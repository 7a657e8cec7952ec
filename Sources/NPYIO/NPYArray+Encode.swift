import FileOutput
import Foundation

extension NPYArray {
  /// The bytes of a `.npy` file holding this array, exactly as `numpy.save` writes them.
  ///
  /// Format 1.0 (2.0 when the header passes 65,535 bytes), C order, dtypes `<f4`, `|u1` and
  /// `<u2` only; any other dtype throws `unsupportedWriteType`. The header is padded with spaces
  /// and a newline so the data start at a multiple of 64 bytes. O(count).
  public func encoded() throws(NPYError) -> [UInt8] {
    guard var bytes = Self.fileHeader(shape: shape, dtype: dtype) else {
      throw .unsupportedWriteType(path: "<memory>", dtype: dtype)
    }
    bytes.reserveCapacity(bytes.count + count * dtype.itemSize)
    switch storage {
    case .float32(let values):
      for value in values { Self.appendLittleEndian(value.bitPattern, to: &bytes) }
    case .uint8(let values):
      bytes += values
    case .uint16(let values):
      for value in values { Self.appendLittleEndian(value, to: &bytes) }
    default:
      throw .unsupportedWriteType(path: "<memory>", dtype: dtype)
    }
    return bytes
  }

  /// The header of a `.npy` file holding an array of `shape` and `dtype`, as `numpy.save`
  /// writes it (see `encoded()`): the data follow it directly. Nil for a dtype other than
  /// float32, uint8 and uint16.
  public static func fileHeader(shape: [Int], dtype: NPYDType) -> [UInt8]? {
    let descr: String
    switch dtype {
    case .float32: descr = "<f4"
    case .uint8: descr = "|u1"
    case .uint16: descr = "<u2"
    default: return nil
    }
    let literal = Array(NPYHeader(descr: descr, fortranOrder: false, shape: shape).pythonLiteral().utf8)
    var prefixLength = 10
    var version: UInt8 = 1
    var padding = 64 - (prefixLength + literal.count + 1) % 64
    if literal.count + padding + 1 > 65535 {
      prefixLength = 12
      version = 2
      padding = 64 - (prefixLength + literal.count + 1) % 64
    }
    let headerLength = literal.count + padding + 1
    var bytes = magic + [version, 0]
    for i in 0..<(prefixLength - 8) { bytes.append(UInt8(truncatingIfNeeded: headerLength >> (8 * i))) }
    bytes += literal
    bytes += repeatElement(0x20, count: padding)
    bytes.append(0x0A)
    return bytes
  }

  /// Writes the array to `path` as a `.npy` file, atomically (`AtomicFile`: a temporary file in
  /// the same folder, then a rename), so a failure never leaves a partial file or destroys an old
  /// one.
  public func write(to path: String) throws(NPYError) {
    let bytes: [UInt8]
    do {
      bytes = try encoded()
    } catch {
      throw .unsupportedWriteType(path: path, dtype: dtype)
    }
    try Self.write(encoded: bytes, to: path)
  }

  /// Writes the bytes of a whole `.npy` file (a `fileHeader` and the data) to `path`,
  /// atomically (`AtomicFile`).
  public static func write(encoded bytes: [UInt8], to path: String) throws(NPYError) {
    do {
      try AtomicFile.write(bytes, to: path)
    } catch {
      throw .io(path: path, reason: "cannot be written: " + error.reason)
    }
  }

  static func appendLittleEndian<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
    var v = value.littleEndian
    withUnsafeBytes(of: &v) { bytes.append(contentsOf: $0) }
  }
}
