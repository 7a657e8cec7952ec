/// One benchmark case: a name, a setup that builds its inputs in code, and a body that runs the
/// measured work and returns a checksum of the result (so the work cannot be optimised away).
struct BenchCase: Sendable {
  var name: String
  /// Number of timed runs (after one warm-up run).
  var runs: Int
  /// Builds the inputs (not timed) and returns the timed body.
  var prepare: @Sendable () throws -> @Sendable () throws -> Double

  init(
    _ name: String, runs: Int = 10, prepare: @escaping @Sendable () throws -> @Sendable () throws -> Double
  ) {
    self.name = name
    self.runs = runs
    self.prepare = prepare
  }
}
