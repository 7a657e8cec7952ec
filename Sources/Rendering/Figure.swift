/// A picture described as shapes and text in layout units (pixels at scale 1, y down, origin at
/// the top-left), drawn by two back-ends: `raster(scale:)` (pixels, for PNG) and `svg(scale:)`
/// (vector text). Both read the same items, so the PNG and the SVG of a figure have the same
/// layout, colours and text.
public struct Figure: Sendable, Equatable {
  public let width: Int
  public let height: Int
  public var background: RGB
  /// The items in drawing order (later ones on top).
  public private(set) var items: [FigureItem] = []

  /// An empty `width × height` figure; requires non-negative sizes.
  public init(width: Int, height: Int, background: RGB = .white) {
    precondition(width >= 0 && height >= 0, "figure sizes must be non-negative")
    self.width = width
    self.height = height
    self.background = background
  }

  /// Adds an item on top of the others.
  public mutating func add(_ item: FigureItem) { items.append(item) }

  /// Fills the rectangle with top-left (x, y) and the given size.
  public mutating func fillRect(x: Int, y: Int, width w: Int, height h: Int, _ color: RGB) {
    guard w > 0, h > 0 else { return }
    items.append(.rect(FigureRect(x: x, y: y, width: w, height: h), fill: color))
  }

  /// The outline of a rectangle, `thickness` wide, inside the given bounds.
  public mutating func strokeRect(
    x: Int, y: Int, width w: Int, height h: Int, thickness: Int = 1, _ color: RGB
  ) {
    guard w > 0, h > 0 else { return }
    items.append(.frame(FigureRect(x: x, y: y, width: w, height: h), color: color, thickness: thickness))
  }

  /// A straight line `width` wide between two points (butt ends).
  public mutating func line(
    _ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, width: Double, _ color: RGB
  ) {
    items.append(.line(FigurePoint(x0, y0), FigurePoint(x1, y1), color: color, width: width))
  }

  /// A filled polygon (closed; non-zero winding).
  public mutating func polygon(_ points: [FigurePoint], _ color: RGB) {
    guard points.count >= 3 else { return }
    items.append(.polygon(points, fill: color))
  }

  /// Text with its baseline at `y`; `anchor` says whether `x` is its start, middle or end.
  /// `upwards` turns it 90° counter-clockwise (reading bottom to top) around (x, y).
  public mutating func text(
    _ text: String, x: Double, y: Double, size: Double, anchor: TextAnchor = .start, upwards: Bool = false,
    color: RGB
  ) {
    guard !text.isEmpty else { return }
    items.append(
      .text(FigureText(text: text, x: x, y: y, size: size, anchor: anchor, upwards: upwards, color: color)))
  }

  /// A block of `columns × rows` equal cells with top-left (x, y), row-major colours.
  public mutating func cells(_ cells: FigureCells) {
    items.append(.cells(cells))
  }
}

/// One thing drawn in a `Figure`.
public enum FigureItem: Sendable, Equatable {
  case rect(FigureRect, fill: RGB)
  /// A rectangle's outline drawn inside its bounds.
  case frame(FigureRect, color: RGB, thickness: Int)
  case line(FigurePoint, FigurePoint, color: RGB, width: Double)
  case polygon([FigurePoint], fill: RGB)
  case text(FigureText)
  case cells(FigureCells)
}

/// An axis-aligned rectangle on whole layout units.
public struct FigureRect: Sendable, Equatable {
  public var x: Int
  public var y: Int
  public var width: Int
  public var height: Int

  public init(x: Int, y: Int, width: Int, height: Int) {
    self.x = x
    self.y = y
    self.width = width
    self.height = height
  }
}

/// A point in layout units.
public struct FigurePoint: Sendable, Equatable {
  public var x: Double
  public var y: Double

  public init(_ x: Double, _ y: Double) {
    self.x = x
    self.y = y
  }
}

/// Where a text's `x` sits along it (SVG's `text-anchor`).
public enum TextAnchor: String, Sendable {
  case start, middle, end
}

/// A run of text on one baseline.
public struct FigureText: Sendable, Equatable {
  public var text: String
  public var x: Double
  /// The baseline.
  public var y: Double
  /// Pixels per em at scale 1.
  public var size: Double
  public var anchor: TextAnchor
  /// Turned 90° counter-clockwise around (x, y).
  public var upwards: Bool
  public var color: RGB
}

/// A grid of equal square-or-rectangular cells, the picture part of a heatmap.
public struct FigureCells: Sendable, Equatable {
  public var x: Int
  public var y: Int
  public var cellWidth: Int
  public var cellHeight: Int
  public var columns: Int
  public var rows: Int
  /// `rows · columns` colours, row-major, top-left first.
  public var colors: [RGB]

  public init(x: Int, y: Int, cellWidth: Int, cellHeight: Int, columns: Int, rows: Int, colors: [RGB]) {
    precondition(colors.count == rows * columns, "one colour per cell")
    self.x = x
    self.y = y
    self.cellWidth = cellWidth
    self.cellHeight = cellHeight
    self.columns = columns
    self.rows = rows
    self.colors = colors
  }

  /// The rectangle of cell (r, c).
  public func rect(row r: Int, column c: Int) -> FigureRect {
    FigureRect(x: x + c * cellWidth, y: y + r * cellHeight, width: cellWidth, height: cellHeight)
  }
}
