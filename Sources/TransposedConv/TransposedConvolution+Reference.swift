/// Transposed convolution ("deconvolution") in PyTorch's semantics.
public enum TransposedConvolution {}

extension TransposedConvolution {
  /// The plain reference implementation: follows the scatter rule literally, accumulating in
  /// Float64 and rounding once.
  ///
  /// For every batch `n`, group `g`, input channel `ci` of that group, output channel `co` of that
  /// group, input position `i` and kernel tap `j` (per axis), it adds `x[n, ci, i] · w[ci, co, j]`
  /// to `y[n, g·C_out/groups + co, o]` with `o = i·stride + j·dilation − paddingBegin` on every
  /// axis when `0 ≤ o < out` on every axis; then adds the bias. Any number of spatial axes:
  /// 1D `(N, C, L)`, 2D `(N, C, H, W)`, 3D `(N, C, D, H, W)`. Input positions and taps are taken
  /// in row-major order.
  ///
  /// Complexity: O(N · C_in · C_out/groups · in · k) per axis product. Used by tests and as the
  /// ground truth for the fast path; not meant to be fast.
  public static func reference(
    input: Tensor, weight: Tensor, bias: Tensor? = nil, parameters: ConvTransposeParameters
  ) throws(ConvTransposeError) -> Tensor {
    let outShape = try parameters.outputShape(input: input.shape, weight: weight.shape)
    let cOut = outShape[1]
    if let bias, bias.shape != [cOut] { throw .biasMismatch(expected: cOut, actual: bias.shape) }
    let rank = parameters.axes.count
    let inSizes = Array(input.shape.dropFirst(2))
    let kSizes = Array(weight.shape.dropFirst(2))
    let outSizes = Array(outShape.dropFirst(2))
    // Per axis, the output index of input i and tap j (at i·k + j), or −1 when it falls outside.
    let target = (0..<rank).map { a in
      let axis = parameters.axes[a]
      return (0..<(inSizes[a] * kSizes[a])).map { index in
        let o = (index / kSizes[a]) * axis.stride + (index % kSizes[a]) * axis.dilation - axis.paddingBegin
        return o >= 0 && o < outSizes[a] ? o : -1
      }
    }
    let inPlane = inSizes.reduce(1, *)
    let kPlane = kSizes.reduce(1, *)
    let outPlane = outSizes.reduce(1, *)
    let batch = input.shape[0]
    let cIn = input.shape[1]
    let cInPerGroup = cIn / parameters.groups
    let cOutPerGroup = weight.shape[1]

    var acc = [Double](repeating: 0, count: outShape.reduce(1, *))
    var i = [Int](repeating: 0, count: rank)
    var j = [Int](repeating: 0, count: rank)
    for n in 0..<batch {
      for ci in 0..<cIn {
        let g = ci / cInPerGroup
        for co in 0..<cOutPerGroup {
          let outBase = (n * cOut + g * cOutPerGroup + co) * outPlane
          let inBase = (n * cIn + ci) * inPlane
          let wBase = (ci * cOutPerGroup + co) * kPlane
          for inIndex in 0..<inPlane {
            Self.unflatten(inIndex, sizes: inSizes, into: &i)
            let xv = Double(input.data[inBase + inIndex])
            for kIndex in 0..<kPlane {
              Self.unflatten(kIndex, sizes: kSizes, into: &j)
              var o = 0
              var inside = true
              for a in 0..<rank {
                let t = target[a][i[a] * kSizes[a] + j[a]]
                if t < 0 {
                  inside = false
                  break
                }
                o = o * outSizes[a] + t
              }
              if inside { acc[outBase + o] += xv * Double(weight.data[wBase + kIndex]) }
            }
          }
        }
      }
    }
    if let bias {
      for index in acc.indices {
        let channel = (index / outPlane) % cOut
        acc[index] += Double(bias.data[channel])
      }
    }
    return Tensor(shape: outShape, data: acc.map { Float($0) })
  }

  /// The row-major multi-index of `flat` in an array of `sizes`.
  static func unflatten(_ flat: Int, sizes: [Int], into index: inout [Int]) {
    var rest = flat
    for a in sizes.indices.reversed() {
      index[a] = rest % sizes[a]
      rest /= sizes[a]
    }
  }
}
