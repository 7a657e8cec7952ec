import CheckerscopeCore
import Foundation

/// A 1D/2D transposed convolution as one matrix product per output phase on the C kernels of
/// `ConvolutionGEMM`.
///
/// Along an axis with stride `s`, padding `p` and dilation `d`, output `o = r + s·m` (phase `r`)
/// takes exactly the taps `j` with `j·d ≡ r + p (mod s)`, each from input `m + c_j`,
/// `c_j = (r + p − j·d) / s`: per phase, a stride-1 correlation. The input is copied once into
/// zero-padded planes that hold every index any phase reads; a phase's product then reads row
/// `(ci, jh, jw)` at a fixed offset from the plane (as `ConvolutionGEMM` does for stride 1), writes
/// wide rows to a scratch, and the phase's outputs are scattered into place. Each output element
/// is one phase's sum over `(ci, jh, jw)` in order with one fused multiply-add each, plus the bias,
/// so the result does not depend on the kernel set or the number of threads.
enum PhaseGEMM {
  /// The taps of one phase along one axis: `(tap, input offset c_j)`.
  struct AxisPhase {
    var count: Int  // outputs in this phase
    var taps: [(tap: Int, shift: Int)]
  }

  /// The phases of one axis, and the input index range `lo..<hi` they read.
  struct AxisPlan {
    var phases: [AxisPhase]
    var lo: Int
    var hi: Int
    var stride: Int

    init(_ a: AxisParameters, kernel: Int, output: Int) {
      stride = a.stride
      phases = []
      var lo = Int.max
      var hi = Int.min
      for r in 0..<a.stride {
        let count = max(0, (output - r + a.stride - 1) / a.stride)
        var taps: [(tap: Int, shift: Int)] = []
        for j in 0..<kernel {
          let delta = r + a.paddingBegin - j * a.dilation
          if ((delta % a.stride) + a.stride) % a.stride == 0 { taps.append((j, delta / a.stride)) }
        }
        if count > 0, let first = taps.first, let last = taps.last {
          // Shifts fall with the tap.
          lo = min(lo, last.shift)
          hi = max(hi, count - 1 + first.shift + 1)
        }
        phases.append(AxisPhase(count: count, taps: taps))
      }
      if lo > hi {
        lo = 0
        hi = 1
      }
      self.lo = lo
      self.hi = hi
    }

    var extent: Int { hi - lo }
  }

  /// The transposed convolution into `y` (`outShape`), or false when the shapes do not suit
  /// (`ConvolutionGEMM.applies` on the output channels and the largest phase's products).
  static func apply(
    x: UnsafePointer<Float>, inputShape: [Int], w: UnsafePointer<Float>, weightShape: [Int],
    bias: UnsafePointer<Float>, parameters: ConvTransposeParameters, outShape: [Int],
    y: UnsafeMutablePointer<Float>, kernels: KernelSet, parallelism: Int?
  ) -> Bool {
    let rank = parameters.axes.count
    guard rank == 1 || rank == 2 else { return false }
    let groups = parameters.groups
    let (batch, cIn, cOut) = (inputShape[0], inputShape[1], outShape[1])
    let cInPG = cIn / groups
    let cOutPG = cOut / groups
    let axes = (rank == 1 ? [AxisParameters()] : []) + parameters.axes
    let inSize = (rank == 1 ? [1] : []) + Array(inputShape[2...])
    let kSize = (rank == 1 ? [1] : []) + Array(weightShape[2...])
    let outSize = (rank == 1 ? [1] : []) + Array(outShape[2...])
    // A stride past the output (a hostile model's 2^40) would enumerate phases that hold nothing;
    // such layers stay on the engine's row kernels.
    guard zip(axes, outSize).allSatisfy({ $0.stride <= max($1, 1) }) else { return false }
    let planH = AxisPlan(axes[0], kernel: kSize[0], output: outSize[0])
    let planW = AxisPlan(axes[1], kernel: kSize[1], output: outSize[1])
    // The zero-padded planes must stay in proportion to the problem (16 × its tensors + 2^22).
    guard let padded = CheckedSize.productOrNil([cInPG, planH.extent, planW.extent]),
      let tensors = CheckedSize.sumOrNil([
        CheckedSize.productOrNil(inputShape) ?? Int.max / 64,
        CheckedSize.productOrNil(weightShape) ?? Int.max / 64,
        CheckedSize.productOrNil(outShape) ?? Int.max / 64,
      ]), padded <= 16 * tensors + (1 << 22)
    else { return false }
    let tapsH = planH.phases.map(\.taps.count).max() ?? 0
    let tapsW = planW.phases.map(\.taps.count).max() ?? 0
    guard
      ConvolutionGEMM.applies(
        rank: 2, inputChannels: cIn, outputChannels: cOut, kernel: [tapsH, tapsW], groups: groups,
        kernels: kernels)
    else { return false }
    let (wp, hp) = (planW.extent, planH.extent)
    let plane = hp * wp
    let kk = kSize[0] * kSize[1]
    let rows = ConvolutionGEMM.blockRows(kernels)
    let blocks = (cOutPG + rows - 1) / rows
    let maxK = cInPG * tapsH * tapsW
    let maxPositions = (planH.phases.map(\.count).max() ?? 0) * wp
    let sourceCount = cInPG * plane + wp + 1
    let buffers = GEMMScratch(
      source: sourceCount, offsets: maxK, packed: blocks * maxK * rows, biasBlock: blocks * rows,
      scratch: cOutPG * maxPositions)
    defer { buffers.release() }
    let (source, offsets, packed) = (buffers.source, buffers.offsets, buffers.packed)
    let (biasBlock, scratch) = (buffers.biasBlock, buffers.scratch)
    let workers = parallelism.map { max(1, $0) } ?? ProcessInfo.processInfo.activeProcessorCount
    let (outH, outW) = (outSize[0], outSize[1])
    let (inH, inW) = (inSize[0], inSize[1])
    for g in 0..<groups {
      biasBlock.update(repeating: 0, count: blocks * rows)
      for r in 0..<cOutPG { biasBlock[r] = bias[g * cOutPG + r] }
      for n in 0..<batch {
        // The padded planes: input (iy, ix) at ((iy − loH)·Wp + ix − loW), zero elsewhere.
        source.update(repeating: 0, count: sourceCount)
        let xg = x + (n * cIn + g * cInPG) * inH * inW
        let x0 = max(0, planW.lo)
        let x1 = min(inW, planW.hi)
        for ci in 0..<cInPG where x1 > x0 {
          for iy in max(0, planH.lo)..<min(inH, planH.hi) {
            (source + ci * plane + (iy - planH.lo) * wp + (x0 - planW.lo)).update(
              from: xg + (ci * inH + iy) * inW + x0, count: x1 - x0)
          }
        }
        let yg = y + (n * cOut + g * cOutPG) * outH * outW
        for (rh, ph) in planH.phases.enumerated() where ph.count > 0 {
          for (rw, pw) in planW.phases.enumerated() where pw.count > 0 {
            let k = cInPG * ph.taps.count * pw.taps.count
            let scatter = Scatter(
              y: yg, c: scratch, outH: outH, outW: outW, sH: planH.stride, sW: planW.stride, rh: rh, rw: rw,
              countH: ph.count, countW: pw.count, wp: wp)
            if k == 0 {
              scatter.fill(bias: biasBlock, channels: 0..<cOutPG)
              continue
            }
            // Product row (ci, a, b): weight tap (jh_a, jw_b) of input channel ci.
            var index = 0
            for ci in 0..<cInPG {
              for th in ph.taps {
                for tw in pw.taps {
                  offsets[index] = ci * plane + (th.shift - planH.lo) * wp + (tw.shift - planW.lo)
                  index += 1
                }
              }
            }
            for block in 0..<blocks {
              let target = packed + block * k * rows
              for r in 0..<rows {
                let co = block * rows + r
                guard co < cOutPG else {
                  for index in 0..<k { target[index * rows + r] = 0 }
                  continue
                }
                var index = 0
                for ci in 0..<cInPG {
                  let taps = w + ((g * cInPG + ci) * cOutPG + co) * kk
                  for th in ph.taps {
                    for tw in pw.taps {
                      target[index * rows + r] = taps[th.tap * kSize[1] + tw.tap]
                      index += 1
                    }
                  }
                }
              }
            }
            let positions = ph.count * wp
            let operations = Double(cOutPG) * Double(k) * Double(positions)
            let work = ConvolutionGEMM.Work(
              packed: packed, rows: cOutPG, b: UnsafePointer(source), offsets: offsets, k: k, bias: biasBlock,
              c: scratch, ldc: positions, kernels: kernels)
            let parts = work.run(
              blocks: blocks, positions: positions, chunks: operations < 2_000_000 ? 1 : workers)
            ParallelLoop.perform(iterations: parts) { part in
              scatter.copy(channels: (cOutPG * part / parts)..<(cOutPG * (part + 1) / parts))
            }
          }
        }
      }
    }
    return true
  }

  /// One phase's outputs: scratch row `co`, position `mh·Wp + mw` goes to output
  /// `(rh + sH·mh, rw + sW·mw)`.
  struct Scatter: @unchecked Sendable {
    let y: UnsafeMutablePointer<Float>
    let c: UnsafeMutablePointer<Float>
    let outH, outW, sH, sW, rh, rw, countH, countW, wp: Int

    func copy(channels: Range<Int>) {
      let positions = countH * wp
      for co in channels {
        for mh in 0..<countH {
          let src = c + co * positions + mh * wp
          let dst = y + (co * outH + rh + sH * mh) * outW + rw
          for mw in 0..<countW { dst[sW * mw] = src[mw] }
        }
      }
    }

    /// A phase no tap reaches: the bias alone.
    func fill(bias: UnsafePointer<Float>, channels: Range<Int>) {
      for co in channels {
        for mh in 0..<countH {
          let dst = y + (co * outH + rh + sH * mh) * outW + rw
          for mw in 0..<countW { dst[sW * mw] = bias[co] }
        }
      }
    }
  }
}
