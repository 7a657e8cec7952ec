import TransposedConv

extension Scatter {
  /// 3D transposed convolution of a row-major `inputShape` (`[D, H, W]`) volume with a row-major
  /// `kernelShape` kernel (nil weights: all ones):
  /// `out[z·s_d + j_d·d_d − pb_d, y·s_h + j_h·d_h − pb_h, x·s_w + j_w·d_w − pb_w] += in[z, y, x]·w[j]`
  /// for outputs inside `outputShape`. A plain direct loop (a gain map is a scatter of the kernel
  /// over the lattice); the caller bounds the sizes. O(D·H·W·kD·kH·kW).
  static func threeD(
    _ input: [Double], inputShape: [Int], kernelShape: [Int], weights: [Double]?, axes: [AxisParameters],
    outputShape: [Int]
  ) -> [Double] {
    let (inD, inH, inW) = (inputShape[0], inputShape[1], inputShape[2])
    let (kD, kH, kW) = (kernelShape[0], kernelShape[1], kernelShape[2])
    let (outD, outH, outW) = (outputShape[0], outputShape[1], outputShape[2])
    let w = weights ?? [Double](repeating: 1, count: kD * kH * kW)
    var out = [Double](repeating: 0, count: outD * outH * outW)
    // The output index of input `i` and tap `j` on `axis`, or nil outside the output.
    func target(_ i: Int, _ j: Int, _ axis: Int, _ length: Int) -> Int? {
      let o = i * axes[axis].stride + j * axes[axis].dilation - axes[axis].paddingBegin
      return o >= 0 && o < length ? o : nil
    }
    for iz in 0..<inD {
      for iy in 0..<inH {
        for ix in 0..<inW {
          let x = input[(iz * inH + iy) * inW + ix]
          if x == 0 { continue }
          for jz in 0..<kD {
            guard let oz = target(iz, jz, 0, outD) else { continue }
            for jy in 0..<kH {
              guard let oy = target(iy, jy, 1, outH) else { continue }
              let row = (oz * outH + oy) * outW
              let tapRow = (jz * kH + jy) * kW
              for jx in 0..<kW {
                guard let ox = target(ix, jx, 2, outW) else { continue }
                out[row + ox] += x * w[tapRow + jx]
              }
            }
          }
        }
      }
    }
    return out
  }

  /// The row-major outer product of one vector per axis (`a`, `a ⊗ b`, or `(a ⊗ b) ⊗ c`).
  /// Precondition: one to three vectors.
  public static func outer(_ vectors: [[Double]]) -> [Double] {
    precondition((1...3).contains(vectors.count), "outer products of 1 to 3 vectors")
    var result = vectors[0]
    for vector in vectors.dropFirst() { result = outer(result, vector) }
    return result
  }
}
