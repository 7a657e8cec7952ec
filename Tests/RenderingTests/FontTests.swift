import CheckerscopeCore
import Foundation
import OverlapAnalysis
import TestSupport
import Testing

@testable import Rendering

/// The embedded font and its reader, against fontTools' reading of the same file
/// (`Fixtures/reference/font-metrics.json`, written by `Scripts/embed_font.py`).
@Suite("TrueType font")
struct FontTests {
  static func reference() throws -> JSONValue {
    let text = try String(contentsOf: FixturePaths.url("reference/font-metrics.json"), encoding: .utf8)
    return try JSONValue(parsing: text)
  }

  static func font() throws -> TrueTypeFont { try #require(EmbeddedFont.font) }

  @Test("the embedded bytes are the committed TTF (Scripts/embed_font.py was run)")
  func embeddedIsCommitted() throws {
    let committed = try Data(
      contentsOf: FixturePaths.repositoryRoot.appendingPathComponent("Fonts/DejaVuSans-checkerscope.ttf"))
    #expect(EmbeddedFont.bytes == [UInt8](committed))
  }

  @Test("the font's header values match fontTools")
  func header() throws {
    let font = try Self.font()
    let ref = try Self.reference()
    #expect(font.unitsPerEm == ref["unitsPerEm"]?.intValue)
    #expect(font.ascender == ref["ascender"]?.intValue)
    #expect(font.descender == ref["descender"]?.intValue)
    #expect(font.glyphCount == ref["glyphCount"]?.intValue)
  }

  @Test("glyph ids, advances, point counts and bounding boxes match fontTools")
  func glyphs() throws {
    let font = try Self.font()
    for entry in try #require(try Self.reference()["glyphs"]?.arrayValue) {
      let character = try #require(entry["character"]?.stringValue?.unicodeScalars.first)
      let glyph = font.glyph(for: character)
      #expect(glyph == entry["glyph"]?.intValue, "glyph of \(character)")
      #expect(font.advance(of: glyph) == entry["advance"]?.intValue, "advance of \(character)")
      let contours = try font.contours(of: glyph)
      #expect(contours.count == entry["contours"]?.intValue, "contours of \(character)")
      #expect(contours.map(\.count).reduce(0, +) == entry["points"]?.intValue, "points of \(character)")
      // The outline's extreme points are the glyph's own bounding box (the glyf header).
      let xs = contours.flatMap { $0.map(\.x) }
      let ys = contours.flatMap { $0.map(\.y) }
      #expect(xs.min() == entry["xMin"]?.doubleValue, "xMin of \(character)")
      #expect(xs.max() == entry["xMax"]?.doubleValue, "xMax of \(character)")
      #expect(ys.min() == entry["yMin"]?.doubleValue, "yMin of \(character)")
      #expect(ys.max() == entry["yMax"]?.doubleValue, "yMax of \(character)")
      if entry["composite"]?.boolValue == false, let box = font.boundingBox(of: glyph) {
        #expect(Double(box.xMin) == xs.min() && Double(box.yMax) == ys.max())
      }
    }
  }

  @Test("every character the figures use has a glyph")
  func coverage() throws {
    let font = try Self.font()
    let used = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ .,:;=/×·−-+()[]%<>≤≥∞—…|'\"#*"
    for scalar in used.unicodeScalars { #expect(font.hasGlyph(for: scalar), "no glyph for \(scalar)") }
  }

  /// The area inside an outline by the shoelace formula, on a finely flattened outline.
  static func area(_ contours: [[OutlinePoint]]) -> Double {
    var total = 0.0
    for contour in contours {
      let p = contour.flattened(steps: 64)
      for i in 0..<(p.count - 1) { total += p[i].x * p[i + 1].y - p[i + 1].x * p[i].y }
    }
    return abs(total) / 2
  }

  @Test("rasterised coverage sums to the glyph's area", arguments: ["H", "O", "g", "é"])
  func coverageSum(_ character: String) throws {
    let font = try Self.font()
    let glyph = font.glyph(for: try #require(character.unicodeScalars.first))
    let contours = try font.contours(of: glyph)
    let size = 64.0
    let k = size / Double(font.unitsPerEm)
    var mask = CoverageMask(width: 80, height: 80)
    for contour in contours {
      mask.addPolygon(contour.flattened(steps: 8).map { (8 + $0.x * k, 64 - $0.y * k) })
    }
    let covered = mask.coverage().reduce(0) { $0 + Double($1) }
    let expected = Self.area(contours) * k * k
    #expect(abs(covered - expected) / expected < 0.01, "\(covered) vs \(expected)")
  }

  @Test("damaged fonts are refused, never trap")
  func hostile() throws {
    let bytes = EmbeddedFont.bytes
    #expect(throws: RenderingError.self) { try TrueTypeFont(bytes: []) }
    #expect(throws: RenderingError.self) { try TrueTypeFont(bytes: Array(bytes.prefix(100))) }
    #expect(throws: RenderingError.self) { try TrueTypeFont(bytes: Array(bytes.prefix(bytes.count / 2))) }
    var random = SplitMix64(seed: 15)
    for _ in 0..<200 {
      var damaged = bytes
      for _ in 0..<8 {
        let i = Int(random.next() % UInt64(damaged.count))
        damaged[i] = UInt8(truncatingIfNeeded: random.next())
      }
      // Either refused or read; reading every glyph must stay bounded and not trap.
      if let font = try? TrueTypeFont(bytes: damaged) {
        for g in 0..<font.glyphCount { _ = try? font.contours(of: g) }
      }
    }
  }
}

@Suite("Coverage rasteriser")
struct CoverageMaskTests {
  /// The area of the axis-aligned rectangle's overlap with pixel (x, y).
  static func overlap(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, pixel x: Int, _ y: Int)
    -> Double
  {
    let w = max(0, min(x1, Double(x + 1)) - max(x0, Double(x)))
    let h = max(0, min(y1, Double(y + 1)) - max(y0, Double(y)))
    return w * h
  }

  @Test("a rectangle with fractional edges covers each pixel by its overlap")
  func rectangle() {
    let (x0, y0, x1, y1) = (1.25, 0.5, 6.75, 3.3)
    var mask = CoverageMask(width: 8, height: 5)
    mask.addPolygon([(x0, y0), (x1, y0), (x1, y1), (x0, y1)])
    let coverage = mask.coverage()
    for y in 0..<5 {
      for x in 0..<8 {
        let expected = Self.overlap(x0, y0, x1, y1, pixel: x, y)
        #expect(abs(Double(coverage[y * 8 + x]) - expected) < 1e-5, "pixel (\(x), \(y))")
      }
    }
  }

  @Test("a triangle's coverage sums to its area, either winding")
  func triangle() {
    let forward: [(x: Double, y: Double)] = [(0.5, 0.5), (9.5, 2.0), (3.0, 7.5)]
    for points in [forward, forward.reversed()] {
      var mask = CoverageMask(width: 10, height: 8)
      mask.addPolygon(points)
      let sum = mask.coverage().reduce(0) { $0 + Double($1) }
      let ab = (x: 9.5 - 0.5, y: 2.0 - 0.5)
      let ac = (x: 3.0 - 0.5, y: 7.5 - 0.5)
      let area = abs(ab.x * ac.y - ac.x * ab.y) / 2
      #expect(abs(sum - area) < 1e-4)
    }
  }

  @Test("overlapping shapes count once, shapes outside the window are clipped")
  func overlapAndClip() {
    var mask = CoverageMask(width: 4, height: 4)
    mask.addPolygon([(0, 0), (3, 0), (3, 3), (0, 3)])
    mask.addPolygon([(1, 1), (4, 1), (4, 4), (1, 4)])
    mask.addPolygon([(-10, -10), (-5, -10), (-5, 20)])
    mask.addPolygon([(2, -3), (6, -3), (6, 9), (2, 9)])
    let c = mask.coverage()
    #expect(c.allSatisfy { $0 >= 0 && $0 <= 1 })
    #expect(c[0] == 1 && c[3] == 1 && c[12] == 0 && c[15] == 1)
  }
}
