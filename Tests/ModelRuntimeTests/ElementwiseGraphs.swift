import Foundation
import ModelIO
import ModelRuntime
import TransposedConv

/// Small graphs and plain references for the elementwise and normalisation tests.
enum ElementwiseGraphs {
  /// Seeded values in [low, high).
  static func values(_ count: Int, seed: UInt64, low: Float = -4, high: Float = 4) -> [Float] {
    var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
    return (0..<count).map { _ in
      state ^= state << 13
      state ^= state >> 7
      state ^= state << 17
      return low + (high - low) * Float(state >> 40) / Float(1 << 24)
    }
  }

  static func tensor(_ shape: [Int], seed: UInt64, low: Float = -4, high: Float = 4) -> Tensor {
    Tensor(shape: shape, data: values(shape.reduce(1, *), seed: seed, low: low, high: high))
  }

  /// Runs `op` on graph inputs `names` (each given in `inputs`). With `handOver`, every input first
  /// goes through `Neg` twice (exact), so the operator receives values the run computed and holds
  /// nowhere else: the interpreter hands them over and the operator may write in place.
  static func run(
    _ op: String, _ inputs: [(String, Tensor)], attributes: [String: ModelAttribute] = [:], opset: Int = 17,
    handOver: Bool, observe: ((Interpreter.NodeResult) throws -> Void)? = nil
  ) throws -> Tensor? {
    var nodes: [ModelNode] = []
    var operands: [String] = []
    for (name, _) in inputs {
      if handOver {
        nodes.append(node("Neg", [name], ["\(name)_n"], index: nodes.count))
        nodes.append(node("Neg", ["\(name)_n"], ["\(name)_p"], index: nodes.count))
        operands.append("\(name)_p")
      } else {
        operands.append(name)
      }
    }
    nodes.append(node(op, operands, ["y"], attributes: attributes, index: nodes.count))
    let graph = ModelGraph(
      path: "m.onnx", opsetVersion: opset, nodes: nodes, initializers: [:],
      inputs: inputs.map { name, t in
        ModelValueInfo(name: name, dataType: .float, dimensions: t.shape.map { .fixed($0) })
      },
      outputs: [ModelValueInfo(name: "y", dataType: nil, dimensions: nil)])
    var values: [String: RuntimeValue] = [:]
    for (name, t) in inputs { values[name] = .float(t) }
    let out = try Interpreter(graph: graph).run(values: values, observe: observe)
    return out["y"]?.floatTensor
  }

  static func node(
    _ op: String, _ inputs: [String], _ outputs: [String], attributes: [String: ModelAttribute] = [:],
    index: Int
  ) -> ModelNode {
    ModelNode(
      name: "n\(index)", opType: op, inputs: inputs, outputs: outputs, attributes: attributes,
      fileIndex: index)
  }

  /// The flat index into a tensor of `shape` of the element broadcast to `position` of `output`.
  static func broadcastIndex(_ position: [Int], _ shape: [Int], _ output: [Int]) -> Int {
    let padded = [Int](repeating: 1, count: output.count - shape.count) + shape
    var index = 0
    for axis in output.indices { index = index * padded[axis] + (padded[axis] == 1 ? 0 : position[axis]) }
    return index
  }

  /// `f(a, b)` broadcast by NumPy's rules, element by element.
  static func reference(_ a: Tensor, _ b: Tensor, _ f: (Float, Float) -> Float) -> Tensor {
    let rank = max(a.rank, b.rank)
    let pa = [Int](repeating: 1, count: rank - a.rank) + a.shape
    let pb = [Int](repeating: 1, count: rank - b.rank) + b.shape
    let shape = zip(pa, pb).map { max($0, $1) }
    let count = shape.reduce(1, *)
    var out = [Float](repeating: 0, count: count)
    var position = [Int](repeating: 0, count: rank)
    for flat in 0..<count {
      var rest = flat
      for axis in (0..<rank).reversed() {
        position[axis] = rest % shape[axis]
        rest /= shape[axis]
      }
      out[flat] = f(
        a.data[broadcastIndex(position, a.shape, shape)], b.data[broadcastIndex(position, b.shape, shape)])
    }
    return Tensor(shape: shape, data: out)
  }

  /// Mean and biased variance in Double, two passes.
  static func moments(_ x: ArraySlice<Float>) -> (Double, Double) {
    let mean = x.reduce(0.0) { $0 + Double($1) } / Double(x.count)
    let variance = x.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(x.count)
    return (mean, variance)
  }

  /// The largest |got − want| / (|want| + floor) over the elements; infinity on a shape mismatch
  /// or a NaN where the other has none.
  static func worst(_ got: Tensor?, _ want: [Double], floor: Double) -> Double {
    guard let got, got.count == want.count else { return .infinity }
    var worst = 0.0
    for (g, w) in zip(got.data, want) {
      if g.isNaN && w.isNaN { continue }
      let e = abs(Double(g) - w) / (abs(w) + floor)
      if e.isNaN { return .infinity }
      worst = max(worst, e)
    }
    return worst
  }
}
