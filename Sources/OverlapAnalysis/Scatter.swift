import TransposedConv

/// The scatter-add kernels behind every map, on Float64 values (exact for integer counts below 2⁵³).
public enum Scatter {
  /// 1D transposed convolution of `input` with `weights` (nil: all ones, `kernel` taps):
  /// `out[i·s + j·d − pb] += input[i]·w[j]` for `0 ≤ o < outputLength`. O(n·k).
  public static func oneD(
    _ input: [Double], kernel: Int, weights: [Double]?, axis: AxisParameters, outputLength: Int
  ) -> [Double] {
    var out = [Double](repeating: 0, count: outputLength)
    let s = axis.stride
    let d = axis.dilation
    let pb = axis.paddingBegin
    for (i, x) in input.enumerated() where x != 0 {
      let base = i * s - pb
      for j in 0..<kernel {
        let o = base + j * d
        if o < 0 || o >= outputLength { continue }
        out[o] += x * (weights?[j] ?? 1)
      }
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
