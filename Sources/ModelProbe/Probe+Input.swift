import CheckerscopeCore
import ModelIO
import ModelRuntime
import TransposedConv

extension Probe {
  /// The made-up inputs the probe runs on when no tensor file is given (`probe --input`, the
  /// explorer's probe, a study's probe section, `audit --probe`).
  public enum Stimulus: String, Sendable, CaseIterable {
    /// All ones.
    case constant
    /// Seeded uniform noise in [0, 1) (`noiseInput(shape:seed:)`).
    case noise
  }

  /// The seeded noise input of `checkerscope probe --input noise` and the study's probe section:
  /// `shape`'s elements row-major, each `u / 2²⁴` for `u` the top 24 bits of the next
  /// `SplitMix64(seed:)` output, so uniform in [0, 1) and the same on every platform.
  /// Complexity: O(elements).
  public static func noiseInput(shape: [Int], seed: UInt64) -> Tensor {
    var rng = SplitMix64(seed: seed)
    let count = shape.reduce(1, *)
    return Tensor(shape: shape, data: (0..<count).map { _ in Float(rng.next() >> 40) / Float(1 << 24) })
  }

  /// The `stimulus` tensor of `shape` (its size already checked): all ones, or the seeded noise.
  public static func input(_ stimulus: Stimulus, shape: [Int], seed: UInt64 = 1) -> Tensor {
    switch stimulus {
    case .constant: return Tensor(shape: shape, repeating: 1)
    case .noise: return noiseInput(shape: shape, seed: seed)
    }
  }

  /// The one preparation of a made-up input: `graph` with `inputShape` filled in (when given) and
  /// the `stimulus` tensor of its fixed input shape, made only after its size is checked — at most
  /// `Interpreter.maximumElements` elements, 4 bytes each within `budget`.
  ///
  /// - Throws: `ModelIOError` when `inputShape` does not fit the graph's input;
  ///   `ProbeError.inputShapeNotFixed` when the input shape keeps symbolic dimensions;
  ///   `ProbeError.runtime(.tooLarge)` above the interpreter's element limit; `CoreError.overBudget`
  ///   beyond `budget`.
  public static func prepare(
    _ stimulus: Stimulus, graph: ModelGraph, inputShape: [Int]? = nil, seed: UInt64 = 1,
    budget: MemoryBudget = .default
  ) throws -> (graph: ModelGraph, input: Tensor) {
    var graph = graph
    if let inputShape { graph = try graph.withInputShape(inputShape) }
    guard let shape = graph.fixedInputShape else {
      throw ProbeError.inputShapeNotFixed(path: graph.path, shape: graph.inputs.first?.shapeDescription)
    }
    let name = graph.inputs.first?.name ?? "input"
    guard let count = CheckedSize.productOrNil(shape), count <= Interpreter.maximumElements else {
      throw ProbeError.runtime(
        .tooLarge(path: graph.path, node: name, elements: CheckedSize.productOrNil(shape) ?? Int.max))
    }
    try budget.require(
      elements: count, of: 4,
      what: "the \(stimulus.rawValue) input \(shape.map(String.init).joined(separator: "×"))")
    return (graph, input(stimulus, shape: shape, seed: seed))
  }
}
