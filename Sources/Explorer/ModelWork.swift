import CheckerscopeCore
import Dispatch
import Foundation
import Synchronization

/// Bounds the server's heavy work: at most `limit` jobs at once, each on the thread of the
/// connection that asked for it (a thread of its own, never a Swift concurrency thread), and a
/// bounded queue behind them (further requests get 503), so a long probe or a slow model never
/// blocks the server's other answers.
final class WorkLimiter: Sendable {
  private let limit: Int
  private let queueLength: Int
  private let state = Mutex(State())

  private struct State {
    var running = 0
    /// The waiting jobs' wake-ups, first come first served.
    var waiting: [DispatchSemaphore] = []
  }

  /// At most `limit` jobs at once; up to `queueLength` more wait their turn, further ones are
  /// refused (503).
  init(limit: Int, queueLength: Int) {
    self.limit = limit
    self.queueLength = queueLength
  }

  private func enter() throws(APIError) {
    let turn = state.withLock { state -> Result<DispatchSemaphore?, APIError> in
      if state.running < limit {
        state.running += 1
        return .success(nil)
      }
      guard state.waiting.count < queueLength else {
        return .failure(
          APIError(
            503,
            "the server is busy with \(state.running) other job(s) and \(state.waiting.count) waiting; try again when they finish"
          ))
      }
      let wakeUp = DispatchSemaphore(value: 0)
      state.waiting.append(wakeUp)
      return .success(wakeUp)
    }
    // The slot is handed over by `leave()`, so `running` stays the same.
    try turn.get()?.wait()
  }

  private func leave() {
    let next = state.withLock { state -> DispatchSemaphore? in
      guard !state.waiting.isEmpty else {
        state.running -= 1
        return nil
      }
      return state.waiting.removeFirst()
    }
    next?.signal()
  }

  /// Runs `work` on the calling thread once a slot is free and returns its result.
  func run<T>(_ work: () throws -> T) throws -> T {
    try enter()
    defer { leave() }
    return try work()
  }
}

/// The progress of the running probes, by the job id the page chose: nodes run so far and in all.
final class ProgressBoard: Sendable {
  private let state = LockedState()

  /// Records `done` of `total` for `job` (a short id the client made; longer ones are ignored).
  func update(_ job: String, done: Int, total: Int) {
    guard !job.isEmpty, job.count <= 64 else { return }
    state.withLock { $0[job] = (done, total) }
  }

  func remove(_ job: String) { state.withLock { $0[job] = nil } }

  func progress(_ job: String) -> (done: Int, total: Int)? { state.withLock { $0[job] } }
}

/// A dictionary behind a lock (NSLock), shared between the connection threads.
final class LockedState: @unchecked Sendable {
  private let lock = NSLock()
  private var values: [String: (done: Int, total: Int)] = [:]

  func withLock<T>(_ body: (inout [String: (done: Int, total: Int)]) -> T) -> T {
    lock.lock()
    defer { lock.unlock() }
    return body(&values)
  }
}

/// Reading a request's body within a limit.
enum Upload {
  /// The body's bytes: refused with 411 when the length is not declared, 413 when it is above
  /// `limit` (decided from the declared length: the server reads no body above its limit, which is
  /// this one), 400 when it is empty.
  static func read(_ request: HTTPRequest, limit: Int) throws(APIError) -> Data {
    guard let count = request.contentLength else {
      throw APIError(411, "send the model with a Content-Length")
    }
    guard count <= limit else {
      throw APIError(
        413,
        "the upload's \(MemoryBudget.format(bytes: count)) is more than this server accepts (\(MemoryBudget.format(bytes: limit)), a third of --max-memory)"
      )
    }
    guard count > 0 else { throw APIError.badRequest("the request has no body: send the model's bytes") }
    guard request.body.count == count else {
      throw APIError(
        413, "the upload's body (\(request.body.count) bytes) is not the \(count) bytes it declared")
    }
    return request.body
  }

  /// The name the upload goes by in messages and in the report's `model` field: `X-Filename` as
  /// given (so that a client that names the file as it would on the command line gets the command's
  /// bytes), when it is at most 1,024 characters without control characters; `model.onnx` otherwise.
  /// Never used to open anything.
  static func fileName(_ header: String?) -> String {
    guard let header, !header.isEmpty, header.count <= 1024,
      !header.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
    else { return "model.onnx" }
    return header
  }

}
