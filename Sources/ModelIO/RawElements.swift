import Foundation

/// Decoding little-endian element bytes (ONNX `raw_data`, external data, safetensors) into storage.
enum RawElements {
  /// `count` elements of `dataType` from `bytes`, which must hold exactly `count × byteSize` bytes.
  ///
  /// Floats decode exactly (float16 and bfloat16 widen to `Float`); integer types and bool widen to
  /// `Int64`; uint64 values past `Int64.max` are refused. O(count).
  static func decode(_ bytes: Data, as dataType: ModelDataType, count: Int, path: String, tensor: String)
    throws(ModelIOError) -> ModelTensor.Storage
  {
    let result = bytes.withUnsafeBytes { raw in
      Result { () throws(ModelIOError) -> ModelTensor.Storage in
        try decode(raw, as: dataType, count: count, path: path, tensor: tensor)
      }
    }
    return try result.get()
  }

  /// The same from a raw buffer (an ONNX `raw_data` field in place), its size checked the same way.
  static func decode(
    _ raw: UnsafeRawBufferPointer, as dataType: ModelDataType, count: Int, path: String, tensor: String
  ) throws(ModelIOError) -> ModelTensor.Storage {
    guard let size = dataType.byteSize else { return .undecoded }
    let (expected, overflow) = count.multipliedReportingOverflow(by: size)
    guard !overflow, raw.count == expected else {
      throw .badTensor(
        path: path, tensor: tensor,
        reason:
          "holds \(raw.count) bytes but \(count) \(dataType) elements need \(overflow ? "too many" : String(expected))"
      )
    }
    return try decodeExact(raw, as: dataType, count: count, path: path, tensor: tensor)
  }

  /// The elements of a raw buffer of exactly `count × byteSize` bytes (checked by the caller).
  private static func decodeExact(
    _ raw: UnsafeRawBufferPointer, as dataType: ModelDataType, count: Int, path: String, tensor: String
  ) throws(ModelIOError) -> ModelTensor.Storage {
    switch dataType {
    case .float:
      return .float(copied(raw, count: count, as: UInt32.self, Float.init(bitPattern:)))
    case .float16:
      return .float(
        ArrayFill.make(count: count) { base in
          for index in 0..<count {
            let bits = raw.loadUnaligned(fromByteOffset: index * 2, as: UInt16.self)
            (base + index).initialize(to: Float(Float16(bitPattern: UInt16(littleEndian: bits))))
          }
        })
    case .bfloat16:
      return .float(
        ArrayFill.make(count: count) { base in
          for index in 0..<count {
            let bits = raw.loadUnaligned(fromByteOffset: index * 2, as: UInt16.self)
            (base + index).initialize(to: bfloat16(UInt16(littleEndian: bits)))
          }
        })
    case .double:
      return .double(copied(raw, count: count, as: UInt64.self, Double.init(bitPattern:)))
    case .int64:
      return .int64(copied(raw, count: count, as: UInt64.self, Int64.init(bitPattern:)))
    case .uint64:
      var values: [Int64] = []
      values.reserveCapacity(count)
      for index in 0..<count {
        let value = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self))
        guard let converted = Int64(exactly: value) else {
          throw .badTensor(
            path: path, tensor: tensor, reason: "holds the uint64 \(value), past the Int64 range")
        }
        values.append(converted)
      }
      return .int64(values)
    case .int32:
      return .int64(
        (0..<count).map {
          Int64(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: Int32.self)))
        })
    case .uint32:
      return .int64(
        (0..<count).map {
          Int64(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)))
        })
    case .int16:
      return .int64(
        (0..<count).map {
          Int64(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 2, as: Int16.self)))
        })
    case .uint16:
      return .int64(
        (0..<count).map {
          Int64(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 2, as: UInt16.self)))
        })
    case .int8:
      return .int64((0..<count).map { Int64(Int8(bitPattern: raw[$0])) })
    case .uint8:
      return .int64((0..<count).map { Int64(raw[$0]) })
    case .bool:
      return .int64((0..<count).map { raw[$0] == 0 ? 0 : 1 })
    case .string, .other:
      return .undecoded
    }
  }

  /// A bfloat16 bit pattern widened exactly to `Float`.
  static func bfloat16(_ bits: UInt16) -> Float { Float(bitPattern: UInt32(bits) << 16) }

  /// The float32 elements of `bytes` (little-endian, a multiple of 4 bytes long; checked when the
  /// storage was made).
  static func float32(_ bytes: Data) -> [Float] {
    bytes.withUnsafeBytes { raw in
      copied(raw, count: raw.count / 4, as: UInt32.self, Float.init(bitPattern:))
    }
  }

  /// `count` elements whose little-endian bytes are their bit patterns (float32, float64, int64),
  /// `Bits` being the unsigned integer of their size: one memory copy on a little-endian host,
  /// `portable` on a big-endian one. Large arrays go on huge pages (`ArrayFill`). `raw` holds
  /// exactly `count` elements.
  static func copied<Element: BitwiseCopyable, Bits: FixedWidthInteger & BitwiseCopyable>(
    _ raw: UnsafeRawBufferPointer, count: Int, as bits: Bits.Type, _ element: (Bits) -> Element
  ) -> [Element] {
    let size = MemoryLayout<Bits>.size
    precondition(MemoryLayout<Element>.size == size && raw.count == count * size)
    return ArrayFill.make(count: count) { base in
      #if _endian(little)
        guard let source = raw.baseAddress else { return }
        UnsafeMutableRawPointer(base).copyMemory(from: source, byteCount: count * size)
      #else
        portable(raw, 0..<count, into: base, as: bits, element)
      #endif
    }
  }

  /// Elements `range` of `raw`, each `element(Bits(littleEndian: stored bits))`, written to `base`:
  /// the decoding on any byte order (used on big-endian hosts, tested on little-endian ones).
  static func portable<Element, Bits: FixedWidthInteger>(
    _ raw: UnsafeRawBufferPointer, _ range: Range<Int>, into base: UnsafeMutablePointer<Element>,
    as _: Bits.Type, _ element: (Bits) -> Element
  ) {
    let size = MemoryLayout<Bits>.size
    for index in range {
      let bits = raw.loadUnaligned(fromByteOffset: index * size, as: Bits.self)
      (base + index).initialize(to: element(Bits(littleEndian: bits)))
    }
  }
}
