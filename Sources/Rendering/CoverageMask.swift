/// An antialiased scanline rasteriser for closed polygons: how much of each pixel of a
/// `width × height` window the polygons cover, in [0, 1], with the non-zero winding rule
/// (overlapping parts count once).
///
/// Each edge adds, for every pixel row it crosses, its signed height inside the row to an
/// accumulator: the part of a pixel to the right of the edge goes to that pixel, the rest to the
/// next one. A running sum along each row then gives the signed covered area per pixel, exact
/// for straight edges. Complexity: O(edge length in pixels + width · height).
public struct CoverageMask: Sendable {
  public let width: Int
  public let height: Int
  /// `(width + 2) · height` accumulators (two spare columns take carries past the right edge).
  var cells: [Float]

  /// An empty mask; requires non-negative sizes.
  public init(width: Int, height: Int) {
    precondition(width >= 0 && height >= 0, "mask sizes must be non-negative")
    self.width = width
    self.height = height
    cells = Array(repeating: 0, count: (width + 2) * height)
  }

  /// Adds the closed polygon through `points` (pixel coordinates, y down; the last point joins
  /// the first).
  public mutating func addPolygon(_ points: [(x: Double, y: Double)]) {
    guard points.count >= 2 else { return }
    for i in 0..<points.count {
      let a = points[i]
      let b = points[(i + 1) % points.count]
      addEdge(a.x, a.y, b.x, b.y)
    }
  }

  /// Adds one directed edge; downward edges count positive, upward negative.
  mutating func addEdge(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) {
    guard y0 != y1, x0.isFinite, y0.isFinite, x1.isFinite, y1.isFinite else { return }
    let sign: Double = y1 > y0 ? 1 : -1
    let (top, bottom) = y0 < y1 ? ((x0, y0), (x1, y1)) : ((x1, y1), (x0, y0))
    let slope = (bottom.0 - top.0) / (bottom.1 - top.1)
    let firstRow = max(Int(top.1.rounded(.down)), 0)
    let lastRow = min(Int(bottom.1.rounded(.up)), height)
    guard firstRow < lastRow else { return }
    let stride = width + 2
    for row in firstRow..<lastRow {
      let ya = max(Double(row), top.1)
      let yb = min(Double(row + 1), bottom.1)
      guard yb > ya else { continue }
      let xa = top.0 + (ya - top.1) * slope
      let xb = top.0 + (yb - top.1) * slope
      depositRow(base: row * stride, xa: xa, xb: xb, height: (yb - ya) * sign)
    }
  }

  /// Spreads a piece of edge inside one row (from x `xa` to `xb`, signed height `height`) over the
  /// pixel columns it crosses, cutting it at each whole x.
  mutating func depositRow(base: Int, xa: Double, xb: Double, height: Double) {
    let lo = min(xa, xb)
    let hi = max(xa, xb)
    let w = Double(width)
    if hi <= 0 {
      cells[base] += Float(height)
      return
    }
    if lo >= w { return }
    let span = hi - lo
    var x = lo
    while x < hi {
      let column = x.rounded(.down)
      let next = x < 0 ? min(0, hi) : min(column + 1, hi)
      // The share of the piece's height between x and next.
      let part = span > 0 ? height * (next - x) / span : height
      let mid = (x + next) / 2
      deposit(base: base, column: column, fraction: mid - column, height: part)
      x = next
      if column >= w { break }
    }
    if span == 0 {
      deposit(base: base, column: lo.rounded(.down), fraction: lo - lo.rounded(.down), height: height)
    }
  }

  /// A piece inside one pixel at horizontal position `fraction` (0…1): `1 − fraction` of it covers
  /// this pixel, the rest carries to the next.
  mutating func deposit(base: Int, column: Double, fraction: Double, height: Double) {
    if column < 0 {
      cells[base] += Float(height)
      return
    }
    guard column < Double(width) else { return }
    let c = Int(column)
    cells[base + c] += Float(height * (1 - fraction))
    cells[base + c + 1] += Float(height * fraction)
  }

  /// The coverage of every pixel, row-major, each `min(|running sum|, 1)`.
  public func coverage() -> [Float] {
    var out = Array(repeating: Float(0), count: width * height)
    let stride = width + 2
    for row in 0..<height {
      var sum: Float = 0
      for column in 0..<width {
        sum += cells[row * stride + column]
        out[row * width + column] = min(abs(sum), 1)
      }
    }
    return out
  }
}
