import CheckerscopeCore
import Testing
import TransposedConv

@testable import ModelProbe

/// The measurement's AVX2 kernel (`ckern_measure_map_avx2`) against the Swift lanes and a plain
/// reference loop (`MeasureAgreementTests.referencePerPlane`) on odd sizes: odd widths, widths below
/// one vector, patterns of periods 2–4, one map or several through one scratch (zero only where it must
/// be), NaN and infinities.
/// The kernel must give the Swift path's bits (NaN in the same places); both must agree with the
/// plain loops up to rounding.
@Suite("The measurement's kernels: same bits, the plain loops' figures")
struct MeasureKernelTests {
  /// Per map: `E`, `T`, `R` of every candidate and the read sum of squares, from `plan.measure` with
  /// `kernels`, the maps in order through one scratch (as one worker runs them).
  static func run(_ plan: PlanePlan, _ tensor: Tensor, kernels: KernelSet) -> (
    slots: [Double], reads: [Double]
  ) {
    let maps = tensor.shape[0] * tensor.shape[1]
    var slots = [Double](repeating: .nan, count: maps * plan.candidates.count * 3)
    var reads = [Double](repeating: .nan, count: maps)
    // Only the first `zeroedCount` Doubles are zero, as the workers leave them; the rest NaN, which a
    // figure computed from a Double read there before it is written would carry.
    var scratch =
      [Double](repeating: 0, count: plan.zeroedCount)
      + [Double](repeating: .nan, count: plan.scratchCount - plan.zeroedCount)
    tensor.data.withUnsafeBufferPointer { data in
      slots.withUnsafeMutableBufferPointer { s in
        scratch.withUnsafeMutableBufferPointer { w in
          guard let d = data.baseAddress, let sb = s.baseAddress, let wb = w.baseAddress else { return }
          for map in 0..<maps {
            reads[map] = plan.measure(map: map, data: d, slots: sb, scratch: wb, kernels: kernels)
          }
        }
      }
    }
    return (slots, reads)
  }

  /// The candidates `PeriodicMeasure` measures for `extents` and `trace` (as the reference builds them),
  /// with the plan over them; nil when there are none.
  static func plan(_ extents: [Int], _ trace: SpatialTrace) -> (PlanePlan, [[Int]], [[Int]])? {
    let rank = extents.count
    let interior = trace.interior(extents)
    var periods: [[Int]] = [[]]
    var tiles: [[Int]] = [[]]
    for a in 0..<rank {
      let axis = PeriodicMeasure.axisPeriods(interior[a], trace.lattice[a], allowed: true)
      periods = periods.flatMap { p in axis.map { p + [$0.p] } }
      tiles = tiles.flatMap { t in axis.map { t + [$0.tile] } }
    }
    let keep = periods.indices.filter { periods[$0].contains { $0 != 1 } }
    guard !keep.isEmpty else { return nil }
    let missing = [Int](repeating: 1, count: 3 - rank)
    let plan = PlanePlan(
      periods: keep.map { missing + periods[$0] }, tiles: keep.map { missing + tiles[$0] },
      interior: missing + interior, extents: missing + extents,
      begin: [Int](repeating: 0, count: 3 - rank) + trace.begin)
    return (plan, keep.map { periods[$0] }, keep.map { tiles[$0] })
  }

  /// Random extents: odd and even, some axes below one 8-lane vector (a tile of 1 there).
  static func extents(rank: Int, _ rng: inout SplitMix64) -> [Int] {
    (0..<rank).map { axis in
      let short = axis < rank - 1 && rng.next() % 4 == 0
      return short ? 1 + Int(rng.next() % 7) : 9 + Int(rng.next() % (rank == 3 ? 16 : 40))
    }
  }

  static func trace(_ extents: [Int], _ rng: inout SplitMix64) -> SpatialTrace {
    SpatialTrace(
      begin: extents.map { $0 > 8 ? Int(rng.next() % 4) : 0 },
      end: extents.map { $0 > 8 ? Int(rng.next() % 4) : 0 },
      lattice: extents.map { _ in rng.next() % 4 == 0 ? 9 + Int(rng.next() % 2) : 1 + Int(rng.next() % 4) })
  }

  /// The same bits, or both NaN: which NaN an addition of two NaNs (or of ∞ and −∞) gives depends on
  /// the order of its operands in the registers the compiler picks, even within one path.
  static func sameBits(_ a: [Double], _ b: [Double]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) }
  }

  @Test("every kernel set gives the Swift lanes' bits and the plain loops' figures", arguments: [1, 2, 3])
  func agree(rank: Int) {
    var rng = SplitMix64(seed: 4100 + UInt64(rank))
    var measured = 0
    for index in 0..<(rank == 3 ? 12 : 30) {
      let extents = Self.extents(rank: rank, &rng)
      let shape = [1 + Int(rng.next() % 2), 1 + Int(rng.next() % 3)] + extents
      let x = MeasureAgreementTests.tensor(shape, &rng)
      let trace = Self.trace(extents, &rng)
      guard let (plan, periods, tiles) = Self.plan(extents, trace) else { continue }
      measured += 1
      let portable = Self.run(plan, x, kernels: .portable)
      let reference = MeasureAgreementTests.referencePerPlane(x, trace: trace, periods: periods, tiles: tiles)
      // E, T and R of the plain loops: the same up to rounding, relative to the plane's T.
      var close = true
      for slot in stride(from: 0, to: reference.count, by: 3) {
        let scale = max(abs(reference[slot + 1]), 1e-300)
        for k in 0..<3 where abs(portable.slots[slot + k] - reference[slot + k]) > 1e-9 * scale {
          close = false
        }
      }
      #expect(close, "case \(index): \(shape) \(trace)")
      for kernels in KernelSet.supported where kernels != .portable {
        let other = Self.run(plan, x, kernels: kernels)
        #expect(Self.sameBits(other.slots, portable.slots), "case \(index): \(shape) \(trace) \(kernels)")
        #expect(Self.sameBits(other.reads, portable.reads), "case \(index): \(shape) \(trace) \(kernels)")
        let whole = PeriodicMeasure.measureChecked(x, trace: trace, inputScale: 0.5, kernels: kernels)
        #expect(whole == PeriodicMeasure.measureChecked(x, trace: trace, inputScale: 0.5, kernels: .portable))
      }
    }
    #expect(measured >= 5)
  }

  @Test("NaN and infinities: the same bits, found by every kernel set", arguments: [1, 2, 3])
  func nonFinite(rank: Int) {
    var rng = SplitMix64(seed: 4200 + UInt64(rank))
    let bad: [Float] = [.nan, .infinity, -.infinity, .signalingNaN, -.nan]
    for index in 0..<20 {
      let extents = Self.extents(rank: rank, &rng)
      let shape = [1, 1 + Int(rng.next() % 3)] + extents
      var data = MeasureAgreementTests.tensor(shape, &rng).data
      for _ in 0..<(1 + Int(rng.next() % 3)) {
        data[Int(rng.next() % UInt64(data.count))] = bad[Int(rng.next() % UInt64(bad.count))]
      }
      let x = Tensor(shape: shape, data: data)
      let trace = Self.trace(extents, &rng)
      for kernels in KernelSet.supported {
        #expect(
          !PeriodicMeasure.measureChecked(x, trace: trace, inputScale: 0.5, kernels: kernels).finite,
          "case \(index): \(shape) \(trace) \(kernels)")
      }
      guard let (plan, _, _) = Self.plan(extents, trace) else { continue }
      let portable = Self.run(plan, x, kernels: .portable)
      for kernels in KernelSet.supported where kernels != .portable {
        let other = Self.run(plan, x, kernels: kernels)
        #expect(Self.sameBits(other.slots, portable.slots), "case \(index): \(shape) \(trace) \(kernels)")
        #expect(Self.sameBits(other.reads, portable.reads), "case \(index): \(shape) \(trace) \(kernels)")
      }
    }
  }

  @Test("the test outside the measured box finds one bad sample anywhere, and only there")
  func outsideTheBox() {
    // Maps with runs of many lengths between the measured rows, a bad sample at every position in
    // turn (in the second map): found exactly when the measurement does not read it, and never in
    // the first map.
    var rng = SplitMix64(seed: 4300)
    let bad: [Float] = [.nan, .infinity, -.infinity, .signalingNaN]
    for index in 0..<6 {
      let extents = index < 4 ? [9 + index * 11, 12 + index * 9] : [5 + index, 9, 30 + index]
      let trace = Self.trace(extents, &rng)
      guard let (plan, _, _) = Self.plan(extents, trace) else { continue }
      let shape = [1, 2] + extents
      let clean = MeasureAgreementTests.tensor(shape, &rng).data
      let mapSize = extents.reduce(1, *)
      let missing = [Int](repeating: 1, count: 3 - extents.count)
      let (height, width) = ((missing + extents)[1], (missing + extents)[2])
      let begin = [Int](repeating: 0, count: 3 - extents.count) + trace.begin
      var mismatches = 0
      for position in 0..<mapSize {
        let (z, y, x) = (position / (height * width), position / width % height, position % width)
        let inside =
          (begin[0]..<(begin[0] + plan.depth.maxCrop)).contains(z)
          && (begin[1]..<(begin[1] + plan.height.maxCrop)).contains(y)
          && (begin[2]..<(begin[2] + plan.width.maxCrop)).contains(x)
        var data = clean
        data[mapSize + position] = bad[position % bad.count]
        data.withUnsafeBufferPointer { buffer in
          guard let base = buffer.baseAddress else { return }
          if plan.nonFiniteOutside(map: 0, data: base) { mismatches += 1 }
          if plan.nonFiniteOutside(map: 1, data: base) == inside { mismatches += 1 }
        }
      }
      #expect(mismatches == 0, "case \(index): \(extents) \(trace)")
    }
  }
}
