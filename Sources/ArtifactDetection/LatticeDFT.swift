import Foundation

/// The 2D DFT of an image at the lattice bins of one period and their neighbours, by folding.
///
/// For sides `H`, `W` that are multiples of `s`, bin `(a·H/s + dy, b·W/s + dx)` factors as
/// `e^{−2πi b x/s} · e^{−2πi dx x/W}` along x (and likewise along y). So each row is first
/// demodulated by `e^{−2πi dx x/W}` and folded into `s` phase sums, for every offset `dx` —
/// O(H·W) per offset — and everything after that works on the folded sums
/// (O(H·s·(2r + 1)²) in all). Total O(H·W·(2r + 1)) instead of O(H·W·s·(2r + 1)) for
/// `DirectDFT` at the same bins; both agree to rounding (tested).
public enum LatticeDFT {
  /// `|X|²` at `(a·H/s + dy, b·W/s + dx)` for `a ∈ 0..<s`, `b ∈ 0...s/2` (the other half
  /// follows by conjugate symmetry for a real image) and `dy, dx ∈ −reach...reach`.
  /// Layout: `result[((a·span + dy + reach)·(s/2 + 1) + b)·span + dx + reach]`, `span = 2·reach + 1`.
  /// Precondition: both sides are multiples of `s`.
  public static func power(of image: GreyImage, period s: Int, reach: Int) -> [Double] {
    precondition(s >= 1 && image.height % s == 0 && image.width % s == 0, "sides must be multiples of \(s)")
    let h = image.height
    let w = image.width
    let span = 2 * reach + 1
    let columns = s / 2 + 1
    let (cosW, sinW) = DirectDFT.twiddles(w)
    let (cosH, sinH) = DirectDFT.twiddles(h)
    let (cosS, sinS) = DirectDFT.twiddles(s)
    // R[dx][b][y]: row transforms at column bin b·W/s + dx.
    var rowRe = [Double](repeating: 0, count: span * columns * h)
    var rowIm = [Double](repeating: 0, count: span * columns * h)
    var foldRe = [Double](repeating: 0, count: s)
    var foldIm = [Double](repeating: 0, count: s)
    var cs = [Double](repeating: 0, count: w)
    var sn = [Double](repeating: 0, count: w)
    image.pixels.withUnsafeBufferPointer { px in
      for (di, dx) in (-reach...reach).enumerated() {
        let k = ((dx % w) + w) % w
        var m = 0
        for x in 0..<w {
          cs[x] = cosW[m]
          sn[x] = sinW[m]
          m += k
          if m >= w { m -= w }
        }
        cs.withUnsafeBufferPointer { c in
          sn.withUnsafeBufferPointer { sv in
            foldRe.withUnsafeMutableBufferPointer { fr in
              foldIm.withUnsafeMutableBufferPointer { fi in
                for y in 0..<h {
                  for r in 0..<s {
                    fr[r] = 0
                    fi[r] = 0
                  }
                  let base = y * w
                  var r = 0
                  for x in 0..<w {
                    let v = Double(px[base + x])
                    fr[r] += v * c[x]
                    fi[r] -= v * sv[x]
                    r += 1
                    if r == s { r = 0 }
                  }
                  for b in 0..<columns {
                    var re = 0.0
                    var im = 0.0
                    for r in 0..<s {
                      let t = (b * r) % s
                      re += fr[r] * cosS[t] + fi[r] * sinS[t]
                      im += fi[r] * cosS[t] - fr[r] * sinS[t]
                    }
                    rowRe[(di * columns + b) * h + y] = re
                    rowIm[(di * columns + b) * h + y] = im
                  }
                }
              }
            }
          }
        }
      }
    }
    var result = [Double](repeating: 0, count: s * span * columns * span)
    for (di, _) in (-reach...reach).enumerated() {
      for b in 0..<columns {
        let base = (di * columns + b) * h
        for (ei, dy) in (-reach...reach).enumerated() {
          let k = ((dy % h) + h) % h
          for r in 0..<s {
            foldRe[r] = 0
            foldIm[r] = 0
          }
          var m = 0
          var r = 0
          for y in 0..<h {
            let a = rowRe[base + y]
            let bb = rowIm[base + y]
            foldRe[r] += a * cosH[m] + bb * sinH[m]
            foldIm[r] += bb * cosH[m] - a * sinH[m]
            m += k
            if m >= h { m -= h }
            r += 1
            if r == s { r = 0 }
          }
          for a in 0..<s {
            var re = 0.0
            var im = 0.0
            for r in 0..<s {
              let t = (a * r) % s
              re += foldRe[r] * cosS[t] + foldIm[r] * sinS[t]
              im += foldIm[r] * cosS[t] - foldRe[r] * sinS[t]
            }
            result[((a * span + ei) * columns + b) * span + di] = re * re + im * im
          }
        }
      }
    }
    return result
  }
}
