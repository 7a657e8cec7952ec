/// The pixel back-end: a `Figure` drawn into an `RGBImage`.
extension Figure {
  /// The accepted scales (pixels per layout unit); `--scale`, or `--dpi` ÷ 96.
  public static let scaleRange: ClosedRange<Double> = 0.5...8

  /// The figure's size in pixels at `scale`: each side `round(side · scale)`.
  public func pixelSize(scale: Double) -> (width: Int, height: Int) {
    (Int((Double(width) * scale).rounded()), Int((Double(height) * scale).rounded()))
  }

  /// Draws every item at `scale`. Rectangles and cells snap to whole pixels (edges at
  /// `round(coordinate · scale)`, so neighbouring cells tile exactly); lines, polygons and text are
  /// antialiased by coverage (`CoverageMask`), text with the embedded DejaVu Sans.
  /// - Throws: `RenderingError.invalidScale` outside `scaleRange`, `.imageTooLarge` past
  ///   `Heatmap.pixelLimit`.
  public func raster(scale: Double = 1) throws(RenderingError) -> RGBImage {
    guard Figure.scaleRange.contains(scale) else { throw .invalidScale(scale, range: Figure.scaleRange) }
    let (w, h) = pixelSize(scale: scale)
    let pixels = w.multipliedReportingOverflow(by: h)
    guard !pixels.overflow, pixels.partialValue <= Heatmap.pixelLimit else {
      throw .imageTooLarge(width: w, height: h, limit: Heatmap.pixelLimit)
    }
    var image = RGBImage(width: w, height: h, background: background)
    func px(_ v: Int) -> Int { Int((Double(v) * scale).rounded()) }
    func fill(_ r: FigureRect, _ color: RGB) {
      let x0 = px(r.x)
      let y0 = px(r.y)
      image.fillRect(x: x0, y: y0, width: px(r.x + r.width) - x0, height: px(r.y + r.height) - y0, color)
    }
    for item in items {
      switch item {
      case .rect(let r, let color):
        fill(r, color)
      case .frame(let r, let color, let thickness):
        let t = max(1, Int((Double(thickness) * scale).rounded()))
        let x0 = px(r.x)
        let y0 = px(r.y)
        image.strokeRect(
          x: x0, y: y0, width: px(r.x + r.width) - x0, height: px(r.y + r.height) - y0, thickness: t, color)
      case .line(let a, let b, let color, let width):
        image.fillLine(
          a.x * scale, a.y * scale, b.x * scale, b.y * scale, width: max(width * scale, 1), color)
      case .polygon(let points, let color):
        image.fill(polygons: [points.map { ($0.x * scale, $0.y * scale) }], color)
      case .text(let text):
        image.draw(text, scale: scale)
      case .cells(let cells):
        for r in 0..<cells.rows {
          for c in 0..<cells.columns {
            fill(cells.rect(row: r, column: c), cells.colors[r * cells.columns + c])
          }
        }
      }
    }
    return image
  }
}

extension RGBImage {
  /// Blends `color` over the pixels the polygons cover, by coverage (non-zero winding); pixel
  /// coordinates, y down. Work is limited to the polygons' bounding box inside the image.
  public mutating func fill(polygons: [[(x: Double, y: Double)]], _ color: RGB) {
    var minX = Double.infinity
    var minY = Double.infinity
    var maxX = -Double.infinity
    var maxY = -Double.infinity
    for polygon in polygons {
      for p in polygon where p.x.isFinite && p.y.isFinite {
        minX = min(minX, p.x)
        minY = min(minY, p.y)
        maxX = max(maxX, p.x)
        maxY = max(maxY, p.y)
      }
    }
    guard minX <= maxX, minY <= maxY else { return }
    let x0 = max(Int(minX.rounded(.down)), 0)
    let y0 = max(Int(minY.rounded(.down)), 0)
    let x1 = min(Int(maxX.rounded(.up)), width)
    let y1 = min(Int(maxY.rounded(.up)), height)
    guard x0 < x1, y0 < y1 else { return }
    var mask = CoverageMask(width: x1 - x0, height: y1 - y0)
    for polygon in polygons {
      mask.addPolygon(polygon.map { ($0.x - Double(x0), $0.y - Double(y0)) })
    }
    blend(mask.coverage(), x: x0, y: y0, maskWidth: x1 - x0, color)
  }

  /// Mixes `color` into the pixels under a coverage mask placed at (x, y).
  mutating func blend(_ coverage: [Float], x: Int, y: Int, maskWidth: Int, _ color: RGB) {
    guard maskWidth > 0 else { return }
    let rows = coverage.count / maskWidth
    let ink = [Float(color.red), Float(color.green), Float(color.blue)]
    let width = self.width
    withPixels { pixels in
      for r in 0..<rows {
        for c in 0..<maskWidth {
          let a = coverage[r * maskWidth + c]
          guard a > 0 else { continue }
          let i = 3 * ((y + r) * width + x + c)
          for k in 0..<3 {
            let mixed = Float(pixels[i + k]) * (1 - a) + ink[k] * a
            pixels[i + k] = UInt8(min(max(mixed.rounded(), 0), 255))
          }
        }
      }
    }
  }

  /// An antialiased straight line `width` pixels wide with butt ends.
  public mutating func fillLine(
    _ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, width: Double, _ color: RGB
  ) {
    let dx = x1 - x0
    let dy = y1 - y0
    let length = (dx * dx + dy * dy).squareRoot()
    guard length > 0 else { return }
    let nx = -dy / length * width / 2
    let ny = dx / length * width / 2
    fill(polygons: [[(x0 + nx, y0 + ny), (x1 + nx, y1 + ny), (x1 - nx, y1 - ny), (x0 - nx, y0 - ny)]], color)
  }

  /// Draws text with the embedded font at `scale`.
  mutating func draw(_ text: FigureText, scale: Double) {
    guard let font = EmbeddedFont.font else { return }
    let size = text.size * scale
    let k = size / Double(font.unitsPerEm)
    let steps = size < 24 ? 4 : 8
    let advance = TextMetrics.width(of: text.text, size: size)
    var pen: Double
    switch text.anchor {
    case .start: pen = 0
    case .middle: pen = -advance / 2
    case .end: pen = -advance
    }
    let ox = text.x * scale
    let oy = text.y * scale
    var polygons: [[(x: Double, y: Double)]] = []
    for scalar in text.text.unicodeScalars {
      let glyph = font.glyph(for: scalar)
      if glyph < EmbeddedFont.outlines.count {
        for contour in EmbeddedFont.outlines[glyph] {
          let points = contour.flattened(steps: steps)
          polygons.append(
            points.map { p in
              let u = pen + p.x * k
              let v = p.y * k
              return text.upwards ? (ox - v, oy - u) : (ox + u, oy - v)
            })
        }
      }
      pen += Double(font.advance(of: glyph)) * k
    }
    fill(polygons: polygons, text.color)
  }
}
