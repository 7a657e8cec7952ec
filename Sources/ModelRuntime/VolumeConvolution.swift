import CheckerscopeCore
import TransposedConv

/// 3D `Conv` and `ConvTranspose` (one group, the volumes of 3D segmentation networks) on
/// `FlatCorrelation`: the input is rearranged once into a zero-padded volume and every output
/// plane is one GEMM over flattened positions, with no per-row bookkeeping.
///
/// - Stride-1 `Conv` (any dilation): the input padded to `out + d·(k − 1)` per axis, the kernel's
///   taps as flat offsets `jd·dd·Hp·Wp + jh·dh·Wp + jw·dw`.
/// - Strided `Conv` (dilation 1): the padded input rearranged space-to-depth
///   (`x_r[i] = x[i·s + r − padBegin]`, `s` phases per axis becoming channels) and the kernel split
///   the same way (`Σ_j x[o·s + j]·w[j] = Σ_r Σ_m x_r[o + m]·w[m·s + r]`); taps `m·s + r ≥ k` are
///   left out instead of multiplied by zero.
/// - `ConvTranspose` (dilation 1): each output phase `o ≡ r (mod s)` per axis is a correlation of
///   the padded input with the taps `j ≡ r + padBegin (mod s)`: with `o = q·s + r` and
///   `j = j₀ + m·s`, the input index is `q + e_r − m`, `e_r = (r + padBegin − j₀)/s`, so each of
///   the `s_d·s_h·s_w` phases is one `FlatCorrelation` writing every `s`-th output.
///
/// Each output is summed in a fixed order of (input channel, tap) by one thread, so results do
/// not depend on the number of threads; the order differs from the 1D/2D engine's, so results
/// agree with it (and ONNX Runtime) to float rounding, not bit for bit.
///
/// 3×3×3 stride-1 `Conv`s with 16 or more channels each way and outputs of at least 8 per axis
/// take Winograd's F(2×2×2, 3×3×3) instead (`Winograd3D`, on the C kernel sets; `winograd`).
enum VolumeConvolution {
  /// The forward convolution, or nil when the plan is not one this path takes (not 3D, grouped,
  /// or strided and dilated at once).
  static func convolution(
    _ x: Tensor, _ w: Tensor, _ bias: Tensor?, _ plan: ConvPlan, kernels: KernelSet = .active
  ) throws(ConvTransposeError) -> Tensor? {
    guard plan.strides.count == 3, plan.groups == 1 else { return nil }
    if let result = try winograd(x, w, bias, plan, kernels: kernels) { return result }
    let strided = plan.strides != [1, 1, 1]
    if strided && plan.dilations != [1, 1, 1] { return nil }
    let (n, cIn, cOut) = (plan.input[0], plan.input[1], plan.weight[0])
    let input = Array(plan.input[2...])
    let kernel = Array(plan.weight[2...])
    let output = Array(plan.output[2...])
    let s = plan.strides
    let d = strided ? [1, 1, 1] : plan.dilations
    // Taps per phase on each axis and the padded (rearranged) sizes. A stride far past the input
    // (2^40 on a short axis: one output, 2^40 phases) would ask for a rearranged copy out of all
    // proportion to the problem: such plans take the reference path, whose cost follows the output.
    guard let phases = CheckedShape.count(s), phases <= 1 << 20 else { return nil }
    let taps = (0..<3).map { kernel[$0] <= 0 ? 0 : (kernel[$0] - 1) / s[$0] + 1 }
    let sizes = (0..<3).map { output[$0] + d[$0] * (taps[$0] - 1) }
    guard let rearranged = CheckedShape.count([n, cIn, phases] + sizes),
      rearranged <= 4 * (x.count + w.count + plan.output.reduce(1, *)) + (1 << 20)
    else { return nil }
    try require(
      work: [n, cOut, cIn] + output + kernel, padded: [n, cIn, phases] + sizes, what: "the 3D convolution")
    let xp = padded(
      x.data, batch: n, channels: cIn, input: input, sizes: sizes, strides: s, padBegin: plan.padBegin)
    let (hw, wp) = (sizes[1] * sizes[2], sizes[2])
    let kVolume = kernel[0] * kernel[1] * kernel[2]
    var items: [FlatCorrelation.Item] = []
    for c in 0..<cIn {
      for rd in 0..<s[0] {
        for rh in 0..<s[1] {
          for rw in 0..<s[2] {
            let channel = c * phases + (rd * s[1] + rh) * s[2] + rw
            for md in 0..<taps[0] {
              let jd = md * s[0] + rd
              guard jd < kernel[0] else { continue }
              for mh in 0..<taps[1] {
                let jh = mh * s[1] + rh
                guard jh < kernel[1] else { continue }
                for mw in 0..<taps[2] {
                  let jw = mw * s[2] + rw
                  guard jw < kernel[2] else { continue }
                  items.append(
                    FlatCorrelation.Item(
                      channel: channel, shift: md * d[0] * hw + mh * d[1] * wp + mw * d[2],
                      weight: c * kVolume + (jd * kernel[1] + jh) * kernel[2] + jw))
                }
              }
            }
          }
        }
      }
    }
    let volume = output[0] * output[1] * output[2]
    let problem = FlatCorrelation(
      batch: n, channels: cIn * phases, padded: sizes, output: output, outputs: cOut, items: items,
      coStride: cIn * kVolume, outputStrides: [cOut * volume, volume, output[1] * output[2], output[2], 1])
    return Tensor(
      shape: plan.output, data: run(problem, xp, w, bias, count: n * cOut * volume, kernels: kernels))
  }

  /// The convolution on Winograd's F(2×2×2, 3×3×3) (`Winograd3D`) when `Winograd3D.applies`
  /// (3×3×3, stride 1, undilated, 16+ channels each way, outputs of 8+ per axis; a C kernel set),
  /// after checking its work and its largest padded slab; else nil.
  static func winograd(
    _ x: Tensor, _ w: Tensor, _ bias: Tensor?, _ plan: ConvPlan, kernels: KernelSet
  ) throws(ConvTransposeError) -> Tensor? {
    let output = Array(plan.output[2...])
    guard plan.input.count == 5, plan.weight.count == 5,
      Winograd3D.applies(
        inputChannels: plan.input[1], outputChannels: plan.weight[0], kernel: Array(plan.weight[2...]),
        strides: plan.strides, dilations: plan.dilations, groups: plan.groups, output: output,
        kernels: kernels)
    else { return nil }
    try require(
      work: [plan.input[0], plan.weight[0], plan.input[1]] + output + [27],
      padded: Winograd3D.slab(inputChannels: plan.input[1], output: output), what: "the 3D convolution")
    return Winograd3D.apply(
      input: x, weight: w, bias: bias, padBegin: plan.padBegin, output: output, kernels: kernels)
  }

  /// The transposed convolution `(N, C_in, D, H, W)` ⊛ `(C_in, C_out, kD, kH, kW)` with `strides`,
  /// begin paddings `padBegin` and output extents `output`, or nil when this path does not take it
  /// (not 3D, grouped, dilated).
  static func transposed(
    _ x: Tensor, _ w: Tensor, _ bias: Tensor?, strides s: [Int], dilations: [Int], padBegin: [Int],
    output: [Int], groups: Int, kernels: KernelSet = .active
  ) throws(ConvTransposeError) -> Tensor? {
    guard x.rank == 5, w.rank == 5, groups == 1, dilations == [1, 1, 1], s.count == 3, output.count == 3
    else { return nil }
    let (n, cIn, cOut) = (x.shape[0], x.shape[1], w.shape[1])
    let input = Array(x.shape[2...])
    let kernel = Array(w.shape[2...])
    // Per axis and phase r: output count, first tap j₀, tap count M and input base e.
    var plans: [[Phase]] = []
    for a in 0..<3 {
      plans.append(
        (0..<s[a]).map { r in
          let count = r < output[a] ? (output[a] - r + s[a] - 1) / s[a] : 0
          let j0 = (r + padBegin[a]) % s[a]
          let m = j0 < kernel[a] ? (kernel[a] - j0 + s[a] - 1) / s[a] : 0
          return Phase(count: count, firstTap: j0, taps: m, base: (r + padBegin[a] - j0) / s[a])
        })
    }
    // Padding so that every read q + e − m lands inside the padded volume.
    let lead = (0..<3).map { a in plans[a].map { max(0, $0.taps - 1 - $0.base) }.max() ?? 0 }
    let sizes = (0..<3).map { a in
      max(input[a], plans[a].map { $0.count + $0.base }.max() ?? 0) + lead[a]
    }
    try require(
      work: [n, cOut, cIn] + input + kernel, padded: [n, cIn] + sizes, what: "the 3D transposed convolution")
    let xp = padded(
      x.data, batch: n, channels: cIn, input: input, sizes: sizes, strides: [1, 1, 1], padBegin: lead)
    let (hw, wp) = (sizes[1] * sizes[2], sizes[2])
    let kVolume = kernel[0] * kernel[1] * kernel[2]
    let volume = output[0] * output[1] * output[2]
    let total = n * cOut * volume
    let biasValues = bias?.data ?? [Float](repeating: 0, count: cOut)
    var y = [Float](repeating: 0, count: total)
    xp.withUnsafeBufferPointer { xBuffer in
      w.data.withUnsafeBufferPointer { wBuffer in
        biasValues.withUnsafeBufferPointer { bBuffer in
          y.withUnsafeMutableBufferPointer { yBuffer in
            guard let xBase = xBuffer.baseAddress, let wBase = wBuffer.baseAddress,
              let bBase = bBuffer.baseAddress, let yBase = yBuffer.baseAddress
            else { return }
            for rd in 0..<s[0] {
              for rh in 0..<s[1] {
                for rw in 0..<s[2] {
                  let (pd, ph, pw) = (plans[0][rd], plans[1][rh], plans[2][rw])
                  guard pd.count > 0, ph.count > 0, pw.count > 0 else { continue }
                  var items: [FlatCorrelation.Item] = []
                  for c in 0..<cIn {
                    for md in 0..<pd.taps {
                      for mh in 0..<ph.taps {
                        for mw in 0..<pw.taps {
                          let (jd, jh, jw) = (
                            pd.firstTap + md * s[0], ph.firstTap + mh * s[1], pw.firstTap + mw * s[2]
                          )
                          let shift =
                            (pd.base - md + lead[0]) * hw + (ph.base - mh + lead[1]) * wp
                            + (pw.base - mw + lead[2])
                          items.append(
                            FlatCorrelation.Item(
                              channel: c, shift: shift,
                              weight: c * cOut * kVolume + (jd * kernel[1] + jh) * kernel[2] + jw))
                        }
                      }
                    }
                  }
                  let problem = FlatCorrelation(
                    batch: n, channels: cIn, padded: sizes, output: [pd.count, ph.count, pw.count],
                    outputs: cOut,
                    items: items, coStride: kVolume,
                    outputStrides: [
                      cOut * volume, volume, s[0] * output[1] * output[2], s[1] * output[2], s[2],
                    ])
                  let origin = yBase + (rd * output[1] + rh) * output[2] + rw
                  problem.run(x: xBase, w: wBase, bias: bBase, y: origin, kernels: kernels)
                }
              }
            }
          }
        }
      }
    }
    return Tensor(shape: [n, cOut] + output, data: y)
  }

  /// Checks the multiply-adds (the product of `work`) against `MemoryBudget.maximumOperations`
  /// and the padded copy (the product of `padded`, in floats) against the default budget.
  private static func require(work: [Int], padded: [Int], what: String) throws(ConvTransposeError) {
    do throws(CoreError) {
      try MemoryBudget.requireWork(try CheckedSize.product(work, what: "the work"), what: what)
      let elements = try CheckedSize.product(padded, what: "the padded input")
      try MemoryBudget.default.require(
        elements: elements, of: MemoryLayout<Float>.stride, what: "\(what)'s padded input")
    } catch { throw .resource(error) }
  }

  /// One axis's output phase of a transposed convolution.
  private struct Phase {
    var count: Int
    var firstTap: Int
    var taps: Int
    var base: Int
  }

  /// Runs `problem` into a new output of `count` floats.
  private static func run(
    _ problem: FlatCorrelation, _ xp: [Float], _ w: Tensor, _ bias: Tensor?, count: Int, kernels: KernelSet
  ) -> [Float] {
    let biasValues = bias?.data ?? [Float](repeating: 0, count: problem.outputs)
    return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
      xp.withUnsafeBufferPointer { xBuffer in
        w.data.withUnsafeBufferPointer { wBuffer in
          biasValues.withUnsafeBufferPointer { bBuffer in
            guard let xBase = xBuffer.baseAddress, let wBase = wBuffer.baseAddress,
              let bBase = bBuffer.baseAddress, let yBase = buffer.baseAddress
            else { return }
            problem.run(x: xBase, w: wBase, bias: bBase, y: yBase, kernels: kernels)
          }
        }
      }
      initialized = count
    }
  }

  /// The input `(N, C, D, H, W)` as `(N, C·phases, sizes…)` plus `FlatCorrelation.slack` zeros:
  /// channel `c·phases + (rd·sh + rh)·sw + rw` holds `x_r[i] = x[i·s + r − padBegin]` per axis,
  /// zero outside the input (with unit strides: the input zero-padded to `sizes`).
  static func padded(
    _ x: [Float], batch: Int, channels: Int, input: [Int], sizes: [Int], strides s: [Int], padBegin: [Int]
  ) -> [Float] {
    let phases = s[0] * s[1] * s[2]
    let plane = sizes[0] * sizes[1] * sizes[2]
    let inPlane = input[0] * input[1] * input[2]
    var out = [Float](repeating: 0, count: batch * channels * phases * plane + FlatCorrelation.slack)
    out.withUnsafeMutableBufferPointer { outBuffer in
      x.withUnsafeBufferPointer { xBuffer in
        guard let dstBase = outBuffer.baseAddress, let srcBase = xBuffer.baseAddress else { return }
        for bc in 0..<(batch * channels) {
          let src = srcBase + bc * inPlane
          for rd in 0..<s[0] {
            for rh in 0..<s[1] {
              for rw in 0..<s[2] {
                let dst = dstBase + (bc * phases + (rd * s[1] + rh) * s[2] + rw) * plane
                // Along W: i·sw + rw − padBegin in 0..<inW.
                let lo = max(0, (padBegin[2] - rw + s[2] - 1) / s[2])
                let hi = min(sizes[2], (input[2] + padBegin[2] - rw + s[2] - 1) / s[2])
                guard lo < hi else { continue }
                for i in 0..<sizes[0] {
                  let z = i * s[0] + rd - padBegin[0]
                  guard z >= 0, z < input[0] else { continue }
                  for j in 0..<sizes[1] {
                    let yy = j * s[1] + rh - padBegin[1]
                    guard yy >= 0, yy < input[1] else { continue }
                    let row = src + (z * input[1] + yy) * input[2] + rw - padBegin[2]
                    let dRow = dst + (i * sizes[1] + j) * sizes[2]
                    if s[2] == 1 {
                      (dRow + lo).update(from: row + lo, count: hi - lo)
                    } else {
                      for k in lo..<hi { dRow[k] = row[k * s[2]] }
                    }
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
}
