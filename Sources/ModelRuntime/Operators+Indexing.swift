import ModelIO
import TransposedConv

/// The multi-index of flat position `flat` in `shape`.
func multiIndex(_ flat: Int, _ shape: [Int]) -> [Int] {
  var rest = flat
  var result = [Int](repeating: 0, count: shape.count)
  for axis in shape.indices.reversed() where shape[axis] > 0 {
    result[axis] = rest % shape[axis]
    rest /= shape[axis]
  }
  return result
}

/// An index normalised against extent `n` (negative counts from the end), or an error naming the node.
func normalizedIndex(_ i: Int, _ n: Int, _ context: NodeContext) throws(RuntimeError) -> Int {
  let j = i < 0 ? i + n : i
  guard j >= 0, j < n else { throw context.invalid("index \(i) is out of range for extent \(n)") }
  return j
}

/// `GatherElements` along `axis`: the output has the indices' shape.
struct GatherElementsOperator: RuntimeOperator {
  static let attributes: Set<String> = ["axis"]
  let axis: Int
  init(node: ModelNode, context: NodeContext) throws(RuntimeError) { axis = try context.int("axis") ?? 0 }

  func outputShapes(_ inputs: [ShapeFact], context: NodeContext) throws(RuntimeError) -> [[Int]?]? {
    inputs.count > 1 ? inputs[1].shape.map { [$0] } : nil
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let x = try context.value(inputs, 0)
    let idx = try context.value(inputs, 1)
    let r = x.shape.count
    let a = try context.existingAxis(axis, rank: r)
    guard idx.shape.count == r else {
      throw context.invalid("indices \(idx.shape) and data \(x.shape) differ in rank")
    }
    let strides = CheckedShape.strides(x.shape)
    let values = idx.ints
    var flat: [Int] = []
    flat.reserveCapacity(values.count)
    for (i, v) in values.enumerated() {
      var m = multiIndex(i, idx.shape)
      m[a] = try normalizedIndex(v, x.shape[a], context)
      for axis in 0..<r where axis != a && m[axis] >= x.shape[axis] {
        throw context.invalid("indices \(idx.shape) exceed data \(x.shape) on axis \(axis)")
      }
      flat.append(zip(m, strides).map(*).reduce(0, +))
    }
    return [x.gathered(flat, shape: idx.shape)]
  }
}

/// `GatherND` with `batch_dims`.
struct GatherNDOperator: RuntimeOperator {
  static var placeholderInputs: Set<Int> { [0, 1] }
  static let attributes: Set<String> = ["batch_dims"]
  let batchDims: Int
  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {
    batchDims = try context.int("batch_dims") ?? 0
    guard batchDims >= 0 else { throw context.unsupported("negative batch_dims \(batchDims)") }
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let x = try context.value(inputs, 0)
    let idx = try context.value(inputs, 1)
    guard let k = idx.shape.last, batchDims < Swift.min(x.shape.count, idx.shape.count),
      batchDims + k <= x.shape.count
    else {
      throw context.invalid("indices \(idx.shape) do not index data \(x.shape) with batch_dims \(batchDims)")
    }
    let batchShape = Array(idx.shape[..<batchDims])
    let batch = batchShape.reduce(1, *)
    let tuples = idx.shape[batchDims..<(idx.shape.count - 1)].reduce(1, *)
    let sliceShape = Array(x.shape[(batchDims + k)...])
    let slice = sliceShape.reduce(1, *)
    let perBatch = x.shape[batchDims...].reduce(1, *)
    let strides = CheckedShape.strides(Array(x.shape[batchDims...]))
    let values = idx.ints
    let outShape = Array(idx.shape.dropLast()) + sliceShape
    try context.checkSize(outShape)
    var flat: [Int] = []
    for b in 0..<batch {
      for t in 0..<tuples {
        var offset = b * perBatch
        for j in 0..<k {
          let v = try normalizedIndex(values[(b * tuples + t) * k + j], x.shape[batchDims + j], context)
          offset += v * strides[j]
        }
        for s in 0..<slice { flat.append(offset + s) }
      }
    }
    return [x.gathered(flat, shape: outShape)]
  }
}

/// `ScatterND` with `reduction` none, add, mul, max, min.
struct ScatterNDOperator: RuntimeOperator {
  static let attributes: Set<String> = ["reduction"]
  let reduction: String
  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {
    reduction = try context.choice("reduction", ["none", "add", "mul", "max", "min"], default: "none")
  }

  func outputShapes(_ inputs: [ShapeFact], context: NodeContext) throws(RuntimeError) -> [[Int]?]? {
    inputs.first?.shape.map { [$0] }
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let x = try context.value(inputs, 0)
    let idx = try context.value(inputs, 1)
    let updates = try context.value(inputs, 2)
    guard let k = idx.shape.last, k <= x.shape.count else {
      throw context.invalid("indices \(idx.shape) do not index data \(x.shape)")
    }
    let tuples = idx.shape.dropLast().reduce(1, *)
    let slice = x.shape[k...].reduce(1, *)
    guard updates.count == tuples * slice else {
      throw context.invalid("updates \(updates.shape) do not fit indices \(idx.shape) into data \(x.shape)")
    }
    let strides = CheckedShape.strides(x.shape)
    let values = idx.ints
    var out = x.floats
    let u = updates.floats
    for t in 0..<tuples {
      var offset = 0
      for j in 0..<k { offset += try normalizedIndex(values[t * k + j], x.shape[j], context) * strides[j] }
      for s in 0..<slice {
        let (d, v) = (offset + s, u[t * slice + s])
        switch reduction {
        case "add": out[d] += v
        case "mul": out[d] *= v
        case "max": out[d] = Swift.max(out[d], v)
        case "min": out[d] = Swift.min(out[d], v)
        default: out[d] = v
        }
      }
    }
    return [x.sameKind(shape: x.shape, floats: out)]
  }
}

/// `Split` along `axis`: sizes from the `split` attribute (before opset 13), the `split` input (13
/// and later), `num_outputs` (18) or equal parts.
struct SplitOperator: RuntimeOperator {
  static let attributes: Set<String> = ["axis", "split", "num_outputs"]
  let axis: Int
  let splitAttribute: [Int]?
  let parts: Int
  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {
    axis = try context.int("axis") ?? 0
    if context.opsetVersion >= 13 && node.attributes["split"] != nil {
      throw context.unsupported("the 'split' attribute is an input of Split at opset \(context.opsetVersion)")
    }
    if context.opsetVersion < 18 && node.attributes["num_outputs"] != nil {
      throw context.unsupported(
        "the 'num_outputs' attribute is not part of Split at opset \(context.opsetVersion)")
    }
    splitAttribute = try context.ints("split")
    parts = try context.int("num_outputs") ?? node.outputs.count
    guard parts >= 1, parts == node.outputs.count || node.attributes["num_outputs"] == nil else {
      throw context.invalid("num_outputs \(parts) does not match the node's \(node.outputs.count) outputs")
    }
  }

  func sizes(_ extent: Int, given: [Int]?, context: NodeContext) throws(RuntimeError) -> [Int] {
    if let s = given ?? splitAttribute, !s.isEmpty {
      guard s.allSatisfy({ $0 >= 0 }), s.reduce(0, { CheckedShape.add($0, $1) ?? Int.max }) == extent else {
        throw context.invalid("split \(s) does not add up to the extent \(extent)")
      }
      return s
    }
    let chunk = (extent + parts - 1) / parts
    return (0..<parts).map { Swift.max(0, Swift.min(chunk, extent - $0 * chunk)) }
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let x = try context.value(inputs, 0)
    let a = try context.existingAxis(axis, rank: x.shape.count)
    let s = try sizes(x.shape[a], given: context.optional(inputs, 1)?.ints, context: context)
    let outer = x.shape[..<a].reduce(1, *)
    let inner = x.shape[(a + 1)...].reduce(1, *)
    var results: [RuntimeValue] = []
    var start = 0
    for size in s {
      var shape = x.shape
      shape[a] = size
      var flat: [Int] = []
      flat.reserveCapacity(outer * size * inner)
      for o in 0..<outer {
        let base = (o * x.shape[a] + start) * inner
        flat.append(contentsOf: base..<(base + size * inner))
      }
      results.append(x.gathered(flat, shape: shape))
      start += size
    }
    return results
  }
}

/// `Trilu`: the upper (default) or lower triangle of the last two axes, offset by input `k`.
struct TriluOperator: RuntimeOperator {
  static let attributes: Set<String> = ["upper"]
  let upper: Bool
  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {
    upper = try context.int("upper") ?? 1 != 0
  }

  func outputShapes(_ inputs: [ShapeFact], context: NodeContext) throws(RuntimeError) -> [[Int]?]? {
    inputs.first?.shape.map { [$0] }
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let x = try context.value(inputs, 0)
    guard x.shape.count >= 2 else { throw context.invalid("input \(x.shape) has fewer than two axes") }
    let k = context.optional(inputs, 1)?.ints.first ?? 0
    let (rows, cols) = (x.shape[x.shape.count - 2], x.shape[x.shape.count - 1])
    var v = x.floats
    for i in v.indices {
      let col = i % Swift.max(cols, 1)
      let row = (i / Swift.max(cols, 1)) % Swift.max(rows, 1)
      let keep = upper ? col - row >= k : col - row <= k
      if !keep { v[i] = 0 }
    }
    return [x.sameKind(shape: x.shape, floats: v)]
  }
}
