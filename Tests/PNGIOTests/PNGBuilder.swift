/// Builds PNG byte streams chunk by chunk for hostile-input tests, with a plain CRC-32
/// (ISO 3309, polynomial 0xEDB88320) and hand-made zlib streams.
enum PNGBuilder {
  static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

  static func crc32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
      crc ^= UInt32(byte)
      for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    return ~crc
  }

  static func bigEndian(_ value: UInt32) -> [UInt8] {
    [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
  }

  /// One chunk: length, type, data, CRC over type and data.
  static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
    let typeAndData = Array(type.utf8) + data
    return bigEndian(UInt32(data.count)) + typeAndData + bigEndian(crc32(typeAndData))
  }

  static func ihdr(width: UInt32, height: UInt32, bitDepth: UInt8 = 8, colorType: UInt8 = 0) -> [UInt8] {
    chunk("IHDR", bigEndian(width) + bigEndian(height) + [bitDepth, colorType, 0, 0, 0])
  }

  /// A zlib stream of stored (uncompressed) deflate blocks holding `data`.
  static func zlibStored(_ data: [UInt8]) -> [UInt8] {
    var out: [UInt8] = [0x78, 0x01]
    var offset = 0
    repeat {
      let n = min(65535, data.count - offset)
      let final: UInt8 = offset + n == data.count ? 1 : 0
      out += [final, UInt8(n & 0xFF), UInt8(n >> 8), UInt8(~n & 0xFF), UInt8((~n >> 8) & 0xFF)]
      out += data[offset..<(offset + n)]
      offset += n
    } while offset < data.count
    return out + bigEndian(adler32(data))
  }

  static func adler32(_ data: [UInt8]) -> UInt32 {
    var a: UInt32 = 1
    var b: UInt32 = 0
    for byte in data {
      a = (a + UInt32(byte)) % 65521
      b = (b + a) % 65521
    }
    return b << 16 | a
  }

  /// A zlib stream that inflates to `count = 1 + 258·k` copies of `byte` (0…143), using one
  /// fixed-Huffman deflate block: a literal, then k copies of <length 258, distance 1>.
  static func zlibRepeated(_ byte: UInt8, matches k: Int) -> [UInt8] {
    precondition(byte < 144)
    var bits = BitWriter()
    bits.write(1, count: 1)  // BFINAL
    bits.write(1, count: 2)  // BTYPE = 01, fixed Huffman
    bits.writeHuffman(0x30 + UInt32(byte), count: 8)  // literals 0…143 are 0x30 + value, 8 bits
    for _ in 0..<k {
      bits.writeHuffman(0b1100_0101, count: 8)  // length code 285 = 258
      bits.writeHuffman(0, count: 5)  // distance code 0 = 1
    }
    bits.writeHuffman(0, count: 7)  // end of block (256)
    // Adler-32 of n equal bytes v: a = 1 + n·v, b = n + v·n(n+1)/2, both mod 65521.
    let n = UInt64(1 + 258 * k)
    let v = UInt64(byte)
    let a = (1 + n * v) % 65521
    let b = (n + v * (n * (n + 1) / 2 % 65521)) % 65521
    return [0x78, 0x01] + bits.bytes + bigEndian(UInt32(b << 16 | a))
  }

  struct BitWriter {
    var bytes: [UInt8] = []
    var used = 8

    /// Writes `count` bits of `value`, least significant first (deflate's order for headers).
    mutating func write(_ value: UInt32, count: Int) {
      for i in 0..<count { put(value >> UInt32(i) & 1) }
    }

    /// Writes a Huffman code most significant bit first.
    mutating func writeHuffman(_ code: UInt32, count: Int) {
      for i in (0..<count).reversed() { put(code >> UInt32(i) & 1) }
    }

    mutating func put(_ bit: UInt32) {
      if used == 8 {
        bytes.append(0)
        used = 0
      }
      bytes[bytes.count - 1] |= UInt8(bit) << UInt8(used)
      used += 1
    }
  }

  /// A valid 8-bit grey image of the given size, every row filter 0, plus extra chunks before IDAT.
  static func grey(width: Int, height: Int, value: UInt8 = 7, before extra: [UInt8] = []) -> [UInt8] {
    var raw: [UInt8] = []
    for _ in 0..<height { raw += [0] + [UInt8](repeating: value, count: width) }
    return signature + ihdr(width: UInt32(width), height: UInt32(height)) + extra
      + chunk("IDAT", zlibStored(raw)) + chunk("IEND", [])
  }
}
