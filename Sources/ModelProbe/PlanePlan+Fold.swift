/// The per-row reductions of a `PlanePlan`: column phase sums, sums of squares read off at crop
/// widths, and the sums the candidate step uses. Each is a fixed order of Double additions.
extension PlanePlan {
  /// `into[b] = Σ_j source[j·period + b]` for `b < period`, `j < count / period` (`count` a multiple
  /// of `period`). Periods 5, 6, 7 and 8 add two whole periods per step into register accumulators of
  /// exactly that many lanes (8 + 2, 8 + 4, 8 + 4 + 2, 8 + 8), whose lanes are then added by phase, and
  /// an odd last period one sample at a time; other periods (1–4, lattice tiles) are summed one period
  /// at a time. Reads only `source[0..<count]`. A fixed order, so deterministic.
  @inline(__always)
  static func foldColumns(
    _ source: UnsafePointer<Double>, count: Int, period: Int, into target: UnsafeMutablePointer<Double>
  ) {
    let periods = count / period
    let pairs = periods / 2
    let raw = UnsafeRawPointer(source)
    let pairBytes = 2 * period * MemoryLayout<Double>.stride
    switch period {
    case 8:
      var a = SIMD8<Double>()
      var b = SIMD8<Double>()
      for j in 0..<pairs {
        a += raw.loadUnaligned(fromByteOffset: j * pairBytes, as: SIMD8<Double>.self)
        b += raw.loadUnaligned(fromByteOffset: j * pairBytes + 64, as: SIMD8<Double>.self)
      }
      if periods > 2 * pairs {
        a += raw.loadUnaligned(fromByteOffset: pairs * pairBytes, as: SIMD8<Double>.self)
      }
      let s = a + b
      for c in 0..<8 { target[c] = s[c] }
      return
    case 7:
      // Lanes 0–13 of a pair: phases 0–6, 0–6.
      var a = SIMD8<Double>()
      var b = SIMD4<Double>()
      var d = SIMD2<Double>()
      for j in 0..<pairs {
        a += raw.loadUnaligned(fromByteOffset: j * pairBytes, as: SIMD8<Double>.self)
        b += raw.loadUnaligned(fromByteOffset: j * pairBytes + 64, as: SIMD4<Double>.self)
        d += raw.loadUnaligned(fromByteOffset: j * pairBytes + 96, as: SIMD2<Double>.self)
      }
      target[0] = a[0] + a[7]
      target[1] = a[1] + b[0]
      target[2] = a[2] + b[1]
      target[3] = a[3] + b[2]
      target[4] = a[4] + b[3]
      target[5] = a[5] + d[0]
      target[6] = a[6] + d[1]
    case 6:
      // Lanes 0–11 of a pair: phases 0–5, 0–5.
      var a = SIMD8<Double>()
      var b = SIMD4<Double>()
      for j in 0..<pairs {
        a += raw.loadUnaligned(fromByteOffset: j * pairBytes, as: SIMD8<Double>.self)
        b += raw.loadUnaligned(fromByteOffset: j * pairBytes + 64, as: SIMD4<Double>.self)
      }
      target[0] = a[0] + a[6]
      target[1] = a[1] + a[7]
      target[2] = a[2] + b[0]
      target[3] = a[3] + b[1]
      target[4] = a[4] + b[2]
      target[5] = a[5] + b[3]
    case 5:
      // Lanes 0–9 of a pair: phases 0–4, 0–4.
      var a = SIMD8<Double>()
      var d = SIMD2<Double>()
      for j in 0..<pairs {
        a += raw.loadUnaligned(fromByteOffset: j * pairBytes, as: SIMD8<Double>.self)
        d += raw.loadUnaligned(fromByteOffset: j * pairBytes + 64, as: SIMD2<Double>.self)
      }
      target[0] = a[0] + a[5]
      target[1] = a[1] + a[6]
      target[2] = a[2] + a[7]
      target[3] = a[3] + d[0]
      target[4] = a[4] + d[1]
    default:
      guard periods > 0 else {
        target.update(repeating: 0, count: period)
        return
      }
      for b in 0..<period { target[b] = source[b] }
      for j in 1..<periods {
        let row = source + j * period
        for b in 0..<period { target[b] += row[b] }
      }
      return
    }
    if periods > 2 * pairs {
      let last = source + 2 * pairs * period
      for b in 0..<period { target[b] += last[b] }
    }
  }

  /// Widens `source[0..<count]` into `row` and writes the sums of squares of `row[0..<cut]` for each of
  /// the ascending `cuts` into `squares`; returns the last (the whole row read). Eight lanes up to the
  /// first cut rounded down to a multiple of 8 (squared as they are widened), then one sample at a time.
  @inline(__always)
  static func widen(
    _ source: UnsafePointer<Float>, count: Int, into row: UnsafeMutablePointer<Double>, cuts: [Int],
    squares: UnsafeMutablePointer<Double>
  ) -> Double {
    let blocked = (cuts.first ?? 0) / 8 * 8
    var lanes = SIMD8<Double>()
    var x = 0
    while x < blocked {
      let v = SIMD8<Double>(UnsafeRawPointer(source + x).loadUnaligned(as: SIMD8<Float>.self))
      UnsafeMutableRawPointer(row + x).storeBytes(of: v, as: SIMD8<Double>.self)
      lanes += v * v
      x += 8
    }
    for rest in x..<count { row[rest] = Double(source[rest]) }
    var total = horizontalSum(lanes)
    for (index, cut) in cuts.enumerated() {
      while x < cut {
        total += row[x] * row[x]
        x += 1
      }
      squares[index] = total
    }
    return total
  }

  /// `Σ values[0..<count]` (`squared`: of their squares) in eight lanes, then the rest one at a time.
  @inline(__always)
  static func laneSum(_ values: UnsafePointer<Double>, count: Int, squared: Bool) -> Double {
    let raw = UnsafeRawPointer(values)
    let blocked = count / 8 * 8
    var lanes = SIMD8<Double>()
    var x = 0
    if squared {
      while x < blocked {
        let v = raw.loadUnaligned(fromByteOffset: x * 8, as: SIMD8<Double>.self)
        lanes += v * v
        x += 8
      }
    } else {
      while x < blocked {
        lanes += raw.loadUnaligned(fromByteOffset: x * 8, as: SIMD8<Double>.self)
        x += 8
      }
    }
    var total = horizontalSum(lanes)
    while x < count {
      total += squared ? values[x] * values[x] : values[x]
      x += 1
    }
    return total
  }
}
