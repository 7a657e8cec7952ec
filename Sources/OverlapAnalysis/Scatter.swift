import TransposedConv

/// The scatter-add kernels behind every map, on Float64 values (exact for integer counts below 2⁵³).
public enum Scatter {
  /// 1D transposed convolution of `input` with `weights` (nil: all ones, `kernel` taps):
  /// `out[i·s + j·d − pb] += input[i]·w[j]` for `0 ≤ o < outputLength`. O(n·k) with weights;
  /// O(n + outputLength) for all ones (`onesOneD`).
  public static func oneD(
    _ input: [Double], kernel: Int, weights: [Double]?, axis: AxisParameters, outputLength: Int
  ) -> [Double] {
    guard let weights else { return onesOneD(input, kernel: kernel, axis: axis, outputLength: outputLength) }
    var out = [Double](repeating: 0, count: outputLength)
    let s = axis.stride
    let d = axis.dilation
    let pb = axis.paddingBegin
    for (i, x) in input.enumerated() where x != 0 {
      let base = i * s - pb
      for j in 0..<kernel {
        let o = base + j * d
        if o < 0 || o >= outputLength { continue }
        out[o] += x * weights[j]
      }
    }
    return out
  }

  /// `oneD` for an all-ones kernel as a difference of prefix sums: input `i` adds `input[i]` to
  /// the arithmetic progression `base, base + d, …, base + (k − 1)·d` (`base = i·s − pb`), clipped
  /// to `0..<outputLength`; the progression is written as `+x` at its first position and `−x` one
  /// step past its last, and a running sum with step `d` restores the values. Exact for integer
  /// values below 2⁵³ (counts). O(n + outputLength), independent of the kernel size.
  static func onesOneD(_ input: [Double], kernel: Int, axis: AxisParameters, outputLength: Int) -> [Double] {
    var out = [Double](repeating: 0, count: outputLength)
    let s = axis.stride
    let d = axis.dilation
    let pb = axis.paddingBegin
    for (i, x) in input.enumerated() where x != 0 {
      // Positions base + j·d for j in 0..<kernel, kept when 0 ≤ o < outputLength. The parameters
      // were validated, so i·s fits (it is part of the full length); the steps below avoid
      // forming base + j·d beyond the map, so a huge dilation cannot overflow.
      let base = i * s - pb
      let first = base >= 0 ? 0 : (-base - 1) / d + 1
      let lastFit = outputLength - 1 - base
      guard lastFit >= 0 else { continue }
      let last = min(kernel - 1, lastFit / d)
      guard first <= last else { continue }
      out[base + first * d] += x
      // Cancel one step past the last tap when that position is still inside the map.
      if last < lastFit / d { out[base + (last + 1) * d] -= x }
    }
    if d < outputLength {
      for o in d..<outputLength { out[o] += out[o - d] }
    }
    return out
  }

  /// 2D transposed convolution of a row-major `inputShape` plane with a row-major `kernelShape`
  /// kernel (nil weights: all ones). O(H·W·kH·kW).
  static func twoD(
    _ input: [Double], inputShape: [Int], kernelShape: [Int], weights: [Double]?, axes: [AxisParameters],
    outputShape: [Int]
  ) -> [Double] {
    let (inH, inW) = (inputShape[0], inputShape[1])
    let (kH, kW) = (kernelShape[0], kernelShape[1])
    let (outH, outW) = (outputShape[0], outputShape[1])
    let w = weights ?? [Double](repeating: 1, count: kH * kW)
    var out = [Double](repeating: 0, count: outH * outW)
    for iy in 0..<inH {
      for ix in 0..<inW {
        let x = input[iy * inW + ix]
        if x == 0 { continue }
        for jy in 0..<kH {
          let oy = iy * axes[0].stride + jy * axes[0].dilation - axes[0].paddingBegin
          if oy < 0 || oy >= outH { continue }
          let row = oy * outW
          for jx in 0..<kW {
            let ox = ix * axes[1].stride + jx * axes[1].dilation - axes[1].paddingBegin
            if ox < 0 || ox >= outW { continue }
            out[row + ox] += x * w[jy * kW + jx]
          }
        }
      }
    }
    return out
  }

  /// The row-major outer product `a ⊗ b` (`out[y·b.count + x] = a[y]·b[x]`).
  static func outer(_ a: [Double], _ b: [Double]) -> [Double] {
    let width = b.count
    // Written once, without zero-filling first: the product is the map's biggest cost.
    return [Double](unsafeUninitializedCapacity: a.count * width) { buffer, initialized in
      b.withUnsafeBufferPointer { row in
        guard let base = buffer.baseAddress, let rowBase = row.baseAddress else { return }
        for (y, value) in a.enumerated() {
          let target = base + y * width
          for x in 0..<width { (target + x).initialize(to: value * rowBase[x]) }
        }
      }
      initialized = a.count * width
    }
  }
}
