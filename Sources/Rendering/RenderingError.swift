/// Why a picture could not be drawn.
public enum RenderingError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The grid has no cells.
  case emptyGrid(rows: Int, columns: Int)
  /// The value count does not match the grid's size.
  case valueCountMismatch(rows: Int, columns: Int, count: Int)
  /// The colour domain is empty, reversed or not finite.
  case invalidDomain(vmin: Double, vmax: Double)
  /// A fixed cell size outside the supported range.
  case invalidCellSize(Int, range: ClosedRange<Int>)
  /// The picture would exceed the pixel limit.
  case imageTooLarge(width: Int, height: Int, limit: Int)
  /// Marks were given for a different number of cells.
  case markCountMismatch(expected: Int, count: Int)
  /// A map's JSON does not have the shape `checkerscope overlap --format json` writes.
  case invalidMap(reason: String)
  /// A font's bytes are not a TrueType font this reader understands.
  case invalidFont(reason: String)
  /// A drawing scale outside the supported range.
  case invalidScale(Double, range: ClosedRange<Double>)
  /// A sweep's kernel × stride summary needs one kernel and one stride for all axes.
  case unevenGrid(configuration: String)

  public var description: String {
    switch self {
    case .emptyGrid(let rows, let columns):
      return "cannot draw an empty \(rows)×\(columns) grid; the map needs at least one cell"
    case .valueCountMismatch(let rows, let columns, let count):
      return "a \(rows)×\(columns) grid needs \(rows * columns) values but \(count) were given"
    case .invalidDomain(let vmin, let vmax):
      return
        "colour domain vmin \(vmin) … vmax \(vmax) is empty or reversed; choose vmin < vmax (both finite)"
    case .invalidCellSize(let size, let range):
      return
        "cell size \(size) is outside \(range.lowerBound)…\(range.upperBound) pixels; choose a size in that range"
    case .imageTooLarge(let width, let height, let limit):
      return
        "the picture would be \(width)×\(height) pixels, over the limit of \(limit) pixels; use a smaller cell size"
    case .markCountMismatch(let expected, let count):
      return "\(count) cell marks were given for \(expected) cells; give one mark per cell"
    case .invalidMap(let reason):
      return "not an overlap map: \(reason); write maps with 'checkerscope overlap --format json'"
    case .invalidFont(let reason):
      return "cannot read the font: \(reason); use a TrueType (glyf) font"
    case .invalidScale(let scale, let range):
      return
        "scale \(scale) is outside \(range.lowerBound)…\(range.upperBound); choose a scale (or dpi ÷ 96) in that range"
    case .unevenGrid(let configuration):
      return
        "--heatmap draws kernels × strides and needs the same kernel and stride on every axis; got \(configuration)"
    }
  }
}
