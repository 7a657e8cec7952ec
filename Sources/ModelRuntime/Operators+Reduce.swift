import Foundation
import ModelIO
import TransposedConv

/// The outer/axis/inner split of a row-major shape around some axes: reductions visit each output
/// element's group of inputs through `groups`.
struct AxisGroups {
  /// For each output element (keepdims layout), the flat input indices it reduces over.
  let groups: [[Int]]
  /// The output shape with the reduced axes kept as 1.
  let keptShape: [Int]

  init(shape: [Int], axes: Set<Int>) {
    let kept = shape.indices.map { axes.contains($0) ? 1 : shape[$0] }
    let strides = CheckedShape.strides(shape)
    let outCount = kept.reduce(1, *)
    let reducedAxes = shape.indices.filter { axes.contains($0) }
    let reducedShape = reducedAxes.map { shape[$0] }
    let reducedCount = reducedShape.reduce(1, *)
    // Offsets of one group relative to its first element.
    var offsets = [Int](repeating: 0, count: reducedCount)
    var counter = [Int](repeating: 0, count: reducedAxes.count)
    for r in 0..<reducedCount {
      var o = 0
      for (i, axis) in reducedAxes.enumerated() { o += counter[i] * strides[axis] }
      offsets[r] = o
      var i = reducedAxes.count - 1
      while i >= 0 {
        counter[i] += 1
        if counter[i] < reducedShape[i] { break }
        counter[i] = 0
        i -= 1
      }
    }
    var groups: [[Int]] = []
    groups.reserveCapacity(outCount)
    var outCounter = [Int](repeating: 0, count: shape.count)
    for _ in 0..<outCount {
      var base = 0
      for axis in shape.indices { base += outCounter[axis] * strides[axis] }
      groups.append(shape.contains(0) ? [] : offsets.map { base + $0 })
      var axis = shape.count - 1
      while axis >= 0 {
        outCounter[axis] += 1
        if outCounter[axis] < kept[axis] { break }
        outCounter[axis] = 0
        axis -= 1
      }
    }
    self.groups = groups
    keptShape = kept
  }
}

/// `ReduceSum`, `ReduceMean`, `ReduceMax`, `ReduceMin`, `ReduceProd`, `ReduceL1`, `ReduceL2`,
/// `ReduceSumSquare`, `ReduceLogSum`, `ReduceLogSumExp`: axes as attribute (ReduceSum before opset 13,
/// the others before 18) or as input, `keepdims`, `noop_with_empty_axes`. Sums in Double.
struct ReduceOperator: RuntimeOperator {
  enum Kind: String, CaseIterable, Sendable {
    case sum = "ReduceSum", mean = "ReduceMean", max = "ReduceMax", min = "ReduceMin", prod = "ReduceProd"
    case l1 = "ReduceL1", l2 = "ReduceL2", sumSquare = "ReduceSumSquare", logSum = "ReduceLogSum"
    case logSumExp = "ReduceLogSumExp"
  }
  static let attributes: Set<String> = ["axes", "keepdims", "noop_with_empty_axes"]
  let kind: Kind
  let axesAttribute: [Int]?
  let keepDims: Bool
  let noopWhenEmpty: Bool
  let axesFromInput: Bool

  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {
    guard let kind = Kind(rawValue: node.opType) else { throw context.unsupported("unknown operator") }
    self.kind = kind
    axesFromInput = context.opsetVersion >= (kind == .sum ? 13 : 18)
    if axesFromInput && node.attributes["axes"] != nil {
      throw context.unsupported("the 'axes' attribute is an input at opset \(context.opsetVersion)")
    }
    axesAttribute = try context.ints("axes")
    keepDims = try context.int("keepdims") ?? 1 != 0
    noopWhenEmpty = try context.int("noop_with_empty_axes") ?? 0 != 0
  }

  /// The reduced axes for input rank `rank`; nil means the input passes through unchanged.
  func axes(_ given: [Int]?, rank: Int, context: NodeContext) throws(RuntimeError) -> Set<Int>? {
    let list = axesFromInput ? given : axesAttribute
    guard let list, !list.isEmpty else { return noopWhenEmpty ? nil : Set(0..<rank) }
    return Set(try context.axes(list, rank: rank))
  }

  func outputShapes(_ inputs: [ShapeFact], context: NodeContext) throws(RuntimeError) -> [[Int]?]? {
    guard let shape = inputs.first?.shape else { return nil }
    let given: [Int]?
    if axesFromInput, inputs.count > 1, inputs[1].shape != nil {
      guard let v = inputs[1].value else { return nil }
      given = v.ints
    } else {
      given = nil
    }
    guard let axes = try axes(given, rank: shape.count, context: context) else { return [shape] }
    return [shape.indices.compactMap { axes.contains($0) ? (keepDims ? 1 : nil) : shape[$0] }]
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let x = try context.value(inputs, 0)
    let given = axesFromInput ? context.optional(inputs, 1)?.ints : nil
    guard let axes = try axes(given, rank: x.shape.count, context: context) else { return [x] }
    let plan = AxisGroups(shape: x.shape, axes: axes)
    let outShape = x.shape.indices.compactMap { axes.contains($0) ? (keepDims ? 1 : nil) : x.shape[$0] }
    if case .int(let t) = x, kind == .sum || kind == .max || kind == .min || kind == .prod {
      let data = plan.groups.map { g -> Int64 in
        switch kind {
        case .max: return g.map { t.data[$0] }.max() ?? .min
        case .min: return g.map { t.data[$0] }.min() ?? .max
        case .prod: return g.reduce(Int64(1)) { $0 &* t.data[$1] }
        default: return g.reduce(Int64(0)) { $0 &+ t.data[$1] }
        }
      }
      return [.int(IntTensor(shape: outShape, data: data))]
    }
    let v = x.floats
    let data = plan.groups.map { g -> Float in
      switch kind {
      case .sum: return Float(g.reduce(0.0) { $0 + Double(v[$1]) })
      case .mean: return Float(g.reduce(0.0) { $0 + Double(v[$1]) } / Double(g.count))
      case .max:
        return g.isEmpty
          ? -.infinity : g.reduce(-Float.infinity) { v[$1].isNaN || $0.isNaN ? .nan : Swift.max($0, v[$1]) }
      case .min:
        return g.isEmpty
          ? .infinity : g.reduce(Float.infinity) { v[$1].isNaN || $0.isNaN ? .nan : Swift.min($0, v[$1]) }
      case .prod: return Float(g.reduce(1.0) { $0 * Double(v[$1]) })
      case .l1: return Float(g.reduce(0.0) { $0 + Swift.abs(Double(v[$1])) })
      case .l2: return Float(g.reduce(0.0) { $0 + Double(v[$1]) * Double(v[$1]) }.squareRoot())
      case .sumSquare: return Float(g.reduce(0.0) { $0 + Double(v[$1]) * Double(v[$1]) })
      case .logSum: return Float(Foundation.log(g.reduce(0.0) { $0 + Double(v[$1]) }))
      case .logSumExp:
        let m = g.map { Double(v[$0]) }.max() ?? -.infinity
        guard m.isFinite else { return Float(m) }
        return Float(m + Foundation.log(g.reduce(0.0) { $0 + Foundation.exp(Double(v[$1]) - m) }))
      }
    }
    return [.float(Tensor(shape: outShape, data: data))]
  }
}

/// `ArgMax` and `ArgMin` along `axis`, with `keepdims` and `select_last_index`; int64 result.
struct ArgReduceOperator: RuntimeOperator {
  static let attributes: Set<String> = ["axis", "keepdims", "select_last_index"]
  let isMax: Bool
  let axis: Int
  let keepDims: Bool
  let last: Bool
  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {
    isMax = node.opType == "ArgMax"
    axis = try context.int("axis") ?? 0
    keepDims = try context.int("keepdims") ?? 1 != 0
    last = try context.int("select_last_index") ?? 0 != 0
  }

  func outputShapes(_ inputs: [ShapeFact], context: NodeContext) throws(RuntimeError) -> [[Int]?]? {
    guard let shape = inputs.first?.shape else { return nil }
    let a = try context.axis(axis, rank: shape.count)
    return [shape.indices.compactMap { $0 == a ? (keepDims ? 1 : nil) : shape[$0] }]
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let x = try context.value(inputs, 0)
    let a = try context.axis(axis, rank: x.shape.count)
    let plan = AxisGroups(shape: x.shape, axes: [a])
    let v = x.floats
    let data = plan.groups.map { g -> Int64 in
      var best = 0
      for (i, index) in g.enumerated().dropFirst() {
        let (c, b) = (v[index], v[g[best]])
        let better = isMax ? (last ? c >= b : c > b) : (last ? c <= b : c < b)
        if better { best = i }
      }
      return Int64(best)
    }
    let outShape = x.shape.indices.compactMap { $0 == a ? (keepDims ? 1 : nil) : x.shape[$0] }
    return [.int(IntTensor(shape: outShape, data: data))]
  }
}

/// `CumSum` along the axis given as input, with `exclusive` and `reverse`.
struct CumSumOperator: RuntimeOperator {
  static let attributes: Set<String> = ["exclusive", "reverse"]
  let exclusive: Bool
  let reverse: Bool
  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {
    exclusive = try context.int("exclusive") ?? 0 != 0
    reverse = try context.int("reverse") ?? 0 != 0
  }

  func outputShapes(_ inputs: [ShapeFact], context: NodeContext) throws(RuntimeError) -> [[Int]?]? {
    inputs.first?.shape.map { [$0] }
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let x = try context.value(inputs, 0)
    guard let axisValue = try context.value(inputs, 1).ints.first else {
      throw context.invalid("axis is empty")
    }
    let a = try context.axis(axisValue, rank: x.shape.count)
    let plan = AxisGroups(shape: x.shape, axes: [a])
    let v = x.floats
    var out = [Float](repeating: 0, count: v.count)
    for g in plan.groups {
      let order = reverse ? Array(g.reversed()) : g
      var sum: Float = 0
      for index in order {
        if exclusive {
          out[index] = sum
          sum += v[index]
        } else {
          sum += v[index]
          out[index] = sum
        }
      }
    }
    return [x.sameKind(shape: x.shape, floats: out)]
  }
}
