/// `+`, `−`, `×`, `÷` on float32 buffers, eight lanes at a time, for the broadcast layouts that need
/// no index table (`Broadcast.Layout`); large results are split over every core (`ParallelRows`).
///
/// Lane and scalar arithmetic are the same IEEE operations, so a result does not depend on which
/// elements a loop took as lanes. The destination may be either operand's own buffer (the
/// interpreter hands over an operand at its last use): every loop reads an element before it
/// writes the same position.
enum Arithmetic: Sendable {
  case add, sub, mul, div

  typealias Lanes = VectorMath.Lanes

  /// `destination[i] = a[i·aStep] ∘ b[i·bStep]` for `i < count`; a step is 1 (a run of values) or
  /// 0 (one value for every position).
  func span(
    _ destination: UnsafeMutablePointer<Float>, _ a: UnsafePointer<Float>, _ aStep: Int,
    _ b: UnsafePointer<Float>, _ bStep: Int, _ count: Int
  ) {
    switch self {
    case .add: Self.loop(destination, a, aStep, b, bStep, count, { $0 + $1 }, { $0 + $1 })
    case .sub: Self.loop(destination, a, aStep, b, bStep, count, { $0 - $1 }, { $0 - $1 })
    case .mul: Self.loop(destination, a, aStep, b, bStep, count, { $0 * $1 }, { $0 * $1 })
    case .div: Self.loop(destination, a, aStep, b, bStep, count, { $0 / $1 }, { $0 / $1 })
    }
  }

  @inline(__always)
  static func loop(
    _ d: UnsafeMutablePointer<Float>, _ a: UnsafePointer<Float>, _ aStep: Int, _ b: UnsafePointer<Float>,
    _ bStep: Int, _ count: Int, _ lanes: (Lanes, Lanes) -> Lanes, _ scalar: (Float, Float) -> Float
  ) {
    let width = Lanes.scalarCount
    var i = 0
    if aStep == 0 {
      let s = Lanes(repeating: a[0])
      while i + width <= count {
        let y = lanes(s, UnsafeRawPointer(b + i).loadUnaligned(as: Lanes.self))
        UnsafeMutableRawPointer(d + i).storeBytes(of: y, as: Lanes.self)
        i += width
      }
      while i < count {
        d[i] = scalar(a[0], b[i])
        i += 1
      }
    } else if bStep == 0 {
      let s = Lanes(repeating: b[0])
      while i + width <= count {
        let y = lanes(UnsafeRawPointer(a + i).loadUnaligned(as: Lanes.self), s)
        UnsafeMutableRawPointer(d + i).storeBytes(of: y, as: Lanes.self)
        i += width
      }
      while i < count {
        d[i] = scalar(a[i], b[0])
        i += 1
      }
    } else {
      while i + width <= count {
        let y = lanes(
          UnsafeRawPointer(a + i).loadUnaligned(as: Lanes.self),
          UnsafeRawPointer(b + i).loadUnaligned(as: Lanes.self))
        UnsafeMutableRawPointer(d + i).storeBytes(of: y, as: Lanes.self)
        i += width
      }
      while i < count {
        d[i] = scalar(a[i], b[i])
        i += 1
      }
    }
  }

  /// `a ∘ b` broadcast as `layout` says into `destination` (`count` elements, the result's shape),
  /// on every core when large.
  func apply(
    _ layout: Broadcast.Layout, _ destination: UnsafeMutablePointer<Float>, _ a: UnsafePointer<Float>,
    _ b: UnsafePointer<Float>, count: Int
  ) {
    let buffers = LoopBuffers(destination, a, b)
    switch layout {
    case .same, .scalar:
      let (aStep, bStep) =
        layout == .scalar(left: true) ? (0, 1) : layout == .scalar(left: false) ? (1, 0) : (1, 1)
      ParallelRows.forEach(rows: count, length: 1) { rows in
        let (d, p, q) = (buffers.destination, buffers.first, buffers.second)
        span(
          d + rows.lowerBound, p + rows.lowerBound * aStep, aStep, q + rows.lowerBound * bStep, bStep,
          rows.count)
      }
    case .block(let outer, let middle, let inner, let smallIsLeft):
      if inner == 1 {
        // A run along the last axes: each of the `outer` rows meets the whole small operand.
        ParallelRows.forEach(rows: outer, length: middle) { rows in
          let (d, p, q) = (buffers.destination, buffers.first, buffers.second)
          for row in rows {
            let at = row * middle
            if smallIsLeft {
              span(d + at, p, 1, q + at, 1, middle)
            } else {
              span(d + at, p + at, 1, q, 1, middle)
            }
          }
        }
      } else {
        // One small value per row of `inner` elements (a per-channel scale or shift).
        ParallelRows.forEach(rows: outer * middle, length: inner) { rows in
          let (d, p, q) = (buffers.destination, buffers.first, buffers.second)
          for row in rows {
            let at = row * inner
            let k = row % middle
            if smallIsLeft {
              span(d + at, p + k, 0, q + at, 1, inner)
            } else {
              span(d + at, p + at, 1, q + k, 0, inner)
            }
          }
        }
      }
    }
  }
}
