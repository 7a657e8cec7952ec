import Dispatch
import Foundation
import Synchronization

/// A one-line "still working" indicator on standard error for single long steps whose progress
/// cannot be counted (a large transposed convolution, running a model, decoding a large PNG).
///
/// Like `ProgressBar`, it is drawn only when standard error is a terminal, `enabled` (not
/// `--quiet`) and the work has run for `delay`; it then shows the current stage and the elapsed
/// time, redrawn by a timer every `interval`, and `finish()` erases it. Pipes, files and quick
/// commands see nothing. A class because the timer and the command share one instance; its state
/// is behind a `Mutex`.
final class StatusTicker: Sendable {
  private struct State {
    var stage: String
    var drawn = false
    var finished = false
  }

  /// Seconds the work must run before the line appears.
  static let delay: Duration = .seconds(2)
  /// Time between two redraws.
  static let interval: Duration = .milliseconds(250)

  private let label: String
  private let start = ContinuousClock.now
  private let state: Mutex<State>
  nonisolated(unsafe) private let timer: (any DispatchSourceTimer)?

  /// Starts the ticker for `label` (the command) at `stage`; silent unless `enabled` and standard
  /// error is a terminal.
  init(label: String, stage: String, enabled: Bool) {
    self.label = label
    self.state = Mutex(State(stage: stage))
    guard enabled, isatty(STDERR_FILENO) == 1 else {
      self.timer = nil
      return
    }
    let timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global(qos: .utility))
    self.timer = timer
    timer.schedule(deadline: .now() + .seconds(2), repeating: .milliseconds(250))
    timer.setEventHandler { [weak self] in self?.draw() }
    timer.resume()
  }

  /// Names the step now running (e.g. `convolving`).
  func stage(_ stage: String) {
    state.withLock { $0.stage = stage }
  }

  /// Stops the timer and erases the line if it was drawn. Call before printing results.
  func finish() {
    timer?.cancel()
    let drawn = state.withLock { s -> Bool in
      s.finished = true
      return s.drawn
    }
    if drawn { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
  }

  private func draw() {
    let elapsed = ContinuousClock.now - start
    let line: String? = state.withLock { s in
      guard !s.finished else { return nil }
      s.drawn = true
      return Self.render(label: label, stage: s.stage, elapsed: elapsed)
    }
    if let line { FileHandle.standardError.write(Data(("\r\u{1B}[2K" + line).utf8)) }
  }

  /// The text of the line: `deconv: convolving… 12.3 s`.
  static func render(label: String, stage: String, elapsed: Duration) -> String {
    let tenths = elapsed.components.seconds * 10 + elapsed.components.attoseconds / 100_000_000_000_000_000
    return "\(label): \(stage)… \(tenths / 10).\(tenths % 10) s"
  }

  deinit { timer?.cancel() }
}
