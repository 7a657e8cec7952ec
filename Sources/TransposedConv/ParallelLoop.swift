import CKernels
import Dispatch

/// Parallel loops on every core: `DispatchQueue.concurrentPerform`'s contract, run on a pool of
/// workers that stay awake for a moment between loops (`ckern_pool_run`).
///
/// A model run is hundreds of short parallel loops one after another. A parked dispatch worker
/// takes tens of microseconds to wake on a virtual machine (about 45 µs per two-way loop on the
/// benchmark machine, Docs/PERFORMANCE.md), which the loop's other thread waits out at every loop;
/// the pool's workers spin for 0.2 ms after each loop instead, so the next one starts at once.
/// Which thread runs which index is not fixed, so `body` must write only what its index owns (as
/// every loop here does): results do not depend on the split.
public enum ParallelLoop {
  /// Runs `body(i)` for every `i` in `0..<iterations`, on every core, and returns when all have
  /// run. A loop inside another (or while another thread's loop runs) goes to
  /// `DispatchQueue.concurrentPerform` instead.
  public static func perform(iterations: Int, _ body: @Sendable (Int) -> Void) {
    guard iterations > 1 else {
      if iterations == 1 { body(0) }
      return
    }
    let ran = withoutActuallyEscaping(body) { escaping -> Bool in
      var work = escaping
      return withUnsafeMutablePointer(to: &work) { pointer in
        ckern_pool_run(
          iterations,
          { context, index in
            context?.assumingMemoryBound(to: (@Sendable (Int) -> Void).self).pointee(index)
          }, pointer) != 0
      }
    }
    if !ran { DispatchQueue.concurrentPerform(iterations: iterations, execute: body) }
  }
}
