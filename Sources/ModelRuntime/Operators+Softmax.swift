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
    var list = inputs
    return try run(taking: &list, context: context)
  }

  /// The normalised axis, checked against `rank`.
  func normalisedAxis(rank: Int, context: NodeContext) throws(RuntimeError) -> Int {
    let a = axis < 0 ? axis + rank : axis
    guard a >= 0, a < Swift.max(rank, 1) || (coerced && a <= rank) else {
      throw context.invalid("axis \(axis) is out of range for rank \(rank)")
    }
    return a
  }

  /// Rows along the last axis (or, before opset 13, the flattened trailing block) run as lane loops
  /// (`SoftmaxRows`), in the input's own buffer when the interpreter hands it over; any other axis
  /// through index groups.
  func run(taking inputs: inout [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue]
  {
    let shape = try context.value(inputs, 0).shape
    let a = try normalisedAxis(rank: shape.count, context: context)
    let count = shape.reduce(1, *)
    guard coerced || a == shape.count - 1, count > 0 else { return try grouped(inputs, context: context) }
    let rows = SoftmaxRows(length: shape[a...].reduce(1, *), log: log)
    if var x = context.takeFloat(&inputs, 0) {
      x.withElements { buffer in
        guard let base = buffer.baseAddress else { return }
        rows.run(UnsafePointer(base), base, count: count)
      }
      return [.float(x)]
    }
    let x = try context.floatInput(inputs, 0)
    let data = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
      x.data.withUnsafeBufferPointer { source in
        guard let src = source.baseAddress, let dst = buffer.baseAddress else { return }
        rows.run(src, dst, count: count)
      }
      initialized = count
    }
    return [.float(Tensor(shape: shape, data: data))]
  }

  /// Any axis: the groups of flat indices along it, in Double.
  func grouped(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let x = try context.floatInput(inputs, 0)
    let rank = x.rank
    let a = try normalisedAxis(rank: rank, context: context)
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
    let (scales, biases, epsilon, groups) = (scale.data, bias.data, epsilon, groups)
    let out = [Float](unsafeUninitializedCapacity: x.count) { buffer, initialized in
      x.data.withUnsafeBufferPointer { source in
        guard let src = source.baseAddress, let dst = buffer.baseAddress, block > 0 else { return }
        let buffers = LoopBuffers(dst, src, src)
        // One (n, group) block per row, each summed in one fixed order (`PlaneMoments`).
        ParallelRows.forEach(rows: n * groups, length: block) { rows in
          for row in rows {
            let base = row * block
            let (mean, variance) = PlaneMoments.moments(buffers.first + base, block)
            let r = 1 / (variance + epsilon).squareRoot()
            let g = row % groups
            for k in 0..<channelsPerGroup {
              let at = base + k * spatial
              let index = perChannel ? g * channelsPerGroup + k : g
              PlaneMoments.normalise(
                buffers.first + at, buffers.destination + at, spatial, mean: mean,
                scale: Float(Double(scales[index]) * r), shift: biases[index])
            }
          }
        }
      }
      initialized = x.count
    }
    return [.float(Tensor(shape: x.shape, data: out))]
  }
}
