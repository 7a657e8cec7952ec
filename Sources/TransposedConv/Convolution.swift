/// Ordinary stride-1 convolution in PyTorch's `conv1d` / `conv2d` / `conv3d` semantics (cross-correlation,
/// zero padding, groups), the layer that follows an upsampling step in the resize-convolution remedy.
public enum Convolution {
  /// `y[n, co, o] = bias[co] + Σ_{ci in group(co)} Σ_j x[n, ci, o + j − padding] · w[co, ci', j]`
  /// per spatial axis (H then W; D, H, W), where samples outside the input count as zero.
  ///
  /// Shapes: input `(N, C_in, L)`, `(N, C_in, H, W)` or `(N, C_in, D, H, W)`; weight `(C_out, C_in/groups, k…)`
  /// (PyTorch's Conv layout, not the ConvTranspose one); bias `(C_out)`; output extent per axis
  /// `in + 2·padding − k + 1` (must be ≥ 1). `padding` gives one value for every axis or one per
  /// axis. Row-major NCHW (NCDHW) throughout. Per output row (along the last axis) the sum runs
  /// over input channels, then kernel rows (outer kernel axes row-major), then taps along W.
  ///
  /// Complexity: O(N · C_out · out · C_in/groups · k) per axis product; Float32 accumulation.
  public static func apply(
    input: Tensor, weight: Tensor, bias: Tensor? = nil, padding: [Int] = [0], groups: Int = 1
  ) throws(ConvTransposeError) -> Tensor {
    let rank = input.rank - 2
    guard (1...3).contains(rank) else {
      throw .rankMismatch(
        expected: "an input of shape (N, C, L), (N, C, H, W) or (N, C, D, H, W)", actual: input.shape)
    }
    guard weight.rank == input.rank else {
      throw .rankMismatch(
        expected:
          "a weight of shape (C_out, C_in/groups, \(ConvTransposeParameters.axisNames(rank, prefix: "k")))",
        actual: weight.shape)
    }
    guard groups >= 1 else { throw .nonPositiveGroups(groups) }
    let pads = padding.count == 1 ? [Int](repeating: padding[0], count: rank) : padding
    guard pads.count == rank else { throw .axisCountMismatch(expected: rank, actual: padding.count) }
    guard pads.allSatisfy({ $0 >= 0 }) else {
      throw .negativePadding(begin: pads.min() ?? 0, end: pads.max() ?? 0)
    }
    let cIn = input.shape[1]
    let cOut = weight.shape[0]
    guard cIn % groups == 0 else { throw .channelsNotDivisible(what: "input", channels: cIn, groups: groups) }
    guard cOut >= 1, cOut % groups == 0 else {
      throw .channelsNotDivisible(what: "output", channels: cOut, groups: groups)
    }
    guard weight.shape[1] * groups == cIn else {
      throw .invalidArgument(
        "conv weight \(weight.shape) expects \(weight.shape[1] * groups) input channels (C_in/groups × groups), but the input has \(cIn)"
      )
    }
    if let bias, bias.shape != [cOut] { throw .biasMismatch(expected: cOut, actual: bias.shape) }
    var outShape = [input.shape[0], cOut]
    for axis in 0..<rank {
      let k = weight.shape[axis + 2]
      guard k >= 1 else { throw .nonPositiveKernel(k) }
      let length = input.shape[axis + 2] + 2 * pads[axis] - k + 1
      guard length >= 1 else {
        throw .invalidArgument(
          "convolution output size is \(length) (input \(input.shape[axis + 2]), kernel \(k), padding \(pads[axis])); use more padding or a smaller kernel"
        )
      }
      outShape.append(length)
    }
    // The outer axes (all but the last) are flattened into rows: one row in 1D, H in 2D, D·H in 3D.
    let inSizes = Array(input.shape.dropFirst(2))
    let kSizes = Array(weight.shape.dropFirst(2))
    let outSizes = Array(outShape.dropFirst(2))
    let inH = inSizes.dropLast().reduce(1, *)
    let inW = inSizes[rank - 1]
    let kH = kSizes.dropLast().reduce(1, *)
    let kW = kSizes[rank - 1]
    let outH = outSizes.dropLast().reduce(1, *)
    let outW = outSizes[rank - 1]
    let pW = pads[rank - 1]
    let cInPerGroup = cIn / groups
    let cOutPerGroup = cOut / groups
    // For each output row and kernel row, the input row it reads, or −1 outside the input.
    let outerRank = rank - 1
    var source = [Int](repeating: -1, count: outH * kH)
    let outerOut = Array(outSizes.dropLast())
    let outerKernel = Array(kSizes.dropLast())
    var oIndex = [Int](repeating: 0, count: outerRank)
    var jIndex = [Int](repeating: 0, count: outerRank)
    for oy in 0..<outH {
      TransposedConvolution.unflatten(oy, sizes: outerOut, into: &oIndex)
      for jy in 0..<kH {
        TransposedConvolution.unflatten(jy, sizes: outerKernel, into: &jIndex)
        var iy = 0
        var inside = true
        for a in 0..<outerRank {
          let i = oIndex[a] + jIndex[a] - pads[a]
          if i < 0 || i >= inSizes[a] {
            inside = false
            break
          }
          iy = iy * inSizes[a] + i
        }
        if inside { source[oy * kH + jy] = iy }
      }
    }
    var out = [Float](repeating: 0, count: outShape.reduce(1, *))
    for n in 0..<input.shape[0] {
      for co in 0..<cOut {
        let outBase = (n * cOut + co) * outH * outW
        let b = bias?.data[co] ?? 0
        let group = co / cOutPerGroup
        for oy in 0..<outH {
          let row = outBase + oy * outW
          for ox in 0..<outW { out[row + ox] = b }
          for c in 0..<cInPerGroup {
            let ci = group * cInPerGroup + c
            let inBase = (n * cIn + ci) * inH * inW
            let wBase = (co * cInPerGroup + c) * kH * kW
            for jy in 0..<kH {
              let iy = source[oy * kH + jy]
              if iy < 0 { continue }
              for jx in 0..<kW {
                let tap = weight.data[wBase + jy * kW + jx]
                // ix = ox + jx − pW must lie in 0..<inW.
                let lo = max(0, pW - jx)
                let hi = min(outW, inW + pW - jx)
                if lo >= hi { continue }
                let src = inBase + iy * inW + jx - pW
                for ox in lo..<hi { out[row + ox] += tap * input.data[src + ox] }
              }
            }
          }
        }
      }
    }
    return Tensor(shape: outShape, data: out)
  }
}
