/// The sizes of one plane measurement `(N, C, H, W)` or `(N, C, L)` (as one row), shared read-only
/// by the per-plane workers.
///
/// Per plane, three steps, each a fixed order of additions (so the result is deterministic and
/// independent of the thread count):
///
/// 1. one pass over the cropped interior's rows: each row is widened to Double once and added to the
///    row-phase sums of every distinct tile height `t_y` (`phase[t][y mod t_y][x]`, rows below that
///    tile's crop only), and its squares to per-column sums of squares; when the rows reach a tile
///    height's crop, the column sums of squares are read off for every crop width;
/// 2. per (tile height, tile width) pair some candidate uses, the row-phase sums folded by column
///    phase into the `t_y × t_x` tile of phase sums (`foldColumns`);
/// 3. per candidate period, that tile folded into the period's phases (rows by row phase, 8 wide,
///    then columns), and `E`, `T`, `R` from them.
///
/// Every addition is in Double; compared with one pass per candidate in (row, column) order the sums
/// differ only by rounding (relative 1e-12 or less on float32 inputs; `MeasureAgreementTests`).
struct PlanePlan: Sendable {
  /// Candidate periods and the tiles they are measured on (tile indices into `tilesY` / `tilesX`),
  /// with the index of their (tile height, tile width) pair in `pairs`.
  let candidates: [(py: Int, px: Int, t: Int, k: Int, pair: Int)]
  let tilesY: [Int]
  let tilesX: [Int]
  /// Crop extents per tile height / width: whole tiles from the interior's top-left corner.
  let cropRows: [Int]
  let cropCols: [Int]
  /// The (tile height, tile width) pairs the candidates use, and where each one's tile starts in
  /// the per-plane fold buffer.
  let pairs: [(t: Int, k: Int)]
  let pairOffsets: [Int]
  let foldTotal: Int
  /// Where each tile height's row-phase sums start (rows `maxCols` apart).
  let phaseOffsets: [Int]
  let phaseTotal: Int
  let maxRows: Int
  let maxCols: Int
  let planeSize: Int
  let width: Int
  /// The interior's first sample in a plane.
  let origin: Int

  init(
    candidates list: [(py: Int, px: Int, ty: Int, tx: Int)], interior: (rows: Int, cols: Int),
    origin: Int, width: Int, planeSize: Int
  ) {
    tilesY = Array(Set(list.map(\.ty))).sorted()
    tilesX = Array(Set(list.map(\.tx))).sorted()
    cropRows = tilesY.map { interior.rows / $0 * $0 }
    cropCols = tilesX.map { interior.cols / $0 * $0 }
    maxRows = cropRows.max() ?? 0
    maxCols = cropCols.max() ?? 0
    var pairs: [(t: Int, k: Int)] = []
    var offsets: [Int] = []
    var total = 0
    var resolved: [(py: Int, px: Int, t: Int, k: Int, pair: Int)] = []
    for c in list {
      let t = tilesY.firstIndex(of: c.ty) ?? 0
      let k = tilesX.firstIndex(of: c.tx) ?? 0
      let pair: Int
      if let known = pairs.firstIndex(where: { $0.t == t && $0.k == k }) {
        pair = known
      } else {
        pair = pairs.count
        pairs.append((t, k))
        offsets.append(total)
        total += c.ty * c.tx
      }
      resolved.append((c.py, c.px, t, k, pair))
    }
    candidates = resolved
    self.pairs = pairs
    pairOffsets = offsets
    foldTotal = total
    var phase = [0]
    for ty in tilesY { phase.append((phase.last ?? 0) + ty * maxCols) }
    phaseOffsets = phase
    phaseTotal = phase.last ?? 0
    self.origin = origin
    self.width = width
    self.planeSize = planeSize
  }

  /// The number of samples candidate `index` is measured on.
  func samples(_ index: Int) -> Double {
    let c = candidates[index]
    return Double(cropRows[c.t] * cropCols[c.k])
  }

  /// Writes `E`, `T`, `R` of every candidate for plane `plane` into `slots`
  /// (`slots[(plane·count + candidate)·3 + {0, 1, 2}]`).
  func measure(plane: Int, data: UnsafePointer<Float>, slots: UnsafeMutablePointer<Double>) {
    let count = candidates.count
    let base = data + plane * planeSize + origin
    // Eight Doubles of padding after the row-phase sums and the tiles: 8-wide loads reach past them.
    let size = phaseTotal + 8 + 2 * maxCols + tilesY.count * tilesX.count + foldTotal + 8
    let scratch = UnsafeMutablePointer<Double>.allocate(capacity: size)
    defer { scratch.deallocate() }
    scratch.initialize(repeating: 0, count: size)
    let phase = scratch
    let line = phase + phaseTotal + 8
    let columnSquares = line + maxCols
    let squares = columnSquares + maxCols
    let folds = squares + tilesY.count * tilesX.count
    // Step 1: row-phase sums per tile height, column sums of squares read off at each crop.
    for y in 0..<maxRows {
      let row = base + y * width
      for x in 0..<maxCols {
        let v = Double(row[x])
        line[x] = v
        columnSquares[x] += v * v
      }
      for t in tilesY.indices where y < cropRows[t] {
        let acc = phase + phaseOffsets[t] + (y % tilesY[t]) * maxCols
        for x in 0..<maxCols { acc[x] += line[x] }
        if y + 1 == cropRows[t] {
          for k in tilesX.indices {
            var total = 0.0
            for x in 0..<cropCols[k] { total += columnSquares[x] }
            squares[t * tilesX.count + k] = total
          }
        }
      }
    }
    // Step 2: each pair's tile of phase sums.
    for (index, pair) in pairs.enumerated() {
      let (ty, tx) = (tilesY[pair.t], tilesX[pair.k])
      for a in 0..<ty {
        Self.foldColumns(
          phase + phaseOffsets[pair.t] + a * maxCols, count: cropCols[pair.k], period: tx,
          into: folds + pairOffsets[index] + a * tx)
      }
    }
    // Step 3: per candidate, the tile folded into the period's phases.
    let largest = candidates.map { $0.py * $0.px }.max() ?? 1
    let tile = UnsafeMutablePointer<Double>.allocate(capacity: max(1, largest))
    defer { tile.deallocate() }
    let maxPy = candidates.map(\.py).max() ?? 1
    let rowPhases = UnsafeMutablePointer<SIMD8<Double>>.allocate(capacity: max(1, maxPy))
    defer { rowPhases.deallocate() }
    for (index, c) in candidates.enumerated() {
      let (ty, tx) = (tilesY[c.t], tilesX[c.k])
      let phases = c.py * c.px
      tile.update(repeating: 0, count: phases)
      let sums = UnsafePointer(folds + pairOffsets[c.pair])
      if tx <= 8 {
        // The tile's rows (one 8-wide load each, lanes past `tx` unused) summed by row phase,
        // then each row phase's `tx` columns by column phase.
        rowPhases.update(repeating: SIMD8<Double>(), count: c.py)
        var ra = 0
        for a in 0..<ty {
          rowPhases[ra] += UnsafeRawPointer(sums + a * tx).loadUnaligned(as: SIMD8<Double>.self)
          ra += 1
          if ra == c.py { ra = 0 }
        }
        for ra in 0..<c.py {
          let target = tile + ra * c.px
          let row = rowPhases[ra]
          var rb = 0
          for b in 0..<tx {
            target[rb] += row[b]
            rb += 1
            if rb == c.px { rb = 0 }
          }
        }
      } else {
        var ra = 0
        for a in 0..<ty {
          let target = tile + ra * c.px
          var rb = 0
          for b in 0..<tx {
            target[rb] += sums[a * tx + b]
            rb += 1
            if rb == c.px { rb = 0 }
          }
          ra += 1
          if ra == c.py { ra = 0 }
        }
      }
      let sampleCount = Double(cropRows[c.t] * cropCols[c.k])
      let perPhase = sampleCount / Double(phases)
      var total = 0.0
      for i in 0..<phases { total += tile[i] }
      let mean = total / sampleCount
      var periodic = 0.0
      var meanSquares = 0.0
      for i in 0..<phases {
        let m = tile[i] / perPhase
        periodic += (m - mean) * (m - mean)
        meanSquares += m * m
      }
      let sumSquares = squares[c.t * tilesX.count + c.k]
      let slot = slots + (plane * count + index) * 3
      slot[0] = periodic * perPhase
      slot[1] = sumSquares
      slot[2] = max(0, sumSquares - perPhase * meanSquares)
    }
  }

  /// `into[b] = Σ_j source[j·period + b]` for `b < period`, `j < count / period` (`count` a multiple
  /// of `period`). For `period ≤ 8` each period is one 8-wide load (its lanes past `period` are never
  /// read back), even and odd periods summed in two register accumulators added at the end; larger
  /// periods (lattice tiles) are summed one sample at a time. A fixed order, so deterministic.
  /// `source` must be readable for `count + 8` Doubles.
  @inline(__always)
  static func foldColumns(
    _ source: UnsafePointer<Double>, count: Int, period: Int, into target: UnsafeMutablePointer<Double>
  ) {
    guard period <= 8 else {
      for b in 0..<period { target[b] = 0 }
      var b = 0
      for x in 0..<count {
        target[b] += source[x]
        b += 1
        if b == period { b = 0 }
      }
      return
    }
    let n = count / period
    let step = period * MemoryLayout<Double>.stride
    var even = SIMD8<Double>()
    var odd = SIMD8<Double>()
    var p = UnsafeRawPointer(source)
    var j = 0
    while j + 2 <= n {
      even += p.loadUnaligned(as: SIMD8<Double>.self)
      odd += p.loadUnaligned(fromByteOffset: step, as: SIMD8<Double>.self)
      p += 2 * step
      j += 2
    }
    if j < n { even += p.loadUnaligned(as: SIMD8<Double>.self) }
    let sum = even + odd
    for b in 0..<period { target[b] = sum[b] }
  }
}
