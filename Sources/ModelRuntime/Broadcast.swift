/// NumPy broadcasting of two shapes.
enum Broadcast {
  /// The broadcast shape of `a` and `b` (aligned at the last axis; extents equal or 1), or nil.
  static func shape(_ a: [Int], _ b: [Int]) -> [Int]? {
    let rank = max(a.count, b.count)
    var result = [Int](repeating: 1, count: rank)
    for i in 0..<rank {
      let x = i < rank - a.count ? 1 : a[i - (rank - a.count)]
      let y = i < rank - b.count ? 1 : b[i - (rank - b.count)]
      guard x == y || x == 1 || y == 1 else { return nil }
      result[i] = x == 1 ? y : x
    }
    return result
  }

  /// For each element of `output` (row-major), the flat index into a tensor of `shape` broadcast to it.
  static func indices(of shape: [Int], in output: [Int]) -> [Int] {
    let rank = output.count
    let padded = [Int](repeating: 1, count: rank - shape.count) + shape
    var strides = [Int](repeating: 0, count: rank)
    var step = 1
    for axis in (0..<rank).reversed() {
      strides[axis] = padded[axis] == 1 ? 0 : step
      step *= padded[axis]
    }
    let total = output.reduce(1, *)
    var result = [Int](repeating: 0, count: total)
    var counter = [Int](repeating: 0, count: rank)
    var offset = 0
    for flat in 0..<total {
      result[flat] = offset
      var axis = rank - 1
      while axis >= 0 {
        counter[axis] += 1
        offset += strides[axis]
        if counter[axis] < output[axis] { break }
        offset -= strides[axis] * counter[axis]
        counter[axis] = 0
        axis -= 1
      }
    }
    return result
  }

  /// Applies `f` elementwise to `a` and `b` broadcast to `shape`; fast paths for equal shapes, a
  /// scalar operand, and a per-channel operand `(1, C, 1, …)` against `(N, C, …)`.
  static func apply<T>(
    _ a: [T], _ aShape: [Int], _ b: [T], _ bShape: [Int], to shape: [Int], _ f: (T, T) -> T
  )
    -> [T]
  {
    if aShape == bShape { return zip(a, b).map(f) }
    if b.count == 1, aShape == shape { return a.map { f($0, b[0]) } }
    if a.count == 1, bShape == shape { return b.map { f(a[0], $0) } }
    if aShape == shape, let (outer, inner) = channelwise(bShape, shape) {
      var out = a
      let channels = b.count
      var i = 0
      for _ in 0..<outer {
        for c in 0..<channels {
          let v = b[c]
          for _ in 0..<inner {
            out[i] = f(a[i], v)
            i += 1
          }
        }
      }
      return out
    }
    let ia = indices(of: aShape, in: shape)
    let ib = indices(of: bShape, in: shape)
    return (0..<ia.count).map { f(a[ia[$0]], b[ib[$0]]) }
  }

  /// When `small` broadcasts along one axis only (its other extents are 1), the number of outer
  /// repetitions and inner elements per value.
  static func channelwise(_ small: [Int], _ shape: [Int]) -> (Int, Int)? {
    let padded = [Int](repeating: 1, count: shape.count - small.count) + small
    let axes = padded.indices.filter { padded[$0] != 1 }
    guard axes.count == 1, let axis = axes.first, padded[axis] == shape[axis] else { return nil }
    return (shape[..<axis].reduce(1, *), shape[(axis + 1)...].reduce(1, *))
  }
}
