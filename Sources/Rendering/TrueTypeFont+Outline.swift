/// One point of a glyph outline in font units, y up; `onCurve` false marks a quadratic control point.
public struct OutlinePoint: Sendable, Equatable {
  public var x: Double
  public var y: Double
  public var onCurve: Bool
}

extension TrueTypeFont {
  /// The contours of `glyph` in font units (composite glyphs resolved, their offsets and scales
  /// applied); empty for a glyph without outline.
  /// - Throws: `RenderingError.invalidFont` for a damaged outline, too many points or too deep nesting.
  public func contours(of glyph: Int) throws(RenderingError) -> [[OutlinePoint]] {
    var budget = TrueTypeFont.maximumPoints
    return try contours(of: glyph, depth: 0, budget: &budget)
  }

  func contours(of glyph: Int, depth: Int, budget: inout Int) throws(RenderingError) -> [[OutlinePoint]] {
    guard glyph >= 0, glyph < glyphCount else { throw .invalidFont(reason: "glyph \(glyph) does not exist") }
    guard depth <= TrueTypeFont.maximumCompositeDepth else {
      throw .invalidFont(reason: "composite glyphs nest deeper than \(TrueTypeFont.maximumCompositeDepth)")
    }
    let range = glyphRanges[glyph]
    guard !range.isEmpty else { return [] }
    let r = ByteReader(bytes: Array(bytes[range]))
    let contourCount = try r.i16(0)
    if contourCount >= 0 { return try simpleContours(r, count: contourCount, budget: &budget) }
    return try compositeContours(r, depth: depth, budget: &budget)
  }

  /// A simple glyph: end points, instructions (skipped), flags with repeats, then x and y deltas.
  func simpleContours(_ r: ByteReader, count: Int, budget: inout Int) throws(RenderingError)
    -> [[OutlinePoint]]
  {
    var ends: [Int] = []
    var previous = -1
    for i in 0..<count {
      let end = try r.u16(10 + 2 * i)
      guard end > previous else { throw .invalidFont(reason: "contour end points are out of order") }
      ends.append(end)
      previous = end
    }
    let pointCount = previous + 1
    budget -= pointCount
    guard budget >= 0 else {
      throw .invalidFont(reason: "a glyph has more than \(TrueTypeFont.maximumPoints) points")
    }
    var p = 10 + 2 * count
    p += 2 + (try r.u16(p))
    var flags: [Int] = []
    flags.reserveCapacity(pointCount)
    while flags.count < pointCount {
      let flag = try r.u8(p)
      p += 1
      var repeats = 0
      if flag & 8 != 0 {
        repeats = try r.u8(p)
        p += 1
      }
      for _ in 0...repeats where flags.count < pointCount { flags.append(flag) }
    }
    func coordinates(short: Int, same: Int) throws(RenderingError) -> [Double] {
      var values: [Double] = []
      values.reserveCapacity(pointCount)
      var v = 0
      for flag in flags {
        if flag & short != 0 {
          let d = try r.u8(p)
          p += 1
          v += flag & same != 0 ? d : -d
        } else if flag & same == 0 {
          v += try r.i16(p)
          p += 2
        }
        values.append(Double(v))
      }
      return values
    }
    let xs = try coordinates(short: 2, same: 16)
    let ys = try coordinates(short: 4, same: 32)
    var contours: [[OutlinePoint]] = []
    var start = 0
    for end in ends {
      contours.append((start...end).map { OutlinePoint(x: xs[$0], y: ys[$0], onCurve: flags[$0] & 1 != 0) })
      start = end + 1
    }
    return contours
  }

  /// A composite glyph: components placed by x/y offsets (point matching is read but not applied)
  /// and an optional scale, uniform, per axis or 2×2.
  func compositeContours(_ r: ByteReader, depth: Int, budget: inout Int) throws(RenderingError)
    -> [[OutlinePoint]]
  {
    var result: [[OutlinePoint]] = []
    var p = 10
    while true {
      let flags = try r.u16(p)
      let component = try r.u16(p + 2)
      p += 4
      var dx = 0.0
      var dy = 0.0
      if flags & 1 != 0 {
        dx = Double(try r.i16(p))
        dy = Double(try r.i16(p + 2))
        p += 4
      } else {
        let a = try r.u8(p)
        let b = try r.u8(p + 1)
        dx = Double(a >= 128 ? a - 256 : a)
        dy = Double(b >= 128 ? b - 256 : b)
        p += 2
      }
      if flags & 2 == 0 {
        dx = 0
        dy = 0
      }
      func f2dot14(_ offset: Int) throws(RenderingError) -> Double { Double(try r.i16(offset)) / 16384 }
      var (a, b, c, d) = (1.0, 0.0, 0.0, 1.0)
      if flags & 8 != 0 {
        a = try f2dot14(p)
        d = a
        p += 2
      } else if flags & 0x40 != 0 {
        a = try f2dot14(p)
        d = try f2dot14(p + 2)
        p += 4
      } else if flags & 0x80 != 0 {
        a = try f2dot14(p)
        b = try f2dot14(p + 2)
        c = try f2dot14(p + 4)
        d = try f2dot14(p + 6)
        p += 8
      }
      for contour in try contours(of: component, depth: depth + 1, budget: &budget) {
        result.append(
          contour.map {
            OutlinePoint(x: a * $0.x + c * $0.y + dx, y: b * $0.x + d * $0.y + dy, onCurve: $0.onCurve)
          })
      }
      if flags & 0x20 == 0 { break }
    }
    return result
  }
}

extension Array where Element == OutlinePoint {
  /// The closed contour as straight segments: on-curve points joined directly, each quadratic
  /// Bézier (with the implied on-curve midpoint between two control points) cut into
  /// `steps` pieces. The first point is repeated at the end.
  func flattened(steps: Int) -> [(x: Double, y: Double)] {
    guard let first = self.first else { return [] }
    let n = count
    // Start at an on-curve point, or at the midpoint of the first two control points.
    var startIndex = 0
    var start: (x: Double, y: Double)
    if first.onCurve {
      start = (first.x, first.y)
    } else if self[(1) % n].onCurve {
      startIndex = 1
      start = (self[1 % n].x, self[1 % n].y)
    } else {
      start = ((first.x + self[1 % n].x) / 2, (first.y + self[1 % n].y) / 2)
    }
    var out: [(x: Double, y: Double)] = [start]
    var pen = start
    var control: (x: Double, y: Double)?
    for k in 1...n {
      let point = self[(startIndex + k) % n]
      let here = (x: point.x, y: point.y)
      if point.onCurve {
        if let c = control {
          appendCurve(&out, from: pen, control: c, to: here, steps: steps)
        } else {
          out.append(here)
        }
        pen = here
        control = nil
      } else if let c = control {
        let middle = (x: (c.x + here.x) / 2, y: (c.y + here.y) / 2)
        appendCurve(&out, from: pen, control: c, to: middle, steps: steps)
        pen = middle
        control = here
      } else {
        control = here
      }
    }
    if let c = control { appendCurve(&out, from: pen, control: c, to: start, steps: steps) }
    if let last = out.last, last != start { out.append(start) }
    return out
  }

  private func appendCurve(
    _ out: inout [(x: Double, y: Double)], from p0: (x: Double, y: Double), control c: (x: Double, y: Double),
    to p1: (x: Double, y: Double), steps: Int
  ) {
    for i in 1...steps {
      let t = Double(i) / Double(steps)
      let u = 1 - t
      out.append(
        (u * u * p0.x + 2 * u * t * c.x + t * t * p1.x, u * u * p0.y + 2 * u * t * c.y + t * t * p1.y))
    }
  }
}
