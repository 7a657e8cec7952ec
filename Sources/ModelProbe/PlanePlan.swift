/// The sizes of one measurement, shared read-only by the workers: every `(n, c)` map — a signal
/// `(L)`, a plane `(H, W)` or a volume `(D, H, W)`, all seen as `(depth, height, width)` with the
/// missing axes of extent 1 — reduced to the phase sums of every candidate's crop tile and the sums of
/// squares of every crop, then to `E`, `T`, `R` per candidate (`PeriodicMeasure`).
///
/// Per map, one pass over the rows of the largest crop, each a fixed order of Double additions (so the
/// result is deterministic and independent of the thread count):
///
/// 1. each row is widened to Double once and folded by column phase for every distinct tile width
///    (`foldColumns`, whole periods in register accumulators), its squares summed and read off at every
///    crop width (`rowSquares`): a short *row vector* (the phase sums of all tile widths, then one sum
///    of squares per crop width);
/// 2. the row vector is added to the row-phase block `y mod t_y` of every tile height `t_y` whose crop
///    holds the row: a *slice vector*;
/// 3. at the end of each slice, the slice vector is added to the slice-phase block `z mod t_z` of every
///    tile depth whose crop holds the slice;
/// 4. per (depth, height, width) tile some candidate uses, the tile's phase sums and its crop's sum of
///    squares are read out of those blocks and folded into each candidate period's phases
///    (`PlanePlan+Periods.swift`).
///
/// Each map's samples are read once and widened once; every accumulator stays in the first-level cache
/// for planes (a few kilobytes) and within the second for volumes (about 160 kB at a 64³ interior).
/// Compared with one pass per candidate in (depth, row, column) order the sums differ only by rounding
/// (`MeasureAgreementTests`).
struct PlanePlan: Sendable {
  /// One axis: the distinct crop tiles the candidates use (ascending), the crop of each (whole tiles
  /// from the interior's first sample), and where each tile's phase blocks start (prefix sums of the
  /// tiles, so `total` blocks in all).
  struct Axis: Sendable {
    let tiles: [Int]
    let crops: [Int]
    let offsets: [Int]
    let total: Int
    let maxCrop: Int

    init(tiles list: [Int], interior: Int) {
      tiles = Array(Set(list)).sorted()
      crops = tiles.map { interior / $0 * $0 }
      var offsets: [Int] = []
      var total = 0
      for t in tiles {
        offsets.append(total)
        total += t
      }
      self.offsets = offsets
      self.total = total
      maxCrop = crops.max() ?? 0
    }
  }

  /// One candidate: its period and the indices of its tile on each axis `(z, y, x)`.
  struct Candidate: Sendable {
    let period: (z: Int, y: Int, x: Int)
    let tile: (z: Int, y: Int, x: Int)
  }

  /// The candidates measured on one tile, grouped by row period, then depth period, then column
  /// period (so each fold is made once and shared).
  struct TileGroup: Sendable {
    let tile: (z: Int, y: Int, x: Int)
    let byRows: [(py: Int, byDepth: [(pz: Int, byColumns: [(px: Int, index: Int)])])]
  }

  let depth: Axis
  let height: Axis
  let width: Axis
  let candidates: [Candidate]
  let groups: [TileGroup]
  /// The distinct crop widths, ascending (the read-offs of a row's squares), and the read-off of each
  /// tile width.
  let squareCuts: [Int]
  let squareCutOf: [Int]
  /// Row vector: the phase sums of every tile width, then one sum of squares per tile width, then
  /// zeros to a multiple of 16 Doubles (and at least 8 past the start of any tile of width ≤ 8).
  let rowLength: Int
  /// Slice vector: `height.total` row vectors; box: `depth.total` slice vectors.
  let sliceLength: Int
  let boxLength: Int
  /// The largest tile any candidate uses, its rows (`t_x` phase sums) counted at least 8 wide.
  let largestTile: Int
  /// The maps' extents and the interior's first sample on each axis `(depth, height, width)`.
  let extents: [Int]
  let begin: [Int]
  /// Samples per map, per slice and per row in the tensor, and the first sample of the interior.
  let mapSize: Int
  let sliceStride: Int
  let rowStride: Int
  let origin: Int

  /// A plan for candidate `periods` measured on crop `tiles` (one `(z, y, x)` triple each; a signal or a
  /// plane has period and tile 1 on its missing axes), over maps of `extents` whose interior starts at
  /// `begin` and spans `interior` (all three `(depth, height, width)`).
  init(periods: [[Int]], tiles candidateTiles: [[Int]], interior: [Int], extents: [Int], begin: [Int]) {
    precondition(periods.count == candidateTiles.count && interior.count == 3 && extents.count == 3)
    depth = Axis(tiles: candidateTiles.map { $0[0] }, interior: interior[0])
    height = Axis(tiles: candidateTiles.map { $0[1] }, interior: interior[1])
    width = Axis(tiles: candidateTiles.map { $0[2] }, interior: interior[2])
    var list: [Candidate] = []
    for (p, t) in zip(periods, candidateTiles) {
      let z = depth.tiles.firstIndex(of: t[0]) ?? 0
      let y = height.tiles.firstIndex(of: t[1]) ?? 0
      let x = width.tiles.firstIndex(of: t[2]) ?? 0
      list.append(Candidate(period: (p[0], p[1], p[2]), tile: (z, y, x)))
    }
    candidates = list
    groups = Self.grouped(list)
    squareCuts = Array(Set(width.crops)).sorted()
    squareCutOf = width.crops.map { [squareCuts] crop in squareCuts.firstIndex(of: crop) ?? 0 }
    // Long enough that an 8-wide load from any narrow tile's phase sums stays inside the vector.
    let reach = zip(width.offsets, width.tiles).map { $1 <= 8 ? $0 + 8 : 0 }.max() ?? 0
    rowLength = (max(width.total + width.tiles.count, reach) + 15) / 16 * 16
    sliceLength = rowLength * height.total
    boxLength = sliceLength * depth.total
    let (zTiles, yTiles, xTiles) = (depth.tiles, height.tiles, width.tiles)
    largestTile = list.map { zTiles[$0.tile.z] * yTiles[$0.tile.y] * max(8, xTiles[$0.tile.x]) }.max() ?? 8
    self.extents = extents
    self.begin = begin
    mapSize = extents.reduce(1, *)
    sliceStride = extents[1] * extents[2]
    rowStride = extents[2]
    origin = (begin[0] * extents[1] + begin[1]) * extents[2] + begin[2]
  }

  /// The candidates grouped by tile, then by row, depth and column period, in order of first use.
  static func grouped(_ list: [Candidate]) -> [TileGroup] {
    func distinct(_ members: [Int], _ key: (Candidate) -> Int) -> [Int] {
      var seen: [Int] = []
      for i in members where !seen.contains(key(list[i])) { seen.append(key(list[i])) }
      return seen
    }
    var tiles: [(z: Int, y: Int, x: Int)] = []
    for c in list where !tiles.contains(where: { $0 == c.tile }) { tiles.append(c.tile) }
    return tiles.map { tile in
      let members = list.indices.filter { list[$0].tile == tile }
      let byRows = distinct(members, \.period.y).map { py in
        let inRows = members.filter { list[$0].period.y == py }
        let byDepth = distinct(inRows, \.period.z).map { pz in
          (pz: pz, byColumns: inRows.filter { list[$0].period.z == pz }.map { (px: list[$0].period.x, index: $0) })
        }
        return (py: py, byDepth: byDepth)
      }
      return TileGroup(tile: tile, byRows: byRows)
    }
  }

  /// The number of samples candidate `index` is measured on.
  func samples(_ index: Int) -> Double {
    let t = candidates[index].tile
    return Double(depth.crops[t.z] * height.crops[t.y] * width.crops[t.x])
  }

  /// The box the measurement reads in each map: from the interior's first sample, the largest crop
  /// on each axis `(depth, height, width)`.
  var readExtents: [Int] { [depth.maxCrop, height.maxCrop, width.maxCrop] }

  /// The Doubles of scratch one worker needs (`measure(map:data:slots:scratch:)`).
  var scratchCount: Int {
    width.maxCrop + squareCuts.count + height.maxCrop * rowLength + depth.maxCrop * sliceLength + boxLength
      + 3 * largestTile
  }

  /// Writes `E`, `T`, `R` of every candidate for map `map` into `slots`
  /// (`slots[(map·count + candidate)·3 + {0, 1, 2}]`) and returns the sum of squares of the samples of
  /// every row it reads, the columns beside the crop included (not finite exactly when one of them is
  /// not: float32 squares cannot overflow a Double sum). `scratch` holds `scratchCount` Doubles, zero
  /// on first use (the vectors' padding lanes are never written).
  func measure(
    map: Int, data: UnsafePointer<Float>, slots: UnsafeMutablePointer<Double>,
    scratch: UnsafeMutablePointer<Double>
  ) -> Double {
    let base = data + map * mapSize + origin
    let row = scratch
    let cutSums = row + width.maxCrop
    let rowVectors = cutSums + squareCuts.count
    let sliceVectors = rowVectors + height.maxCrop * rowLength
    let box = sliceVectors + depth.maxCrop * sliceLength
    let work = box + boxLength
    let columns = width.maxCrop
    let rowEnd = extents[2] - begin[2]
    var read = 0.0
    for z in 0..<depth.maxCrop {
      for y in 0..<height.maxCrop {
        // Step 1: the row vector.
        let source = base + z * sliceStride + y * rowStride
        let vector = rowVectors + y * rowLength
        for x in 0..<columns { row[x] = Double(source[x]) }
        for k in width.tiles.indices {
          Self.foldColumns(row, count: width.crops[k], period: width.tiles[k], into: vector + width.offsets[k])
        }
        read += Self.rowSquares(row, cuts: squareCuts, into: cutSums)
        for k in width.tiles.indices { vector[width.total + k] = cutSums[squareCutOf[k]] }
        // The rest of the row, for the non-finite check only.
        for x in -begin[2]..<min(0, rowEnd) {
          let v = Double(source[x])
          read += v * v
        }
        for x in columns..<max(columns, rowEnd) {
          let v = Double(source[x])
          read += v * v
        }
      }
      // Step 2: the slice vector, row vectors summed by row phase per tile height.
      Self.phaseSums(
        rowVectors, length: rowLength, axis: height, into: sliceVectors + z * sliceLength)
    }
    // Step 3: the box, slice vectors summed by slice phase per tile depth.
    Self.phaseSums(sliceVectors, length: sliceLength, axis: depth, into: box)
    // Step 4: per tile, its candidates.
    for group in groups { energies(group, box: box, map: map, slots: slots, work: work) }
    return read
  }

  /// `into[(axis.offsets[t] + a)·length + e] = Σ_{i < crop_t, i ≡ a (mod tile_t)} vectors[i·length + e]`
  /// for every tile `t` of `axis` and phase `a`, `i` ascending; `length` a multiple of 16. Sixteen lanes at
  /// a time in registers.
  @inline(__always)
  static func phaseSums(
    _ vectors: UnsafePointer<Double>, length: Int, axis: Axis, into target: UnsafeMutablePointer<Double>
  ) {
    let raw = UnsafeRawPointer(vectors)
    let stride = length * MemoryLayout<Double>.stride
    for t in axis.tiles.indices {
      let tile = axis.tiles[t]
      let crop = axis.crops[t]
      for a in 0..<tile {
        let out = UnsafeMutableRawPointer(target + (axis.offsets[t] + a) * length)
        var e = 0
        while e < length {
          var low = SIMD8<Double>()
          var high = SIMD8<Double>()
          var i = a
          while i < crop {
            low += raw.loadUnaligned(fromByteOffset: i * stride + e * 8, as: SIMD8<Double>.self)
            high += raw.loadUnaligned(fromByteOffset: i * stride + e * 8 + 64, as: SIMD8<Double>.self)
            i += tile
          }
          out.storeBytes(of: low, toByteOffset: e * 8, as: SIMD8<Double>.self)
          out.storeBytes(of: high, toByteOffset: e * 8 + 64, as: SIMD8<Double>.self)
          e += 16
        }
      }
    }
  }

  /// Whether a sample in the rows `measure` does not read is not finite: in each of `maps` maps of
  /// `data`, the slices before and after the crop's, and in the crop's slices the rows above and below it.
  func nonFiniteOffRows(_ data: UnsafeBufferPointer<Float>, maps: Int) -> Bool {
    var found = false
    func scan(_ start: Int, _ length: Int) {
      if length > 0 && !found { found = Probe.hasNonFinite(UnsafeBufferPointer(rebasing: data[start..<(start + length)])) }
    }
    let (z0, z1) = (begin[0], begin[0] + depth.maxCrop)
    let (y0, y1) = (begin[1], begin[1] + height.maxCrop)
    for map in 0..<maps {
      let first = map * mapSize
      guard depth.maxCrop > 0, height.maxCrop > 0 else {
        scan(first, mapSize)
        continue
      }
      scan(first, z0 * sliceStride)
      for z in z0..<z1 {
        scan(first + z * sliceStride, y0 * rowStride)
        scan(first + z * sliceStride + y1 * rowStride, (extents[1] - y1) * rowStride)
      }
      scan(first + z1 * sliceStride, (extents[0] - z1) * sliceStride)
    }
    return found
  }
}
