/// Step 4 of a `PlanePlan`: from the phase blocks of one (tile depth, tile height) pair to `E`, `T`, `R`
/// of every candidate measured on a tile of that depth and height, all tile widths at once on whole
/// row vectors.
extension PlanePlan {
  /// Writes `E`, `T`, `R` of the candidates of `pair` for map `map`, from the phase blocks in `box`.
  /// `work` holds `3·largestPair·rowLength + 4·rowLength` Doubles.
  ///
  /// With `S` a tile's phase sums, `N` its crop's samples and `P` a candidate's phases (`k = N / P`
  /// samples each): the tile is centred (`S − Σ S / tile`, so folding it gives each period phase's sum
  /// less `Σ S / P`), folded by row period, then depth period (each fold made once for every tile
  /// width and candidate that share it), then by column period while squared, and
  /// `E = Σ (S_P − Σ S / P)² / k`, `T` the crop's sum of squares, `R = T − E − (Σ S)² / N` (the same as
  /// `T − Σ S_P² / k`).
  func energies(
    _ pair: PairStep, box: UnsafePointer<Double>, map: Int, slots: UnsafeMutablePointer<Double>,
    work: UnsafeMutablePointer<Double>
  ) {
    let (i, j) = (pair.z, pair.y)
    let (tz, ty) = (depth.tiles[i], height.tiles[j])
    let lanes = rowLength
    let blocks = tz * ty * lanes
    let tile = work
    let byRow = tile + blocks
    let byDepth = byRow + blocks
    let sums = byDepth + blocks
    let centres = sums + lanes
    let totals = centres + lanes
    let laneEnergies = totals + lanes
    // The lane sums of the pair's row vectors (each block of 8 lanes summed over the rows in a register).
    let stride = lanes * MemoryLayout<Double>.stride
    for e in Swift.stride(from: 0, to: lanes, by: 8) {
      var sum = SIMD8<Double>()
      for a in 0..<tz {
        let source = box + (depth.offsets[i] + a) * sliceLength + height.offsets[j] * lanes + e
        for b in 0..<ty {
          sum += UnsafeRawPointer(source).loadUnaligned(fromByteOffset: b * stride, as: SIMD8<Double>.self)
        }
      }
      Self.store8(sum, sums + e)
    }
    // Per tile width: its total and its centre on its own lanes.
    centres.update(repeating: 0, count: lanes)
    for k in width.tiles.indices {
      var total = 0.0
      for c in 0..<width.tiles[k] { total += sums[width.offsets[k] + c] }
      let centre = total / Double(tz * ty * width.tiles[k])
      for c in 0..<width.tiles[k] { centres[width.offsets[k] + c] = centre }
      totals[k] = total
    }
    // The centred row vectors.
    for a in 0..<tz {
      for b in 0..<ty {
        let source = box + (depth.offsets[i] + a) * sliceLength + (height.offsets[j] + b) * lanes
        let target = tile + (a * ty + b) * lanes
        for e in Swift.stride(from: 0, to: lanes, by: 8) {
          Self.store8(Self.load8(source + e) - Self.load8(centres + e), target + e)
        }
      }
    }
    let count = candidates.count
    for step in rowSteps[pair.rows] {
      let py = step.py
      let rows =
        py == ty ? tile : Self.foldBlocks(tile, outer: tz, inner: ty, period: py, lanes: lanes, into: byRow)
      for inner in depthSteps[step.depths] {
        let pz = inner.pz
        let m = pz * py
        let phaseRows =
          pz == tz
          ? rows : Self.foldBlocks(rows, outer: 1, inner: tz * py, period: m, lanes: lanes, into: byDepth)
        // Lane-wise sums of squares over the period's phase rows: each tile width's unfolded energy.
        for e in Swift.stride(from: 0, to: lanes, by: 8) {
          var acc = SIMD8<Double>()
          for r in 0..<m {
            let v = Self.load8(phaseRows + r * lanes + e)
            acc += v * v
          }
          Self.store8(acc, laneEnergies + e)
        }
        for column in columnSteps[inner.columns] {
          let (k, px) = (column.k, column.px)
          let tx = width.tiles[k]
          var energy = 0.0
          if px == tx {
            for c in 0..<tx { energy += laneEnergies[width.offsets[k] + c] }
          } else {
            energy = Self.columnEnergy(
              phaseRows + width.offsets[k], rows: m, stride: lanes, width: tx, period: px)
          }
          let total = totals[k]
          let samples = Double(depth.crops[i] * height.crops[j] * width.crops[k])
          let squares = sums[width.total + k]
          let periodic = energy * Double(m * px) / samples
          let slot = slots + (map * count + column.index) * 3
          slot[0] = periodic
          slot[1] = squares
          slot[2] = max(0, squares - periodic - total * total / samples)
        }
      }
    }
  }

  /// Folds rows of `lanes` Doubles (a multiple of 8): in each of `outer` runs of `inner` rows, row `b`
  /// is added to row `b mod period` (`period` divides `inner`), `b` ascending. Returns `into`,
  /// `outer·period` rows.
  @inline(__always)
  static func foldBlocks(
    _ source: UnsafePointer<Double>, outer: Int, inner: Int, period: Int, lanes: Int,
    into target: UnsafeMutablePointer<Double>
  ) -> UnsafeMutablePointer<Double> {
    for a in 0..<outer {
      let run = source + a * inner * lanes
      for r in 0..<period {
        let out = target + (a * period + r) * lanes
        for e in stride(from: 0, to: lanes, by: 8) {
          var sum = load8(run + r * lanes + e)
          var next = period + r
          while next < inner {
            sum += load8(run + next * lanes + e)
            next += period
          }
          store8(sum, out + e)
        }
      }
    }
    return target
  }

  /// `Σ_rows Σ_{c < period} (Σ_j row[j·period + c])²` over `rows` rows `stride` Doubles apart, of
  /// `width` phase sums each (`period` divides `width`, `period < width`): the energy of the rows folded
  /// by column period. Eight phase sums fold by halves.
  @inline(__always)
  static func columnEnergy(_ source: UnsafePointer<Double>, rows: Int, stride: Int, width: Int, period: Int)
    -> Double
  {
    if width == 8 {
      var acc = SIMD4<Double>()
      for r in 0..<rows {
        let v = load8(source + r * stride)
        let h = v.lowHalf + v.highHalf
        if period == 4 {
          acc += h * h
        } else if period == 2 {
          let q = h.lowHalf + h.highHalf
          acc.lowHalf += q * q
        } else {
          let q = h.lowHalf + h.highHalf
          let s = q[0] + q[1]
          acc[0] += s * s
        }
      }
      return (acc[0] + acc[2]) + (acc[1] + acc[3])
    }
    var energy = 0.0
    for r in 0..<rows {
      let row = source + r * stride
      for c in 0..<period {
        var s = 0.0
        var x = c
        while x < width {
          s += row[x]
          x += period
        }
        energy += s * s
      }
    }
    return energy
  }

  @inline(__always)
  static func load8(_ pointer: UnsafePointer<Double>) -> SIMD8<Double> {
    UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Double>.self)
  }

  @inline(__always)
  static func store8(_ value: SIMD8<Double>, _ pointer: UnsafeMutablePointer<Double>) {
    UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: SIMD8<Double>.self)
  }

  /// The lanes of `v` added in a fixed order: halves, then halves of that, then the last two (two
  /// vector additions and one shuffle).
  @inline(__always)
  static func horizontalSum(_ v: SIMD8<Double>) -> Double {
    let h = v.lowHalf + v.highHalf
    let q = h.lowHalf + h.highHalf
    return q[0] + q[1]
  }
}
