extension RowKernel {
  /// Output positions per register tile of the blocked path (two SIMD4 vectors).
  static let blockWidth = 8
  /// Output channels computed together by the blocked path.
  static let channelBlock = 4

  /// True when the blocked path applies: output channels per group come in fours and enough
  /// (input channel, kernel row) items reach each output row to fill the registers.
  static func blockedApplies(_ g: Geometry) -> Bool {
    g.cOutPerGroup % channelBlock == 0 && g.cInPerGroup * g.kH >= 4
  }

  /// The number of work units of the blocked path: batch × channel blocks × output rows.
  static func blockedUnits(_ g: Geometry) -> Int {
    g.batch * (g.cOut / channelBlock) * g.outH
  }

  /// Computes the blocked work units in `range`: unit `(n, block, oy)` writes output row `oy`
  /// of the four channels `4·block ..< 4·block + 4` of batch `n`.
  ///
  /// Every long pass is a register tile: for 8 consecutive positions of one phase and four
  /// output channels, the sum over all items (input channel, kernel row) and the op's taps is
  /// kept in eight SIMD4 accumulators and added to the scratch rows once; each loaded input
  /// vector serves four channels, and the weights are broadcast to SIMD4 once per unit.
  /// Short border passes run per channel as in `rows(_:)`.
  func blockedRows(_ range: Range<Int>) {
    let g = geometry
    let outW = g.outW
    let outH = g.outH
    let kk = g.kH * g.kW
    let blocksPerBatch = g.cOut / Self.channelBlock
    let scratch = UnsafeMutablePointer<Float>.allocate(capacity: max(1, outW) * Self.channelBlock)
    defer { scratch.deallocate() }
    let maxItems = max(1, g.cInPerGroup * max(1, g.kH))
    let xRows = UnsafeMutablePointer<UnsafePointer<Float>>.allocate(capacity: maxItems)
    let wRows = UnsafeMutablePointer<UnsafePointer<Float>>.allocate(capacity: maxItems)
    // Per item, per kernel column, the four channels' weights, each broadcast to a SIMD4.
    let packed = UnsafeMutablePointer<SIMD4<Float>>.allocate(
      capacity: maxItems * max(1, g.kW) * Self.channelBlock)
    defer {
      xRows.deallocate()
      wRows.deallocate()
      packed.deallocate()
    }
    for unit in range {
      let oy = unit % outH
      let block = (unit / outH) % blocksPerBatch
      let n = unit / (outH * blocksPerBatch)
      let co0 = block * Self.channelBlock
      let group = co0 / g.cOutPerGroup
      let coLocal0 = co0 % g.cOutPerGroup
      var items = 0
      for ci in (group * g.cInPerGroup)..<((group + 1) * g.cInPerGroup) {
        let xPlane = x + (n * g.cIn + ci) * g.inH * g.inW
        let wPlane = w + (ci * g.cOutPerGroup + coLocal0) * kk
        for p in hStarts[oy]..<hStarts[oy + 1] {
          xRows[items] = xPlane + hInputs[p] * g.inW
          wRows[items] = wPlane + hTaps[p] * g.kW
          items += 1
        }
      }
      scratch.update(repeating: 0, count: outW * Self.channelBlock)
      if !blockOps.isEmpty {
        for it in 0..<items {
          for j in 0..<g.kW {
            for k in 0..<Self.channelBlock {
              packed[(it * g.kW + j) * Self.channelBlock + k] = SIMD4(repeating: wRows[it][k * kk + j])
            }
          }
        }
      }
      for op in blockOps {
        if op.tap2 >= 0 {
          tile(op, scratch, outW: outW, kw: g.kW, xRows, packed, items, twoTaps: true)
        } else {
          tile(op, scratch, outW: outW, kw: g.kW, xRows, packed, items, twoTaps: false)
        }
      }
      for k in 0..<Self.channelBlock {
        let acc = scratch + k * outW
        let offset = k * kk
        var i = 0
        while i + 1 < items {
          accumulate2(otherOps, acc, xRows[i], wRows[i] + offset, xRows[i + 1], wRows[i + 1] + offset)
          i += 2
        }
        if i < items { accumulate1(otherOps, acc, xRows[i], wRows[i] + offset) }
        let co = co0 + k
        let outRow = y + ((n * g.cOut + co) * outH + oy) * outW
        if phases.count == 1 {
          let b = bias[co]
          for o in 0..<outW { outRow[o] = acc[o] + b }
        } else {
          scatter(acc, into: outRow, bias: bias[co])
        }
      }
    }
  }

  /// One long pass for four channels: register tiles of 8 positions; a last partial tile is
  /// computed at `count − 8` (overlapping the previous one) and only its new positions are added.
  @inline(__always)
  private func tile(
    _ op: RowOp, _ scratch: UnsafeMutablePointer<Float>, outW: Int, kw: Int,
    _ xRows: UnsafeMutablePointer<UnsafePointer<Float>>, _ packed: UnsafeMutablePointer<SIMD4<Float>>,
    _ items: Int, twoTaps: Bool
  ) {
    var u = 0
    while u + Self.blockWidth <= op.count {
      let sums = tileSums(op, at: u, kw: kw, xRows, packed, items, twoTaps: twoTaps)
      let base = UnsafeMutableRawPointer(scratch + op.out + u)
      let row = outW * 4
      Self.add(sums.low.0, sums.high.0, to: base)
      Self.add(sums.low.1, sums.high.1, to: base + row)
      Self.add(sums.low.2, sums.high.2, to: base + 2 * row)
      Self.add(sums.low.3, sums.high.3, to: base + 3 * row)
      u += Self.blockWidth
    }
    guard u < op.count else { return }
    // op.count ≥ blockWidth for every block op, so the overlapping tile starts inside the range.
    let start = op.count - Self.blockWidth
    let sums = tileSums(op, at: start, kw: kw, xRows, packed, items, twoTaps: twoTaps)
    for k in 0..<Self.channelBlock {
      let row = scratch + k * outW + op.out
      for v in (u - start)..<Self.blockWidth {
        row[start + v] += v < 4 ? Self.channel(sums.low, k)[v] : Self.channel(sums.high, k)[v - 4]
      }
    }
  }

  /// Channel `k`'s vector of a quad.
  @inline(__always)
  private static func channel(_ q: Quad, _ k: Int) -> SIMD4<Float> {
    switch k {
    case 0: return q.0
    case 1: return q.1
    case 2: return q.2
    default: return q.3
    }
  }

  @inline(__always)
  private static func add(_ a: SIMD4<Float>, _ b: SIMD4<Float>, to p: UnsafeMutableRawPointer) {
    p.storeBytes(of: p.loadUnaligned(as: SIMD4<Float>.self) + a, as: SIMD4<Float>.self)
    p.storeBytes(
      of: p.loadUnaligned(fromByteOffset: 16, as: SIMD4<Float>.self) + b, toByteOffset: 16,
      as: SIMD4<Float>.self)
  }

  /// The eight positions `u ..< u + 8` of one op for four channels, summed over all items:
  /// channel `k`'s positions 0–3 and 4–7 are `low.k` and `high.k`.
  typealias TileSums = (low: Quad, high: Quad)
  typealias Quad = (SIMD4<Float>, SIMD4<Float>, SIMD4<Float>, SIMD4<Float>)

  @inline(__always)
  private func tileSums(
    _ op: RowOp, at u: Int, kw: Int, _ xRows: UnsafeMutablePointer<UnsafePointer<Float>>,
    _ packed: UnsafeMutablePointer<SIMD4<Float>>, _ items: Int, twoTaps: Bool
  ) -> TileSums {
    let t1 = op.tap1
    let t2 = twoTaps ? op.tap2 : op.tap1
    var a0 = SIMD4<Float>()
    var b0 = SIMD4<Float>()
    var a1 = SIMD4<Float>()
    var b1 = SIMD4<Float>()
    var a2 = SIMD4<Float>()
    var b2 = SIMD4<Float>()
    var a3 = SIMD4<Float>()
    var b3 = SIMD4<Float>()
    let first = (op.in1 + u) * 4
    let second = (op.in2 + u) * 4
    for it in 0..<items {
      let xr = UnsafeRawPointer(xRows[it])
      let wr = packed + it * kw * 4
      let w1 = wr + t1 * 4
      let w2 = wr + t2 * 4
      let xa = xr.loadUnaligned(fromByteOffset: first, as: SIMD4<Float>.self)
      let xb = xr.loadUnaligned(fromByteOffset: first + 16, as: SIMD4<Float>.self)
      a0 += xa * w1[0]
      b0 += xb * w1[0]
      a1 += xa * w1[1]
      b1 += xb * w1[1]
      a2 += xa * w1[2]
      b2 += xb * w1[2]
      a3 += xa * w1[3]
      b3 += xb * w1[3]
      if twoTaps {
        let ya = xr.loadUnaligned(fromByteOffset: second, as: SIMD4<Float>.self)
        let yb = xr.loadUnaligned(fromByteOffset: second + 16, as: SIMD4<Float>.self)
        a0 += ya * w2[0]
        b0 += yb * w2[0]
        a1 += ya * w2[1]
        b1 += yb * w2[1]
        a2 += ya * w2[2]
        b2 += yb * w2[2]
        a3 += ya * w2[3]
        b3 += yb * w2[3]
      }
    }
    return ((a0, a1, a2, a3), (b0, b1, b2, b3))
  }
}
