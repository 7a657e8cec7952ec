import Foundation

/// `Softmax` or `LogSoftmax` over contiguous rows of `length` floats, as lane loops.
///
/// Per row: the maximum m; s = Σ e^(x − m) with `VectorMath.exp`, the lanes' partial sums added
/// into a Double every `flush` groups; then `e^(x − m) · (1 / s)`, or `(x − m) − log s` for
/// `LogSoftmax`. A row's last partial group is padded with −∞ (e^−∞ = 0). Rows are spread over
/// every core, each computed by one task in one fixed order, so the result does not depend on the
/// thread count. `destination` may be `source`: a row is read before it is written.
struct SoftmaxRows: Sendable {
  typealias Lanes = VectorMath.Lanes

  let length: Int
  let log: Bool

  /// Groups of eight summed in float before their sum goes into the Double total.
  static let flush = 16

  /// Normalises the `count / length` rows of `source` into `destination`.
  func run(_ source: UnsafePointer<Float>, _ destination: UnsafeMutablePointer<Float>, count: Int) {
    guard length > 0 else { return }
    let buffers = LoopBuffers(destination, source, source)
    ParallelRows.forEach(rows: count / length, length: length) { rows in
      for row in rows {
        normalise(buffers.first + row * length, buffers.destination + row * length)
      }
    }
  }

  /// The eight floats at `x + i`, or fewer with the rest set to `fill`.
  @inline(__always)
  func group(_ x: UnsafePointer<Float>, _ i: Int, fill: Float) -> Lanes {
    if i + 8 <= length { return UnsafeRawPointer(x + i).loadUnaligned(as: Lanes.self) }
    var v = Lanes(repeating: fill)
    for lane in 0..<(length - i) { v[lane] = x[i + lane] }
    return v
  }

  /// Stores the first `min(8, length − i)` lanes of `v` at `y + i`.
  @inline(__always)
  func store(_ v: Lanes, _ y: UnsafeMutablePointer<Float>, _ i: Int) {
    if i + 8 <= length {
      UnsafeMutableRawPointer(y + i).storeBytes(of: v, as: Lanes.self)
    } else {
      for lane in 0..<(length - i) { y[i + lane] = v[lane] }
    }
  }

  /// One row.
  func normalise(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>) {
    var top = Lanes(repeating: -.infinity)
    var nan = SIMDMask<SIMD8<Int32>>()
    var i = 0
    while i < length {
      let v = group(x, i, fill: -.infinity)
      top = top.replacing(with: v, where: v .> top)
      nan .|= v .!= v
      i += 8
    }
    // A NaN anywhere makes the whole row NaN, as the reference's arithmetic does.
    let m = VectorMath.anyLane(nan) ? Float.nan : top.max()
    let shift = Lanes(repeating: m)
    var total = 0.0
    var partial = Lanes()
    var groups = 0
    i = 0
    while i < length {
      let e = VectorMath.exp(group(x, i, fill: -.infinity) - shift)
      if !log { store(e, y, i) }
      partial += e
      groups += 1
      if groups == Self.flush {
        total += Double(partial.sum())
        partial = Lanes()
        groups = 0
      }
      i += 8
    }
    total += Double(partial.sum())
    i = 0
    if log {
      let logTotal = Lanes(repeating: Float(Foundation.log(total)))
      while i < length {
        store((group(x, i, fill: 0) - shift) - logTotal, y, i)
        i += 8
      }
    } else {
      let scale = Lanes(repeating: Float(1 / total))
      while i < length {
        store(group(UnsafePointer(y), i, fill: 0) * scale, y, i)
        i += 8
      }
    }
  }
}
