import TransposedConv

/// Forward convolution on the fast paths, in 1D, 2D and 3D.
///
/// With a C kernel set, 1D and 2D layers with at least eight output channels per group run as a
/// matrix product (`ConvolutionGEMM`, Winograd F(2×2, 3×3) for 3×3 stride-1 layers with 32 or
/// more channels each way and 128 together). Everything else runs on the transposed-convolution
/// engine:
///
/// A stride-1 convolution with padding `p ≤ d·(k − 1)` is a stride-1 transposed convolution of the
/// same input with the kernel flipped and its channel axes swapped, padded by `d·(k − 1) − p`:
/// `Σ_j x[o − p + d·j]·w[j] = Σ_j x[o + P − d·j]·w[k − 1 − j]` with `P = d·(k − 1) − p`.
/// A stride-`s` convolution (dilation 1) is a stride-1 convolution of the zero-padded input
/// rearranged space-to-depth (`x_r[i] = x[i·s + r]`, `s` phases per axis becoming channels) with
/// the kernel split the same way (`w_r[m] = w[m·s + r]`, `⌈k/s⌉` taps), since
/// `Σ_j x[o·s + j]·w[j] = Σ_r Σ_m x_r[o + m]·w_r[m]`. Outputs past the true extent are cut off by
/// extra end padding. The rearrangements work on three axes (D, H, W; leading unit axes for 1D and
/// 2D, so phase `(rd, rh, rw)` is channel `(rd·sh + rh)·sw + rw` of its input channel); the engine
/// then runs 1D as 2D with a unit H axis, 2D as 2D and 3D as 3D. When output channels are not a
/// multiple of four (single group), zero channels are added so the engine's register tiles apply,
/// then dropped. The engine multithreads over output rows; every element is computed by one
/// thread in a fixed order, so the result does not depend on the number of threads.
enum FastConvolution {
  /// The convolution, or nil when the plan needs the reference path (strided and dilated at once).
  static func apply(_ x: Tensor, _ w: Tensor, _ bias: Tensor?, _ plan: ConvPlan) throws(ConvTransposeError)
    -> Tensor?
  {
    let rank = plan.strides.count
    guard (1...3).contains(rank) else { return nil }
    // 1D and 2D with enough output channels: a GEMM on the C kernels (any strides and dilations).
    if let y = ConvolutionGEMM.apply(
      input: x, weight: w, bias: bias, strides: plan.strides, dilations: plan.dilations,
      padBegin: plan.padBegin, output: Array(plan.output[2...]), groups: plan.groups)
    {
      return y
    }
    // The engine's rank: 1D runs as 2D.
    let engineRank = max(rank, 2)
    let three = ReferenceWindow.three
    let strides = three(plan.strides, 1)
    let dilations = three(plan.dilations, 1)
    let padBegin = three(plan.padBegin, 0)
    let padEnd = three(plan.padEnd, 0)
    let inSize = three(Array(plan.input[2...]), 1)
    let kernel = three(Array(plan.weight[2...]), 1)
    let outSize = three(Array(plan.output[2...]), 1)
    let strided = strides != [1, 1, 1]
    if strided && dilations != [1, 1, 1] { return nil }
    let (n, cIn, cOut, groups) = (plan.input[0], plan.input[1], plan.weight[0], plan.groups)
    let cInPG = cIn / groups
    let cOutPG = cOut / groups

    // The stride-1 problem: input xs (N, cInS, sizes), weight taps ks, padding (relative to xs).
    var xs = x.data
    var sizes = inSize
    var phases = 1
    var ks = kernel
    var pb = padBegin
    var pe = padEnd
    var fits = true
    for axis in 0..<3 {
      let reach: Int = dilations[axis] * (kernel[axis] - 1)
      if padBegin[axis] > reach || padEnd[axis] > reach { fits = false }
    }
    if strided || !fits {
      guard
        let rearranged = rearrangedCounts(
          x: x, w: w, plan: plan, inSize: inSize, kernel: kernel, strides: strides, padBegin: padBegin,
          padEnd: padEnd)
      else { return nil }
      sizes = rearranged.sizes
      phases = rearranged.phases
      ks = (0..<3).map { (kernel[$0] + strides[$0] - 1) / strides[$0] }
      xs = spaceToDepth(
        x.data, batch: n, channels: cIn, input: inSize, output: sizes, strides: strides, padBegin: padBegin)
      pb = [0, 0, 0]
      pe = [0, 0, 0]
    }
    let cInS = cIn * phases
    // Output channels per group, padded to a multiple of 4 for a single group.
    let cOutPGPadded = groups == 1 ? (cOutPG + 3) / 4 * 4 : cOutPG
    let wt = flippedWeight(
      w.data, groups: groups, cInPG: cInPG, cOutPG: cOutPG, cOutPGPadded: cOutPGPadded, kernel: kernel,
      taps: ks, strides: strides)
    var biasData = [Float](repeating: 0, count: groups * cOutPGPadded)
    if let bias {
      for g in 0..<groups {
        for col in 0..<cOutPG { biasData[g * cOutPGPadded + col] = bias.data[g * cOutPG + col] }
      }
    }
    var axes: [AxisParameters] = []
    for axis in (3 - engineRank)..<3 {
      let d = strided ? 1 : dilations[axis]
      let reach = d * (ks[axis] - 1)
      let natural = sizes[axis] + pb[axis] + pe[axis] - reach
      let extra = natural - outSize[axis]
      axes.append(
        AxisParameters(
          stride: 1, paddingBegin: reach - pb[axis], paddingEnd: reach - pe[axis] + extra, dilation: d))
    }
    let spatial = Array(sizes[(3 - engineRank)...])
    let taps = Array(ks[(3 - engineRank)...])
    let result = try TransposedConvolution.apply(
      input: Tensor(shape: [n, cInS] + spatial, data: xs),
      weight: Tensor(shape: [cInS, cOutPGPadded] + taps, data: wt),
      bias: Tensor(shape: [groups * cOutPGPadded], data: biasData),
      parameters: ConvTransposeParameters(axes: axes, groups: groups))
    let plane = outSize[0] * outSize[1] * outSize[2]
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

  /// The space-to-depth extents and phase count of a strided (or over-padded) problem, or nil when
  /// the rearranged input and weight would overflow or hold more than 4 × (input + weight + output)
  /// + 2^20 elements: a stride far past the padded input (2^40 on a 7-wide axis, one output) would ask
  /// for 2^40 phases. Such problems take the reference path, whose cost follows the output.
  static func rearrangedCounts(
    x: Tensor, w: Tensor, plan: ConvPlan, inSize: [Int], kernel: [Int], strides: [Int], padBegin: [Int],
    padEnd: [Int]
  ) -> (sizes: [Int], phases: Int)? {
    var sizes: [Int] = []
    var taps: [Int] = []
    for axis in 0..<3 {
      guard let begun = CheckedShape.add(inSize[axis], padBegin[axis]),
        let padded = CheckedShape.add(begun, padEnd[axis]),
        let rounded = CheckedShape.add(padded, strides[axis] - 1),
        let kernelRounded = CheckedShape.add(kernel[axis], strides[axis] - 1)
      else { return nil }
      sizes.append(rounded / strides[axis])
      taps.append(kernelRounded / strides[axis])
    }
    let (cIn, cOut, groups) = (plan.input[1], plan.weight[0], plan.groups)
    let cOutPGPadded = groups == 1 ? (cOut / groups + 3) / 4 * 4 : cOut / groups
    guard let phases = CheckedShape.count(strides),
      let input = CheckedShape.count([plan.input[0], cIn, phases] + sizes),
      let weight = CheckedShape.count([cIn, phases, cOutPGPadded] + taps),
      let output = CheckedShape.count(plan.output),
      let both = CheckedShape.add(input, weight)
    else { return nil }
    let limit = 4 * (x.data.count + w.data.count + output) + (1 << 20)
    return both <= limit ? (sizes, phases) : nil
  }

  /// The zero-padded input rearranged space-to-depth on three axes: channel `c` becomes channels
  /// `c·phases + (rd·sh + rh)·sw + rw` with `x_r[i] = x[i·s + r − padBegin]` (zero outside).
  static func spaceToDepth(
    _ x: [Float], batch: Int, channels: Int, input: [Int], output: [Int], strides: [Int], padBegin: [Int]
  ) -> [Float] {
    let (sd, sh, sw) = (strides[0], strides[1], strides[2])
    let (iD, iH, iW) = (input[0], input[1], input[2])
    let (oD, oH, oW) = (output[0], output[1], output[2])
    let phases = sd * sh * sw
    let outPlane = oD * oH * oW
    let inPlane = iD * iH * iW
    var out = [Float](repeating: 0, count: batch * channels * phases * outPlane)
    out.withUnsafeMutableBufferPointer { outBuffer in
      x.withUnsafeBufferPointer { xBuffer in
        guard let dstBase = outBuffer.baseAddress, let srcBase = xBuffer.baseAddress else { return }
        for bc in 0..<(batch * channels) {
          let src = srcBase + bc * inPlane
          for rd in 0..<sd {
            for rh in 0..<sh {
              for rw in 0..<sw {
                let dst = dstBase + (bc * phases + (rd * sh + rh) * sw + rw) * outPlane
                // x index along W = j·sw + rw − padBegin in 0..<iW.
                let lo = max(0, (padBegin[2] - rw + sw - 1) / sw)
                let hi = min(oW, (iW + padBegin[2] - rw + sw - 1) / sw)
                if lo >= hi { continue }
                for i in 0..<oD {
                  let z = i * sd + rd - padBegin[0]
                  if z < 0 || z >= iD { continue }
                  for j in 0..<oH {
                    let y = j * sh + rh - padBegin[1]
                    if y < 0 || y >= iH { continue }
                    let row = src + (z * iH + y) * iW + rw - padBegin[2]
                    let dRow = dst + (i * oH + j) * oW
                    for k in lo..<hi { dRow[k] = row[k * sw] }
                  }
                }
              }
            }
          }
        }
      }
    }
    return out
  }

  /// The flipped, phase-split weight `(cIn·phases, cOutPGPadded, taps…)` of a Conv weight
  /// `(cOut, cInPG, kernel…)`: a pure rearrangement, written through raw pointers (bounds are
  /// those of the loops, checked by the sizes the caller derived them from).
  static func flippedWeight(
    _ w: [Float], groups: Int, cInPG: Int, cOutPG: Int, cOutPGPadded: Int, kernel: [Int], taps: [Int],
    strides: [Int]
  ) -> [Float] {
    let (sd, sh, sw) = (strides[0], strides[1], strides[2])
    let phases = sd * sh * sw
    let (kd, kh, kw) = (taps[0], taps[1], taps[2])
    let (k0, k1, k2) = (kernel[0], kernel[1], kernel[2])
    let tapCount = kd * kh * kw
    var wt = [Float](repeating: 0, count: groups * cInPG * phases * cOutPGPadded * tapCount)
    wt.withUnsafeMutableBufferPointer { dstBuffer in
      w.withUnsafeBufferPointer { srcBuffer in
        guard let dstBase = dstBuffer.baseAddress, let srcBase = srcBuffer.baseAddress else { return }
        for g in 0..<groups {
          for col in 0..<cOutPG {
            let co = g * cOutPG + col
            for cil in 0..<cInPG {
              let source = srcBase + (co * cInPG + cil) * k0 * k1 * k2
              for rd in 0..<sd {
                for rh in 0..<sh {
                  for rw in 0..<sw {
                    let ciS = (g * cInPG + cil) * phases + (rd * sh + rh) * sw + rw
                    let target = dstBase + (ciS * cOutPGPadded + col) * tapCount
                    for md in 0..<kd {
                      let jd = md * sd + rd
                      if jd >= k0 { continue }
                      for mh in 0..<kh {
                        let jh = mh * sh + rh
                        if jh >= k1 { continue }
                        let row = target + ((kd - 1 - md) * kh + (kh - 1 - mh)) * kw
                        for mw in 0..<kw {
                          let jw = mw * sw + rw
                          if jw >= k2 { continue }
                          row[kw - 1 - mw] = source[(jd * k1 + jh) * k2 + jw]
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    return wt
  }
}
