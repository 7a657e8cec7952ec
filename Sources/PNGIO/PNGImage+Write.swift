import CLibPNG

extension PNGImage {
  /// Encodes the image as PNG bytes.
  ///
  /// Colour type follows `channels` (grey, grey+alpha, RGB, RGBA), bit depth follows the samples
  /// (8 or 16). No interlacing, libpng's adaptive row filters, zlib at
  /// `options.compressionLevel`. The image's `text` then `options.text` are written in order, as
  /// tEXt (Latin-1 values) or uncompressed iTXt (other values). No tIME chunk, so the same
  /// pixels and text always give the same bytes. O(pixels).
  public func encoded(options: PNGWriteOptions = .init()) throws(PNGIOError) -> [UInt8] {
    try encode(path: "<memory>", options: options)
  }

  /// Encodes the image and writes it to `path` atomically (a temporary file in the same folder,
  /// then a rename); a failure leaves no partial file and keeps any earlier file.
  public func write(to path: String, options: PNGWriteOptions = .init()) throws(PNGIOError) {
    let bytes = try encode(path: path, options: options)
    try FileIO.writeAtomically(bytes, to: path)
  }

  func encode(path: String, options: PNGWriteOptions) throws(PNGIOError) -> [UInt8] {
    try Self.checkWritable(width: width, height: height, path: path)
    // The encoder reads width · height · channels samples through a raw pointer: check first.
    let (area, o1) = width.multipliedReportingOverflow(by: height)
    let (expected, o2) = area.multipliedReportingOverflow(by: channels)
    guard !o1, !o2, expected == samples.count else {
      throw .invalidImage(
        path: path, reason: "\(width)×\(height)×\(channels) does not match \(samples.count) samples")
    }
    guard (0...9).contains(options.compressionLevel) else {
      throw .invalidImage(
        path: path, reason: "compression level must be 0…9, got \(options.compressionLevel)")
    }
    let allText = text + options.text
    var blob: [UInt8] = []
    var spans: [(key: Int, value: Int, length: Int, utf8: Bool)] = []
    for chunk in allText {
      let key = try Self.latin1Key(chunk.key, path: path)
      let (value, utf8) = try Self.textValue(chunk, path: path)
      let keyOffset = blob.count
      blob += key + [0]
      let valueOffset = blob.count
      blob += value + [0]
      spans.append((keyOffset, valueOffset, value.count, utf8))
    }
    let colorType: Int32 = [0, 4, 2, 6][channels - 1]
    let rowBytes = width * channels * bitDepth / 8
    var out = cpng_buffer()
    var message = [CChar](repeating: 0, count: 512)
    let status = blob.withUnsafeBufferPointer { blobBuffer -> Int32 in
      let entries = blobBuffer.withMemoryRebound(to: CChar.self) { chars in
        spans.map { span in
          cpng_text_entry(
            key: chars.baseAddress.map { $0 + span.key }, value: chars.baseAddress.map { $0 + span.value },
            value_length: span.length, is_utf8: span.utf8 ? 1 : 0)
        }
      }
      return entries.withUnsafeBufferPointer { entryBuffer in
        var params = cpng_write_params(
          width: UInt32(width), height: UInt32(height), color_type: colorType, bit_depth: Int32(bitDepth),
          compression_level: Int32(options.compressionLevel), text: entryBuffer.baseAddress,
          text_count: entryBuffer.count)
        switch samples {
        case .uint8(let values):
          return values.withUnsafeBytes {
            cpng_encode(&params, $0.baseAddress, rowBytes, &out, &message, 512)
          }
        case .uint16(let values):
          return values.withUnsafeBytes {
            cpng_encode(&params, $0.baseAddress, rowBytes, &out, &message, 512)
          }
        }
      }
    }
    defer { cpng_buffer_free(&out) }
    guard status == 0 else {
      let text = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
      throw .invalidImage(path: path, reason: "libpng: \(text)")
    }
    return [UInt8](UnsafeBufferPointer(start: out.data, count: out.size))
  }

  /// The Latin-1 bytes of a valid keyword: 1–79 printable characters, no leading, trailing or
  /// double spaces (PNG specification, section 11.3.4.2).
  static func latin1Key(_ key: String, path: String) throws(PNGIOError) -> [UInt8] {
    var bytes: [UInt8] = []
    for scalar in key.unicodeScalars {
      let v = scalar.value
      guard (32...126).contains(v) || (161...255).contains(v) else {
        throw .invalidText(path: path, key: key, reason: "keys may hold only printable Latin-1 characters")
      }
      bytes.append(UInt8(v))
    }
    guard (1...79).contains(bytes.count) else {
      throw .invalidText(path: path, key: key, reason: "keys must be 1 to 79 characters long")
    }
    guard bytes.first != 0x20, bytes.last != 0x20,
      !zip(bytes, bytes.dropFirst()).contains(where: { $0 == 0x20 && $1 == 0x20 })
    else {
      throw .invalidText(
        path: path, key: key, reason: "keys may not start or end with a space or hold two in a row")
    }
    return bytes
  }

  /// The value's bytes: Latin-1 (for tEXt) when every character fits, else UTF-8 (for iTXt).
  static func textValue(_ chunk: PNGTextChunk, path: String) throws(PNGIOError) -> ([UInt8], Bool) {
    let scalars = chunk.value.unicodeScalars
    guard !scalars.contains("\u{0}") else {
      throw .invalidText(path: path, key: chunk.key, reason: "values may not contain NUL characters")
    }
    if scalars.allSatisfy({ $0.value <= 0xFF }) { return (scalars.map { UInt8($0.value) }, false) }
    return (Array(chunk.value.utf8), true)
  }
}
