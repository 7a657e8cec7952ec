import CheckerscopeCore
import Testing
import TransposedConv

@testable import ModelProbe

/// `PeriodicMeasure.measure` against the plain per-candidate loops it was first written as (kept
/// here as the reference). The measurement builds its phase sums one axis at a time and folds columns
/// eight wide (a different, fixed order of additions), so its `E`, `T`, `R` differ by rounding only:
/// the same period, candidate, verdict and channel, and strength, amplitude and variance ratio within
/// a relative `1e-9` (Double sums of float32 samples; on real models the reported figures moved by
/// 1e-16 to 1e-13 relative).
@Suite("PeriodicMeasure equals its plain loops")
struct MeasureAgreementTests {
  /// Whether `a` and `b` agree up to rounding in the three figures.
  static func agree(_ a: PeriodicMeasure, _ b: PeriodicMeasure) -> Bool {
    func close(_ x: Double, _ y: Double) -> Bool { abs(x - y) <= 1e-9 * max(abs(x), abs(y), 1e-300) }
    var rounded = a
    rounded.strength = b.strength
    rounded.amplitude = b.amplitude
    rounded.varianceRatio = b.varianceRatio
    return rounded == b && close(a.strength, b.strength) && close(a.amplitude, b.amplitude)
      && close(a.varianceRatio, b.varianceRatio)
  }

  /// Per plane and candidate: `E`, `T`, `R` by one pass per candidate over the cropped interior.
  static func referencePerPlane(
    _ tensor: Tensor, trace: SpatialTrace, periods: [[Int]], tiles: [[Int]]
  ) -> [Double] {
    let extents = Array(tensor.shape[2...])
    let rank = extents.count
    let e3 = [Int](repeating: 1, count: 3 - rank) + extents
    let b3 = [Int](repeating: 0, count: 3 - rank) + trace.begin
    let i3 = [Int](repeating: 1, count: 3 - rank) + trace.interior(extents)
    let planes = tensor.shape[0] * tensor.shape[1]
    let volume = extents.reduce(1, *)
    var perPlane = [Double](repeating: 0, count: planes * periods.count * 3)
    for plane in 0..<planes {
      for (index, period) in periods.enumerated() {
        let p = [Int](repeating: 1, count: 3 - rank) + period
        let t = [Int](repeating: 1, count: 3 - rank) + tiles[index]
        let crop = (0..<3).map { i3[$0] / t[$0] * t[$0] }
        var folded = [Double](repeating: 0, count: p[0] * p[1] * p[2])
        var squares = 0.0
        func sample(_ z: Int, _ y: Int, _ x: Int) -> Double {
          Double(tensor.data[plane * volume + ((b3[0] + z) * e3[1] + b3[1] + y) * e3[2] + b3[2] + x])
        }
        if rank == 3 {
          // Volumes: phase sums modulo the tile in (z, y, x) order, squares in the same order, then
          // the tile's phases folded into the period's.
          var phase = [Double](repeating: 0, count: t[0] * t[1] * t[2])
          for z in 0..<crop[0] {
            for y in 0..<crop[1] {
              for x in 0..<crop[2] {
                let v = sample(z, y, x)
                phase[((z % t[0]) * t[1] + y % t[1]) * t[2] + x % t[2]] += v
                squares += v * v
              }
            }
          }
          for z in 0..<t[0] {
            for y in 0..<t[1] {
              for x in 0..<t[2] {
                folded[((z % p[0]) * p[1] + y % p[1]) * p[2] + x % p[2]] += phase[(z * t[1] + y) * t[2] + x]
              }
            }
          }
        } else {
          // Planes: column sums per row phase modulo the tile height (rows in order), folded into
          // the period's phases by (row phase, column); squares summed per row, then over rows.
          var rowPhase = [Double](repeating: 0, count: t[1] * crop[2])
          for y in 0..<crop[1] {
            var rowSquares = 0.0
            for x in 0..<crop[2] {
              let v = sample(0, y, x)
              rowPhase[(y % t[1]) * crop[2] + x] += v
              rowSquares += v * v
            }
            squares += rowSquares
          }
          for ry in 0..<t[1] {
            for x in 0..<crop[2] { folded[(ry % p[1]) * p[2] + x % p[2]] += rowPhase[ry * crop[2] + x] }
          }
        }
        let sampleCount = Double(crop.reduce(1, *))
        let perPhase = sampleCount / Double(folded.count)
        let mean = folded.reduce(0, +) / sampleCount
        var periodic = 0.0
        var meanSquares = 0.0
        for s in folded {
          let m = s / perPhase
          periodic += (m - mean) * (m - mean)
          meanSquares += m * m
        }
        let slot = (plane * periods.count + index) * 3
        perPlane[slot] = periodic * perPhase
        perPlane[slot + 1] = squares
        perPlane[slot + 2] = max(0, squares - perPhase * meanSquares)
      }
    }
    return perPlane
  }

  /// The reference measurement: candidates as the type documents them, the plain loops, `summarise`.
  static func reference(_ tensor: Tensor, trace: SpatialTrace, inputScale: Double) -> PeriodicMeasure {
    let extents = Array(tensor.shape[2...])
    let rank = extents.count
    let interior = trace.interior(extents)
    let axes = (0..<rank).map {
      PeriodicMeasure.axisPeriods(interior[$0], trace.lattice[$0], allowed: true)
    }
    var periods: [[Int]] = [[]]
    var tiles: [[Int]] = [[]]
    for axis in axes {
      var nextPeriods: [[Int]] = []
      var nextTiles: [[Int]] = []
      for (index, p) in periods.enumerated() {
        for a in axis {
          nextPeriods.append(p + [a.p])
          nextTiles.append(tiles[index] + [a.tile])
        }
      }
      periods = nextPeriods
      tiles = nextTiles
    }
    let keep = periods.indices.filter { periods[$0].contains { $0 != 1 } }
    periods = keep.map { periods[$0] }
    tiles = keep.map { tiles[$0] }
    guard !periods.isEmpty else { return .unmeasured(interior: interior) }
    let perPlane = referencePerPlane(tensor, trace: trace, periods: periods, tiles: tiles)
    let samples = tiles.map { t in Double((0..<rank).map { interior[$0] / t[$0] * t[$0] }.reduce(1, *)) }
    return PeriodicMeasure.summarise(
      periods: periods, samples: samples, perPlane: perPlane, planes: tensor.shape[0] * tensor.shape[1],
      channels: tensor.shape[1], interior: interior, inputScale: inputScale)
  }

  /// A random tensor with a random periodic pattern on top of noise (sometimes none).
  static func tensor(_ shape: [Int], _ rng: inout SplitMix64) -> Tensor {
    let spatial = Array(shape[2...])
    let period = spatial.map { _ in 1 + Int(rng.next() % 4) }
    let weight = Float(rng.next() % 3) * 0.5
    var data = [Float](repeating: 0, count: shape.reduce(1, *))
    for i in data.indices {
      var rest = i
      var phase = 0
      for axis in spatial.indices.reversed() {
        phase = phase * 7 + (rest % spatial[axis]) % period[axis]
        rest /= spatial[axis]
      }
      let noise = Float(Int(rng.next() % 2001) - 1000) / 1000
      data[i] = noise + weight * Float(phase % 3)
    }
    return Tensor(shape: shape, data: data)
  }

  @Test("random signals, planes and volumes", arguments: [1, 2, 3])
  func random(rank: Int) {
    var rng = SplitMix64(seed: 2400 + UInt64(rank))
    for index in 0..<(rank == 3 ? 4 : 10) {
      let extents = (0..<rank).map { _ in (rank == 3 ? 12 : 20) + Int(rng.next() % (rank == 3 ? 14 : 50)) }
      let shape = [1 + Int(rng.next() % 2), 1 + Int(rng.next() % 3)] + extents
      let x = Self.tensor(shape, &rng)
      let trace = SpatialTrace(
        begin: extents.map { _ in Int(rng.next() % 4) }, end: extents.map { _ in Int(rng.next() % 4) },
        lattice: extents.map { _ in rng.next() % 3 == 0 ? 9 + Int(rng.next() % 2) : 1 + Int(rng.next() % 4) })
      let actual = PeriodicMeasure.measure(x, trace: trace, inputScale: 0.5)
      let expected = Self.reference(x, trace: trace, inputScale: 0.5)
      #expect(
        Self.agree(actual, expected), "case \(index): \(shape) \(trace)\n\(actual)\n\(expected)")
      #expect(actual.measured)
    }
  }

  @Test("the non-finite count agrees with isFinite")
  func nonFinite() {
    var values: [Float] = [
      .nan, -.nan, .signalingNaN, .infinity, -.infinity, .greatestFiniteMagnitude, -.greatestFiniteMagnitude,
      .leastNonzeroMagnitude, .leastNormalMagnitude, 0, -0, 1, -1,
    ]
    var rng = SplitMix64(seed: 24)
    for _ in 0..<1000 { values.append(Float(bitPattern: UInt32(truncatingIfNeeded: rng.next()))) }
    #expect(Probe.nonFiniteCount(values) == values.filter { !$0.isFinite }.count)
    #expect(Probe.nonFiniteCount(values) >= 5)
    #expect(Probe.nonFiniteCount([]) == 0)
  }

  @Test("column folds equal the plain phase sums", arguments: [1, 2, 3, 5, 6, 7, 8, 9, 10, 12, 17, 70])
  func foldColumns(period: Int) {
    var rng = SplitMix64(seed: 240 + UInt64(period))
    for periods in [1, 2, 3, 9, 20] {
      let count = periods * period
      // Small integers: every order of addition gives the same sums exactly.
      let source = (0..<count).map { _ in Double(Int(rng.next() % 201) - 100) }
      var expected = [Double](repeating: 0, count: period)
      for x in 0..<count { expected[x % period] += source[x] }
      var actual = [Double](repeating: .nan, count: period)
      // NaN past the end: the 8-wide loads read it into lanes that must never reach the sums.
      let padded = source + [Double](repeating: .nan, count: 8)
      padded.withUnsafeBufferPointer { s in
        actual.withUnsafeMutableBufferPointer { a in
          guard let sb = s.baseAddress, let ab = a.baseAddress else { return }
          PlanePlan.foldColumns(sb, count: count, period: period, into: ab)
        }
      }
      #expect(actual == expected, "period \(period), \(periods) periods")
    }
  }
}
