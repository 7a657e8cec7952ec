import Dispatch
import TransposedConv

/// The statistic on volumes `(N, C, D, H, W)`: the same `E`, `T`, `R` as for planes, with candidate
/// periods `(p_z, p_y, p_x)` from `axisPeriods` on each of the three interior extents.
extension PeriodicMeasure {
  /// Measures a rank-5 `tensor` with borders from `trace` (three spatial axes).
  ///
  /// Per `(n, c)` volume the phase sums modulo each candidate's crop tile `(t_z, t_y, t_x)` are
  /// built one axis at a time (`VolumePlan`); each candidate period (which divides its tile) then
  /// folds its tile's phase sums into its own phases.
  static func measureVolume(_ tensor: Tensor, trace: SpatialTrace, inputScale: Double) -> PeriodicMeasure {
    let extents = Array(tensor.shape[2...])
    guard extents.count == 3, trace.begin.count == 3, trace.lattice.count == 3 else {
      return .unmeasured(interior: [])
    }
    let interior = trace.interior(extents)
    let axes = (0..<3).map { axisPeriods(interior[$0], trace.lattice[$0], allowed: true) }
    var periods: [[Int]] = []
    var tiles: [[Int]] = []
    for z in axes[0] {
      for y in axes[1] {
        for x in axes[2] where !(z.p == 1 && y.p == 1 && x.p == 1) {
          periods.append([z.p, y.p, x.p])
          tiles.append([z.tile, y.tile, x.tile])
        }
      }
    }
    guard !periods.isEmpty else { return .unmeasured(interior: interior) }
    let samples = tiles.map { tile in
      Double((0..<3).map { interior[$0] / tile[$0] * tile[$0] }.reduce(1, *))
    }
    let planes = tensor.shape[0] * tensor.shape[1]
    let volume = extents.reduce(1, *)
    let plan = VolumePlan(
      periods: periods, tiles: tiles, interior: interior, extents: extents, begin: trace.begin)
    var perPlane = [Double](repeating: 0, count: planes * periods.count * 3)
    perPlane.withUnsafeMutableBufferPointer { slots in
      tensor.data.withUnsafeBufferPointer { data in
        let pointers = VolumePointers(slots: slots.baseAddress, data: data.baseAddress)
        let work: @Sendable (Int) -> Void = { plane in
          guard let slotBase = pointers.slots, let dataBase = pointers.data else { return }
          plan.measure(plane: plane, data: dataBase, slots: slotBase)
        }
        if planes > 1 && volume * planes > 65_536 {
          DispatchQueue.concurrentPerform(iterations: planes, execute: work)
        } else {
          for plane in 0..<planes { work(plane) }
        }
      }
    }
    return summarise(
      periods: periods, samples: samples, perPlane: perPlane, planes: planes, channels: tensor.shape[1],
      interior: interior, inputScale: inputScale)
  }
}

/// The sizes of one volume measurement, shared read-only by the per-volume workers.
///
/// The phase sums modulo a tile `(t_z, t_y, t_x)` over its crop (whole tiles from the interior's
/// first corner) are separable, so they are built one axis at a time, each step a fixed order of
/// Double additions:
///
/// 1. one pass over the cropped interior's slices: each slice is widened to Double once, added to
///    the slice-phase sums of every distinct tile depth (`A[t_z][z mod t_z][y][x]`), and its squares
///    to per-(y, x) sums of squares, read off when the slices reach a tile depth's crop;
/// 2. per (tile depth, tile height) pair the candidates use, the slice-phase sums folded by row
///    phase (`B[t_z, t_y][a][b][x]`, rows below the tile height's crop), and the squares summed over
///    those rows;
/// 3. per (depth, height, width) tile, `B`'s rows folded by column phase (`PlanePlan.foldColumns`),
///    and the squares summed over the crop's columns;
/// 4. per candidate period, its tile folded into the period's phases (rows by (z, y) phase, 8 wide,
///    then columns), and `E`, `T`, `R` from them.
///
/// Compared with one pass per candidate the sums differ only by rounding (`MeasureAgreementTests`).
private struct VolumePlan: Sendable {
  /// Per candidate: its period and the index of its tile in `triples`.
  let periods: [[Int]]
  let tripleOf: [Int]
  let tiles: [[Int]]
  let crops: [[Int]]
  /// The (depth, height) tile index pairs used, each with where its `B` starts.
  let pairs: [(z: Int, y: Int)]
  let pairOffsets: [Int]
  let pairTotal: Int
  /// The (pair, width) tiles used, each with where its folded phase sums start.
  let triples: [(pair: Int, x: Int)]
  let tripleOffsets: [Int]
  let tripleTotal: Int
  /// Where each tile depth's slice-phase sums start in `A` (slices `slice` apart).
  let depthOffsets: [Int]
  let depthTotal: Int
  let maxCrop: [Int]
  let slice: Int
  let volume, height, width: Int
  let origin: Int

  init(periods: [[Int]], tiles candidateTiles: [[Int]], interior: [Int], extents: [Int], begin: [Int]) {
    self.periods = periods
    let tiles = (0..<3).map { axis in Array(Set(candidateTiles.map { $0[axis] })).sorted() }
    let crops = (0..<3).map { axis in tiles[axis].map { interior[axis] / $0 * $0 } }
    let maxCrop = crops.map { $0.max() ?? 0 }
    self.tiles = tiles
    self.crops = crops
    self.maxCrop = maxCrop
    slice = maxCrop[1] * maxCrop[2]
    var pairs: [(z: Int, y: Int)] = []
    var pairOffsets: [Int] = []
    var pairTotal = 0
    var triples: [(pair: Int, x: Int)] = []
    var tripleOffsets: [Int] = []
    var tripleTotal = 0
    var tripleOf: [Int] = []
    for tile in candidateTiles {
      let z = tiles[0].firstIndex(of: tile[0]) ?? 0
      let y = tiles[1].firstIndex(of: tile[1]) ?? 0
      let x = tiles[2].firstIndex(of: tile[2]) ?? 0
      let pair: Int
      if let known = pairs.firstIndex(where: { $0.z == z && $0.y == y }) {
        pair = known
      } else {
        pair = pairs.count
        pairs.append((z, y))
        pairOffsets.append(pairTotal)
        pairTotal += tile[0] * tile[1] * maxCrop[2]
      }
      if let known = triples.firstIndex(where: { $0.pair == pair && $0.x == x }) {
        tripleOf.append(known)
      } else {
        tripleOf.append(triples.count)
        triples.append((pair, x))
        tripleOffsets.append(tripleTotal)
        tripleTotal += tile[0] * tile[1] * tile[2]
      }
    }
    self.pairs = pairs
    self.pairOffsets = pairOffsets
    self.pairTotal = pairTotal
    self.triples = triples
    self.tripleOffsets = tripleOffsets
    self.tripleTotal = tripleTotal
    self.tripleOf = tripleOf
    var depth = [0]
    for tz in tiles[0] { depth.append((depth.last ?? 0) + tz * maxCrop[1] * maxCrop[2]) }
    depthOffsets = depth
    depthTotal = depth.last ?? 0
    volume = extents.reduce(1, *)
    height = extents[1]
    width = extents[2]
    origin = (begin[0] * extents[1] + begin[1]) * extents[2] + begin[2]
  }

  /// Writes `E`, `T`, `R` of every candidate for volume `plane` into `slots`.
  func measure(plane: Int, data: UnsafePointer<Float>, slots: UnsafeMutablePointer<Double>) {
    let base = data + plane * volume + origin
    let (maxZ, maxY, maxX) = (maxCrop[0], maxCrop[1], maxCrop[2])
    let depths = tiles[0].count
    // `rowSums` is followed by other buffers, so `foldColumns`' 8-wide loads stay inside.
    let size =
      depthTotal + 2 * slice + depths * slice + pairTotal + pairs.count * maxX + tripleTotal
      + triples.count + 512
    let scratch = UnsafeMutablePointer<Double>.allocate(capacity: size)
    defer { scratch.deallocate() }
    scratch.initialize(repeating: 0, count: size)
    let sliceSums = scratch
    let current = sliceSums + depthTotal
    let runningSquares = current + slice
    let depthSquares = runningSquares + slice
    let rowSums = depthSquares + depths * slice
    let pairSquares = rowSums + pairTotal
    let folds = pairSquares + pairs.count * maxX
    let squares = folds + tripleTotal
    let tile = squares + triples.count
    // Step 1: slice-phase sums per tile depth; per-(y, x) squares read off at each depth's crop.
    for z in 0..<maxZ {
      for y in 0..<maxY {
        let source = base + (z * height + y) * width
        let row = current + y * maxX
        let rowSquares = runningSquares + y * maxX
        for x in 0..<maxX {
          let v = Double(source[x])
          row[x] = v
          rowSquares[x] += v * v
        }
      }
      for t in 0..<depths where z < crops[0][t] {
        let acc = sliceSums + depthOffsets[t] + (z % tiles[0][t]) * slice
        for i in 0..<slice { acc[i] += current[i] }
        if z + 1 == crops[0][t] { (depthSquares + t * slice).update(from: runningSquares, count: slice) }
      }
    }
    // Step 2: per (depth, height) pair, rows folded by row phase; squares summed over those rows.
    for (index, pair) in pairs.enumerated() {
      let (tz, ty) = (tiles[0][pair.z], tiles[1][pair.y])
      let rows = crops[1][pair.y]
      let target = rowSums + pairOffsets[index]
      for a in 0..<tz {
        let source = sliceSums + depthOffsets[pair.z] + a * slice
        for y in 0..<rows {
          let acc = target + (a * ty + y % ty) * maxX
          let row = source + y * maxX
          for x in 0..<maxX { acc[x] += row[x] }
        }
      }
      let squaresOut = pairSquares + index * maxX
      let squaresIn = depthSquares + pair.z * slice
      for y in 0..<rows {
        let row = squaresIn + y * maxX
        for x in 0..<maxX { squaresOut[x] += row[x] }
      }
    }
    // Step 3: per tile, B's rows folded by column phase; squares summed over the crop's columns.
    for (index, triple) in triples.enumerated() {
      let pair = pairs[triple.pair]
      let (tz, ty, tx) = (tiles[0][pair.z], tiles[1][pair.y], tiles[2][triple.x])
      let columns = crops[2][triple.x]
      let source = rowSums + pairOffsets[triple.pair]
      let target = folds + tripleOffsets[index]
      for r in 0..<(tz * ty) {
        PlanePlan.foldColumns(
          source + r * maxX, count: columns, period: tx, into: target + r * tx)
      }
      var total = 0.0
      let row = pairSquares + triple.pair * maxX
      for x in 0..<columns { total += row[x] }
      squares[index] = total
    }
    // Step 4: per candidate, its tile folded into the period's phases.
    let count = periods.count
    let maxRowPhases = periods.map { $0[0] * $0[1] }.max() ?? 1
    let rowPhases = UnsafeMutablePointer<SIMD8<Double>>.allocate(capacity: max(1, maxRowPhases))
    defer { rowPhases.deallocate() }
    for index in 0..<count {
      let p = periods[index]
      let triple = tripleOf[index]
      let pair = pairs[triples[triple].pair]
      let (tz, ty, tx) = (tiles[0][pair.z], tiles[1][pair.y], tiles[2][triples[triple].x])
      let sampleCount = Double(crops[0][pair.z] * crops[1][pair.y] * crops[2][triples[triple].x])
      let phases = p[0] * p[1] * p[2]
      let folded = phases <= 512 ? tile : UnsafeMutablePointer<Double>.allocate(capacity: phases)
      defer { if phases > 512 { folded.deallocate() } }
      folded.update(repeating: 0, count: phases)
      let sums = UnsafePointer(folds + tripleOffsets[triple])
      if tx <= 8 {
        // The tile's (z, y) rows (one 8-wide load each; lanes past `tx` unused) summed by their
        // (z, y) phase, then each phase row's `tx` columns by column phase.
        rowPhases.update(repeating: SIMD8<Double>(), count: p[0] * p[1])
        var rz = 0
        for z in 0..<tz {
          var ry = 0
          for y in 0..<ty {
            rowPhases[rz * p[1] + ry] += UnsafeRawPointer(sums + (z * ty + y) * tx).loadUnaligned(
              as: SIMD8<Double>.self)
            ry += 1
            if ry == p[1] { ry = 0 }
          }
          rz += 1
          if rz == p[0] { rz = 0 }
        }
        for r in 0..<(p[0] * p[1]) {
          let row = rowPhases[r]
          let target = folded + r * p[2]
          var rx = 0
          for x in 0..<tx {
            target[rx] += row[x]
            rx += 1
            if rx == p[2] { rx = 0 }
          }
        }
      } else {
        var i = 0
        for z in 0..<tz {
          let fz = (z % p[0]) * p[1]
          for y in 0..<ty {
            let fy = (fz + y % p[1]) * p[2]
            for x in 0..<tx {
              folded[fy + x % p[2]] += sums[i]
              i += 1
            }
          }
        }
      }
      let perPhase = sampleCount / Double(phases)
      var total = 0.0
      for k in 0..<phases { total += folded[k] }
      let mean = total / sampleCount
      var periodic = 0.0
      var meanSquares = 0.0
      for k in 0..<phases {
        let m = folded[k] / perPhase
        periodic += (m - mean) * (m - mean)
        meanSquares += m * m
      }
      let sumSquares = squares[triple]
      let slot = slots + (plane * count + index) * 3
      slot[0] = periodic * perPhase
      slot[1] = sumSquares
      slot[2] = max(0, sumSquares - perPhase * meanSquares)
    }
  }
}

/// The buffers the per-volume workers share: each worker writes only its own volume's slots.
private struct VolumePointers: @unchecked Sendable {
  let slots: UnsafeMutablePointer<Double>?
  let data: UnsafePointer<Float>?
}
