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
    var perPlane = [Double](repeating: 0, count: planes * count * 3)
    tensor.data.withUnsafeBufferPointer { data in
      for plane in 0..<planes {
        let base = plane * volume
        for tile in distinctTiles {
          let (tz, ty, tx) = (tile[0], tile[1], tile[2])
          let crop = (0..<3).map { interior[$0] / tile[$0] * tile[$0] }
          var phase = [Double](repeating: 0, count: tz * ty * tx)
          var squares = 0.0
          for z in 0..<crop[0] {
            for y in 0..<crop[1] {
              let row = base + ((begin[0] + z) * height + begin[1] + y) * width + begin[2]
              let phaseRow = ((z % tz) * ty + y % ty) * tx
              var px = 0
              for x in 0..<crop[2] {
                let v = Double(data[row + x])
                phase[phaseRow + px] += v
                squares += v * v
                px += 1
                if px == tx { px = 0 }
              }
            }
          }
          let sampleCount = Double(crop.reduce(1, *))
          for index in 0..<count where tiles[index] == tile {
            let p = periods[index]
            var folded = [Double](repeating: 0, count: p[0] * p[1] * p[2])
            for z in 0..<tz {
              for y in 0..<ty {
                for x in 0..<tx {
                  folded[((z % p[0]) * p[1] + y % p[1]) * p[2] + x % p[2]] += phase[(z * ty + y) * tx + x]
                }
              }
            }
            let perPhase = sampleCount / Double(folded.count)
            let mean = folded.reduce(0, +) / sampleCount
            var periodic = 0.0
            var meanSquares = 0.0
            for s in folded {
              let m = s / perPhase
              periodic += (m - mean) * (m - mean)
              meanSquares += m * m
            }
            let slot = (plane * count + index) * 3
            perPlane[slot] = periodic * perPhase
            perPlane[slot + 1] = squares
            perPlane[slot + 2] = max(0, squares - perPhase * meanSquares)
          }
        }
      }
    }
    return summarise(
      periods: periods, samples: samples, perPlane: perPlane, planes: planes, channels: tensor.shape[1],
      interior: interior, inputScale: inputScale)
  }
}
