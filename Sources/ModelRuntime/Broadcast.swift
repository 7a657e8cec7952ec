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

  /// How the operands of a binary operator meet a result of `shape`, when a loop without index
  /// tables covers it; nil for any other broadcast (the generic `apply` then).
  static func layout(_ a: [Int], _ b: [Int], to shape: [Int]) -> Layout? {
    if a == shape && b == shape { return .same }
    if a == shape, b.reduce(1, *) == 1 { return .scalar(left: false) }
    if b == shape, a.reduce(1, *) == 1 { return .scalar(left: true) }
    if a == shape, let (outer, middle, inner) = block(b, in: shape) {
      return .block(outer: outer, middle: middle, inner: inner, smallIsLeft: false)
    }
    if b == shape, let (outer, middle, inner) = block(a, in: shape) {
      return .block(outer: outer, middle: middle, inner: inner, smallIsLeft: true)
    }
    return nil
  }

  /// A binary operator's operands against its result (see `layout`).
  enum Layout: Equatable, Sendable {
    /// Both operands have the result's shape.
    case same
    /// One operand (the left one when `left`) holds a single value; the other has the result's shape.
    case scalar(left: Bool)
    /// The small operand is a run of `middle` values repeated over `outer` leading and `inner`
    /// trailing positions (the result is `[outer, middle, inner]`, e.g. a per-channel `[C, 1, 1]`
    /// against `[N, C, H, W]`); the other operand has the result's shape.
    case block(outer: Int, middle: Int, inner: Int, smallIsLeft: Bool)
  }

  /// When `small`, padded to `shape`'s rank, matches `shape` on one run of axes and is 1 elsewhere
  /// (axes where `shape` is 1 do not break the run): the products of `shape` before, along and
  /// after that run.
  static func block(_ small: [Int], in shape: [Int]) -> (outer: Int, middle: Int, inner: Int)? {
    guard small.count <= shape.count else { return nil }
    let padded = [Int](repeating: 1, count: shape.count - small.count) + small
    var first: Int?
    var last = 0
    for axis in shape.indices where shape[axis] != 1 {
      if padded[axis] == shape[axis] {
        if first == nil {
          first = axis
        } else if !shape[(last + 1)..<axis].allSatisfy({ $0 == 1 }) {
          return nil
        }
        last = axis
      } else if padded[axis] != 1 {
        return nil
      }
    }
    guard let first else { return nil }
    return (
      shape[..<first].reduce(1, *), shape[first...last].reduce(1, *), shape[(last + 1)...].reduce(1, *)
    )
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
