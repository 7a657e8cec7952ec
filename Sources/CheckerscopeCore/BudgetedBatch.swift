import Foundation

/// Independent jobs whose memory needs are known before they start (from file headers), run on
/// all cores when the largest of them that could run at once fit the budget together, one after
/// another otherwise; a job that alone needs more than the budget is refused, not run.
///
/// Each job's result goes to its own slot, so the results (their order and content) do not depend
/// on the scheduling.
public struct BudgetedBatch: Sendable {
  /// The bytes each job needs; nil when unknown (the job runs and reports its own failure).
  public let needs: [Int?]
  /// The budget all jobs that run at once share.
  public let budget: MemoryBudget
  /// Whether the jobs run in parallel: the `cores` largest known needs sum to at most the budget.
  public let parallel: Bool

  /// Plans `needs.count` jobs on `cores` cores (at least 1).
  public init(
    needs: [Int?], budget: MemoryBudget, cores: Int = ProcessInfo.processInfo.activeProcessorCount
  ) {
    self.needs = needs
    self.budget = budget
    let together = needs.compactMap { $0 }.sorted(by: >).prefix(max(1, cores)).reduce(0) { $0 &+ $1 }
    parallel = together >= 0 && together <= budget.bytes
  }

  /// Runs every job and returns their results in job order. A job whose known need is above the
  /// whole budget is not run: `refused` makes its result from `CoreError.overBudget` (`what` names
  /// the work in it). `finished` is called after each job, from the thread that ran it.
  public func run<Result: Sendable>(
    what: String, refused: @escaping @Sendable (Int, CoreError) -> Result,
    job: @escaping @Sendable (Int) -> Result, finished: @escaping @Sendable () -> Void = {}
  ) -> [Result] {
    let slots = UnsafeMutableBufferPointer<Result?>.allocate(capacity: needs.count)
    slots.initialize(repeating: nil)
    defer {
      slots.deinitialize()
      slots.deallocate()
    }
    nonisolated(unsafe) let output = slots
    let (needs, budget) = (self.needs, self.budget)
    let one: @Sendable (Int) -> Void = { index in
      if let need = needs[index], need > budget.bytes {
        output[index] = refused(index, .overBudget(what: what, bytes: need, budget: budget.bytes))
      } else {
        output[index] = job(index)
      }
      finished()
    }
    if parallel {
      DispatchQueue.concurrentPerform(iterations: needs.count, execute: one)
    } else {
      for index in needs.indices { one(index) }
    }
    return slots.compactMap { $0 }
  }
}
