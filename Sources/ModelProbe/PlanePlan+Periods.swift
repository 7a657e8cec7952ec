/// Step 4 of a `PlanePlan`: from one tile's phase sums to `E`, `T`, `R` of every candidate period
/// measured on it.
extension PlanePlan {
  /// Writes `E`, `T`, `R` of the candidates of `group` for map `map`, from the phase blocks in `box`.
  /// `work` holds `3·largestTile` Doubles.
  ///
  /// With `S` the tile's phase sums, `N` its crop's samples and `P` a candidate's phases (`k = N / P`
  /// samples each): the tile is centred (`S − Σ S / tile`, so folding it gives each period phase's sum
  /// less `Σ S / P`), folded by row period, then depth period (each fold made once for the candidates
  /// that share it), then by column period while squared, and `E = Σ (S_P − Σ S / P)² / k`, `T` the
  /// crop's sum of squares, `R = T − E − (Σ S)² / N` (the same as `T − Σ S_P² / k`). A tile's rows
  /// (`t_x` phase sums) are 8-wide vectors when `t_x ≤ 8`, with zeros past `t_x`.
  func energies(
    _ group: TileGroup, box: UnsafePointer<Double>, map: Int, slots: UnsafeMutablePointer<Double>,
    work: UnsafeMutablePointer<Double>
  ) {
    let (i, j, k) = group.tile
    let (tz, ty, tx) = (depth.tiles[i], height.tiles[j], width.tiles[k])
    let samples = Double(depth.crops[i] * height.crops[j] * width.crops[k])
    // Rows of `lanes` Doubles: 8 when a row fits one vector.
    let lanes = tx <= 8 ? 8 : tx
    let tile = work
    let byRow = tile + largestTile
    let byDepth = byRow + largestTile
    let keep = SIMD8<Int64>(0, 1, 2, 3, 4, 5, 6, 7) .< SIMD8<Int64>(repeating: Int64(tx))
    var squares = 0.0
    var sums = SIMD8<Double>()
    var total = 0.0
    for a in 0..<tz {
      for b in 0..<ty {
        let block = box + (depth.offsets[i] + a) * sliceLength + (height.offsets[j] + b) * rowLength
        let row = tile + (a * ty + b) * lanes
        if lanes == 8 {
          let v = SIMD8<Double>().replacing(with: Self.load8(block + width.offsets[k]), where: keep)
          sums += v
          Self.store8(v, row)
        } else {
          for c in 0..<tx {
            row[c] = block[width.offsets[k] + c]
            total += row[c]
          }
        }
        squares += block[width.total + k]
      }
    }
    if lanes == 8 { total = Self.horizontalSum(sums) }
    let centre = total / Double(tz * ty * tx)
    let centring = SIMD8<Double>().replacing(with: SIMD8<Double>(repeating: centre), where: keep)
    for r in 0..<(tz * ty) {
      if lanes == 8 {
        Self.store8(Self.load8(tile + r * 8) - centring, tile + r * 8)
      } else {
        for c in 0..<tx { tile[r * lanes + c] -= centre }
      }
    }
    let offsetEnergy = total * total / samples
    let count = candidates.count
    for (py, depthPeriods) in group.byRows {
      let rows = py == ty ? tile : Self.foldBlocks(tile, outer: tz, inner: ty, period: py, lanes: lanes, into: byRow)
      for (pz, columnPeriods) in depthPeriods {
        let phaseRows = pz == tz ? rows : Self.foldBlocks(rows, outer: 1, inner: tz * py, period: pz * py, lanes: lanes, into: byDepth)
        for (px, index) in columnPeriods {
          let energy = Self.columnEnergy(phaseRows, rows: pz * py, lanes: lanes, width: tx, period: px)
          let periodic = energy * Double(pz * py * px) / samples
          let slot = slots + (map * count + index) * 3
          slot[0] = periodic
          slot[1] = squares
          slot[2] = max(0, squares - periodic - offsetEnergy)
        }
      }
    }
  }

  /// Folds rows of `lanes` Doubles: in each of `outer` runs of `inner` rows, row `b` is added to row
  /// `b mod period` (`period` divides `inner`), `b` ascending. Returns `into`, `outer·period` rows.
  @inline(__always)
  static func foldBlocks(
    _ source: UnsafePointer<Double>, outer: Int, inner: Int, period: Int, lanes: Int,
    into target: UnsafeMutablePointer<Double>
  ) -> UnsafeMutablePointer<Double> {
    for a in 0..<outer {
      let out = target + a * period * lanes
      let run = source + a * inner * lanes
      if lanes == 8 {
        for r in 0..<period {
          var sum = load8(run + r * 8)
          var start = period + r
          while start < inner {
            sum += load8(run + start * 8)
            start += period
          }
          store8(sum, out + r * 8)
        }
        continue
      }
      for e in 0..<(period * lanes) { out[e] = run[e] }
      var start = period
      while start < inner {
        let next = run + start * lanes
        for e in 0..<(period * lanes) { out[e] += next[e] }
        start += period
      }
    }
    return target
  }

  /// `Σ_rows Σ_{c < period} (Σ_j row[j·period + c])²` over `rows` rows of `lanes` Doubles holding `width`
  /// phase sums each (`period` divides `width`): the energy of the rows folded by column period.
  @inline(__always)
  static func columnEnergy(_ source: UnsafePointer<Double>, rows: Int, lanes: Int, width: Int, period: Int)
    -> Double
  {
    if lanes == 8 && period == width {
      var acc = SIMD8<Double>()
      for r in 0..<rows {
        let v = load8(source + r * 8)
        acc += v * v
      }
      return horizontalSum(acc)
    }
    if lanes == 8 && width == 8 {
      // A fold by 4, 2 or 1 of 8 lanes is the sum of halves, once, twice or three times.
      var acc = SIMD4<Double>()
      for r in 0..<rows {
        let v = load8(source + r * 8)
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
      return (acc[0] + acc[1]) + (acc[2] + acc[3])
    }
    var energy = 0.0
    for r in 0..<rows {
      let row = source + r * lanes
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

  /// The lanes of `v` added pairwise in a fixed order.
  @inline(__always)
  static func horizontalSum(_ v: SIMD8<Double>) -> Double {
    ((v[0] + v[1]) + (v[2] + v[3])) + ((v[4] + v[5]) + (v[6] + v[7]))
  }
}
