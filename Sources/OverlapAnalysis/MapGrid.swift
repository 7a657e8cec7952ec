import CheckerscopeCore

/// The values of a map as a plain grid, read back from the JSON `checkerscope overlap --format json`
/// prints (`OverlapMap.json`), for tools that show or compare a map without recomputing it
/// (`render MAP.json`, reports, baselines).
///
/// Layout: `values` row-major over `shape` (`[L]`, `[H, W]` or `[D, H, W]`, top-left first).
public struct MapGrid: Sendable, Equatable {
  /// The extent per axis.
  public var shape: [Int]
  /// The values, row-major.
  public var values: [Double]
  /// True when every value was written as a JSON integer (an overlap-count map).
  public var isIntegral: Bool

  /// Wraps values. Precondition: `values.count` is the product of `shape`.
  public init(shape: [Int], values: [Double], isIntegral: Bool) {
    precondition(shape.reduce(1, *) == values.count, "shape \(shape) does not hold \(values.count) values")
    self.shape = shape
    self.values = values
    self.isIntegral = isIntegral
  }

  /// The grid of a computed map.
  public init(_ map: OverlapMap) {
    self.init(shape: map.outputSize, values: map.values, isIntegral: map.isIntegral)
  }

  /// Reads `dims`, `outputSize` and `values` from a map's JSON object. `values` is a flat array of
  /// numbers in 1D, an array of equally long rows in 2D and an array of depth slices of rows in 3D,
  /// and must match `outputSize`.
  /// Errors (`OverlapError.invalidArgument`) say which member is missing or wrong.
  public init(json: JSONValue) throws(OverlapError) {
    guard let dims = json["dims"]?.intValue, (1...3).contains(dims) else {
      throw .invalidArgument("the map JSON needs \"dims\": 1, 2 or 3")
    }
    guard let sizes = json["outputSize"]?.arrayValue?.compactMap(\.intValue), sizes.count == dims,
      sizes.allSatisfy({ $0 >= 1 })
    else {
      throw .invalidArgument(
        "the map JSON needs \"outputSize\" with \(dims) positive integer\(dims == 1 ? "" : "s")")
    }
    guard let rows = json["values"]?.arrayValue else {
      throw .invalidArgument("the map JSON needs \"values\"")
    }
    var cells: [JSONValue] = []
    // Every array below the outermost level (rows in 2D, slices and rows in 3D) has its axis' extent.
    func flatten(_ elements: [JSONValue], axis: Int) throws(OverlapError) {
      if axis == dims - 1 {
        cells += elements
        return
      }
      for element in elements {
        guard let inner = element.arrayValue, inner.count == sizes[axis + 1] else {
          throw .invalidArgument(
            axis + 1 == dims - 1
              ? "every row of \"values\" must hold \(sizes[axis + 1]) numbers"
              : "every depth slice of \"values\" must hold \(sizes[axis + 1]) rows")
        }
        try flatten(inner, axis: axis + 1)
      }
    }
    try flatten(rows, axis: 0)
    guard cells.count == sizes.reduce(1, *) else {
      throw .invalidArgument(
        "\"values\" holds \(cells.count) numbers but \"outputSize\" \(sizes) needs \(sizes.reduce(1, *))")
    }
    var values: [Double] = []
    values.reserveCapacity(cells.count)
    var integral = true
    for cell in cells {
      guard let value = cell.doubleValue else { throw .invalidArgument("\"values\" must hold only numbers") }
      if case .double = cell { integral = false }
      values.append(value)
    }
    self.init(shape: sizes, values: values, isIntegral: integral)
  }
}
