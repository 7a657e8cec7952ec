/// One pass of the W-axis correlation over a scratch row: for `u` in `0..<count`,
/// `scratch[out + u] += w[tap1]·x[in1 + u] (+ w[tap2]·x[in2 + u] when tap2 ≥ 0)`.
/// Two taps of a phase are fused when they cover the same range.
struct RowOp {
  var out: Int
  var in1: Int
  var tap1: Int
  var in2: Int
  var tap2: Int
  var count: Int
}

/// One W phase as stored in the scratch row: outputs `first, first + stride, …`.
struct RowPhase {
  var first: Int
  var count: Int
  var offset: Int
}

extension Geometry {
  /// The W-axis work of one (input row, kernel row) pair as a flat list of passes.
  ///
  /// Taps of a phase are taken two at a time; the range both cover is one fused pass and the
  /// parts only one of them covers (at most two per tap, at the borders) are single passes.
  func rowOps() -> [RowOp] {
    var ops: [RowOp] = []
    for phase in planW.phases {
      let taps = phase.taps
      var t = 0
      while t < taps.count {
        let a = taps[t]
        guard t + 1 < taps.count else {
          ops.append(single(a, phase, from: a.outStart, to: a.outStart + a.count))
          break
        }
        let c = taps[t + 1]
        let lo = max(a.outStart, c.outStart)
        let hi = min(a.outStart + a.count, c.outStart + c.count)
        if hi - lo < 8 {
          ops.append(single(a, phase, from: a.outStart, to: a.outStart + a.count))
          ops.append(single(c, phase, from: c.outStart, to: c.outStart + c.count))
        } else {
          ops.append(
            RowOp(
              out: phase.bufferOffset + lo, in1: a.inStart + lo - a.outStart, tap1: a.tap,
              in2: c.inStart + lo - c.outStart, tap2: c.tap, count: hi - lo))
          for tap in [a, c] {
            if tap.outStart < lo { ops.append(single(tap, phase, from: tap.outStart, to: lo)) }
            if tap.outStart + tap.count > hi {
              ops.append(single(tap, phase, from: hi, to: tap.outStart + tap.count))
            }
          }
        }
        t += 2
      }
    }
    return ops
  }

  /// A single-tap pass over the part `from..<to` (phase positions) of `tap`'s range.
  private func single(_ tap: PhasePlan.Tap, _ phase: PhasePlan.Phase, from: Int, to: Int) -> RowOp {
    RowOp(
      out: phase.bufferOffset + from, in1: tap.inStart + from - tap.outStart, tap1: tap.tap, in2: 0, tap2: -1,
      count: to - from)
  }

  /// Runs `body` with a kernel whose plan lives in buffers that outlive the call.
  func withRowKernel(
    x: UnsafePointer<Float>, xByRow: UnsafePointer<Float>, w: UnsafePointer<Float>,
    bias: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>, kernels: KernelSet, blockChannels: Int,
    _ body: (RowKernel) -> Void
  ) {
    let ops = rowOps()
    // The blocked path runs every tap as its own pass over the tap's whole range, so that borders
    // need no short passes; only taps shorter than a tile go to the per-channel loops.
    let tapOps = planW.phases.flatMap { phase in
      phase.taps.map { single($0, phase, from: $0.outStart, to: $0.outStart + $0.count) }
    }
    let blockOps = tapOps.filter { $0.count >= RowKernel.blockWidth }
    let otherOps = tapOps.filter { $0.count < RowKernel.blockWidth }
    let phases = planW.phases.map {
      RowPhase(first: $0.firstOutput, count: $0.count, offset: $0.bufferOffset)
    }
    ops.withUnsafeBufferPointer { opsBuffer in
      blockOps.withUnsafeBufferPointer { blockBuffer in
        otherOps.withUnsafeBufferPointer { otherBuffer in
          phases.withUnsafeBufferPointer { phaseBuffer in
            outer.withPairs { pairs in
              body(
                RowKernel(
                  geometry: self, ops: opsBuffer, blockOps: blockBuffer, otherOps: otherBuffer,
                  phases: phaseBuffer, outer: pairs,
                  x: x, xByRow: xByRow, w: w, bias: bias, y: y, kernels: kernels,
                  blockChannels: blockChannels))
            }
          }
        }
      }
    }
  }
}

/// Computes whole output rows of a fast transposed convolution from raw pointers.
///
/// Row `g` of the output (over batch × channel × row, row-major) is written completely and only
/// by the `rows(_:)` call whose range contains `g`; blocks never share an output element, and the
/// order of the additions for an element depends only on the plan, never on the blocks.
struct RowKernel: @unchecked Sendable {
  let geometry: Geometry
  let ops: UnsafeBufferPointer<RowOp>
  /// The single-tap passes the blocked path runs a block of output channels at a time (long ones)…
  let blockOps: UnsafeBufferPointer<RowOp>
  /// …and the rest (taps shorter than a tile), run one channel at a time.
  let otherOps: UnsafeBufferPointer<RowOp>
  let phases: UnsafeBufferPointer<RowPhase>
  /// The (kernel row, input row) pairs of each output row.
  let outer: OuterPairs
  let x: UnsafePointer<Float>
  /// The input in `(N, H, C_in, W)` order (`RowKernel.interleaveRows`) for the blocked path;
  /// unused by `rows(_:)`.
  let xByRow: UnsafePointer<Float>
  let w: UnsafePointer<Float>
  let bias: UnsafePointer<Float>
  let y: UnsafeMutablePointer<Float>
  /// The micro-kernels of the blocked path's long passes.
  let kernels: KernelSet
  /// Output channels per block of the blocked path (`RowKernel.blockChannels(for:kernels:wide:)`).
  let blockChannels: Int

  /// Computes the output rows in `range`.
  func rows(_ range: Range<Int>) {
    let g = geometry
    let outW = g.outW
    let outH = g.outH
    let cOut = g.cOut
    let inW = g.inW
    let kW = g.kW
    let scratch = UnsafeMutablePointer<Float>.allocate(capacity: max(1, outW))
    defer { scratch.deallocate() }
    let maxItems = max(1, g.cInPerGroup * max(1, g.kH))
    let xRows = UnsafeMutablePointer<UnsafePointer<Float>>.allocate(capacity: maxItems)
    let wRows = UnsafeMutablePointer<UnsafePointer<Float>>.allocate(capacity: maxItems)
    let rowTaps = UnsafeMutablePointer<Int>.allocate(capacity: g.outer.maxPairs)
    let rowInputs = UnsafeMutablePointer<Int>.allocate(capacity: g.outer.maxPairs)
    defer {
      xRows.deallocate()
      wRows.deallocate()
      rowTaps.deallocate()
      rowInputs.deallocate()
    }
    let direct = phases.count == 1
    for row in range {
      let oy = row % outH
      let co = (row / outH) % cOut
      let n = row / (outH * cOut)
      let group = co / g.cOutPerGroup
      let coLocal = co % g.cOutPerGroup
      let outRow = y + row * outW
      // Every (input channel, input row, kernel row) that reaches this output row.
      let pairCount = outer.pairs(row: oy, taps: rowTaps, inputs: rowInputs)
      var items = 0
      for ci in (group * g.cInPerGroup)..<((group + 1) * g.cInPerGroup) {
        let xPlane = x + (n * g.cIn + ci) * g.inH * inW
        let wPlane = w + (ci * g.cOutPerGroup + coLocal) * g.kH * kW
        for p in 0..<pairCount {
          xRows[items] = xPlane + rowInputs[p] * inW
          wRows[items] = wPlane + rowTaps[p] * kW
          items += 1
        }
      }
      // With stride 1 the single phase is the output row itself.
      let acc = direct ? outRow : scratch
      acc.update(repeating: 0, count: outW)
      var i = 0
      while i + 1 < items {
        accumulate2(ops, acc, xRows[i], wRows[i], xRows[i + 1], wRows[i + 1])
        i += 2
      }
      if i < items { accumulate1(ops, acc, xRows[i], wRows[i]) }
      let b = bias[co]
      if direct {
        if b != 0 { for o in 0..<outW { outRow[o] += b } }
      } else {
        scatter(scratch, into: outRow, bias: b)
      }
    }
  }

  /// Adds one (input row, kernel row) pair into the scratch row.
  @inline(__always)
  func accumulate1(
    _ ops: UnsafeBufferPointer<RowOp>,
    _ acc: UnsafeMutablePointer<Float>, _ xa: UnsafePointer<Float>, _ wa: UnsafePointer<Float>
  ) {
    for op in ops {
      let dst = acc + op.out
      let n = op.count
      let x1 = xa + op.in1
      let a1 = wa[op.tap1]
      if op.tap2 >= 0 {
        let x2 = xa + op.in2
        let a2 = wa[op.tap2]
        for u in 0..<n { dst[u] += a1 * x1[u] + a2 * x2[u] }
      } else {
        for u in 0..<n { dst[u] += a1 * x1[u] }
      }
    }
  }

  /// Adds two (input row, kernel row) pairs into the scratch row in one pass.
  @inline(__always)
  func accumulate2(
    _ ops: UnsafeBufferPointer<RowOp>,
    _ acc: UnsafeMutablePointer<Float>, _ xa: UnsafePointer<Float>, _ wa: UnsafePointer<Float>,
    _ xb: UnsafePointer<Float>, _ wb: UnsafePointer<Float>
  ) {
    for op in ops {
      let dst = acc + op.out
      let n = op.count
      let xa1 = xa + op.in1
      let xb1 = xb + op.in1
      let a1 = wa[op.tap1]
      let b1 = wb[op.tap1]
      if op.tap2 >= 0 {
        let xa2 = xa + op.in2
        let xb2 = xb + op.in2
        let a2 = wa[op.tap2]
        let b2 = wb[op.tap2]
        for u in 0..<n { dst[u] += (a1 * xa1[u] + a2 * xa2[u]) + (b1 * xb1[u] + b2 * xb2[u]) }
      } else {
        for u in 0..<n { dst[u] += a1 * xa1[u] + b1 * xb1[u] }
      }
    }
  }

  /// Interleaves the phase-major scratch row into the output row and adds the bias.
  @inline(__always)
  func scatter(
    _ scratch: UnsafeMutablePointer<Float>, into outRow: UnsafeMutablePointer<Float>, bias b: Float
  ) {
    let s = geometry.planW.stride
    if s == 2 {
      let (even, odd) = phases[0].first == 0 ? (phases[0], phases[1]) : (phases[1], phases[0])
      if even.first == 0, odd.first == 1, even.count >= odd.count, even.count <= odd.count + 1 {
        // The common case: the two phases alternate from the start; write sequentially.
        let e = scratch + even.offset
        let d = scratch + odd.offset
        let pairs = odd.count
        Self.interleave(e, d, into: outRow, count: pairs, bias: b)
        if even.count > pairs { outRow[2 * pairs] = e[pairs] + b }
        return
      }
    }
    for phase in phases {
      let src = scratch + phase.offset
      let dst = outRow + phase.first
      for q in 0..<phase.count { dst[q * s] = src[q] + b }
    }
  }

  /// `out[2q] = even[q] + b`, `out[2q + 1] = odd[q] + b` for `q < count`, four pairs at a time.
  @inline(__always)
  static func interleave(
    _ even: UnsafePointer<Float>, _ odd: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>,
    count: Int,
    bias b: Float
  ) {
    let bias4 = SIMD4<Float>(repeating: b)
    let evenRaw = UnsafeRawPointer(even)
    let oddRaw = UnsafeRawPointer(odd)
    let outRaw = UnsafeMutableRawPointer(out)
    var q = 0
    while q + 4 <= count {
      let e = evenRaw.loadUnaligned(fromByteOffset: q &* 4, as: SIMD4<Float>.self) + bias4
      let d = oddRaw.loadUnaligned(fromByteOffset: q &* 4, as: SIMD4<Float>.self) + bias4
      outRaw.storeBytes(of: SIMD4(e[0], d[0], e[1], d[1]), toByteOffset: q &* 8, as: SIMD4<Float>.self)
      outRaw.storeBytes(of: SIMD4(e[2], d[2], e[3], d[3]), toByteOffset: q &* 8 &+ 16, as: SIMD4<Float>.self)
      q += 4
    }
    while q < count {
      out[2 * q] = even[q] + b
      out[2 * q + 1] = odd[q] + b
      q += 1
    }
  }
}
