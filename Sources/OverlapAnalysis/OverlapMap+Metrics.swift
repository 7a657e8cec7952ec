extension OverlapMap {
  /// Metrics over every position of the finite map, borders included.
  ///
  /// `period` is measured on the interior block of the map (all axes' interior ranges; the whole
  /// map when the interior is empty): per axis, the smallest `p ≥ 1` with `v[x] = v[x + p]` for all
  /// positions `x`, `x + p` of that block (1 when the block is shorter than 2 on that axis).
  public var fullMetrics: OverlapMetrics {
    let block = interior.allSatisfy { !$0.isEmpty } ? interior : outputSize.map { 0..<$0 }
    return OverlapMetrics(
      values: values,
      period: Self.periods(values, shape: outputSize, block: block, cyclic: false, integral: isIntegral),
      integral: isIntegral)
  }

  /// Metrics over one period tile of the infinite-input pattern (`tile`), independent of the
  /// input size and the padding. `period` is the smallest cyclic period of the tile per axis (a
  /// divisor of the product of the strides; 1 on a uniform axis).
  public var interiorMetrics: OverlapMetrics {
    OverlapMetrics(
      values: tile.values,
      period: Self.periods(
        tile.values, shape: tile.shape, block: tile.shape.map { 0..<$0 }, cyclic: true, integral: isIntegral),
      integral: isIntegral)
  }

  /// The smallest shift per axis under which `values` (row-major over `shape`) repeat within
  /// `block`; with `cyclic`, shifts wrap around the block (and must divide its length).
  static func periods(_ values: [Double], shape: [Int], block: [Range<Int>], cyclic: Bool, integral: Bool)
    -> [Int]
  {
    let dims = shape.count
    let width = dims == 2 ? shape[1] : 1
    func value(_ y: Int, _ x: Int) -> Double { dims == 1 ? values[x] : values[y * width + x] }
    func equal(_ a: Double, _ b: Double) -> Bool { integral ? a == b : OverlapMetrics.close(a, b) }
    let rowsRange = dims == 2 ? block[0] : 0..<1
    let colsRange = block[dims - 1]
    return (0..<dims).map { axis in
      let along = block[axis]
      let length = along.count
      guard length >= 2 else { return 1 }
      let alongColumns = axis == dims - 1
      candidate: for p in 1..<length {
        if cyclic, length % p != 0 { continue }
        for y in rowsRange {
          for x in colsRange {
            var (y2, x2) = (y, x)
            if alongColumns { x2 += p } else { y2 += p }
            if alongColumns, x2 >= colsRange.upperBound {
              guard cyclic else { continue }
              x2 -= length
            }
            if !alongColumns, y2 >= rowsRange.upperBound {
              guard cyclic else { continue }
              y2 -= length
            }
            if !equal(value(y, x), value(y2, x2)) { continue candidate }
          }
        }
        return p
      }
      return length
    }
  }
}
