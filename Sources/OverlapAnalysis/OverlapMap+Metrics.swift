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
  public static func periods(
    _ values: [Double], shape: [Int], block: [Range<Int>], cyclic: Bool, integral: Bool
  ) -> [Int] {
    let dims = shape.count
    // Treat 1D and 2D as 3D with leading axes of length 1, so every case indexes `(z·H + y)·W + x`.
    let lead = 3 - dims
    let shape3 = [Int](repeating: 1, count: lead) + shape
    let block3 = [Range<Int>](repeating: 0..<1, count: lead) + block
    let (height, width) = (shape3[1], shape3[2])
    return values.withUnsafeBufferPointer { v in
      (0..<dims).map { axis in
        let along = axis + lead
        let length = block3[along].count
        guard length >= 2 else { return 1 }
        candidate: for p in 1..<length {
          if cyclic, length % p != 0 { continue }
          let step = along == 2 ? 1 : along == 1 ? width : height * width
          for z in block3[0] {
            for y in block3[1] {
              for x in block3[2] {
                let coordinate = along == 2 ? x : along == 1 ? y : z
                var shift = p
                if coordinate + p >= block3[along].upperBound {
                  guard cyclic else { continue }
                  shift -= length
                }
                let flat = (z * height + y) * width + x
                let a = v[flat]
                let b = v[flat + shift * step]
                if a != b, integral || !OverlapMetrics.close(a, b) { continue candidate }
              }
            }
          }
          return p
        }
        return length
      }
    }
  }
}
