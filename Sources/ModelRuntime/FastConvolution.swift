import TransposedConv

/// Forward convolution on the fast transposed-convolution engine.
///
/// A stride-1 convolution with padding `p ≤ d·(k − 1)` is a stride-1 transposed convolution of the
/// same input with the kernel flipped and its channel axes swapped, padded by `d·(k − 1) − p`:
/// `Σ_j x[o − p + d·j]·w[j] = Σ_j x[o + P − d·j]·w[k − 1 − j]` with `P = d·(k − 1) − p`.
/// A stride-`s` convolution (dilation 1) is a stride-1 convolution of the zero-padded input
/// rearranged space-to-depth (`x_r[i] = x[i·s + r]`, `s` phases per axis becoming channels) with
/// the kernel split the same way (`w_r[m] = w[m·s + r]`, `⌈k/s⌉` taps), since
/// `Σ_j x[o·s + j]·w[j] = Σ_r Σ_m x_r[o + m]·w_r[m]`. Outputs past the true extent are cut off by
/// extra end padding. 1D runs as 2D with a unit H axis. When output channels are not a multiple of
/// four (single group), zero channels are added so the engine's register tiles apply, then dropped.
enum FastConvolution {
  /// The convolution, or nil when the plan needs the reference path (strided and dilated at once).
  static func apply(_ x: Tensor, _ w: Tensor, _ bias: Tensor?, _ plan: ConvPlan) throws(ConvTransposeError)
    -> Tensor?
  {
    let rank = plan.strides.count
    guard rank == 1 || rank == 2 else { return nil }
    // Everything as 2D: (N, C, H, W), kernel (kh, kw).
    func two(_ v: [Int], _ unit: Int) -> [Int] { rank == 1 ? [unit] + v : v }
    let strides = two(plan.strides, 1)
    let dilations = two(plan.dilations, 1)
    let padBegin = two(plan.padBegin, 0)
    let padEnd = two(plan.padEnd, 0)
    let inSize = two(Array(plan.input[2...]), 1)
    let kernel = two(Array(plan.weight[2...]), 1)
    let outSize = two(Array(plan.output[2...]), 1)
    let strided = strides != [1, 1]
    if strided && dilations != [1, 1] { return nil }
    let (n, cIn, cOut, groups) = (plan.input[0], plan.input[1], plan.weight[0], plan.groups)
    let cInPG = cIn / groups
    let cOutPG = cOut / groups

    // The stride-1 problem: input xs (N, cInS, hs, ws), weight taps ks, padding (relative to xs).
    var xs = x.data
    var hs = inSize[0]
    var wsz = inSize[1]
    var phases = 1
    var ks = kernel
    var pb = padBegin
    var pe = padEnd
    var fits = true
    for axis in 0..<2 {
      let reach: Int = dilations[axis] * (kernel[axis] - 1)
      if padBegin[axis] > reach || padEnd[axis] > reach { fits = false }
    }
    if strided || !fits {
      // Zero-pad explicitly, then (strided) space-to-depth.
      let sh = strides[0]
      let sw = strides[1]
      let ph = inSize[0] + padBegin[0] + padEnd[0]
      let pw = inSize[1] + padBegin[1] + padEnd[1]
      hs = (ph + sh - 1) / sh
      wsz = (pw + sw - 1) / sw
      phases = sh * sw
      ks = [(kernel[0] + sh - 1) / sh, (kernel[1] + sw - 1) / sw]
      let (iH, iW) = (inSize[0], inSize[1])
      var out = [Float](repeating: 0, count: n * cIn * phases * hs * wsz)
      for b in 0..<n {
        for c in 0..<cIn {
          let src = (b * cIn + c) * iH * iW
          for rh in 0..<sh {
            for rw in 0..<sw {
              let dst = ((b * cIn + c) * phases + rh * sw + rw) * hs * wsz
              for i in 0..<hs {
                let y = i * sh + rh - padBegin[0]
                if y < 0 || y >= iH { continue }
                let row = src + y * iW
                let dRow = dst + i * wsz
                // x index = j·sw + rw − padBegin[1] in 0..<iW.
                let lo = max(0, (padBegin[1] - rw + sw - 1) / sw)
                let hi = min(wsz, (iW + padBegin[1] - rw + sw - 1) / sw)
                if lo >= hi { continue }
                for j in lo..<hi { out[dRow + j] = x.data[row + j * sw + rw - padBegin[1]] }
              }
            }
          }
        }
      }
      xs = out
      pb = [0, 0]
      pe = [0, 0]
    }
    let cInS = cIn * phases
    // Output channels per group, padded to a multiple of 4 for a single group.
    let cOutPGPadded = groups == 1 ? (cOutPG + 3) / 4 * 4 : cOutPG
    let (kh, kw) = (ks[0], ks[1])
    let (sh, sw) = (strides[0], strides[1])
    // The flipped, phase-split weight (cInS, cOutPGPadded, kh, kw): a pure rearrangement, written
    // through raw pointers (bounds are those of the loops, checked by the sizes above).
    var wt = [Float](repeating: 0, count: cInS * cOutPGPadded * kh * kw)
    let (k0, k1) = (kernel[0], kernel[1])
    wt.withUnsafeMutableBufferPointer { dstBuffer in
      w.data.withUnsafeBufferPointer { srcBuffer in
        guard let dstBase = dstBuffer.baseAddress, let srcBase = srcBuffer.baseAddress else { return }
        for g in 0..<groups {
          for col in 0..<cOutPG {
            let co = g * cOutPG + col
            for cil in 0..<cInPG {
              let source = srcBase + (co * cInPG + cil) * k0 * k1
              for rh in 0..<sh {
                for rw in 0..<sw {
                  let ciS = (g * cInPG + cil) * phases + rh * sw + rw
                  let target = dstBase + (ciS * cOutPGPadded + col) * kh * kw
                  for mh in 0..<kh {
                    let jh = mh * sh + rh
                    if jh >= k0 { continue }
                    let row = target + (kh - 1 - mh) * kw
                    for mw in 0..<kw {
                      let jw = mw * sw + rw
                      if jw >= k1 { continue }
                      row[kw - 1 - mw] = source[jh * k1 + jw]
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    var biasData = [Float](repeating: 0, count: groups * cOutPGPadded)
    if let bias {
      for g in 0..<groups {
        for col in 0..<cOutPG { biasData[g * cOutPGPadded + col] = bias.data[g * cOutPG + col] }
      }
    }
    var axes: [AxisParameters] = []
    for axis in 0..<2 {
      let d = strided ? 1 : dilations[axis]
      let reach = d * (ks[axis] - 1)
      let size = axis == 0 ? hs : wsz
      let natural = size + pb[axis] + pe[axis] - reach
      let extra = natural - outSize[axis]
      axes.append(
        AxisParameters(
          stride: 1, paddingBegin: reach - pb[axis], paddingEnd: reach - pe[axis] + extra, dilation: d))
    }
    let result = try TransposedConvolution.apply(
      input: Tensor(shape: [n, cInS, hs, wsz], data: xs),
      weight: Tensor(shape: [cInS, cOutPGPadded, kh, kw], data: wt),
      bias: Tensor(shape: [groups * cOutPGPadded], data: biasData),
      parameters: ConvTransposeParameters(axes: axes, groups: groups))
    let plane = outSize[0] * outSize[1]
    var data = result.data
    if cOutPGPadded != cOutPG {
      data = [Float](repeating: 0, count: n * cOut * plane)
      for b in 0..<n {
        let src = b * cOutPGPadded * plane
        let dst = b * cOut * plane
        for i in 0..<(cOut * plane) { data[dst + i] = result.data[src + i] }
      }
    }
    return Tensor(shape: plan.output, data: data)
  }
}
