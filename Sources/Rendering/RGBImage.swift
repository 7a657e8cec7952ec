/// An 8-bit RGB raster: `width × height` pixels, row-major, top-left first, three bytes per pixel.
///
/// Drawing outside the image is clipped silently, so callers may draw shapes that overhang.
public struct RGBImage: Sendable, Equatable {
  public let width: Int
  public let height: Int
  /// `width · height · 3` bytes: red, green, blue of pixel (x, y) at `3·(y·width + x)`.
  public private(set) var pixels: [UInt8]

  /// A `width × height` image filled with `background`. Requires non-negative sizes.
  public init(width: Int, height: Int, background: RGB = .white) {
    precondition(width >= 0 && height >= 0, "image sizes must be non-negative")
    self.width = width
    self.height = height
    var row: [UInt8] = []
    row.reserveCapacity(width * 3)
    for _ in 0..<width { row.append(contentsOf: [background.red, background.green, background.blue]) }
    var all: [UInt8] = []
    all.reserveCapacity(width * height * 3)
    for _ in 0..<height { all.append(contentsOf: row) }
    pixels = all
  }

  /// The colour at (x, y); requires the point to be inside the image.
  public subscript(x: Int, y: Int) -> RGB {
    precondition(x >= 0 && x < width && y >= 0 && y < height, "pixel (\(x), \(y)) is outside the image")
    let i = 3 * (y * width + x)
    return RGB(pixels[i], pixels[i + 1], pixels[i + 2])
  }

  /// Sets one pixel; points outside the image are ignored.
  public mutating func set(_ x: Int, _ y: Int, _ color: RGB) {
    guard x >= 0, x < width, y >= 0, y < height else { return }
    let i = 3 * (y * width + x)
    pixels[i] = color.red
    pixels[i + 1] = color.green
    pixels[i + 2] = color.blue
  }

  /// Gives `body` the pixel bytes to change in place (same layout as `pixels`).
  mutating func withPixels(_ body: (inout [UInt8]) -> Void) {
    body(&pixels)
  }

  /// Fills the rectangle with top-left (x, y) and the given size, clipped to the image.
  /// Complexity: O(w · h).
  public mutating func fillRect(x: Int, y: Int, width w: Int, height h: Int, _ color: RGB) {
    let x0 = max(x, 0)
    let y0 = max(y, 0)
    let x1 = min(x + w, width)
    let y1 = min(y + h, height)
    guard x0 < x1, y0 < y1 else { return }
    for yy in y0..<y1 {
      var i = 3 * (yy * width + x0)
      for _ in x0..<x1 {
        pixels[i] = color.red
        pixels[i + 1] = color.green
        pixels[i + 2] = color.blue
        i += 3
      }
    }
  }

  /// Draws the outline of a rectangle `thickness` pixels wide, inside the given bounds.
  public mutating func strokeRect(
    x: Int, y: Int, width w: Int, height h: Int, thickness: Int = 1, _ color: RGB
  ) {
    fillRect(x: x, y: y, width: w, height: thickness, color)
    fillRect(x: x, y: y + h - thickness, width: w, height: thickness, color)
    fillRect(x: x, y: y, width: thickness, height: h, color)
    fillRect(x: x + w - thickness, y: y, width: thickness, height: h, color)
  }

  /// Draws a 1-pixel line from (x0, y0) to (x1, y1), both ends included (Bresenham's algorithm).
  public mutating func line(from x0: Int, _ y0: Int, to x1: Int, _ y1: Int, _ color: RGB) {
    var x = x0
    var y = y0
    let dx = abs(x1 - x0)
    let dy = -abs(y1 - y0)
    let sx = x0 < x1 ? 1 : -1
    let sy = y0 < y1 ? 1 : -1
    var err = dx + dy
    while true {
      set(x, y, color)
      if x == x1 && y == y1 { break }
      let e2 = 2 * err
      if e2 >= dy {
        err += dy
        x += sx
      }
      if e2 <= dx {
        err += dx
        y += sy
      }
    }
  }
}
