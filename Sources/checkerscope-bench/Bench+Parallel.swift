import Dispatch
import TransposedConv

/// The hand-off of a parallel loop: 1,000 two-way loops of about 20 µs of work per index, one
/// after another with a little serial work between them (as the interpreter's operators run),
/// through `ParallelLoop` (the pool whose workers spin between loops) and through
/// `DispatchQueue.concurrentPerform`. The difference per loop is what each hand-off costs.
let parallelBenchCases: [BenchCase] = [
  handOffCase("parallel-handoff-1000x2-pool") { ParallelLoop.perform(iterations: 2, $0) },
  handOffCase("parallel-handoff-1000x2-dispatch") {
    DispatchQueue.concurrentPerform(iterations: 2, execute: $0)
  },
]

func handOffCase(
  _ name: String, loop: @escaping @Sendable (@Sendable (Int) -> Void) -> Void
) -> BenchCase {
  BenchCase(name, runs: 5) {
    {
      let sums = SumSlots()
      for round in 0..<1000 {
        loop { index in sums.add(index, spin(iterations: 4000, seed: round)) }
        sums.add(2, spin(iterations: 2000, seed: round))
      }
      return sums.total
    }
  }
}

/// About `iterations` dependent floating-point steps (roughly 5 µs per 1,000 here).
@inline(never)
func spin(iterations: Int, seed: Int) -> Double {
  var x = Double(seed % 7) + 0.5
  for _ in 0..<iterations { x = x * 0.999_999 + 0.000_001 }
  return x
}

/// One slot per writer (index 0, 1, and 2 for the serial part), so no two threads share one.
final class SumSlots: @unchecked Sendable {
  private var slots = [Double](repeating: 0, count: 3 * 16)
  func add(_ slot: Int, _ value: Double) { slots[slot * 16] += value }
  var total: Double { slots[0] + slots[16] + slots[32] }
}
