import Dispatch
import TransposedConv

/// The statistic on volumes `(N, C, D, H, W)`: the same `E`, `T`, `R` as for planes, with candidate
/// periods `(p_z, p_y, p_x)` from `axisPeriods` on each of the three interior extents.
extension PeriodicMeasure {
  /// Measures a rank-5 `tensor` with borders from `trace` (three spatial axes).
  ///
  /// Per `(n, c)` volume and per distinct crop tile `(t_z, t_y, t_x)` one pass over the cropped
  /// interior sums the samples by phase modulo the tile and their squares; each candidate period
  /// (which divides its tile) then folds the tile's phase sums into its own phases.
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
    let distinctTiles = Array(Set(tiles)).sorted { $0.lexicographicallyPrecedes($1) }
    let crops = tiles.map { tile in (0..<3).map { interior[$0] / tile[$0] * tile[$0] } }
    let samples = crops.map { Double($0.reduce(1, *)) }
    let planes = tensor.shape[0] * tensor.shape[1]
    let volume = extents.reduce(1, *)
    let count = periods.count
    let (height, width) = (extents[1], extents[2])
    let begin = trace.begin
    // Per distinct tile: its crop, where its phase sums start, and its sum-of-squares slot (one per
    // distinct crop: tiles with the same crop sum the same squares in the same order).
    let tileCrops = distinctTiles.map { tile in (0..<3).map { interior[$0] / tile[$0] * tile[$0] } }
    let distinctCrops = Array(Set(tileCrops)).sorted { $0.lexicographicallyPrecedes($1) }
    let cropSlot = tileCrops.map { crop in distinctCrops.firstIndex(of: crop) ?? 0 }
    var phaseOffsets = [0]
    for tile in distinctTiles { phaseOffsets.append((phaseOffsets.last ?? 0) + tile[0] * tile[1] * tile[2]) }
    let phaseTotal = phaseOffsets.last ?? 0
    let maxCrop = (0..<3).map { axis in tileCrops.map { $0[axis] }.max() ?? 0 }
    // Candidates by tile, in candidate order.
    let candidatesOfTile = distinctTiles.map { tile in (0..<count).filter { tiles[$0] == tile } }
    let plan = VolumePlan(
      tiles: distinctTiles, crops: tileCrops, cropSlot: cropSlot, cropCount: distinctCrops.count,
      phaseOffsets: phaseOffsets, phaseTotal: phaseTotal, maxCrop: maxCrop,
      candidatesOfTile: candidatesOfTile,
      periods: periods, count: count, volume: volume, height: height, width: width, begin: begin)
    var perPlane = [Double](repeating: 0, count: planes * count * 3)
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
private struct VolumePlan: Sendable {
  let tiles: [[Int]]
  let crops: [[Int]]
  let cropSlot: [Int]
  let cropCount: Int
  let phaseOffsets: [Int]
  let phaseTotal: Int
  let maxCrop: [Int]
  let candidatesOfTile: [[Int]]
  let periods: [[Int]]
  let count: Int
  let volume, height, width: Int
  let begin: [Int]

  /// Writes `E`, `T`, `R` of every candidate for volume `plane` into `slots`. One pass over the
  /// cropped interior: each row is widened to Double once, then each distinct tile adds it to its
  /// phase sums (every sum takes its samples in the same z, y, x order as a pass of its own would)
  /// and each distinct crop sums its squares in that order.
  func measure(plane: Int, data: UnsafePointer<Float>, slots: UnsafeMutablePointer<Double>) {
    let base = data + plane * volume
    let phase = UnsafeMutablePointer<Double>.allocate(capacity: max(1, phaseTotal))
    phase.initialize(repeating: 0, count: max(1, phaseTotal))
    let squares = UnsafeMutablePointer<Double>.allocate(capacity: max(1, cropCount))
    squares.initialize(repeating: 0, count: max(1, cropCount))
    let row = UnsafeMutablePointer<Double>.allocate(capacity: max(1, maxCrop[2]))
    defer {
      phase.deallocate()
      squares.deallocate()
      row.deallocate()
    }
    var cropDone = [Bool](repeating: false, count: cropCount)
    for z in 0..<maxCrop[0] {
      for y in 0..<maxCrop[1] {
        let source = base + ((begin[0] + z) * height + begin[1] + y) * width + begin[2]
        for x in 0..<maxCrop[2] { row[x] = Double(source[x]) }
        for i in 0..<cropCount { cropDone[i] = false }
        for t in tiles.indices {
          let crop = crops[t]
          if z >= crop[0] || y >= crop[1] { continue }
          let (ty, tx) = (tiles[t][1], tiles[t][2])
          let cx = crop[2]
          let acc = phase + phaseOffsets[t] + ((z % tiles[t][0]) * ty + y % ty) * tx
          for px in 0..<tx {
            var s = acc[px]
            var x = px
            while x < cx {
              s += row[x]
              x += tx
            }
            acc[px] = s
          }
          let slot = cropSlot[t]
          if !cropDone[slot] {
            cropDone[slot] = true
            var q = squares[slot]
            for x in 0..<cx { q += row[x] * row[x] }
            squares[slot] = q
          }
        }
      }
    }
    var folded = [Double](repeating: 0, count: 512)
    for t in tiles.indices {
      let (tz, ty, tx) = (tiles[t][0], tiles[t][1], tiles[t][2])
      let sampleCount = Double(crops[t][0] * crops[t][1] * crops[t][2])
      let sums = phase + phaseOffsets[t]
      let sumSquares = squares[cropSlot[t]]
      for index in candidatesOfTile[t] {
        let p = periods[index]
        let phases = p[0] * p[1] * p[2]
        if folded.count < phases { folded = [Double](repeating: 0, count: phases) }
        for i in 0..<phases { folded[i] = 0 }
        var i = 0
        for z in 0..<tz {
          let fz = (z % p[0]) * p[1]
          for y in 0..<ty {
            let fy = (fz + y % p[1]) * p[2]
            var fx = 0
            for _ in 0..<tx {
              folded[fy + fx] += sums[i]
              i += 1
              fx += 1
              if fx == p[2] { fx = 0 }
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
        let slot = slots + (plane * count + index) * 3
        slot[0] = periodic * perPhase
        slot[1] = sumSquares
        slot[2] = max(0, sumSquares - perPhase * meanSquares)
      }
    }
  }
}

/// The buffers the per-volume workers share: each worker writes only its own volume's slots.
private struct VolumePointers: @unchecked Sendable {
  let slots: UnsafeMutablePointer<Double>?
  let data: UnsafePointer<Float>?
}
