import CLibPNG

/// Drives the C decoder over bytes in memory: limits first, then libpng's header, then pixels.
///
/// Checks before any pixel memory is spent: the signature; the IHDR width and height against the
/// read limits (straight from the bytes, before libpng); `width × height` against `maxPixels`;
/// and `width × height × channels × bytes per sample` for overflow.
enum PNGDecoder {
  /// The eight bytes every PNG starts with.
  static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

  /// Decodes the header, and the pixels when `pixels` is true.
  static func decode(_ bytes: [UInt8], path: String, options: PNGReadOptions, pixels: Bool)
    throws(PNGIOError) -> (info: PNGInfo, image: PNGImage?)
  {
    try withReader(bytes, path: path, options: options) { reader throws(PNGIOError) in
      try decode(reader: reader, path: path, options: options, pixels: pixels)
    }
  }

  /// Decodes into one buffer: `prefix(info)`, then the samples (see `PNGImage.decodeSamples`).
  static func decodeSamples(
    _ bytes: [UInt8], path: String, options: PNGReadOptions, prefix: (PNGInfo) -> [UInt8]
  ) throws(PNGIOError) -> (info: PNGInfo, bytes: [UInt8]) {
    try withReader(bytes, path: path, options: options) { reader throws(PNGIOError) in
      let layout = try layout(reader: reader, path: path, options: options)
      let head = prefix(info(layout, reader: reader))
      let (total, overflow) = head.count.addingReportingOverflow(layout.sampleBytes)
      guard !overflow else {
        throw .tooLarge(
          path: path, width: layout.width, height: layout.height, limit: "what memory can address")
      }
      var failed = false
      let out = [UInt8](unsafeUninitializedCapacity: total) { buffer, initialized in
        guard let base = buffer.baseAddress else { return }
        head.withUnsafeBufferPointer { source in
          if let from = source.baseAddress { base.update(from: from, count: head.count) }
        }
        failed = cpng_reader_read_image(reader, base + head.count) != 0
        initialized = failed ? 0 : total
      }
      if failed { throw .corrupt(path: path, message: String(cString: cpng_reader_message(reader))) }
      return (info(layout, reader: reader), out)
    }
  }

  /// Checks the signature and the IHDR limits, then runs `body` with a C reader over `bytes`.
  static func withReader<T>(
    _ bytes: [UInt8], path: String, options: PNGReadOptions,
    _ body: (OpaquePointer) throws(PNGIOError) -> T
  ) throws(PNGIOError) -> T {
    precondition(
      options.maxWidth >= 1 && options.maxHeight >= 1 && options.maxPixels >= 1, "limits must be positive")
    precondition(
      options.maxChunkBytes >= 1 && options.maxChunkCount >= 1 && options.maxTextBytes >= 0,
      "limits must be positive")
    guard bytes.count >= 8, bytes[0..<8].elementsEqual(signature) else { throw .notPNG(path: path) }
    try checkIHDRLimits(bytes, path: path, options: options)
    let result = bytes.withUnsafeBufferPointer { buffer -> Result<T, PNGIOError> in
      guard let base = buffer.baseAddress, let reader = cpng_reader_create(base, buffer.count) else {
        return .failure(.io(path: path, reason: "out of memory creating the PNG reader"))
      }
      defer { cpng_reader_destroy(reader) }
      do throws(PNGIOError) {
        return .success(try body(reader))
      } catch {
        return .failure(error)
      }
    }
    return try result.get()
  }

  /// Refuses an IHDR whose size passes the limits, reading the fields straight from the bytes.
  static func checkIHDRLimits(_ bytes: [UInt8], path: String, options: PNGReadOptions) throws(PNGIOError) {
    guard bytes.count >= 24, bytes[12..<16].elementsEqual(Array("IHDR".utf8)) else { return }
    let width = bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }
    let height = bytes[20..<24].reduce(0) { $0 << 8 | Int($1) }
    try checkLimits(width: width, height: height, path: path, options: options)
  }

  static func checkLimits(width: Int, height: Int, path: String, options: PNGReadOptions) throws(PNGIOError) {
    if width > options.maxWidth {
      throw .tooLarge(path: path, width: width, height: height, limit: "\(options.maxWidth) pixels wide")
    }
    if height > options.maxHeight {
      throw .tooLarge(path: path, width: width, height: height, limit: "\(options.maxHeight) pixels high")
    }
    let (area, overflow) = width.multipliedReportingOverflow(by: height)
    if overflow || area > options.maxPixels {
      throw .tooLarge(path: path, width: width, height: height, limit: "\(options.maxPixels) pixels in all")
    }
  }

  /// What the header says, checked: the decoded layout and the sample count.
  struct Layout {
    var width: Int
    var height: Int
    var channels: Int
    var sampleBits: Int
    var sampleCount: Int
    var header: cpng_header
    var colorType: PNGColorType

    var sampleBytes: Int { sampleCount * sampleBits / 8 }
  }

  /// Reads the header with libpng and checks the decoded layout against the limits.
  static func layout(reader: OpaquePointer, path: String, options: PNGReadOptions) throws(PNGIOError)
    -> Layout
  {
    var cOptions = cpng_read_options(
      max_width: UInt32(clamping: options.maxWidth), max_height: UInt32(clamping: options.maxHeight),
      max_chunk_cache: UInt32(clamping: options.maxChunkCount),
      max_chunk_bytes: UInt64(options.maxChunkBytes), read_text: options.readText ? 1 : 0,
      max_text_bytes: UInt64(options.maxTextBytes), ignore_checksums: options.ignoreChecksums ? 1 : 0,
      expand_to_rgba: options.expandToRGBA ? 1 : 0)
    var header = cpng_header()
    guard cpng_reader_read_header(reader, &cOptions, &header) == 0 else {
      throw .corrupt(path: path, message: String(cString: cpng_reader_message(reader)))
    }
    let width = Int(header.width)
    let height = Int(header.height)
    try checkLimits(width: width, height: height, path: path, options: options)
    let channels = Int(header.channels)
    let sampleBits = Int(header.sample_bits)
    guard let colorType = PNGColorType(rawValue: Int(header.color_type)), (1...4).contains(channels),
      sampleBits == 8 || sampleBits == 16
    else {
      throw .corrupt(
        path: path, message: "unexpected decoded layout (\(channels) channels, \(sampleBits) bits)")
    }
    let (area, o1) = width.multipliedReportingOverflow(by: height)
    let (sampleCount, o2) = area.multipliedReportingOverflow(by: channels)
    let (rowBytes, o3) = (width * channels).multipliedReportingOverflow(by: sampleBits / 8)
    let (_, o4) = sampleCount.multipliedReportingOverflow(by: sampleBits / 8)
    guard !o1, !o2, !o3, !o4, rowBytes == header.row_bytes else {
      throw .tooLarge(path: path, width: width, height: height, limit: "what memory can address")
    }
    return Layout(
      width: width, height: height, channels: channels, sampleBits: sampleBits, sampleCount: sampleCount,
      header: header, colorType: colorType)
  }

  static func info(_ layout: Layout, reader: OpaquePointer, text: [PNGTextChunk]? = nil) -> PNGInfo {
    let warnings = String(cString: cpng_reader_warnings(reader)).split(separator: "\n").map(String.init)
    return PNGInfo(
      width: layout.width, height: layout.height, bitDepth: Int(layout.header.bit_depth),
      colorType: layout.colorType, interlaced: layout.header.interlace != 0,
      hasTransparencyChunk: layout.header.has_trns != 0, channels: layout.channels,
      decodedBitDepth: layout.sampleBits, text: text ?? textChunks(reader), warnings: warnings)
  }

  static func decode(reader: OpaquePointer, path: String, options: PNGReadOptions, pixels: Bool)
    throws(PNGIOError) -> (PNGInfo, PNGImage?)
  {
    let layout = try layout(reader: reader, path: path, options: options)
    let sampleCount = layout.sampleCount
    var image: PNGImage?
    if pixels {
      var failed = false
      let samples: PNGImage.Samples
      if layout.sampleBits == 8 {
        samples = .uint8(
          [UInt8](unsafeUninitializedCapacity: sampleCount) { buffer, initialized in
            failed = cpng_reader_read_image(reader, buffer.baseAddress) != 0
            initialized = failed ? 0 : sampleCount
          })
      } else {
        samples = .uint16(
          [UInt16](unsafeUninitializedCapacity: sampleCount) { buffer, initialized in
            failed = cpng_reader_read_image(reader, buffer.baseAddress) != 0
            initialized = failed ? 0 : sampleCount
          })
      }
      if failed { throw .corrupt(path: path, message: String(cString: cpng_reader_message(reader))) }
      image = PNGImage(
        width: layout.width, height: layout.height, channels: layout.channels, samples: samples,
        text: textChunks(reader))
    }
    return (info(layout, reader: reader, text: image?.text), image)
  }

  /// The text chunks read so far: tEXt and zTXt decoded as Latin-1, iTXt as UTF-8.
  static func textChunks(_ reader: OpaquePointer) -> [PNGTextChunk] {
    (0..<cpng_reader_text_count(reader)).map { index in
      var key: UnsafePointer<CChar>?
      var value: UnsafePointer<CChar>?
      var length = 0
      var utf8: Int32 = 0
      cpng_reader_text(reader, index, &key, &value, &length, &utf8)
      let keyText = key.map { latin1(UnsafeRawBufferPointer(start: $0, count: strlen($0))) } ?? ""
      let raw = UnsafeRawBufferPointer(start: value, count: value == nil ? 0 : length)
      let valueText = utf8 != 0 ? String(decoding: raw, as: UTF8.self) : latin1(raw)
      return PNGTextChunk(key: keyText, value: valueText)
    }
  }

  /// Latin-1 bytes as a string (each byte is the code point of the same value).
  static func latin1(_ bytes: UnsafeRawBufferPointer) -> String {
    if !bytes.contains(where: { $0 >= 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
    var utf8: [UInt8] = []
    utf8.reserveCapacity(bytes.count * 2)
    for byte in bytes {
      if byte < 0x80 {
        utf8.append(byte)
      } else {
        utf8.append(0xC0 | byte >> 6)
        utf8.append(0x80 | byte & 0x3F)
      }
    }
    return String(decoding: utf8, as: UTF8.self)
  }

  static func strlen(_ pointer: UnsafePointer<CChar>) -> Int {
    var n = 0
    while pointer[n] != 0 { n += 1 }
    return n
  }
}
