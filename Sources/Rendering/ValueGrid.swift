/// A rows × columns grid of values to draw, row-major, top-left first.
///
/// Non-finite values are allowed and drawn as "undefined" (for example a max/min ratio with holes).
public struct ValueGrid: Sendable, Equatable {
  public let rows: Int
  public let columns: Int
  /// `rows · columns` values; `(r, c)` is at `r · columns + c`.
  public let values: [Double]

  /// A grid from row-major values. Throws `RenderingError.emptyGrid` for a zero size and
  /// `.valueCountMismatch` when `values.count != rows · columns`.
  public init(rows: Int, columns: Int, values: [Double]) throws(RenderingError) {
    guard rows > 0, columns > 0 else { throw RenderingError.emptyGrid(rows: rows, columns: columns) }
    guard rows.multipliedReportingOverflow(by: columns).partialValue == values.count,
      !rows.multipliedReportingOverflow(by: columns).overflow
    else {
      throw RenderingError.valueCountMismatch(rows: rows, columns: columns, count: values.count)
    }
    self.rows = rows
    self.columns = columns
    self.values = values
  }

  /// A one-row grid (a 1D map drawn as a strip).
  public init(row values: [Double]) throws(RenderingError) {
    try self.init(rows: 1, columns: values.count, values: values)
  }

  /// The value at row `r`, column `c`.
  public subscript(r: Int, c: Int) -> Double {
    values[r * columns + c]
  }

  /// The smallest and largest finite values, or nil when there are none.
  public var finiteRange: (min: Double, max: Double)? {
    var lo = Double.infinity
    var hi = -Double.infinity
    for v in values where v.isFinite {
      lo = min(lo, v)
      hi = max(hi, v)
    }
    return lo <= hi ? (lo, hi) : nil
  }
}
