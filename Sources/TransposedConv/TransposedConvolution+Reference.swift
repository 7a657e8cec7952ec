/// Transposed convolution ("deconvolution") in PyTorch's semantics.
public enum TransposedConvolution {}

extension TransposedConvolution {
  /// The plain reference implementation: follows the scatter rule literally, accumulating in
  /// Float64 and rounding once.
  ///
  /// For every batch `n`, group `g`, input channel `ci` of that group, output channel `co` of that
  /// group, input position `i` and kernel tap `j` (per axis), it adds `x[n, ci, i] · w[ci, co, j]`
  /// to `y[n, g·C_out/groups + co, o]` with `o = i·stride + j·dilation − paddingBegin` when
  /// `0 ≤ o < out`; then adds the bias. Handles 1D `(N, C, L)` and 2D `(N, C, H, W)`.
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
    // Treat 1D as 2D with a unit height axis.
    let inH = rank == 2 ? input.shape[2] : 1
    let inW = input.shape[rank + 1]
    let kH = rank == 2 ? weight.shape[2] : 1
    let kW = weight.shape[rank + 1]
    let outH = rank == 2 ? outShape[2] : 1
    let outW = outShape[rank + 1]
    let axisH = rank == 2 ? parameters.axes[0] : AxisParameters()
    let axisW = parameters.axes[rank - 1]
    let batch = input.shape[0]
    let cIn = input.shape[1]
    let groups = parameters.groups
    let cInPerGroup = cIn / groups
    let cOutPerGroup = weight.shape[1]

    var acc = [Double](repeating: 0, count: outShape.reduce(1, *))
    for n in 0..<batch {
      for ci in 0..<cIn {
        let g = ci / cInPerGroup
        for co in 0..<cOutPerGroup {
          let outChannel = g * cOutPerGroup + co
          let outBase = (n * cOut + outChannel) * outH * outW
          let inBase = (n * cIn + ci) * inH * inW
          let wBase = (ci * cOutPerGroup + co) * kH * kW
          for iy in 0..<inH {
            for ix in 0..<inW {
              let xv = Double(input.data[inBase + iy * inW + ix])
              for jy in 0..<kH {
                let oy = iy * axisH.stride + jy * axisH.dilation - axisH.paddingBegin
                if oy < 0 || oy >= outH { continue }
                for jx in 0..<kW {
                  let ox = ix * axisW.stride + jx * axisW.dilation - axisW.paddingBegin
                  if ox < 0 || ox >= outW { continue }
                  acc[outBase + oy * outW + ox] += xv * Double(weight.data[wBase + jy * kW + jx])
                }
              }
            }
          }
        }
      }
    }
    if let bias {
      let plane = outH * outW
      for index in acc.indices {
        let channel = (index / plane) % cOut
        acc[index] += Double(bias.data[channel])
      }
    }
    return Tensor(shape: outShape, data: acc.map { Float($0) })
  }
}
