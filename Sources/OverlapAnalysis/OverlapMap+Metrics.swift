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
    // Treat 1D as a single row so both cases index `y·width + x`.
    let width = shape[dims - 1]
    let rows = dims == 2 ? block[0] : 0..<1
    let columns = block[dims - 1]
    return values.withUnsafeBufferPointer { v in
      (0..<dims).map { axis in
        let length = block[axis].count
        guard length >= 2 else { return 1 }
        let alongColumns = axis == dims - 1
        candidate: for p in 1..<length {
          if cyclic, length % p != 0 { continue }
          for y in rows {
            for x in columns {
              var (y2, x2) = alongColumns ? (y, x + p) : (y + p, x)
              if x2 >= columns.upperBound || y2 >= rows.upperBound {
                guard cyclic else { continue }
                if alongColumns { x2 -= length } else { y2 -= length }
              }
              let a = v[y * width + x]
              let b = v[y2 * width + x2]
              if a != b, integral || !OverlapMetrics.close(a, b) { continue candidate }
            }
          }
          return p
        }
        return length
      }
    }
  }
}
