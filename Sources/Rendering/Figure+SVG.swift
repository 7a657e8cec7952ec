import CheckerscopeCore

/// The vector back-end: a `Figure` as SVG 1.1 text.
extension Figure {
  /// The figure as a standalone SVG document: `width`/`height` are the pixel size at `scale`
  /// and the `viewBox` is the layout, so every item keeps its layout coordinates. Text is real
  /// `<text>` in `EmbeddedFont.svgFamily`; cells are `<rect>`s (runs of equal colour along a row
  /// merged) drawn with `shape-rendering="crispEdges"`.
  ///
  /// `metadata` (key, value) pairs, such as the PNG's tEXt entries, go into a `<metadata>` element
  /// as `<entry key="…">value</entry>` lines.
  ///
  /// Deterministic: numbers are written with at most 3 decimals (`NumberFormat.trimmed`), no
  /// dates or absolute paths, so the same figure gives the same bytes.
  /// - Throws: `RenderingError.invalidScale` outside `scaleRange`.
  public func svg(scale: Double = 1, metadata: [(key: String, value: String)] = []) throws(RenderingError)
    -> String
  {
    guard Figure.scaleRange.contains(scale) else { throw .invalidScale(scale, range: Figure.scaleRange) }
    let size = pixelSize(scale: scale)
    var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    out += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"\(size.width)\" "
    out += "height=\"\(size.height)\" viewBox=\"0 0 \(width) \(height)\" "
    out += "font-family=\"\(EmbeddedFont.svgFamily)\">\n"
    if !metadata.isEmpty {
      out += "<metadata>\n"
      for (key, value) in metadata {
        out += "<entry key=\"\(Figure.escaped(key))\">\(Figure.escaped(value))</entry>\n"
      }
      out += "</metadata>\n"
    }
    out += "<rect width=\"\(width)\" height=\"\(height)\" fill=\"\(background)\"/>\n"
    for item in items {
      switch item {
      case .rect(let r, let color):
        out += "<rect \(Figure.attributes(r)) fill=\"\(color)\"/>\n"
      case .frame(let r, let color, let thickness):
        let t = Double(thickness)
        out += "<rect x=\"\(n(Double(r.x) + t / 2))\" y=\"\(n(Double(r.y) + t / 2))\" "
        out += "width=\"\(n(Double(r.width) - t))\" height=\"\(n(Double(r.height) - t))\" "
        out += "fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(thickness)\"/>\n"
      case .line(let a, let b, let color, let width):
        out += "<line x1=\"\(n(a.x))\" y1=\"\(n(a.y))\" x2=\"\(n(b.x))\" y2=\"\(n(b.y))\" "
        out += "stroke=\"\(color)\" stroke-width=\"\(n(width))\"/>\n"
      case .polygon(let points, let color):
        let list = points.map { "\(n($0.x)),\(n($0.y))" }.joined(separator: " ")
        out += "<polygon points=\"\(list)\" fill=\"\(color)\"/>\n"
      case .text(let t):
        out += "<text x=\"\(n(t.x))\" y=\"\(n(t.y))\" font-size=\"\(n(t.size))\" fill=\"\(t.color)\""
        if t.anchor != .start { out += " text-anchor=\"\(t.anchor.rawValue)\"" }
        if t.upwards { out += " transform=\"rotate(-90 \(n(t.x)) \(n(t.y)))\"" }
        out += ">\(Figure.escaped(t.text))</text>\n"
      case .cells(let cells):
        out += "<g shape-rendering=\"crispEdges\">\n"
        for r in 0..<cells.rows {
          var c = 0
          while c < cells.columns {
            let color = cells.colors[r * cells.columns + c]
            var end = c + 1
            while end < cells.columns, cells.colors[r * cells.columns + end] == color { end += 1 }
            var rect = cells.rect(row: r, column: c)
            rect.width = (end - c) * cells.cellWidth
            out += "<rect \(Figure.attributes(rect)) fill=\"\(color)\"/>\n"
            c = end
          }
        }
        out += "</g>\n"
      }
    }
    out += "</svg>\n"
    return out
  }

  private func n(_ value: Double) -> String { NumberFormat.trimmed(value, 3) }

  static func attributes(_ r: FigureRect) -> String {
    "x=\"\(r.x)\" y=\"\(r.y)\" width=\"\(r.width)\" height=\"\(r.height)\""
  }

  /// `text` with `&`, `<`, `>` and `"` escaped, and control characters (not allowed in XML 1.0)
  /// replaced by U+FFFD.
  static func escaped(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      default:
        if scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value) {
          out += "\u{FFFD}"
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out
  }
}
