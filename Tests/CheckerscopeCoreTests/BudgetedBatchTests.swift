import CheckerscopeCore
import Synchronization
import Testing

/// The batch plan, checked against sums worked out by hand: the `cores` largest known needs must
/// fit the budget together for the jobs to run at once; a job above the whole budget is refused.
@Suite("BudgetedBatch")
struct BudgetedBatchTests {
  @Test("parallel only when the largest needs that could run at once fit together")
  func plan() {
    // Two cores: the two largest known needs, 30 + 20 = 50.
    #expect(BudgetedBatch(needs: [10, nil, 30, 20], budget: MemoryBudget(bytes: 50), cores: 2).parallel)
    #expect(!BudgetedBatch(needs: [10, nil, 30, 20], budget: MemoryBudget(bytes: 49), cores: 2).parallel)
    // Three cores: 30 + 20 + 10 = 60.
    #expect(!BudgetedBatch(needs: [10, 30, 20], budget: MemoryBudget(bytes: 50), cores: 3).parallel)
    // Sums that overflow are never parallel.
    #expect(
      !BudgetedBatch(needs: [Int.max, Int.max], budget: MemoryBudget(bytes: Int.max), cores: 2).parallel)
  }

  @Test("a job above the whole budget is refused, not run; the others run in order")
  func refusal() {
    let batch = BudgetedBatch(needs: [1, 100, nil, 2, 3], budget: MemoryBudget(bytes: 10), cores: 4)
    #expect(!batch.parallel)
    let ran = Mutex<[Int]>([])
    let finished = Mutex(0)
    let results = batch.run(
      what: "job",
      refused: { index, error in
        "refused \(index): \(error == .overBudget(what: "job", bytes: 100, budget: 10))"
      },
      job: { index in
        ran.withLock { $0.append(index) }
        return "ran \(index)"
      },
      finished: { finished.withLock { $0 += 1 } })
    #expect(results == ["ran 0", "refused 1: true", "ran 2", "ran 3", "ran 4"])
    #expect(ran.withLock { $0 } == [0, 2, 3, 4])
    #expect(finished.withLock { $0 } == 5)
  }

  @Test("in parallel, each result lands in its job's slot")
  func parallelOrder() {
    let batch = BudgetedBatch(
      needs: [Int?](repeating: 1, count: 64), budget: MemoryBudget(bytes: 1 << 20), cores: 4)
    #expect(batch.parallel)
    let finished = Mutex(0)
    let results = batch.run(
      what: "job", refused: { _, _ in -1 }, job: { $0 * $0 }, finished: { finished.withLock { $0 += 1 } })
    #expect(results == (0..<64).map { $0 * $0 })
    #expect(finished.withLock { $0 } == 64)
  }
}
