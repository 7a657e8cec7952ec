import CheckerscopeCore
import TestSupport
import Testing
import TransposedConv

@testable import ModelProbe

/// The one-pass measurement (`PlanePlan`) on the cases `MeasureAgreementTests.random` does not reach
/// (volumes with a lattice tile wider than 8, axes shorter than 8, one map, many maps on both cores),
/// against the same plain per-candidate loops; and the non-finite check fused into it against
/// `Float.isFinite` over the whole tensor.
@Suite("PlanePlan: lattice tiles, short axes, the fused non-finite check")
struct PlanePlanTests {
  /// A random trace for `extents` with borders up to 3 and, on some axes, a lattice of 9 or 10.
  static func trace(_ extents: [Int], _ rng: inout SplitMix64) -> SpatialTrace {
    SpatialTrace(
      begin: extents.map { _ in Int(rng.next() % 4) }, end: extents.map { _ in Int(rng.next() % 4) },
      lattice: extents.map { _ in rng.next() % 2 == 0 ? 9 + Int(rng.next() % 2) : 1 + Int(rng.next() % 3) })
  }

  /// One seed by default; all four with `CHECKERSCOPE_SLOW_TESTS=1` (CI).
  @Test(
    "volumes with lattice tiles wider than 8 and odd extents",
    arguments: SlowTests.enabled ? [0, 1, 2, 3] : [0])
  func latticeVolumes(seed: Int) {
    var rng = SplitMix64(seed: 3100 + UInt64(seed))
    // Interiors of 36 or more let a lattice of 9 hold its 4 periods; one short axis on some cases.
    let extents = (0..<3).map { axis in
      axis == seed % 3 && seed >= 2 ? 9 + Int(rng.next() % 4) : 41 + Int(rng.next() % 6)
    }
    let shape = [1, 1 + Int(rng.next() % 2)] + extents
    let x = MeasureAgreementTests.tensor(shape, &rng)
    let trace = Self.trace(extents, &rng)
    let actual = PeriodicMeasure.measure(x, trace: trace, inputScale: 0.5)
    let expected = MeasureAgreementTests.reference(x, trace: trace, inputScale: 0.5)
    #expect(MeasureAgreementTests.agree(actual, expected), "\(shape) \(trace)\n\(actual)\n\(expected)")
  }

  @Test("axes shorter than 8 (a tile of 1) and single maps", arguments: [1, 2, 3])
  func shortAxes(rank: Int) {
    var rng = SplitMix64(seed: 3200 + UInt64(rank))
    for index in 0..<6 {
      // The last axis long enough for a period, the others 1 to 12 samples.
      let extents = (0..<rank).map { axis in
        axis == rank - 1 ? 12 + Int(rng.next() % 30) : 1 + Int(rng.next() % 12)
      }
      let shape = [1, 1 + Int(rng.next() % 2)] + extents
      let x = MeasureAgreementTests.tensor(shape, &rng)
      let trace = SpatialTrace(
        begin: extents.map { $0 > 4 ? Int(rng.next() % 2) : 0 },
        end: extents.map { $0 > 4 ? Int(rng.next() % 2) : 0 },
        lattice: extents.map { _ in 1 })
      let actual = PeriodicMeasure.measure(x, trace: trace, inputScale: 0.5)
      let expected = MeasureAgreementTests.reference(x, trace: trace, inputScale: 0.5)
      #expect(MeasureAgreementTests.agree(actual, expected), "case \(index): \(shape) \(trace)")
    }
  }

  @Test("many maps: the workers' split does not change a bit")
  func manyMaps() {
    var rng = SplitMix64(seed: 3300)
    // 40 planes of 48² (over the size that runs on both cores) and the same planes one at a time.
    let shape = [2, 20, 48, 48]
    let x = MeasureAgreementTests.tensor(shape, &rng)
    let trace = SpatialTrace(begin: [3, 1], end: [2, 4], lattice: [2, 2])
    let whole = PeriodicMeasure.measure(x, trace: trace, inputScale: 0.5)
    let expected = MeasureAgreementTests.reference(x, trace: trace, inputScale: 0.5)
    #expect(MeasureAgreementTests.agree(whole, expected))
    #expect(PeriodicMeasure.measure(x, trace: trace, inputScale: 0.5) == whole)
  }

  @Test("a non-finite sample anywhere is found, in the crop or beside it", arguments: [1, 2, 3])
  func nonFinite(rank: Int) {
    var rng = SplitMix64(seed: 3400 + UInt64(rank))
    let bad: [Float] = [.nan, .infinity, -.infinity, .signalingNaN]
    for index in 0..<40 {
      let extents = (0..<rank).map { _ in (rank == 3 ? 9 : 12) + Int(rng.next() % 14) }
      let shape = [1 + Int(rng.next() % 2), 1 + Int(rng.next() % 2)] + extents
      let clean = MeasureAgreementTests.tensor(shape, &rng)
      let trace = Self.trace(extents, &rng)
      // Planes and volumes: sometimes a window (an interior below 8 on an axis), sometimes none at all.
      #expect(PeriodicMeasure.measureAnywayChecked(clean, trace: trace, inputScale: 0.5).finite)
      var data = clean.data
      let position = Int(rng.next() % UInt64(data.count))
      data[position] = bad[index % bad.count]
      let dirty = Tensor(shape: shape, data: data)
      let checked = PeriodicMeasure.measureAnywayChecked(dirty, trace: trace, inputScale: 0.5)
      #expect(!checked.finite, "case \(index): \(shape) \(trace), sample \(position)")
      #expect(!PeriodicMeasure.measureChecked(dirty, trace: trace, inputScale: 0.5).finite)
    }
  }

  @Test("the or-ed check agrees with isFinite")
  func hasNonFinite() {
    var rng = SplitMix64(seed: 3500)
    for _ in 0..<200 {
      let values = (0..<Int(rng.next() % 40)).map { _ in
        Float(bitPattern: UInt32(truncatingIfNeeded: rng.next()))
      }
      let expected = values.contains { !$0.isFinite }
      #expect(values.withUnsafeBufferPointer { Probe.hasNonFinite($0) } == expected)
    }
  }
}
