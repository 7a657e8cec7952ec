import CKernels
import TransposedConv

/// The sizes of one measurement, shared read-only by the workers: every `(n, c)` map — a signal
/// `(L)`, a plane `(H, W)` or a volume `(D, H, W)`, all seen as `(depth, height, width)` with the
/// missing axes of extent 1 — reduced to the phase sums of every candidate's crop tile and the sums of
/// squares of every crop, then to `E`, `T`, `R` per candidate (`PeriodicMeasure`).
///
/// Per map, one pass over the rows of the largest crop, each a fixed order of Double additions (so the
/// result is deterministic and independent of the thread count):
///
/// 1. each row is widened to Double once, its squares summed and read off at every crop width as it
///    is (`widen`), then folded by column phase for every distinct tile width (`foldColumns`, whole
///    periods in register accumulators): a short *row vector* (the phase sums of all tile widths, then one sum
///    of squares per crop width), kept for the slice;
/// 2. at the end of each slice, its row vectors are summed by row phase `y mod t_y` for every tile
///    height, over the rows of that height's crop (`phaseSums`, sixteen lanes in registers): a *slice
///    vector*, kept for the map;
/// 3. at the end of the map, the slice vectors are summed the same way by slice phase for every tile
///    depth: the *box* of phase blocks;
/// 4. per (tile depth, tile height) pair some candidate uses, its row vectors are read out of those
///    blocks, centred per tile width and folded into each candidate period's phases, all tile widths
///    at once (`PlanePlan+Periods.swift`).
///
/// Each map's samples are read once and widened once. For a 64³ interior the row vectors of a slice
/// take 16 kB, the slice vectors 400 kB, the box 170 kB (per worker); a plane's a few kilobytes.
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

  /// The candidates measured on tiles of one (depth, height): `rows` indexes `rowSteps`.
  struct PairStep: Sendable {
    let z: Int
    let y: Int
    let rows: Range<Int>
  }

  let depth: Axis
  let height: Axis
  let width: Axis
  let candidates: [Candidate]
  /// Step 4's order: per (tile depth, tile height) pair, its row periods; per row period, its depth
  /// periods; per depth period, the (tile width, column period, candidate) it measures. Flat, in order
  /// of first use.
  let pairSteps: [PairStep]
  let rowSteps: [(py: Int, depths: Range<Int>)]
  let depthSteps: [(pz: Int, columns: Range<Int>)]
  let columnSteps: [(k: Int, px: Int, index: Int)]
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
  /// The most row vectors (`t_z·t_y`) of any (tile depth, tile height) pair.
  let largestPair: Int
  /// The maps' extents and the interior's first sample on each axis `(depth, height, width)`.
  let extents: [Int]
  let begin: [Int]
  /// Samples per map, per slice and per row in the tensor, and the first sample of the interior.
  let mapSize: Int
  let sliceStride: Int
  let rowStride: Int
  let origin: Int
  /// The plan as the AVX2 kernel reads it (`ckern_measure_map_avx2`): seventeen sizes (the axes' tile
  /// counts, of the crop widths and of each step list; the vector lengths, strides and origin; the
  /// candidates; `largestPair`), then each axis's tiles, crops and offsets (depth, height, width), the
  /// crop widths, `squareCutOf`, and the steps as `(z, y, first, end)`, `(py, first, end)`,
  /// `(pz, first, end)` and `(k, px, index)`.
  let flat: [Int]

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
    (pairSteps, rowSteps, depthSteps, columnSteps) = Self.steps(list)
    squareCuts = Array(Set(width.crops)).sorted()
    squareCutOf = width.crops.map { [squareCuts] crop in squareCuts.firstIndex(of: crop) ?? 0 }
    // Long enough that an 8-wide load from any narrow tile's phase sums stays inside the vector.
    let reach = zip(width.offsets, width.tiles).map { $1 <= 8 ? $0 + 8 : 0 }.max() ?? 0
    rowLength = (max(width.total + width.tiles.count, reach) + 15) / 16 * 16
    sliceLength = rowLength * height.total
    boxLength = sliceLength * depth.total
    let (zTiles, yTiles) = (depth.tiles, height.tiles)
    largestPair = list.map { zTiles[$0.tile.z] * yTiles[$0.tile.y] }.max() ?? 1
    self.extents = extents
    self.begin = begin
    mapSize = extents.reduce(1, *)
    sliceStride = extents[1] * extents[2]
    rowStride = extents[2]
    origin = (begin[0] * extents[1] + begin[1]) * extents[2] + begin[2]
    var flat = [
      depth.tiles.count, height.tiles.count, width.tiles.count, squareCuts.count, pairSteps.count,
      rowSteps.count, depthSteps.count, columnSteps.count, rowLength, sliceLength, boxLength, mapSize,
      sliceStride, rowStride, origin, list.count, largestPair,
    ]
    for axis in [depth, height, width] { flat += axis.tiles + axis.crops + axis.offsets }
    flat += squareCuts + squareCutOf
    for pair in pairSteps { flat += [pair.z, pair.y, pair.rows.lowerBound, pair.rows.upperBound] }
    for step in rowSteps { flat += [step.py, step.depths.lowerBound, step.depths.upperBound] }
    for step in depthSteps { flat += [step.pz, step.columns.lowerBound, step.columns.upperBound] }
    for step in columnSteps { flat += [step.k, step.px, step.index] }
    self.flat = flat
  }

  /// Step 4's order for the candidates `list` (see `pairSteps`).
  static func steps(_ list: [Candidate]) -> (
    [PairStep], [(py: Int, depths: Range<Int>)], [(pz: Int, columns: Range<Int>)],
    [(k: Int, px: Int, index: Int)]
  ) {
    func distinct(_ members: [Int], _ key: (Candidate) -> Int) -> [Int] {
      var seen: [Int] = []
      for i in members where !seen.contains(key(list[i])) { seen.append(key(list[i])) }
      return seen
    }
    var pairs: [PairStep] = []
    var rows: [(py: Int, depths: Range<Int>)] = []
    var depths: [(pz: Int, columns: Range<Int>)] = []
    var columns: [(k: Int, px: Int, index: Int)] = []
    var keys: [(z: Int, y: Int)] = []
    for c in list where !keys.contains(where: { $0 == (c.tile.z, c.tile.y) }) {
      keys.append((c.tile.z, c.tile.y))
    }
    for key in keys {
      let members = list.indices.filter { list[$0].tile.z == key.z && list[$0].tile.y == key.y }
      let rowStart = rows.count
      for py in distinct(members, \.period.y) {
        let inRows = members.filter { list[$0].period.y == py }
        let depthStart = depths.count
        for pz in distinct(inRows, \.period.z) {
          let columnStart = columns.count
          for index in inRows where list[index].period.z == pz {
            columns.append((list[index].tile.x, list[index].period.x, index))
          }
          depths.append((pz, columnStart..<columns.count))
        }
        rows.append((py, depthStart..<depths.count))
      }
      pairs.append(PairStep(z: key.z, y: key.y, rows: rowStart..<rows.count))
    }
    return (pairs, rows, depths, columns)
  }

  /// The number of samples candidate `index` is measured on.
  func samples(_ index: Int) -> Double {
    let t = candidates[index].tile
    return Double(depth.crops[t.z] * height.crops[t.y] * width.crops[t.x])
  }

  /// The box the measurement reads in each map: from the interior's first sample, the largest crop
  /// on each axis `(depth, height, width)`.
  var readExtents: [Int] { [depth.maxCrop, height.maxCrop, width.maxCrop] }

  /// The Doubles at the start of the scratch that are zero on first use: the widened row, the crop
  /// widths' sums of squares and the row vectors, whose padding lanes are never written (they reach no
  /// figure, but zeros keep NaNs and subnormals out of the lanes). Everything after them is written
  /// before it is read.
  var zeroedCount: Int { width.maxCrop + squareCuts.count + height.maxCrop * rowLength }

  /// The Doubles of scratch one worker needs (`measure(map:data:slots:scratch:)`).
  var scratchCount: Int {
    width.maxCrop + squareCuts.count + height.maxCrop * rowLength + depth.maxCrop * sliceLength + boxLength
      + 3 * largestPair * rowLength + 4 * rowLength
  }

  /// Writes `E`, `T`, `R` of every candidate for map `map` into `slots`
  /// (`slots[(map·count + candidate)·3 + {0, 1, 2}]`) and returns the sum of squares of the samples it
  /// reads, the box `readExtents` from the interior's first sample (not finite exactly when one of them
  /// is not: float32 squares cannot overflow a Double sum; the rest of the map is
  /// `nonFiniteOutside`'s). `scratch` holds `scratchCount` Doubles, the first `zeroedCount` zero on
  /// first use (the row vectors' padding lanes are never written). `kernels` other than `.portable` run the same steps in AVX2
  /// lanes (`ckern_measure_map_avx2`), with the same bits.
  func measure(
    map: Int, data: UnsafePointer<Float>, slots: UnsafeMutablePointer<Double>,
    scratch: UnsafeMutablePointer<Double>, kernels: KernelSet = .portable
  ) -> Double {
    if kernels != .portable {
      return flat.withUnsafeBufferPointer {
        ckern_measure_map_avx2($0.baseAddress, map, data, slots, scratch)
      }
    }
    let base = data + map * mapSize + origin
    let row = scratch
    let cutSums = row + width.maxCrop
    let rowVectors = cutSums + squareCuts.count
    let sliceVectors = rowVectors + height.maxCrop * rowLength
    let box = sliceVectors + depth.maxCrop * sliceLength
    let work = box + boxLength
    let columns = width.maxCrop
    var read = 0.0
    for z in 0..<depth.maxCrop {
      for y in 0..<height.maxCrop {
        // Step 1: the row vector.
        let source = base + z * sliceStride + y * rowStride
        let vector = rowVectors + y * rowLength
        read += Self.widen(source, count: columns, into: row, cuts: squareCuts, squares: cutSums)
        for k in width.tiles.indices {
          Self.foldColumns(
            row, count: width.crops[k], period: width.tiles[k], into: vector + width.offsets[k])
        }
        for k in width.tiles.indices { vector[width.total + k] = cutSums[squareCutOf[k]] }
      }
      // Step 2: the slice vector, row vectors summed by row phase per tile height.
      Self.phaseSums(
        rowVectors, length: rowLength, axis: height, into: sliceVectors + z * sliceLength)
    }
    // Step 3: the box, slice vectors summed by slice phase per tile depth.
    Self.phaseSums(sliceVectors, length: sliceLength, axis: depth, into: box)
    // Step 4: per tile, its candidates.
    for pair in pairSteps { energies(pair, box: box, map: map, slots: slots, work: work) }
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

  /// Whether a sample of map `map` of `data` outside the box `measure` reads is not finite. The
  /// samples outside the box are `depth.maxCrop · height.maxCrop + 1` contiguous runs (before the box's
  /// first row, between the end of one of its rows and the start of the next, after its last), their
  /// exponent bits or-ed as in `Probe.hasNonFinite`, in one loop per run (short runs are common: the
  /// columns beside a volume's crop).
  func nonFiniteOutside(map: Int, data: UnsafePointer<Float>) -> Bool {
    (data + map * mapSize).withMemoryRebound(to: UInt32.self, capacity: mapSize) { bits in
      var any: UInt32 = 0
      var position = 0
      if depth.maxCrop > 0, height.maxCrop > 0, width.maxCrop > 0 {
        for z in 0..<depth.maxCrop {
          for y in 0..<height.maxCrop {
            let start = origin + z * sliceStride + y * rowStride
            for i in position..<start { any |= (bits[i] & 0x7f80_0000) &+ 0x0080_0000 }
            position = start + width.maxCrop
          }
        }
      }
      for i in position..<mapSize { any |= (bits[i] & 0x7f80_0000) &+ 0x0080_0000 }
      return any >> 31 != 0
    }
  }
}
