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
  /// vector serves four channels. Short border passes run per channel as in `rows(_:)`.
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
    defer {
      xRows.deallocate()
      wRows.deallocate()
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
      for op in blockOps {
        if op.tap2 >= 0 {
          tile(op, scratch, outW: outW, kk: kk, xRows, wRows, items, twoTaps: true)
        } else {
          tile(op, scratch, outW: outW, kk: kk, xRows, wRows, items, twoTaps: false)
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

  /// One long pass for four channels: register tiles of 8 positions, then a scalar tail.
  @inline(__always)
  private func tile(
    _ op: RowOp, _ scratch: UnsafeMutablePointer<Float>, outW: Int, kk: Int,
    _ xRows: UnsafeMutablePointer<UnsafePointer<Float>>, _ wRows: UnsafeMutablePointer<UnsafePointer<Float>>,
    _ items: Int, twoTaps: Bool
  ) {
    let t1 = op.tap1
    let t2 = twoTaps ? op.tap2 : op.tap1
    var u = 0
    while u + Self.blockWidth <= op.count {
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
        let wr = wRows[it]
        let xa = xr.loadUnaligned(fromByteOffset: first, as: SIMD4<Float>.self)
        let xb = xr.loadUnaligned(fromByteOffset: first + 16, as: SIMD4<Float>.self)
        a0 += xa * wr[t1]
        b0 += xb * wr[t1]
        a1 += xa * wr[kk + t1]
        b1 += xb * wr[kk + t1]
        a2 += xa * wr[2 * kk + t1]
        b2 += xb * wr[2 * kk + t1]
        a3 += xa * wr[3 * kk + t1]
        b3 += xb * wr[3 * kk + t1]
        if twoTaps {
          let ya = xr.loadUnaligned(fromByteOffset: second, as: SIMD4<Float>.self)
          let yb = xr.loadUnaligned(fromByteOffset: second + 16, as: SIMD4<Float>.self)
          a0 += ya * wr[t2]
          b0 += yb * wr[t2]
          a1 += ya * wr[kk + t2]
          b1 += yb * wr[kk + t2]
          a2 += ya * wr[2 * kk + t2]
          b2 += yb * wr[2 * kk + t2]
          a3 += ya * wr[3 * kk + t2]
          b3 += yb * wr[3 * kk + t2]
        }
      }
      let base = UnsafeMutableRawPointer(scratch + op.out + u)
      let row = outW * 4
      Self.add(a0, b0, to: base)
      Self.add(a1, b1, to: base + row)
      Self.add(a2, b2, to: base + 2 * row)
      Self.add(a3, b3, to: base + 3 * row)
      u += Self.blockWidth
    }
    while u < op.count {
      for k in 0..<Self.channelBlock {
        var sum: Float = 0
        for it in 0..<items {
          let wr = wRows[it] + k * kk
          sum += xRows[it][op.in1 + u] * wr[t1]
          if twoTaps { sum += xRows[it][op.in2 + u] * wr[t2] }
        }
        scratch[k * outW + op.out + u] += sum
      }
      u += 1
    }
  }

  @inline(__always)
  private static func add(_ a: SIMD4<Float>, _ b: SIMD4<Float>, to p: UnsafeMutableRawPointer) {
    p.storeBytes(of: p.loadUnaligned(as: SIMD4<Float>.self) + a, as: SIMD4<Float>.self)
    p.storeBytes(
      of: p.loadUnaligned(fromByteOffset: 16, as: SIMD4<Float>.self) + b, toByteOffset: 16,
      as: SIMD4<Float>.self)
  }
}
