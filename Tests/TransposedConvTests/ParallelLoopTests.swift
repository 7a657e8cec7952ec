import Dispatch
import Testing

@testable import TransposedConv

/// Counters one per index, each written by the one thread that runs its index (plus guard slots
/// past the end that must stay zero).
private final class Counters: @unchecked Sendable {
  let count: Int
  private let slots: UnsafeMutablePointer<Int>

  init(_ count: Int) {
    self.count = count
    slots = .allocate(capacity: count + 8)
    slots.initialize(repeating: 0, count: count + 8)
  }

  deinit { slots.deallocate() }

  func hit(_ index: Int) { slots[index] += 1 }

  func value(_ index: Int) -> Int { slots[index] }

  /// Every index ran exactly once and nothing past the end.
  var exactlyOnce: Bool {
    (0..<count).allSatisfy { slots[$0] == 1 } && (count..<(count + 8)).allSatisfy { slots[$0] == 0 }
  }
}

/// `ParallelLoop`: every index once, whatever the nesting and however many threads call it.
@Suite("ParallelLoop: the worker pool's loops")
struct ParallelLoopTests {
  @Test("every index runs exactly once", arguments: [0, 1, 2, 3, 7, 64, 1000])
  func everyIndexOnce(iterations: Int) {
    let counters = Counters(iterations)
    ParallelLoop.perform(iterations: iterations) { counters.hit($0) }
    #expect(counters.exactlyOnce)
  }

  @Test("thousands of short loops in a row (the pool's hand-over of each job)")
  func manyLoops() {
    var failures = 0
    for round in 0..<5000 {
      let counters = Counters(2 + round % 5)
      ParallelLoop.perform(iterations: counters.count) { counters.hit($0) }
      if !counters.exactlyOnce { failures += 1 }
    }
    #expect(failures == 0)
  }

  @Test("a loop inside a loop runs every pair once")
  func nested() {
    let counters = Counters(6 * 40)
    ParallelLoop.perform(iterations: 6) { outer in
      ParallelLoop.perform(iterations: 40) { inner in counters.hit(outer * 40 + inner) }
    }
    #expect(counters.exactlyOnce)
  }

  @Test("loops from many threads at once all complete")
  func concurrentCallers() {
    // Each caller counts its loops that ran every index once, in its own slot.
    let passes = Counters(8)
    DispatchQueue.concurrentPerform(iterations: 8) { caller in
      for _ in 0..<50 {
        let counters = Counters(300)
        ParallelLoop.perform(iterations: 300) { counters.hit($0) }
        if counters.exactlyOnce { passes.hit(caller) }
      }
    }
    #expect((0..<8).allSatisfy { passes.value($0) == 50 })
  }
}
