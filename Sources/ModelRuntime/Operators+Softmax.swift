import Foundation
import ModelIO
import TransposedConv

/// `Softmax` and `LogSoftmax`: before opset 13 the input is coerced to 2-D at `axis` (default 1) and
/// normalised over the flattened trailing block; from 13 along `axis` (default −1) alone.
struct SoftmaxOperator: RuntimeOperator {
  static let attributes: Set<String> = ["axis"]
  let log: Bool
  let axis: Int
  let coerced: Bool
  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {
    log = node.opType == "LogSoftmax"
    coerced = context.opsetVersion < 13
    axis = try context.int("axis") ?? (coerced ? 1 : -1)
  }

  func outputShapes(_ inputs: [ShapeFact], context: NodeContext) throws(RuntimeError) -> [[Int]?]? {
    inputs.first?.shape.map { [$0] }
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let x = try context.floatInput(inputs, 0)
    let rank = x.rank
    let a = axis < 0 ? axis + rank : axis
    guard a >= 0, a < Swift.max(rank, 1) || (coerced && a <= rank) else {
      throw context.invalid("axis \(axis) is out of range for rank \(rank)")
    }
    let groups: [[Int]]
    if coerced {
      let inner = x.shape[a...].reduce(1, *)
      let outer = inner == 0 ? 0 : x.count / inner
      groups = (0..<outer).map { o in Array((o * inner)..<((o + 1) * inner)) }
    } else {
      groups = AxisGroups(shape: x.shape, axes: rank == 0 ? [] : [a]).groups
    }
    var out = x.data
    for g in groups {
      let m = g.map { x.data[$0] }.max() ?? 0
      var sum = 0.0
      for i in g { sum += Foundation.exp(Double(x.data[i] - m)) }
      for i in g {
        let shifted = Double(x.data[i] - m)
        out[i] = log ? Float(shifted - Foundation.log(sum)) : Float(Foundation.exp(shifted) / sum)
      }
    }
    return [.float(Tensor(shape: x.shape, data: out))]
  }
}

/// `LayerNormalization` (opset 17): normalises over the axes from `axis` (default −1) to the end,
/// then scales and shifts; optional `Mean` and `InvStdDev` outputs. Statistics in Double.
struct LayerNormOperator: RuntimeOperator {
  static var placeholderInputs: Set<Int> { [0, 1, 2] }
  static let attributes: Set<String> = ["axis", "epsilon", "stash_type"]
  let axis: Int
  let epsilon: Double
  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {
    axis = try context.int("axis") ?? -1
    epsilon = Double(try context.float("epsilon") ?? 1e-5)
  }

  func outputShapes(_ inputs: [ShapeFact], context: NodeContext) throws(RuntimeError) -> [[Int]?]? {
    guard let shape = inputs.first?.shape else { return nil }
    let a = try context.axis(axis, rank: shape.count)
    let stats = shape.indices.map { $0 < a ? shape[$0] : 1 }
    return [shape, stats, stats]
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let x = try context.floatInput(inputs, 0)
    let a = try context.axis(axis, rank: x.rank)
    let scale = try context.floatInput(inputs, 1)
    let bias = try context.optionalFloat(inputs, 2)
    let normShape = Array(x.shape[a...])
    let inner = normShape.reduce(1, *)
    let outer = inner == 0 ? 0 : x.count / inner
    let si = Broadcast.indices(of: scale.shape, in: normShape)
    let bi = bias.map { Broadcast.indices(of: $0.shape, in: normShape) }
    guard Broadcast.shape(normShape, scale.shape) == normShape else {
      throw context.invalid("scale \(scale.shape) does not broadcast to \(normShape)")
    }
    var out = [Float](repeating: 0, count: x.count)
    var means = [Float](repeating: 0, count: outer)
    var inv = [Float](repeating: 0, count: outer)
    for o in 0..<outer {
      let base = o * inner
      var sum = 0.0
      for i in 0..<inner { sum += Double(x.data[base + i]) }
      let mean = sum / Double(inner)
      var sq = 0.0
      for i in 0..<inner { sq += (Double(x.data[base + i]) - mean) * (Double(x.data[base + i]) - mean) }
      let r = 1 / (sq / Double(inner) + epsilon).squareRoot()
      means[o] = Float(mean)
      inv[o] = Float(r)
      for i in 0..<inner {
        var y = Float((Double(x.data[base + i]) - mean) * r) * scale.data[si[i]]
        if let bias, let bi { y += bias.data[bi[i]] }
        out[base + i] = y
      }
    }
    let stats = x.shape.indices.map { $0 < a ? x.shape[$0] : 1 }
    return [
      .float(Tensor(shape: x.shape, data: out)), .float(Tensor(shape: stats, data: means)),
      .float(Tensor(shape: stats, data: inv)),
    ]
  }
}

/// `GroupNormalization` (opset 18: scale and bias per group; 21: per channel): normalises each of
/// `num_groups` channel groups over its channels and spatial positions.
struct GroupNormOperator: RuntimeOperator {
  static var placeholderInputs: Set<Int> { [0, 1, 2] }
  static let attributes: Set<String> = ["epsilon", "num_groups", "stash_type"]
  let groups: Int
  let epsilon: Double
  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {
    guard let g = try context.int("num_groups"), g >= 1 else {
      throw context.unsupported("num_groups must be given and positive")
    }
    groups = g
    epsilon = Double(try context.float("epsilon") ?? 1e-5)
  }

  func outputShapes(_ inputs: [ShapeFact], context: NodeContext) throws(RuntimeError) -> [[Int]?]? {
    inputs.first?.shape.map { [$0] }
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let x = try context.floatInput(inputs, 0)
    let scale = try context.floatInput(inputs, 1)
    let bias = try context.floatInput(inputs, 2)
    guard x.rank >= 2, x.shape[1] % groups == 0 else {
      throw context.invalid("input \(x.shape) does not split into \(groups) channel groups")
    }
    let (n, c) = (x.shape[0], x.shape[1])
    let perChannel = scale.count == c
    guard scale.count == c || scale.count == groups, bias.count == scale.count else {
      throw context.invalid(
        "scale \(scale.shape) and bias \(bias.shape) fit neither \(c) channels nor \(groups) groups")
    }
    let spatial = x.count / Swift.max(1, n * c)
    let channelsPerGroup = c / groups
    let block = channelsPerGroup * spatial
    var out = [Float](repeating: 0, count: x.count)
    for b in 0..<n {
      for g in 0..<groups {
        let base = (b * groups + g) * block
        var sum = 0.0
        for i in 0..<block { sum += Double(x.data[base + i]) }
        let mean = sum / Double(Swift.max(block, 1))
        var sq = 0.0
        for i in 0..<block { sq += (Double(x.data[base + i]) - mean) * (Double(x.data[base + i]) - mean) }
        let r = 1 / (sq / Double(Swift.max(block, 1)) + epsilon).squareRoot()
        for i in 0..<block {
          let channel = g * channelsPerGroup + i / Swift.max(spatial, 1)
          let k = perChannel ? channel : g
          out[base + i] = Float((Double(x.data[base + i]) - mean) * r) * scale.data[k] + bias.data[k]
        }
      }
    }
    return [.float(Tensor(shape: x.shape, data: out))]
  }
}
