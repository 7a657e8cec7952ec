import CheckerscopeCore
import Dispatch
import Foundation

/// Runs the server's heavy work off the request tasks: each job on a dispatch thread of its own,
/// at most `limit` at once and a bounded queue behind them (further requests get 503), so a long
/// probe or a slow model never blocks the server's other answers.
actor WorkLimiter {
  private let limit: Int
  private let queueLength: Int
  private var running = 0
  private var waiting: [CheckedContinuation<Void, Never>] = []

  /// At most `limit` jobs at once; up to `queueLength` more wait their turn, further ones are
  /// refused (503).
  init(limit: Int, queueLength: Int) {
    self.limit = limit
    self.queueLength = queueLength
  }

  private func enter() async throws(APIError) {
    if running < limit {
      running += 1
      return
    }
    guard waiting.count < queueLength else {
      throw APIError(
        503,
        "the server is busy with \(running) other job(s) and \(waiting.count) waiting; try again when they finish"
      )
    }
    // The slot is handed over by `leave()`, so `running` stays the same.
    await withCheckedContinuation { waiting.append($0) }
  }

  private func leave() {
    if waiting.isEmpty {
      running -= 1
    } else {
      waiting.removeFirst().resume()
    }
  }

  /// Runs `work` on a global dispatch queue and returns its result.
  func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await enter()
    defer { leave() }
    return try await withCheckedThrowingContinuation { continuation in
      DispatchQueue.global().async {
        do { continuation.resume(returning: try work()) } catch { continuation.resume(throwing: error) }
      }
    }
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

/// A dictionary behind a lock (NSLock), shared between the request tasks and the probe's thread.
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
