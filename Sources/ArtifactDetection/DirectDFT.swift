import Foundation

/// The 2D DFT of an image evaluated directly at chosen frequency bins, by separable sums.
///
/// `X(ky, kx) = Σ_y Σ_x v[y, x] · e^{−2πi (ky·y/H + kx·x/W)}` for integer bins (taken mod H and
/// mod W). First each requested column bin `kx` is summed along every row (O(H · W) per bin),
/// then each row bin along those row sums (O(H) per pair): O(H·W·|kx| + H·|ky|·|kx|) in all,
/// accumulated in `Double` with exact table twiddles `e^{−2πi m/N}`, `m = k·n mod N`.
///
/// This is all detection needs: a few lattice frequencies and their neighbourhoods, a few
/// hundred bins, with no FFT library. The full spectrum (every bin) costs O(H·W·(H + W)).
public enum DirectDFT {
  /// `|X(ky, kx)|²` for every pair, row-major: `result[i · columnBins.count + j]` belongs to
  /// `(rowBins[i], columnBins[j])`.
  public static func power(of image: GreyImage, rowBins: [Int], columnBins: [Int]) -> [Double] {
    let h = image.height
    let w = image.width
    let (cosW, sinW) = twiddles(w)
    let (cosH, sinH) = twiddles(h)
    // Row sums R[kx][y] = Σ_x v[y, x] e^{−2πi kx x / W}.
    var rowRe = [Double](repeating: 0, count: columnBins.count * h)
    var rowIm = [Double](repeating: 0, count: columnBins.count * h)
    image.pixels.withUnsafeBufferPointer { px in
      for (j, bin) in columnBins.enumerated() {
        let k = ((bin % w) + w) % w
        // The twiddle index sequence k·x mod W, built once per bin.
        var cs = [Double](repeating: 0, count: w)
        var sn = [Double](repeating: 0, count: w)
        var m = 0
        for x in 0..<w {
          cs[x] = cosW[m]
          sn[x] = sinW[m]
          m += k
          if m >= w { m -= w }
        }
        for y in 0..<h {
          var re = 0.0
          var im = 0.0
          let base = y * w
          for x in 0..<w {
            let v = Double(px[base + x])
            re += v * cs[x]
            im -= v * sn[x]
          }
          rowRe[j * h + y] = re
          rowIm[j * h + y] = im
        }
      }
    }
    var result = [Double](repeating: 0, count: rowBins.count * columnBins.count)
    for (i, bin) in rowBins.enumerated() {
      let k = ((bin % h) + h) % h
      for j in columnBins.indices {
        var re = 0.0
        var im = 0.0
        var m = 0
        let base = j * h
        for y in 0..<h {
          // (a + ib)(c − id) with c − id = e^{−2πi m/H}
          let a = rowRe[base + y]
          let b = rowIm[base + y]
          re += a * cosH[m] + b * sinH[m]
          im += b * cosH[m] - a * sinH[m]
          m += k
          if m >= h { m -= h }
        }
        result[i * columnBins.count + j] = re * re + im * im
      }
    }
    return result
  }

  /// `cos(2πm/n)` and `sin(2πm/n)` for `m = 0 ..< n`.
  static func twiddles(_ n: Int) -> ([Double], [Double]) {
    var c = [Double](repeating: 0, count: n)
    var s = [Double](repeating: 0, count: n)
    for m in 0..<n {
      let angle = 2 * Double.pi * Double(m) / Double(n)
      c[m] = cos(angle)
      s[m] = sin(angle)
    }
    return (c, s)
  }
}
