import CKernels
import CheckerscopeCore
import Foundation

/// A 1D/2D transposed convolution with stride 2 along W, both W phases in one product: output
/// rows are computed whole, with even and odd positions in alternating vector lanes.
///
/// Along W, output `ox = e + 2m` (phase `e`) takes the taps of its phase (`PhaseGEMM.AxisPlan`),
/// tap `t` reading input `m + c_t(e)`. When both phases have the same number of taps and each
/// term `t` can read both phases from one shifted copy of a row whose every sample is repeated
/// twice (`xr[v] = x[⌊v/2⌋]`, read at `v = ox + D_t`), a whole output row is a plain product over
/// `k = (input channel, H tap, term)` with a weight *pair* per (channel, k): the C kernel
/// `ckern_deconv_pairs_avx2` broadcasts the pair to the lanes. Along H, output row
/// `oy = rh + sH·mh` reads input row `mh + c` per tap of its phase, as in `PhaseGEMM`. So no
/// output is scattered and no position is computed twice: each row goes straight to its place.
///
/// The sum of each output element takes `(ci, H tap, W tap)` in the order `PhaseGEMM` does, one
/// fused multiply-add each from 0, then adds the bias: the two paths give the same bits, whatever
/// the number of threads (output rows are split between them, each computed by one).
enum PairedPhaseGEMM {
  /// The W axis as terms: per term, the tap of each phase and the shift `D_t`.
  struct Terms {
    var taps: [(even: Int, odd: Int)]
    var shifts: [Int]

    /// Nil unless the stride is 2, both phases hold outputs and the same number (≥ 1) of taps,
    /// and every term's two taps read one repeated row at a common shift.
    init?(_ a: AxisParameters, kernel: Int, output: Int) {
      guard a.stride == 2, output >= 2 else { return nil }
      let plan = PhaseGEMM.AxisPlan(a, kernel: kernel, output: output)
      let (even, odd) = (plan.phases[0].taps, plan.phases[1].taps)
      guard !even.isEmpty, even.count == odd.count,
        (even + odd).allSatisfy({ abs($0.shift) <= 1 << 40 })
      else { return nil }
      taps = []
      shifts = []
      for (t0, t1) in zip(even, odd) {
        // Lane e reads v = 2m + e + D with ⌊v/2⌋ = m + c_e: D in 2c_e − e ... 2c_e − e + 1.
        let low = max(2 * t0.shift, 2 * t1.shift - 1)
        let high = min(2 * t0.shift + 1, 2 * t1.shift)
        guard low <= high else { return nil }
        taps.append((t0.tap, t1.tap))
        shifts.append(low)
      }
    }
  }

  /// The transposed convolution into `y` (`outShape`), or false when the shapes do not suit
  /// (`Terms` on W, and `ConvolutionGEMM.applies` as `PhaseGEMM` asks it).
  static func apply(
    x: UnsafePointer<Float>, inputShape: [Int], w: UnsafePointer<Float>, weightShape: [Int],
    bias: UnsafePointer<Float>, parameters: ConvTransposeParameters, outShape: [Int],
    y: UnsafeMutablePointer<Float>, kernels: KernelSet, parallelism: Int?
  ) -> Bool {
    let rank = parameters.axes.count
    guard rank == 1 || rank == 2 else { return false }
    let groups = parameters.groups
    let (batch, cIn, cOut) = (inputShape[0], inputShape[1], outShape[1])
    let (cInPG, cOutPG) = (cIn / groups, cOut / groups)
    let axes = (rank == 1 ? [AxisParameters()] : []) + parameters.axes
    let inSize = (rank == 1 ? [1] : []) + Array(inputShape[2...])
    let kSize = (rank == 1 ? [1] : []) + Array(weightShape[2...])
    let outSize = (rank == 1 ? [1] : []) + Array(outShape[2...])
    // A stride past the output (a hostile model's 2^40) stays on the engine's row kernels.
    guard axes[0].stride <= max(outSize[0], 1),
      let terms = Terms(axes[1], kernel: kSize[1], output: outSize[1])
    else { return false }
    let planH = PhaseGEMM.AxisPlan(axes[0], kernel: kSize[0], output: outSize[0])
    let tapsH = planH.phases.map(\.taps.count).max() ?? 0
    guard
      ConvolutionGEMM.applies(
        rank: 2, inputChannels: cIn, outputChannels: cOut, kernel: [tapsH, terms.taps.count],
        groups: groups, kernels: kernels)
    else { return false }
    let (inH, inW, outH, outW) = (inSize[0], inSize[1], outSize[0], outSize[1])
    let dMin = terms.shifts.min() ?? 0
    let dMax = terms.shifts.max() ?? 0
    // The repeated rows: `hp` per channel, each `wr` long, in proportion to the problem.
    let (hp, wr) = (planH.extent, outW + dMax - dMin)
    guard let repeated = CheckedSize.productOrNil([cInPG, hp, wr]),
      let tensors = CheckedSize.sumOrNil([
        CheckedSize.productOrNil(inputShape) ?? Int.max / 64,
        CheckedSize.productOrNil(weightShape) ?? Int.max / 64,
        CheckedSize.productOrNil(outShape) ?? Int.max / 64,
      ]), repeated <= 16 * tensors + (1 << 22)
    else { return false }
    let blocks = Blocks(rows: cOutPG)
    let kPerPhase = planH.phases.map { cInPG * $0.taps.count * terms.taps.count }
    let packedStarts = kPerPhase.reduce(into: [0]) { $0.append($0[$0.count - 1] + $1 * blocks.rowSlots * 2) }
    let offsetStarts = kPerPhase.reduce(into: [0]) { $0.append($0[$0.count - 1] + $1) }
    let buffers = GEMMScratch(
      source: repeated, offsets: offsetStarts[offsetStarts.count - 1],
      packed: packedStarts[packedStarts.count - 1], biasBlock: cOutPG, scratch: 1)
    defer { buffers.release() }
    let workers = parallelism.map { max(1, $0) } ?? ProcessInfo.processInfo.activeProcessorCount
    let operations = Double(cOutPG) * Double(outH * outW) * Double(cInPG * tapsH * terms.taps.count)
    let chunks = operations < 2_000_000 ? 1 : workers
    // Product row (ci, a, t) of H phase rh: repeated row (shift_a − lo) of channel ci, at D_t − dMin.
    for (rh, ph) in planH.phases.enumerated() {
      var index = offsetStarts[rh]
      for ci in 0..<cInPG {
        for th in ph.taps {
          for d in terms.shifts {
            buffers.offsets[index] = (ci * hp + th.shift - planH.lo) * wr + d - dMin
            index += 1
          }
        }
      }
    }
    let kk = kSize[0] * kSize[1]
    for g in 0..<groups {
      for r in 0..<cOutPG { buffers.biasBlock[r] = bias[g * cOutPG + r] }
      for (rh, ph) in planH.phases.enumerated() {
        blocks.pack(
          into: buffers.packed + packedStarts[rh], w: w + g * cInPG * cOutPG * kk, inputChannels: cInPG,
          tapsH: ph.taps.map(\.tap), tapsW: terms.taps, kk: kk, kW: kSize[1])
      }
      for n in 0..<batch {
        let copy = RepeatedRows(
          x: x + (n * cIn + g * cInPG) * inH * inW, out: buffers.source, inH: inH, inW: inW, lo: planH.lo,
          hp: hp, wr: wr, dMin: dMin)
        // More parts than threads: `ParallelLoop.perform` hands them out as threads come free, so a
        // thread the machine holds back does less of the work (each row is still one thread's).
        let copyParts = min(chunks > 1 ? 4 * chunks : 1, cInPG)
        ParallelLoop.perform(iterations: copyParts) { part in
          copy.run(channels: (cInPG * part / copyParts)..<(cInPG * (part + 1) / copyParts))
        }
        let rows = Rows(
          plan: planH, blocks: blocks, packed: buffers.packed, packedStarts: packedStarts,
          source: buffers.source, wr: wr, offsets: buffers.offsets, offsetStarts: offsetStarts,
          kPerPhase: kPerPhase, bias: buffers.biasBlock, y: y + (n * cOut + g * cOutPG) * outH * outW,
          outH: outH, outW: outW, kernels: kernels)
        let parts = min(chunks > 1 ? 8 * chunks : 1, outH)
        ParallelLoop.perform(iterations: parts) { part in
          rows.run((outH * part / parts)..<(outH * (part + 1) / parts))
        }
      }
    }
    return true
  }

  /// Output channels in blocks of six, then of four (`ckern_deconv_pairs_avx2`'s tiles), so that
  /// few or no rows are computed past the last channel.
  struct Blocks {
    let rows, blocks6, blocks4: Int
    var rowSlots: Int { 6 * blocks6 + 4 * blocks4 }

    init(rows: Int) {
      self.rows = rows
      let (sixes, rest) = rows.quotientAndRemainder(dividingBy: 6)
      switch rest {
      case 0: (blocks6, blocks4) = (sixes, 0)
      case 2 where sixes > 0: (blocks6, blocks4) = (sixes - 1, 2)
      case 5: (blocks6, blocks4) = (sixes + 1, 0)
      default: (blocks6, blocks4) = (sixes, 1)
      }
    }

    /// Writes one H phase's weight pairs in the kernel's layout (zero past `rows`): product row
    /// `(ci, a, t)` of channel `co` holds taps `(tapsH[a], tapsW[t].even)` and `(…, .odd)` of
    /// `w[ci, co]` (`w` the group's `(C_in/groups, rows, kH, kW)` weight).
    func pack(
      into a: UnsafeMutablePointer<Float>, w: UnsafePointer<Float>, inputChannels: Int, tapsH: [Int],
      tapsW: [(even: Int, odd: Int)], kk: Int, kW: Int
    ) {
      let k = inputChannels * tapsH.count * tapsW.count
      var base = 0
      var first = 0
      for size in Array(repeating: 6, count: blocks6) + Array(repeating: 4, count: blocks4) {
        for r in 0..<size {
          let co = first + r
          var index = 0
          for ci in 0..<inputChannels {
            let taps = w + (ci * rows + min(co, rows - 1)) * kk
            for jh in tapsH {
              for tw in tapsW {
                let pair = a + base + (index * size + r) * 2
                pair[0] = co < rows ? taps[jh * kW + tw.even] : 0
                pair[1] = co < rows ? taps[jh * kW + tw.odd] : 0
                index += 1
              }
            }
          }
        }
        base += k * size * 2
        first += size
      }
    }
  }

  /// The input of one (batch, group) as repeated rows: row `iy − lo` of channel `ci` holds, at
  /// `u`, input sample `(iy, ⌊(u + dMin)/2⌋)`, or zero outside the input.
  struct RepeatedRows: @unchecked Sendable {
    let x: UnsafePointer<Float>
    let out: UnsafeMutablePointer<Float>
    let inH, inW, lo, hp, wr, dMin: Int

    func run(channels: Range<Int>) {
      // u + dMin in 0..<2·inW.
      let uA = min(wr, max(0, -dMin))
      let uB = max(uA, min(wr, 2 * inW - dMin))
      for ci in channels {
        for row in 0..<hp {
          let dst = out + (ci * hp + row) * wr
          let iy = row + lo
          guard iy >= 0, iy < inH, uB > uA else {
            dst.update(repeating: 0, count: wr)
            continue
          }
          let src = x + (ci * inH + iy) * inW
          dst.update(repeating: 0, count: uA)
          (dst + uB).update(repeating: 0, count: wr - uB)
          var u = uA
          if (u + dMin) & 1 != 0 {
            dst[u] = src[(u + dMin) >> 1]
            u += 1
          }
          let pairs = (uB - u) / 2
          ckern_repeat_pairs(dst + u, src + (u + dMin) / 2, pairs)
          u += 2 * pairs
          if u < uB { dst[u] = src[(u + dMin) >> 1] }
        }
      }
    }
  }

  /// The products of one (batch, group), by output row.
  struct Rows: @unchecked Sendable {
    let plan: PhaseGEMM.AxisPlan
    let blocks: Blocks
    let packed: UnsafeMutablePointer<Float>
    let packedStarts: [Int]
    let source: UnsafeMutablePointer<Float>
    let wr: Int
    let offsets: UnsafeMutablePointer<Int>
    let offsetStarts: [Int]
    let kPerPhase: [Int]
    let bias: UnsafeMutablePointer<Float>
    let y: UnsafeMutablePointer<Float>
    let outH, outW: Int
    /// `.avx512` runs the 32-position kernel (the same bits), any other C set the 16-position one.
    let kernels: KernelSet

    /// Output rows `oy` in `range`: phase `oy mod sH`, position `oy div sH` in it.
    func run(_ range: Range<Int>) {
      let s = plan.stride
      for oy in range {
        let (mh, rh) = oy.quotientAndRemainder(dividingBy: s)
        let k = kPerPhase[rh]
        let out = y + oy * outW
        guard k > 0 else {
          for co in 0..<blocks.rows { (out + co * outH * outW).update(repeating: bias[co], count: outW) }
          continue
        }
        if kernels == .avx512 {
          ckern_deconv_pairs_avx512(
            packed + packedStarts[rh], blocks.blocks6, blocks.blocks4, blocks.rows, source + mh * wr,
            offsets + offsetStarts[rh], k, bias, out, outH * outW, outW)
        } else {
          ckern_deconv_pairs_avx2(
            packed + packedStarts[rh], blocks.blocks6, blocks.blocks4, blocks.rows, source + mh * wr,
            offsets + offsetStarts[rh], k, bias, out, outH * outW, outW)
        }
      }
    }
  }
}
