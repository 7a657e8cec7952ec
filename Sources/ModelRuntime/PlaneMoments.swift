/// The mean and biased variance of a run of floats, and the affine map a normalisation applies, as
/// lane loops for `InstanceNormalization` and `GroupNormalization`.
///
/// The statistics read the run once: it is cut into blocks of `block` elements (the last one
/// shorter); each block's sum (about the mean of the blocks before it) and then its sum of squared
/// deviations from its own mean are taken in float lanes while it sits in the first-level cache, and the blocks are merged in order in
/// Double (the pairwise update of Chan, Golub and LeVeque: the merged mean and the squared
/// deviations about it, with the block's offset from the running mean). Every element is summed
/// over at most `block / 8` others in float, so the result is close to a Double accumulation; the
/// order is fixed by the run alone, so it is the same bytes whatever the thread count.
enum PlaneMoments {
  typealias Lanes = VectorMath.Lanes

  /// Elements per block (1 KiB).
  static let block = 256

  /// The mean and the biased variance (Σ(x − mean)² / count) of `count` floats at `x`; (0, 0) for
  /// an empty run.
  static func moments(_ x: UnsafePointer<Float>, _ count: Int) -> (mean: Double, variance: Double) {
    var n = 0.0
    var mean = 0.0
    var squares = 0.0
    var start = 0
    while start < count {
      let length = Swift.min(block, count - start)
      let p = x + start
      // Summed about the mean so far (the first element at first), so a large common offset does
      // not cost the float sum its precision.
      let pivot = n == 0 ? p[0] : Float(mean)
      let blockMean = Double(pivot) + Double(sum(p, length, about: pivot)) / Double(length)
      let centre = Float(blockMean)
      // Σ(x − c)² = Σ(x − m)² + length · (m − c)², m the block's exact mean.
      let offset = blockMean - Double(centre)
      let blockSquares = Double(squaredDeviations(p, length, centre)) - Double(length) * offset * offset
      let m = Double(length)
      let total = n + m
      let delta = blockMean - mean
      mean += delta * m / total
      squares += Swift.max(blockSquares, 0) + delta * delta * n * m / total
      n = total
      start += length
    }
    return count == 0 ? (0, 0) : (mean, squares / n)
  }

  /// Σ (x − pivot) over `count` ≤ `block` floats, in float lanes.
  @inline(__always)
  static func sum(_ x: UnsafePointer<Float>, _ count: Int, about pivot: Float) -> Float {
    var acc = Lanes()
    let c = Lanes(repeating: pivot)
    var i = 0
    while i + 8 <= count {
      acc += UnsafeRawPointer(x + i).loadUnaligned(as: Lanes.self) - c
      i += 8
    }
    var total = acc.sum()
    while i < count {
      total += x[i] - pivot
      i += 1
    }
    return total
  }

  /// Σ (x − centre)² over `count` ≤ `block` floats, in float lanes.
  @inline(__always)
  static func squaredDeviations(_ x: UnsafePointer<Float>, _ count: Int, _ centre: Float) -> Float {
    var acc = Lanes()
    let c = Lanes(repeating: centre)
    var i = 0
    while i + 8 <= count {
      let d = UnsafeRawPointer(x + i).loadUnaligned(as: Lanes.self) - c
      acc += d * d
      i += 8
    }
    var total = acc.sum()
    while i < count {
      let d = x[i] - centre
      total += d * d
      i += 1
    }
    return total
  }

  /// `destination[i] = ((source[i] − high) − low) · scale + shift` for `i < count`, `high + low` the
  /// mean split in two floats (`high` its rounding, `low` the rest), so an element near a large
  /// mean loses nothing in the subtraction; `destination` may be `source`.
  @inline(__always)
  static func normalise(
    _ source: UnsafePointer<Float>, _ destination: UnsafeMutablePointer<Float>, _ count: Int, mean: Double,
    scale: Float, shift: Float
  ) {
    let high = Float(mean)
    let low = Float(mean - Double(high))
    let (h, l, a, b) = (
      Lanes(repeating: high), Lanes(repeating: low), Lanes(repeating: scale), Lanes(repeating: shift)
    )
    var i = 0
    while i + 8 <= count {
      let v = UnsafeRawPointer(source + i).loadUnaligned(as: Lanes.self)
      UnsafeMutableRawPointer(destination + i).storeBytes(of: ((v - h) - l) * a + b, as: Lanes.self)
      i += 8
    }
    while i < count {
      destination[i] = ((source[i] - high) - low) * scale + shift
      i += 1
    }
  }
}
