extension GreyImage {
  /// The image minus its local mean over a `window × window` box, on the valid region only.
  ///
  /// Output pixel `(y, x)`, for `0 ≤ y ≤ H − window` and `0 ≤ x ≤ W − window`, is
  /// `img[y + c, x + c] − mean(img[y ..< y + window, x ..< x + window])` with `c = window / 2`.
  /// No padding: the result is `(H − window + 1) × (W − window + 1)`, so no border rule leaks
  /// into the spectrum. When `window` is a multiple of a period `s`, the box mean of any
  /// `s`-periodic pattern is constant, so the high-pass keeps every lattice component `(a/s, b/s)`
  /// unchanged while removing the image's low-frequency content (the natural `1/f` spectrum).
  ///
  /// Uses a summed-area table in `Double`: O(H · W). Precondition: `1 ≤ window ≤ min(H, W)`.
  public func highPassed(window: Int) -> GreyImage {
    precondition(window >= 1 && window <= height && window <= width, "window \(window) does not fit")
    let stride = width + 1
    var table = [Double](repeating: 0, count: (height + 1) * stride)
    for y in 0..<height {
      var rowSum = 0.0
      for x in 0..<width {
        rowSum += Double(pixels[y * width + x])
        table[(y + 1) * stride + x + 1] = table[y * stride + x + 1] + rowSum
      }
    }
    let outH = height - window + 1
    let outW = width - window + 1
    let c = window / 2
    let area = Double(window * window)
    var out = [Float](repeating: 0, count: outH * outW)
    for y in 0..<outH {
      for x in 0..<outW {
        let sum =
          table[(y + window) * stride + x + window] - table[y * stride + x + window]
          - table[(y + window) * stride + x] + table[y * stride + x]
        out[y * outW + x] = Float(Double(pixels[(y + c) * width + x + c]) - sum / area)
      }
    }
    return GreyImage(width: outW, height: outH, pixels: out)
  }

  /// The box window used for period `s`: the smallest multiple of `s` that is at least 8
  /// (2 → 8, 3 → 9, 5 → 10, 6 → 12, 7 → 14, 8 → 8), so the box mean holds whole periods.
  public static func highPassWindow(period s: Int) -> Int {
    precondition(s >= 1)
    return (8 + s - 1) / s * s
  }
}

extension GreyImage {
  /// The image with the wrap-around jumps removed by linear ramps, first along y per column,
  /// then along x per row: `v′[y, x] = v[y, x] − J_x · (y/(H − 1) − ½)` with
  /// `J_x = v[H−1, x] − v[0, x]`, then the same across each row.
  ///
  /// The DFT treats the image as periodic; a jump between the last and the first row (or
  /// column) spreads power along the frequency axes (the spectral "cross"), which would hide
  /// stripe peaks `(a/s, 0)` and `(0, b/s)`. A ramp is not periodic, so lattice spikes stay.
  /// O(H · W). Sides of 1 are left as they are.
  public func removingWrapRamps() -> GreyImage {
    var v = pixels.map(Double.init)
    let h = height
    let w = width
    if h > 1 {
      for x in 0..<w {
        let jump = v[(h - 1) * w + x] - v[x]
        for y in 0..<h { v[y * w + x] -= jump * (Double(y) / Double(h - 1) - 0.5) }
      }
    }
    if w > 1 {
      for y in 0..<h {
        let jump = v[y * w + w - 1] - v[y * w]
        for x in 0..<w { v[y * w + x] -= jump * (Double(x) / Double(w - 1) - 0.5) }
      }
    }
    return GreyImage(width: w, height: h, pixels: v.map { Float($0) })
  }
}
