import CKernels
import Foundation
import TransposedConv

/// `exp`, `expm1`, the logistic sigmoid and `tanh` on eight float lanes at once, for the activations
/// and `Softmax`.
///
/// eˣ = 2ⁿ · eʳ with n = round(x / ln 2) and |r| ≤ ln 2 / 2; eʳ − 1 is its Taylor series up to r⁷/7!
/// (the first term left out is below 2⁻²⁷ on that interval), and ln 2 is split into a part with 9
/// significant bits (so n · ln2High is exact for |n| ≤ 2⁸) and the rest, so r carries no rounding
/// beyond one subtraction. 2ⁿ is built in the exponent bits. The result is within one unit in the
/// last place of Foundation's `exp` over the lanes' range (tested against it). Lanes whose argument
/// lies outside [−87, 88] (where 2ⁿ leaves the normal floats), or is NaN, are computed by
/// Foundation's scalar function instead, lane by lane, so an element's result depends only on its
/// own value, never on its neighbours or on where a loop was split.
enum VectorMath {
  typealias Lanes = SIMD8<Float>

  /// The arguments the lane path takes for `exp` (inclusive); others go to Foundation.
  static let lowest: Float = -87
  static let highest: Float = 88

  static let log2e: Float = 1.44269504088896340736
  static let ln2High: Float = 0.693359375
  static let ln2Low: Float = -2.12194440054690582e-4
  /// 1.5 · 2²³: adding it rounds a float of magnitude below 2²² to an integer, kept in the low
  /// bits of the sum's significand.
  static let roundingShift: Float = 12_582_912

  /// eˣ − 1 for the reduced argument and the power of two: `eˣ = scale · (p + 1)` and
  /// `eˣ − 1 = scale · p + (scale − 1)`. Valid for lanes within [`lowest`, `highest`].
  @inline(__always)
  static func reduce(_ x: Lanes) -> (p: Lanes, scale: Lanes) {
    let shifted = x * log2e + roundingShift
    let n = shifted - roundingShift
    let r = (x - n * ln2High) - n * ln2Low
    var q = Lanes(repeating: 1.0 / 5040)
    q = q * r + 1.0 / 720
    q = q * r + 1.0 / 120
    q = q * r + 1.0 / 24
    q = q * r + 1.0 / 6
    q = q * r + 0.5
    let p = r + (r * r) * q
    // The low bits of `shifted` hold n + 2²² (as an unsigned offset); the exponent field wants n + 127.
    let bits = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000 &+ 127
    let scale = unsafeBitCast(bits &<< 23, to: Lanes.self)
    return (p, scale)
  }

  /// `x` with lanes below `lowest` or above `highest` moved to that bound (NaN stays NaN).
  @inline(__always)
  static func bounded(_ x: Lanes) -> Lanes {
    x.replacing(with: lowest, where: x .< lowest).replacing(with: highest, where: x .> highest)
  }

  /// Whether any lane of `mask` is set (a few integer operations; the standard library's `any`
  /// goes through a generic reduction here).
  @inline(__always)
  static func anyLane(_ mask: SIMDMask<SIMD8<Int32>>) -> Bool {
    let v = unsafeBitCast(mask, to: SIMD8<Int32>.self)
    let h = v.lowHalf | v.highHalf
    return (h[0] | h[1] | h[2] | h[3]) != 0
  }

  /// The lanes outside [`lowest`, `highest`], NaN included.
  @inline(__always)
  static func outside(_ x: Lanes) -> SIMDMask<SIMD8<Int32>> {
    .!((x .>= lowest) .& (x .<= highest))
  }

  /// eˣ lane by lane.
  @inline(__always)
  static func exp(_ x: Lanes) -> Lanes {
    let (p, scale) = reduce(bounded(x))
    var y = scale * (p + 1)
    let out = outside(x)
    if anyLane(out) {
      for lane in 0..<8 where out[lane] { y[lane] = Foundation.exp(x[lane]) }
    }
    return y
  }

  /// 1 / (1 + e⁻ˣ) lane by lane.
  @inline(__always)
  static func sigmoid(_ x: Lanes) -> Lanes {
    let m = -x
    let (p, scale) = reduce(bounded(m))
    var y = 1 / (1 + scale * (p + 1))
    let out = outside(m)
    if anyLane(out) {
      for lane in 0..<8 where out[lane] { y[lane] = 1 / (1 + Foundation.exp(m[lane])) }
    }
    return y
  }

  /// `sigmoid` of `count` floats from `source` into `destination` (which may be `source`): whole
  /// groups of 16 on the AVX-512 kernel when `kernels` is `.avx512` (`ckern_sigmoid_avx512`, this
  /// lane formula operation for operation, so the same bits), the rest in Swift lanes.
  static func sigmoid(
    _ source: UnsafePointer<Float>, _ destination: UnsafeMutablePointer<Float>, _ count: Int,
    kernels: KernelSet = .active
  ) {
    let done = kernels == .avx512 ? count / 16 * 16 : 0
    if done > 0 { ckern_sigmoid_avx512(source, destination, done) }
    map(source + done, destination + done, count - done) { sigmoid($0) }
  }

  /// tanh(x) lane by lane: sign(x) · t / (t + 2) with t = e^(2|x|) − 1 (no cancellation near 0);
  /// |x| ≥ 9 gives ±1, which is tanh rounded to float there.
  @inline(__always)
  static func tanh(_ x: Lanes) -> Lanes {
    let absolute = unsafeBitCast(unsafeBitCast(x, to: SIMD8<UInt32>.self) & 0x7FFF_FFFF, to: Lanes.self)
    let doubled = 2 * absolute
    let magnitude = doubled.replacing(with: 18, where: doubled .> 18)
    let (p, scale) = reduce(magnitude)
    let t = scale * p + (scale - 1)
    let positive = t / (t + 2)
    var y = positive.replacing(with: -positive, where: x .< 0)
    let nan = x .!= x
    if anyLane(nan) {
      for lane in 0..<8 where nan[lane] { y[lane] = x[lane] }
    }
    return y
  }

  /// Applies a lane function to `count` elements from `source` into `destination` (which may be
  /// `source` itself); the last partial group of lanes is padded with zeros and gets the same
  /// lane formula as the rest.
  @inline(__always)
  static func map(
    _ source: UnsafePointer<Float>, _ destination: UnsafeMutablePointer<Float>, _ count: Int,
    _ f: (Lanes) -> Lanes
  ) {
    var i = 0
    while i + 8 <= count {
      let v = UnsafeRawPointer(source + i).loadUnaligned(as: Lanes.self)
      UnsafeMutableRawPointer(destination + i).storeBytes(of: f(v), as: Lanes.self)
      i += 8
    }
    guard i < count else { return }
    var tail = Lanes()
    for lane in 0..<(count - i) { tail[lane] = source[i + lane] }
    let y = f(tail)
    for lane in 0..<(count - i) { destination[i + lane] = y[lane] }
  }
}
