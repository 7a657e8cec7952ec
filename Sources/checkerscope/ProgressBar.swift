import Foundation
import Synchronization

/// A progress bar on standard error for jobs over many items, shared by subcommands.
///
/// Drawn only when standard error is a terminal and the job has run for more than a second,
/// at most ten times a second, then erased by `finish()`; otherwise it is silent, so pipes,
/// files and quick jobs see no escape codes. `advance()` may be called from any thread.
/// Quiet modes are the caller's business: pass `enabled: false` (e.g. for `--quiet`).
/// A class because the workers share one instance (identity is the point); its state is
/// behind a `Mutex`.
final class ProgressBar: Sendable {
  private struct State {
    var done = 0
    var lastDraw: ContinuousClock.Instant?
    var drawn = false
  }

  /// The number of items of the whole job.
  let total: Int
  /// A short word shown before the bar, e.g. `detect`.
  let label: String
  private let enabled: Bool
  private let start = ContinuousClock.now
  private let state = Mutex(State())

  /// Seconds a job must run before the bar appears.
  static let delay: Duration = .seconds(1)
  /// Minimum time between two redraws.
  static let interval: Duration = .milliseconds(100)
  /// Characters of the bar itself.
  static let barWidth = 30

  /// A bar for `total` items; shown only if `enabled` and standard error is a terminal.
  init(total: Int, label: String, enabled: Bool = true) {
    self.total = max(0, total)
    self.label = label
    self.enabled = enabled && isatty(STDERR_FILENO) == 1
  }

  /// Marks `count` more items as done and redraws when due.
  func advance(by count: Int = 1) {
    guard enabled else { return }
    let now = ContinuousClock.now
    let line: String? = state.withLock { s in
      s.done = min(total, s.done + count)
      guard now - start >= Self.delay else { return nil }
      if let last = s.lastDraw, now - last < Self.interval, s.done < total { return nil }
      s.lastDraw = now
      s.drawn = true
      return Self.render(done: s.done, total: total, label: label)
    }
    if let line { FileHandle.standardError.write(Data(("\r" + line).utf8)) }
  }

  /// Erases the bar if it was drawn. Call once when the job ends, before printing results.
  func finish() {
    guard enabled else { return }
    let drawn = state.withLock { $0.drawn }
    if drawn { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
  }

  /// The text of the bar: `label [#######.......]  12/40  30%`.
  static func render(done: Int, total: Int, label: String) -> String {
    let fraction = total > 0 ? Double(done) / Double(total) : 1
    let filled = Int((fraction * Double(barWidth)).rounded(.down))
    let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: barWidth - filled)
    return "\(label) [\(bar)] \(done)/\(total) \(Int((fraction * 100).rounded(.down)))%"
  }
}
