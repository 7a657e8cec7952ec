/// A TrueType font read from its bytes: the `head`, `hhea`, `maxp`, `hmtx`, `cmap` (format 4),
/// `loca` and `glyf` tables — enough to measure and draw text. No hinting, no kerning.
///
/// Every offset and count read from the file is checked against the data before use, so a damaged
/// font gives `RenderingError.invalidFont` instead of a trap; the work per glyph is bounded
/// (`maximumPoints`, `maximumCompositeDepth`). The font shipped with the project goes through the
/// same checks.
public struct TrueTypeFont: Sendable {
  /// Font design units per em (2048 for DejaVu Sans).
  public let unitsPerEm: Int
  /// Ascender and descender from `hhea`, in font units (the descender is negative).
  public let ascender: Int
  public let descender: Int
  /// The number of glyphs (`maxp`).
  public let glyphCount: Int
  /// The most points one glyph, composites included, may have.
  public static let maximumPoints = 20_000
  /// The deepest nesting of composite glyphs followed.
  public static let maximumCompositeDepth = 8

  let bytes: [UInt8]
  let hmtxOffset: Int
  let metricCount: Int
  /// Absolute byte ranges of each glyph's outline in `bytes` (`glyphCount` entries).
  let glyphRanges: [Range<Int>]
  let characterMap: [UInt32: Int]

  /// Parses `bytes` as a TrueType font.
  /// - Throws: `RenderingError.invalidFont` naming the first table or field that is missing or out of range.
  public init(bytes: [UInt8]) throws(RenderingError) {
    let reader = ByteReader(bytes: bytes)
    let tables = try TrueTypeFont.tableDirectory(reader)
    func table(_ tag: String) throws(RenderingError) -> Range<Int> {
      guard let range = tables[tag] else { throw .invalidFont(reason: "the '\(tag)' table is missing") }
      return range
    }
    let head = try table("head")
    guard head.count >= 54 else { throw .invalidFont(reason: "the 'head' table is too short") }
    unitsPerEm = try reader.u16(head.lowerBound + 18)
    guard (16...16384).contains(unitsPerEm) else { throw .invalidFont(reason: "unitsPerEm is out of range") }
    let longOffsets = try reader.i16(head.lowerBound + 50) == 1
    let hhea = try table("hhea")
    guard hhea.count >= 36 else { throw .invalidFont(reason: "the 'hhea' table is too short") }
    ascender = try reader.i16(hhea.lowerBound + 4)
    descender = try reader.i16(hhea.lowerBound + 6)
    metricCount = try reader.u16(hhea.lowerBound + 34)
    let maxp = try table("maxp")
    guard maxp.count >= 6 else { throw .invalidFont(reason: "the 'maxp' table is too short") }
    glyphCount = try reader.u16(maxp.lowerBound + 4)
    guard glyphCount >= 1, metricCount >= 1, metricCount <= glyphCount else {
      throw .invalidFont(reason: "the glyph or metric count is out of range")
    }
    let hmtx = try table("hmtx")
    guard hmtx.count >= 4 * metricCount + 2 * (glyphCount - metricCount) else {
      throw .invalidFont(reason: "the 'hmtx' table is too short for \(glyphCount) glyphs")
    }
    hmtxOffset = hmtx.lowerBound
    let loca = try table("loca")
    let glyf = try table("glyf")
    var ranges: [Range<Int>] = []
    ranges.reserveCapacity(glyphCount)
    var previous = 0
    let entry = longOffsets ? 4 : 2
    guard loca.count >= entry * (glyphCount + 1) else {
      throw .invalidFont(reason: "the 'loca' table is too short for \(glyphCount) glyphs")
    }
    for g in 0...glyphCount {
      let position = loca.lowerBound + entry * g
      let offset = longOffsets ? try reader.u32(position) : 2 * (try reader.u16(position))
      guard offset >= previous, offset <= glyf.count else {
        throw .invalidFont(reason: "glyph \(g)'s 'loca' offset is out of order or outside 'glyf'")
      }
      if g > 0 { ranges.append((glyf.lowerBound + previous)..<(glyf.lowerBound + offset)) }
      previous = offset
    }
    glyphRanges = ranges
    characterMap = try TrueTypeFont.characterMap(reader, table: try table("cmap"), glyphCount: glyphCount)
    self.bytes = bytes
  }

  /// The glyph for `scalar`, or 0 (the font's "missing" glyph) when the font has none.
  public func glyph(for scalar: Unicode.Scalar) -> Int {
    characterMap[scalar.value] ?? 0
  }

  /// True when the font has a glyph for `scalar`.
  public func hasGlyph(for scalar: Unicode.Scalar) -> Bool {
    characterMap[scalar.value] != nil
  }

  /// The horizontal advance of `glyph` in font units (`hmtx`); glyphs past the metric count take
  /// the last advance.
  public func advance(of glyph: Int) -> Int {
    let g = min(max(glyph, 0), metricCount - 1)
    return (try? ByteReader(bytes: bytes).u16(hmtxOffset + 4 * g)) ?? 0
  }

  /// The glyph's bounding box from its `glyf` header (xMin, yMin, xMax, yMax) in font units, y up;
  /// nil for an empty glyph such as the space.
  public func boundingBox(of glyph: Int) -> (xMin: Int, yMin: Int, xMax: Int, yMax: Int)? {
    guard glyph >= 0, glyph < glyphCount else { return nil }
    let range = glyphRanges[glyph]
    guard range.count >= 10 else { return nil }
    let r = ByteReader(bytes: bytes)
    guard let x0 = try? r.i16(range.lowerBound + 2), let y0 = try? r.i16(range.lowerBound + 4),
      let x1 = try? r.i16(range.lowerBound + 6), let y1 = try? r.i16(range.lowerBound + 8)
    else { return nil }
    return (x0, y0, x1, y1)
  }

  /// The offset table: tag → byte range, each range inside the data.
  static func tableDirectory(_ reader: ByteReader) throws(RenderingError) -> [String: Range<Int>] {
    let count = try reader.u16(4)
    guard count <= 64 else { throw .invalidFont(reason: "\(count) tables is more than a font has") }
    var tables: [String: Range<Int>] = [:]
    for i in 0..<count {
      let entry = 12 + 16 * i
      var tagBytes: [UInt8] = []
      for k in 0..<4 { tagBytes.append(UInt8(try reader.u8(entry + k))) }
      let tag = String(decoding: tagBytes, as: UTF8.self)
      let offset = try reader.u32(entry + 8)
      let length = try reader.u32(entry + 12)
      guard offset <= reader.bytes.count, length <= reader.bytes.count - offset else {
        throw .invalidFont(reason: "the '\(tag)' table lies outside the file")
      }
      tables[tag] = offset..<(offset + length)
    }
    return tables
  }

  /// The Unicode BMP mapping of the first format-4 subtable (platform 3 encoding 1, or platform 0).
  static func characterMap(_ reader: ByteReader, table: Range<Int>, glyphCount: Int) throws(RenderingError)
    -> [UInt32: Int]
  {
    let base = table.lowerBound
    let count = try reader.u16(base + 2)
    var subtable: Int?
    for i in 0..<min(count, 64) {
      let platform = try reader.u16(base + 4 + 8 * i)
      let encoding = try reader.u16(base + 6 + 8 * i)
      let offset = try reader.u32(base + 8 + 8 * i)
      guard (platform == 3 && encoding == 1) || platform == 0, offset < table.count else { continue }
      if try reader.u16(base + offset) == 4 {
        subtable = base + offset
        break
      }
    }
    guard let s = subtable else { throw .invalidFont(reason: "no Unicode format-4 'cmap' subtable") }
    let segments = try reader.u16(s + 6) / 2
    let ends = s + 14
    let starts = ends + 2 * segments + 2
    let deltas = starts + 2 * segments
    let rangeOffsets = deltas + 2 * segments
    var map: [UInt32: Int] = [:]
    var budget = 0x20000
    for i in 0..<segments {
      let end = try reader.u16(ends + 2 * i)
      let start = try reader.u16(starts + 2 * i)
      let delta = try reader.u16(deltas + 2 * i)
      let rangeOffset = try reader.u16(rangeOffsets + 2 * i)
      guard start <= end, start != 0xFFFF else { continue }
      budget -= end - start + 1
      guard budget >= 0 else { throw .invalidFont(reason: "the 'cmap' segments map too many characters") }
      for c in start...end {
        var g: Int
        if rangeOffset == 0 {
          g = (c + delta) & 0xFFFF
        } else {
          g = try reader.u16(rangeOffsets + 2 * i + rangeOffset + 2 * (c - start))
          if g != 0 { g = (g + delta) & 0xFFFF }
        }
        if g != 0, g < glyphCount { map[UInt32(c)] = g }
      }
    }
    return map
  }
}

/// Big-endian reads that throw instead of reading past the end.
struct ByteReader {
  let bytes: [UInt8]

  func u8(_ offset: Int) throws(RenderingError) -> Int {
    guard offset >= 0, offset < bytes.count else { throw .invalidFont(reason: "a read runs past the end") }
    return Int(bytes[offset])
  }

  func u16(_ offset: Int) throws(RenderingError) -> Int {
    try u8(offset) << 8 | u8(offset + 1)
  }

  func i16(_ offset: Int) throws(RenderingError) -> Int {
    let v = try u16(offset)
    return v >= 0x8000 ? v - 0x10000 : v
  }

  func u32(_ offset: Int) throws(RenderingError) -> Int {
    try u16(offset) << 16 | u16(offset + 2)
  }
}
