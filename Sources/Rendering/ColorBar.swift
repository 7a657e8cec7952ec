import CheckerscopeCore

/// A vertical colour bar: the colormap from the domain's high end (top) to its low end (bottom),
/// tick marks with labels on its right, and an optional caption reading upwards.
public enum ColorBar {
  /// The bar's own width in pixels (without ticks and labels).
  public static let barWidth = 20
  static let tickLength = 5
  static let scale = Heatmap.textScale

  /// The tick values and decimals for a bar `height` pixels tall over `[low, high]`: about one
  /// tick per 50 pixels, between 2 and 8; with `integers`, no more ticks than whole numbers in the
  /// range, so integer counts get integer ticks.
  public static func ticks(low: Double, high: Double, height: Int, integers: Bool = false) -> (
    values: [Double], decimals: Int
  ) {
    var target = max(2, min(8, height / 50))
    if integers, high - low >= 1 { target = max(1, min(target, Int(high - low))) }
    return Ticks.nice(low: low, high: high, target: target)
  }

  /// The tick labels, formatted with the ticks' decimals.
  static func labels(low: Double, high: Double, height: Int, integers: Bool) -> [(
    value: Double, text: String
  )] {
    let t = ticks(low: low, high: high, height: height, integers: integers)
    return t.values.map { ($0, NumberFormat.fixed($0, t.decimals)) }
  }

  /// The total width drawn by `draw`: bar, ticks, labels and caption.
  public static func areaWidth(low: Double, high: Double, height: Int, label: String, integers: Bool = false)
    -> Int
  {
    let widest =
      labels(low: low, high: high, height: height, integers: integers).map {
        BitmapFont.width(of: $0.text, scale: scale)
      }
      .max() ?? 0
    return barWidth + tickLength + 4 + widest + (label.isEmpty ? 0 : 12 + 8 * scale)
  }

  /// Draws the bar with its top-left corner at (x, y). Pixel row `i` of the bar shows the value at
  /// `high − (i + ½)/height · (high − low)`; a tick at value `v` sits on row
  /// `round((high − v)/(high − low) · (height − 1))`.
  public static func draw(
    _ image: inout RGBImage, x: Int, y: Int, height: Int, colormap: Colormap, low: Double, high: Double,
    label: String, integers: Bool = false
  ) {
    for i in 0..<height {
      let t = 1 - (Double(i) + 0.5) / Double(height)
      image.fillRect(x: x, y: y + i, width: barWidth, height: 1, colormap.color(t))
    }
    image.strokeRect(x: x - 1, y: y - 1, width: barWidth + 2, height: height + 2, Heatmap.frameColor)
    var widest = 0
    for (value, text) in labels(low: low, high: high, height: height, integers: integers) {
      let row = y + Int(((high - value) / (high - low) * Double(height - 1)).rounded())
      image.fillRect(x: x + barWidth + 1, y: row, width: tickLength, height: 1, Heatmap.frameColor)
      let w = image.drawText(
        text, x: x + barWidth + tickLength + 4, y: row - 7 * scale / 2, scale: scale, color: Heatmap.textColor
      )
      widest = max(widest, w)
    }
    if !label.isEmpty {
      let length = BitmapFont.width(of: label, scale: scale)
      image.drawTextUpwards(
        label, x: x + barWidth + tickLength + 4 + widest + 12, y: y + (height - length) / 2, scale: scale,
        color: Heatmap.textColor)
    }
  }
}
