import CKernels
import CheckerscopeCore
import Dispatch
import Foundation

/// Forward 1D/2D convolution (cross-correlation with strides, dilations, zero padding and groups)
/// as a matrix product on the C kernels `ckern_conv_gemm_avx2` / `_avx512`: output channels ×
/// positions, summed over `k = (input channel, kernel row, kernel column)` of the group.
///
/// The input rows of the product are never built for stride 1: the input is copied once into
/// zero-padded planes of width `Wp = outW + dW·(kW − 1)`, and the row of `k` is that copy shifted
/// by `ci·plane + i·dH·Wp + j·dW` — position `q = oy·Wp + ox` then reads exactly the samples
/// output `(oy, ox)` needs (the `Wp − outW` positions per row past `outW` are computed and
/// dropped). A strided convolution copies its rows out (im2col, `K × outH·outW`). Each output
/// element's sum takes `k` in order with one fused multiply-add each from 0, then adds the bias,
/// so the result is the same whatever the tile or the number of threads, and the same for the
/// AVX2 and AVX-512 sets (16- and 32-position register tiles with the same per-lane operations). The work is split over positions (or over blocks of output channels for small
/// planes) and run on every core with `ParallelLoop.perform`. 3×3 stride-1 layers with
/// 32 or more channels each way (128 together) take Winograd's F(2×2, 3×3) instead (`Winograd`), on
/// the same kernel. The packed weights are kept between runs (`PackedWeightCache`).
public enum ConvolutionGEMM {
  /// Output channels per packed block (the C kernels' register tile: 6 channels × 16 positions
  /// in AVX2, × 32 in AVX-512).
  static func blockRows(_ kernels: KernelSet) -> Int { 6 }

  /// Whether `apply` runs this convolution: a C kernel set, 1D or 2D, at least eight output
  /// channels per group and sixteen products per output. Depends only on the shapes (and not on
  /// which C set), so the two C sets take the same path and agree bit for bit.
  public static func applies(
    rank: Int, inputChannels: Int, outputChannels: Int, kernel: [Int], groups: Int,
    kernels: KernelSet = .active
  ) -> Bool {
    guard kernels != .portable, rank == 1 || rank == 2, groups >= 1 else { return false }
    let cOutPG = outputChannels / groups
    let k = inputChannels / groups * kernel.reduce(1, *)
    return cOutPG >= 8 && k >= 16
  }

  /// The convolution of `input` `(N, C_in, [H,] W)` with `weight` `(C_out, C_in/groups, [kH,] kW)`
  /// and `bias` `(C_out)` into `output` spatial sizes, with per-axis `strides`, `dilations` and
  /// leading pads `padBegin` (trailing pads are implied by the output size). Nil when `applies`
  /// is false. The caller has checked the shapes (ONNX `Conv` semantics).
  /// `algorithm` picks the product (tests and the benchmark compare them); `.automatic` decides
  /// from the shapes alone.
  public static func apply(
    input: Tensor, weight: Tensor, bias: Tensor?, strides: [Int], dilations: [Int], padBegin: [Int],
    output: [Int], groups: Int, kernels: KernelSet = .active, parallelism: Int? = nil,
    algorithm: Algorithm = .automatic
  ) -> Tensor? {
    let rank = input.rank - 2
    guard
      applies(
        rank: rank, inputChannels: input.shape[1], outputChannels: weight.shape[0],
        kernel: Array(weight.shape[2...]), groups: groups, kernels: kernels),
      strides.count == rank, dilations.count == rank, padBegin.count == rank, output.count == rank
    else { return nil }
    // 1D runs as 2D with a unit H axis.
    let lead = rank == 1 ? [1] : []
    let shape = Shape(
      batch: input.shape[0], cIn: input.shape[1], cOut: weight.shape[0], groups: groups,
      input: lead + Array(input.shape[2...]), kernel: lead + Array(weight.shape[2...]),
      output: lead + output, strides: (rank == 1 ? [1] : []) + strides,
      dilations: (rank == 1 ? [1] : []) + dilations, padBegin: (rank == 1 ? [0] : []) + padBegin)
    guard shape.scratchIsProportionate(input: input.count, weight: weight.count) else { return nil }
    let total = shape.batch * shape.cOut * shape.outH * shape.outW
    let data = [Float](unsafeUninitializedCapacity: total) { buffer, initialized in
      MemoryAdvice.preferHugePages(buffer)
      input.data.withUnsafeBufferPointer { x in
        weight.data.withUnsafeBufferPointer { w in
          guard let xBase = x.baseAddress, let wBase = w.baseAddress, let yBase = buffer.baseAddress else {
            return
          }
          let workers = parallelism.map { max(1, $0) } ?? ProcessInfo.processInfo.activeProcessorCount
          run(
            shape, x: xBase, w: wBase, weights: weight.data, bias: bias?.data, y: yBase, kernels: kernels,
            workers: workers, algorithm: algorithm)
        }
      }
      initialized = total
    }
    return Tensor(shape: [shape.batch, shape.cOut] + output, data: data)
  }

  /// The distance between rows of `count` floats that a product reads side by side: `count`
  /// rounded up to whole 64-byte lines, plus one line when that count of lines is even, so rows
  /// spread over the cache's sets instead of all landing in a few (power-of-two row lengths).
  static func rowStride(_ count: Int) -> Int {
    let lines = (count + 15) / 16
    return (lines % 2 == 0 ? lines + 1 : lines) * 16
  }

  /// Which product computes the convolution.
  public enum Algorithm: Sendable {
    /// Winograd where `Winograd.applies` (the shapes where it measured faster), else direct.
    case automatic
    /// The direct product (implicit im2col or im2col) always.
    case direct
    /// Winograd F(2×2, 3×3) wherever the shape allows it (3×3, stride 1, undilated, outputs of
    /// at least 4×4), else direct.
    case winograd
  }

  /// The sizes of one convolution, 2D (1D with a unit H axis).
  struct Shape {
    let batch, cIn, cOut, groups: Int
    let inH, inW, kH, kW, outH, outW, sH, sW, dH, dW, pH, pW: Int

    init(
      batch: Int, cIn: Int, cOut: Int, groups: Int, input: [Int], kernel: [Int], output: [Int],
      strides: [Int], dilations: [Int], padBegin: [Int]
    ) {
      (self.batch, self.cIn, self.cOut, self.groups) = (batch, cIn, cOut, groups)
      (inH, inW, kH, kW, outH, outW) = (input[0], input[1], kernel[0], kernel[1], output[0], output[1])
      (sH, sW, dH, dW, pH, pW) = (
        strides[0], strides[1], dilations[0], dilations[1], padBegin[0], padBegin[1]
      )
    }

    var cInPG: Int { cIn / groups }
    var cOutPG: Int { cOut / groups }
    var k: Int { cInPG * kH * kW }
    var strided: Bool { sH != 1 || sW != 1 }

    /// Whether the product's input rows (im2col for strided layers, padded planes for stride 1)
    /// stay within 16 × (input + weight + output) + 2^22 elements, computed without overflow.
    /// Pads and dilations far past the input (a hostile model's 2^40) would otherwise ask for
    /// planes out of all proportion to the problem; such layers take the engine's other paths.
    func scratchIsProportionate(input: Int, weight: Int) -> Bool {
      func padded(_ out: Int, _ d: Int, _ k: Int) -> Int? {
        guard let reach = CheckedSize.productOrNil([d, max(k - 1, 0)]) else { return nil }
        return CheckedSize.sumOrNil([out, reach])
      }
      guard let paddedH = padded(outH, dH, kH), let paddedW = padded(outW, dW, kW) else { return false }
      // im2col rows are `rowStride(outH·outW)` apart: at most 32 more per row.
      let row = CheckedSize.productOrNil([outH, outW]).flatMap { CheckedSize.sumOrNil([$0, 32]) } ?? -1
      let rows = strided ? [cInPG, kH, kW, row] : [cInPG, paddedH, paddedW]
      guard rows.allSatisfy({ $0 >= 0 }), let source = CheckedSize.productOrNil(rows),
        let output = CheckedSize.productOrNil([batch, cOut, outH, outW]),
        let limit = CheckedSize.sumOrNil([input, weight, output])
      else { return false }
      return source <= 16 * limit + (1 << 22)
    }
    /// The padded plane's width and height for stride 1.
    var paddedW: Int { outW + dW * (kW - 1) }
    var paddedH: Int { outH + dH * (kH - 1) }
  }

  /// Runs every (batch, group) product.
  /// `w` points into `weights`, whose packed form is kept by `PackedWeightCache`.
  static func run(
    _ s: Shape, x: UnsafePointer<Float>, w: UnsafePointer<Float>, weights: [Float], bias: [Float]?,
    y: UnsafeMutablePointer<Float>, kernels: KernelSet, workers: Int, algorithm: Algorithm = .automatic
  ) {
    let winograd: Bool
    switch algorithm {
    case .automatic: winograd = Winograd.applies(s)
    case .direct: winograd = false
    case .winograd: winograd = Winograd.eligible(s)
    }
    if winograd {
      Winograd.run(s, x: x, w: w, weights: weights, bias: bias, y: y, kernels: kernels, workers: workers)
      return
    }
    let rows = blockRows(kernels)
    let blocks = (s.cOutPG + rows - 1) / rows
    let k = s.k
    // The product's input: im2col rows (strided) or padded planes (stride 1; the input itself
    // when nothing is padded and the rows do not run past a plane's end, i.e. kW = 1).
    let direct = !s.strided && s.kW == 1 && s.pH == 0 && s.pW == 0 && s.paddedH == s.inH && s.paddedW == s.inW
    let positions = s.strided ? s.outH * s.outW : s.outH * s.paddedW
    let plane = s.paddedH * s.paddedW
    // im2col rows lie `rowStride` apart, an odd number of cache lines, so a tile's k rows do not
    // all fall in the same cache sets (16384 positions, rows 64 KiB apart, did: 4× slower).
    let ld = rowStride(positions)
    let sourceCount = s.strided ? k * ld : (direct ? 0 : s.cInPG * plane + s.dW * (s.kW - 1) + 1)
    // Stride 1 with padding writes wide rows (Wp per output row) to a scratch, then drops the tail.
    let wide = !s.strided && s.paddedW != s.outW
    let buffers = GEMMScratch(
      source: sourceCount, offsets: k, packed: 1, biasBlock: blocks * rows,
      scratch: wide ? s.cOutPG * positions : 1)
    defer { buffers.release() }
    let (source, offsets) = (buffers.source, buffers.offsets)
    let groupFloats = blocks * k * rows
    let packedAll = PackedWeightCache.shared.packed(
      weights, layout: [0, rows, s.cOutPG, k, s.groups], count: s.groups * groupFloats
    ) { target in
      packGroups(w, groups: s.groups, rows: s.cOutPG, k: k, blockRows: rows, into: target, workers: workers)
    }
    let (biasBlock, scratch) = (buffers.biasBlock, buffers.scratch)
    for ci in 0..<s.cInPG {
      for i in 0..<s.kH {
        for j in 0..<s.kW {
          let index = (ci * s.kH + i) * s.kW + j
          offsets[index] =
            s.strided ? index * ld : ci * plane + i * s.dH * s.paddedW + j * s.dW
        }
      }
    }
    let operations = Double(s.cOutPG) * Double(k) * Double(positions)
    let chunks = operations < 2_000_000 ? 1 : workers
    for g in 0..<s.groups {
      let packed = packedAll.pointer + g * groupFloats
      biasBlock.update(repeating: 0, count: blocks * rows)
      if let bias {
        for r in 0..<s.cOutPG { biasBlock[r] = bias[g * s.cOutPG + r] }
      }
      for n in 0..<s.batch {
        let xg = x + (n * s.cIn + g * s.cInPG) * s.inH * s.inW
        let yg = y + (n * s.cOut + g * s.cOutPG) * s.outH * s.outW
        let b: UnsafePointer<Float>
        if direct {
          b = xg
        } else {
          // The copies are split over input channels (im2col: over channels × kernel rows, so a
          // three-channel stem splits evenly) like the product (memory-bound, but large for wide
          // strided layers: im2col writes kH·kW values per input sample).
          let copy = Copy(shape: s, x: xg, out: source, count: sourceCount)
          let items = s.strided ? s.cInPG * s.kH : s.cInPG
          let parts = min(chunks, items)
          ParallelLoop.perform(iterations: parts) { part in
            copy.run(items: (items * part / parts)..<(items * (part + 1) / parts))
          }
          b = UnsafePointer(source)
        }
        let work = Work(
          packed: packed, rows: s.cOutPG, b: b, offsets: offsets, k: k, bias: biasBlock,
          c: wide ? scratch : yg,
          ldc: positions, kernels: kernels)
        let parts = work.run(blocks: blocks, positions: positions, chunks: chunks)
        if wide {
          let tails = Tails(shape: s, c: scratch, y: yg)
          ParallelLoop.perform(iterations: parts) { part in
            tails.copy(channels: (s.cOutPG * part / parts)..<(s.cOutPG * (part + 1) / parts))
          }
        }
      }
    }
    withExtendedLifetime(packedAll) {}
  }

  /// Every group's weight rows `(rows, k)` packed like `pack`, group `g` at `g·blocks·k·blockRows`,
  /// the blocks split over `workers` threads.
  static func packGroups(
    _ w: UnsafePointer<Float>, groups: Int, rows: Int, k: Int, blockRows: Int,
    into packed: UnsafeMutablePointer<Float>, workers: Int
  ) {
    let blocks = (rows + blockRows - 1) / blockRows
    let total = groups * blocks
    let parts = Double(total) * Double(k) * Double(blockRows) < 65_536 ? 1 : max(1, min(workers, total))
    let weights = Winograd.Planes(w)
    let target = Winograd.Planes(UnsafePointer(packed))
    ParallelLoop.perform(iterations: parts) { part in
      for index in (total * part / parts)..<(total * (part + 1) / parts) {
        let (g, block) = index.quotientAndRemainder(dividingBy: blocks)
        let first = block * blockRows
        let count = min(blockRows, rows - first)
        pack(
          weights.pointer + (g * rows + first) * k, rows: count, k: k, blockRows: blockRows,
          into: UnsafeMutablePointer(mutating: target.pointer) + index * k * blockRows)
      }
    }
  }

  /// One product's pointers, shared by the threads (each writes its own positions or channels).
  struct Work: @unchecked Sendable {
    let packed: UnsafeMutablePointer<Float>
    let rows: Int
    let b: UnsafePointer<Float>
    let offsets: UnsafeMutablePointer<Int>
    let k: Int
    let bias: UnsafeMutablePointer<Float>
    let c: UnsafeMutablePointer<Float>
    let ldc: Int
    let kernels: KernelSet

    /// Runs all `blocks` × `positions` on `chunks` threads: positions split in multiples of 32
    /// when there are enough, else blocks of output channels, in four parts per thread when there
    /// are several (handed out as threads come free, so a thread that another process slows does
    /// not hold the others up). Returns the parts.
    func run(blocks: Int, positions: Int, chunks: Int) -> Int {
      let tiles = (positions + 31) / 32
      let byPositions = tiles >= 4 * chunks
      let parts = max(1, min(chunks > 1 ? 4 * chunks : 1, byPositions ? tiles : blocks))
      if parts == 1 {
        run(blocks: 0..<blocks, positions: 0..<positions)
      } else if byPositions {
        ParallelLoop.perform(iterations: parts) { part in
          let lo = min(positions, tiles * part / parts * 32)
          let hi = min(positions, tiles * (part + 1) / parts * 32)
          run(blocks: 0..<blocks, positions: lo..<hi)
        }
      } else {
        ParallelLoop.perform(iterations: parts) { part in
          run(blocks: (blocks * part / parts)..<(blocks * (part + 1) / parts), positions: 0..<positions)
        }
      }
      return parts
    }

    func run(blocks range: Range<Int>, positions: Range<Int>) {
      guard !range.isEmpty, !positions.isEmpty else { return }
      if kernels == .avx512 {
        ckern_conv_gemm_avx512(
          packed, range.lowerBound, range.upperBound, rows, b, offsets, k, bias, c, ldc, positions.lowerBound,
          positions.upperBound)
      } else {
        ckern_conv_gemm_avx2(
          packed, range.lowerBound, range.upperBound, rows, b, offsets, k, bias, c, ldc, positions.lowerBound,
          positions.upperBound)
      }
    }
  }

  /// The wide rows of a stride-1 product (`paddedW` positions per output row) and the output
  /// planes they go to.
  struct Tails: @unchecked Sendable {
    let shape: Shape
    let c: UnsafeMutablePointer<Float>
    let y: UnsafeMutablePointer<Float>

    /// Copies the first `outW` of every `paddedW` positions of `channels` into the output.
    func copy(channels: Range<Int>) {
      let s = shape
      let positions = s.outH * s.paddedW
      for co in channels {
        for oy in 0..<s.outH {
          (y + (co * s.outH + oy) * s.outW).update(from: c + co * positions + oy * s.paddedW, count: s.outW)
        }
      }
    }
  }

  /// The weight rows `(rows, k)` packed in blocks of `blockRows`: element `(k, r)` of block `b` at
  /// `((b·k) + k)·blockRows + r`, zero past the last row.
  static func pack(
    _ w: UnsafePointer<Float>, rows: Int, k: Int, blockRows: Int, into packed: UnsafeMutablePointer<Float>
  ) {
    let blocks = (rows + blockRows - 1) / blockRows
    for block in 0..<blocks {
      let target = packed + block * k * blockRows
      for r in 0..<blockRows {
        let row = block * blockRows + r
        if row < rows {
          let source = w + row * k
          for index in 0..<k { target[index * blockRows + r] = source[index] }
        } else {
          for index in 0..<k { target[index * blockRows + r] = 0 }
        }
      }
    }
  }

  /// The product's input for one (batch, group), written by channel ranges on several threads:
  /// im2col rows (`im2col`) or zero-padded planes (`padPlanes`).
  struct Copy: @unchecked Sendable {
    let shape: Shape
    let x: UnsafePointer<Float>
    let out: UnsafeMutablePointer<Float>
    let count: Int

    /// `items`: kernel rows `ci·kH + i` for im2col, input channels for padded planes.
    func run(items: Range<Int>) {
      if shape.strided {
        ConvolutionGEMM.im2col(shape, x, into: out, rows: items)
      } else {
        ConvolutionGEMM.padPlanes(shape, x, into: out, count: count, channels: items)
      }
    }
  }

  /// The input planes of `channels` copied into zero-padded planes `paddedH × paddedW` (input
  /// sample `(iy, ix)` at `(iy + pH, ix + pW)`); the range that ends at the last channel also
  /// zeroes the slack up to `count`.
  static func padPlanes(
    _ s: Shape, _ x: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, count: Int,
    channels: Range<Int>
  ) {
    let plane = s.paddedH * s.paddedW
    guard !channels.isEmpty else { return }
    let end = channels.upperBound == s.cInPG ? count : channels.upperBound * plane
    (out + channels.lowerBound * plane).update(repeating: 0, count: end - channels.lowerBound * plane)
    let width = min(s.inW, s.paddedW - s.pW)
    guard width > 0 else { return }
    for ci in channels {
      for iy in 0..<min(s.inH, s.paddedH - s.pH) {
        (out + ci * plane + (iy + s.pH) * s.paddedW + s.pW).update(
          from: x + (ci * s.inH + iy) * s.inW, count: width)
      }
    }
  }

  /// The strided product's rows: row `k = (ci, i, j)` holds, at `oy·outW + ox`, the input sample
  /// `(oy·sH + i·dH − pH, ox·sW + j·dW − pW)` of channel `ci`, or zero outside the input. Writes
  /// the rows of kernel rows `rows` (`ci·kH + i`).
  static func im2col(
    _ s: Shape, _ x: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, rows: Range<Int>
  ) {
    let ld = rowStride(s.outH * s.outW)
    for item in rows {
      let (ci, i) = item.quotientAndRemainder(dividingBy: s.kH)
      let xPlane = x + ci * s.inH * s.inW
      for j in 0..<s.kW {
        let row = out + ((ci * s.kH + i) * s.kW + j) * ld
        // ix = ox·sW + j·dW − pW lies in 0..<inW for ox in lo..<hi.
        let shift = j * s.dW - s.pW
        let lo = min(s.outW, max(0, (-shift + s.sW - 1) / s.sW))
        let top = s.inW - 1 - shift
        let hi = top < 0 ? lo : max(lo, min(s.outW, top / s.sW + 1))
        for oy in 0..<s.outH {
          let dst = row + oy * s.outW
          let iy = oy * s.sH + i * s.dH - s.pH
          guard iy >= 0, iy < s.inH else {
            dst.update(repeating: 0, count: s.outW)
            continue
          }
          let src = xPlane + iy * s.inW + shift
          for ox in 0..<lo { dst[ox] = 0 }
          if s.sW == 1 {
            (dst + lo).update(from: src + lo, count: hi - lo)
          } else {
            for ox in lo..<hi { dst[ox] = src[ox * s.sW] }
          }
          for ox in hi..<s.outW { dst[ox] = 0 }
        }
      }
    }
  }
}
