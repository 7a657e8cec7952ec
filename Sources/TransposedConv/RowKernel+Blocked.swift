extension RowKernel {
  /// Output positions per register tile of the blocked path (one `TileVector`).
  static let blockWidth = TileVector.scalarCount
  /// Output channels computed together by the blocked path (the Swift and AVX2 tiles; the
  /// smallest block).
  static let channelBlock = 4
  /// The wider block of the AVX-512 kernel `ckern_tile8_avx512`.
  static let wideChannelBlock = 8
  /// Items (input channel, kernel row) summed per pass over a row's tiles.
  static let itemChunk = 32

  /// True when the blocked path applies: output channels per group come in fours and enough
  /// (input channel, kernel row) items reach each output row to fill the registers.
  static func blockedApplies(_ g: Geometry) -> Bool {
    g.cOutPerGroup % channelBlock == 0 && g.cInPerGroup * g.kH >= 4
  }

  /// The output channels per block of the blocked path: eight with the AVX-512 kernels when
  /// output channels per group come in eights (and `wide` allows it), else four. Either way each
  /// lane's sum takes the same items in the same order, so the choice never changes a bit.
  static func blockChannels(for g: Geometry, kernels: KernelSet, wide: Bool = true) -> Int {
    wide && kernels == .avx512 && g.cOutPerGroup % wideChannelBlock == 0 ? wideChannelBlock : channelBlock
  }

  /// The number of work units of the blocked path: batch × channel blocks × output rows.
  static func blockedUnits(_ g: Geometry, channelBlock: Int) -> Int {
    g.batch * (g.cOut / channelBlock) * g.outH
  }

  /// Copies the input `(N, C_in, H, W)` to `(N, H, C_in, W)` order, so that the rows one kernel
  /// row reads across input channels are consecutive (`inW` apart) rather than a plane apart,
  /// which would put a chunk's rows in the same cache set.
  static func interleaveRows(_ x: UnsafePointer<Float>, _ g: Geometry, into out: UnsafeMutablePointer<Float>)
  {
    for n in 0..<g.batch {
      for ci in 0..<g.cIn {
        for h in 0..<g.inH {
          let src = x + ((n * g.cIn + ci) * g.inH + h) * g.inW
          (out + ((n * g.inH + h) * g.cIn + ci) * g.inW).update(from: src, count: g.inW)
        }
      }
    }
  }

  /// Computes the blocked work units in `range`: unit `(n, block, oy)` writes output row `oy`
  /// of the `b = blockChannels` channels `b·block ..< b·block + b` of batch `n`.
  ///
  /// Every long pass is a register tile: for `blockWidth` consecutive positions of one phase and
  /// the block's output channels, the sum over all items (input channel, kernel row) and the op's
  /// taps is kept in register accumulators and added to the scratch rows once; each loaded input
  /// vector serves every channel of the block, and the weights are packed once per block.
  /// Short border passes run per channel as in `rows(_:)`.
  func blockedRows(_ range: Range<Int>) {
    let g = geometry
    let cb = blockChannels
    let outW = g.outW
    let outH = g.outH
    let kk = g.kH * g.kW
    let blocksPerBatch = g.cOut / cb
    let scratch = UnsafeMutablePointer<Float>.allocate(capacity: max(1, outW) * cb)
    defer { scratch.deallocate() }
    let maxItems = max(1, g.cInPerGroup * max(1, g.kH))
    let xRows = UnsafeMutablePointer<UnsafePointer<Float>>.allocate(capacity: maxItems)
    let wRows = UnsafeMutablePointer<UnsafePointer<Float>>.allocate(capacity: maxItems)
    // The current channel block's weights as [input channel][kernel row][kernel column][channel]:
    // broadcast slots for the Swift tiles, plain floats (a quarter of the bytes to write and
    // read) for the C kernels.
    let native = kernels != .portable
    let packedCount = max(1, g.cInPerGroup * kk * cb)
    let packed = UnsafeMutablePointer<WeightSlot>.allocate(capacity: native ? 1 : packedCount)
    let packedFloats = UnsafeMutablePointer<Float>.allocate(capacity: native ? packedCount : 1)
    let rowTaps = UnsafeMutablePointer<Int>.allocate(capacity: g.outer.maxPairs)
    let rowInputs = UnsafeMutablePointer<Int>.allocate(capacity: g.outer.maxPairs)
    defer {
      xRows.deallocate()
      wRows.deallocate()
      packed.deallocate()
      packedFloats.deallocate()
      rowTaps.deallocate()
      rowInputs.deallocate()
    }
    var packedBlock = -1
    for unit in range {
      let oy = unit % outH
      let block = (unit / outH) % blocksPerBatch
      let n = unit / (outH * blocksPerBatch)
      let co0 = block * cb
      let group = co0 / g.cOutPerGroup
      let coLocal0 = co0 % g.cOutPerGroup
      if block != packedBlock, !blockOps.isEmpty {
        for ciLocal in 0..<g.cInPerGroup {
          let wPlane = w + ((group * g.cInPerGroup + ciLocal) * g.cOutPerGroup + coLocal0) * kk
          for t in 0..<kk {
            let slots = (ciLocal * kk + t) * cb
            if native {
              for k in 0..<cb { packedFloats[slots + k] = wPlane[k * kk + t] }
            } else {
              for k in 0..<cb { packed[slots + k] = Self.slot(wPlane[k * kk + t]) }
            }
          }
        }
        packedBlock = block
      }
      let pairCount = outer.pairs(row: oy, taps: rowTaps, inputs: rowInputs)
      var items = 0
      for ciLocal in 0..<g.cInPerGroup {
        let ci = group * g.cInPerGroup + ciLocal
        let xPlane = x + (n * g.cIn + ci) * g.inH * g.inW
        let wPlane = w + (ci * g.cOutPerGroup + coLocal0) * kk
        for p in 0..<pairCount {
          xRows[items] = xPlane + rowInputs[p] * g.inW
          wRows[items] = wPlane + rowTaps[p] * g.kW
          items += 1
        }
      }
      scratch.update(repeating: 0, count: outW * cb)
      // Per kernel row, the input channels in chunks: a chunk's input rows (a fixed stride apart,
      // as are its packed weights) are streamed through every tile while they stay in cache.
      for p in 0..<pairCount where !blockOps.isEmpty {
        let xBase = xByRow + ((n * g.inH + rowInputs[p]) * g.cIn + group * g.cInPerGroup) * g.inW
        var lo = 0
        while lo < g.cInPerGroup {
          let first = (lo * kk + rowTaps[p] * g.kW) * cb
          let chunk = Panel(
            x: xBase + lo * g.inW, xStride: g.inW,
            w: UnsafePointer(packed + (native ? 0 : first)),
            wFloats: UnsafePointer(packedFloats + (native ? first : 0)),
            wStride: kk * cb, count: min(Self.itemChunk, g.cInPerGroup - lo))
          for op in blockOps { tile(op, scratch, outW: outW, chunk) }
          lo += Self.itemChunk
        }
      }
      for k in 0..<cb {
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

  /// One long pass for the block's channels (the C kernels: `nativeTile`). The Swift tiles (four
  /// channels): register tiles of `blockWidth` positions; a last partial tile is computed at
  /// `count − blockWidth` (overlapping the previous one) and only its new positions are added.
  @inline(__always)
  private func tile(
    _ op: RowOp, _ scratch: UnsafeMutablePointer<Float>, outW: Int, _ chunk: Panel
  ) {
    if kernels != .portable {
      nativeTile(op, scratch, outW: outW, chunk)
      return
    }
    var u = 0
    while u + Self.blockWidth <= op.count {
      let sums = tileSums(op, at: u, chunk)
      let base = UnsafeMutableRawPointer(scratch + op.out + u)
      let row = outW * 4
      Self.add(sums.0, to: base)
      Self.add(sums.1, to: base + row)
      Self.add(sums.2, to: base + 2 * row)
      Self.add(sums.3, to: base + 3 * row)
      u += Self.blockWidth
    }
    guard u < op.count else { return }
    // op.count ≥ blockWidth for every block op, so the overlapping tile starts inside the range.
    let start = op.count - Self.blockWidth
    let sums = tileSums(op, at: start, chunk)
    for k in 0..<Self.channelBlock {
      let row = scratch + k * outW + op.out
      let sum = Self.channel(sums, k)
      for v in (u - start)..<Self.blockWidth { row[start + v] += sum[v] }
    }
  }

  /// Channel `k`'s vector of a quad.
  @inline(__always)
  private static func channel(_ q: Quad, _ k: Int) -> TileVector {
    switch k {
    case 0: return q.0
    case 1: return q.1
    case 2: return q.2
    default: return q.3
    }
  }

  @inline(__always)
  private static func add(_ a: TileVector, to p: UnsafeMutableRawPointer) {
    p.storeBytes(of: p.loadUnaligned(as: TileVector.self) + a, as: TileVector.self)
  }

  /// The `blockWidth` positions from `u` of one op for four channels, summed over all items:
  /// channel `k`'s sums are element `k` of the quad.
  typealias Quad = (TileVector, TileVector, TileVector, TileVector)

  /// Items (input channel, kernel row) of one kernel row, a fixed stride apart: item `i` reads
  /// the input row `x + i·xStride` and the packed weights `w + i·wStride` (one slot per channel
  /// of the block and tap) for the Swift tiles, or `wFloats + i·wStride` for the C kernels.
  struct Panel {
    var x: UnsafePointer<Float>
    var xStride: Int
    var w: UnsafePointer<WeightSlot>
    var wFloats: UnsafePointer<Float>
    var wStride: Int
    var count: Int
  }

  /// Per item: `acc_k += x·w_k` over one `TileVector` of positions, for the four channels `k`.
  @inline(__always)
  private func tileSums(_ op: RowOp, at u: Int, _ chunk: Panel) -> Quad {
    var a0 = TileVector()
    var a1 = TileVector()
    var a2 = TileVector()
    var a3 = TileVector()
    var xp = UnsafeRawPointer(chunk.x + (op.in1 + u))
    var wt = chunk.w + op.tap1 &* blockChannels
    let xStep = chunk.xStride &* 4
    for _ in 0..<chunk.count {
      let xa = xp.loadUnaligned(as: TileVector.self)
      Self.mac(&a0, xa, Self.splat(wt[0]))
      Self.mac(&a1, xa, Self.splat(wt[1]))
      Self.mac(&a2, xa, Self.splat(wt[2]))
      Self.mac(&a3, xa, Self.splat(wt[3]))
      xp += xStep
      wt += chunk.wStride
    }
    return (a0, a1, a2, a3)
  }
}
