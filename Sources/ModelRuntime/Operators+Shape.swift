import ModelIO
import TransposedConv

/// A `ModelTensor` as a runtime value (integers stay int64).
func runtimeValue(_ tensor: ModelTensor, context: NodeContext) throws(RuntimeError) -> RuntimeValue {
  if let ints = tensor.int64Values { return .int(IntTensor(shape: tensor.shape, data: ints)) }
  guard let t = tensor.tensor else {
    throw context.unsupported("a tensor of type \(tensor.dataType) is not supported")
  }
  return .float(t)
}

/// `Identity`.
struct IdentityOperator: RuntimeOperator {
  static let attributes: Set<String> = []
  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {}
  func outputShapes(_ inputs: [ShapeFact], context: NodeContext) throws(RuntimeError) -> [[Int]?]? {
    inputs.first?.shape.map { [$0] }
  }
  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    [try context.value(inputs, 0)]
  }
}

/// `Dropout` at inference: the input unchanged (and an all-true mask); `training_mode` is refused.
struct DropoutOperator: RuntimeOperator {
  static let attributes: Set<String> = ["ratio", "seed"]
  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {}

  func outputShapes(_ inputs: [ShapeFact], context: NodeContext) throws(RuntimeError) -> [[Int]?]? {
    inputs.first?.shape.map { [$0, $0] }
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let x = try context.value(inputs, 0)
    if let training = context.optional(inputs, 2), training.floats.contains(where: { $0 != 0 }) {
      throw context.unsupported("training_mode = true is not supported")
    }
    return [x, .int(IntTensor(shape: x.shape, repeating: 1))]
  }
}

/// `Constant` (`value`, `value_float(s)`, `value_int(s)`).
struct ConstantOperator: RuntimeOperator {
  static let attributes: Set<String> = ["value", "value_float", "value_floats", "value_int", "value_ints"]
  let value: RuntimeValue

  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {
    if let t = try context.tensor("value") {
      value = try runtimeValue(t, context: context)
    } else if let f = try context.float("value_float") {
      value = .float(Tensor(shape: [], data: [f]))
    } else if let i = try context.int("value_int") {
      value = .int(IntTensor(shape: [], data: [Int64(i)]))
    } else if let i = try context.ints("value_ints") {
      value = .int(IntTensor(shape: [i.count], data: i.map { Int64($0) }))
    } else {
      let fs: [Float]?
      do { fs = try node.floats("value_floats", path: context.path) } catch { throw .model(error) }
      guard let fs else { throw context.unsupported("no supported value attribute") }
      value = .float(Tensor(shape: [fs.count], data: fs))
    }
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] { [value] }
}

/// `ConstantOfShape`: a tensor of the given shape filled with `value` (default float 0).
struct ConstantOfShapeOperator: RuntimeOperator {
  static var placeholderInputs: Set<Int> { [] }
  static let attributes: Set<String> = ["value"]
  let fill: RuntimeValue
  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {
    if let t = try context.tensor("value") {
      fill = try runtimeValue(t, context: context)
    } else {
      fill = .float(Tensor(shape: [], data: [0]))
    }
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let shape = try context.value(inputs, 0).ints
    try context.checkSize(shape)
    let count = shape.reduce(1, *)
    switch fill {
    case .float(let t): return [.float(Tensor(shape: shape, repeating: t.data.first ?? 0))]
    case .int(let t):
      return [.int(IntTensor(shape: shape, data: [Int64](repeating: t.data.first ?? 0, count: count)))]
    }
  }
}

/// `Shape` (with opset 15's `start`/`end`).
struct ShapeOperator: RuntimeOperator {
  static let attributes: Set<String> = ["start", "end"]
  let start: Int
  let end: Int?
  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {
    start = try context.int("start") ?? 0
    end = try context.int("end")
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let shape = try context.value(inputs, 0).shape
    let r = shape.count
    func clamp(_ v: Int) -> Int { min(max(v < 0 ? v + r : v, 0), r) }
    let lo = clamp(start)
    let hi = max(lo, clamp(end ?? r))
    let dims = shape[lo..<hi].map { Int64($0) }
    return [.int(IntTensor(shape: [dims.count], data: dims))]
  }
}

/// `Reshape` (0 copies the input extent unless `allowzero`, −1 is inferred).
struct ReshapeOperator: RuntimeOperator {
  static let attributes: Set<String> = ["allowzero"]
  let allowZero: Bool
  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {
    allowZero = try context.int("allowzero") ?? 0 != 0
  }

  /// The target shape for input shape `input` and the requested `shape` (0 copies unless
  /// `allowzero`, one −1 inferred); checked products, so `[2^40, 2^40, -1]` is an error, not a trap.
  func target(_ input: [Int], _ requested: [Int], context: NodeContext) throws(RuntimeError) -> [Int] {
    var shape = requested
    let count = try context.count(input)
    for i in shape.indices where shape[i] == 0 && !allowZero {
      guard i < input.count else { throw context.invalid("shape \(shape) copies a missing axis") }
      shape[i] = input[i]
    }
    let unknown = shape.indices.filter { shape[$0] == -1 }
    guard unknown.count <= 1, shape.allSatisfy({ $0 >= -1 }) else {
      throw context.invalid("shape \(requested) is invalid")
    }
    guard
      let known = CheckedShape.count(shape.enumerated().filter { $0.offset != unknown.first }.map(\.element))
    else {
      throw context.invalid("cannot reshape \(input) to \(requested): the extents overflow")
    }
    if let u = unknown.first {
      guard known > 0, count % known == 0 else {
        throw context.invalid("cannot reshape \(input) to \(requested)")
      }
      shape[u] = count / known
    } else {
      guard known == count else { throw context.invalid("cannot reshape \(input) to \(requested)") }
    }
    return shape
  }

  func outputShapes(_ inputs: [ShapeFact], context: NodeContext) throws(RuntimeError) -> [[Int]?]? {
    guard let shape = inputs.first?.shape, inputs.count > 1, let requested = inputs[1].value?.ints else {
      return nil
    }
    return [try target(shape, requested, context: context)]
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let x = try context.value(inputs, 0)
    let requested = try context.value(inputs, 1)
    if case .int(let t) = requested, let big = t.data.first(where: { Int(exactly: $0) == nil }) {
      throw context.invalid("shape value \(big) is out of range")
    }
    return [x.reshaped(try target(x.shape, requested.ints, context: context))]
  }
}

/// `Flatten` to 2D at `axis`.
struct FlattenOperator: RuntimeOperator {
  static let attributes: Set<String> = ["axis"]
  let axis: Int
  init(node: ModelNode, context: NodeContext) throws(RuntimeError) { axis = try context.int("axis") ?? 1 }

  func target(_ shape: [Int], context: NodeContext) throws(RuntimeError) -> [Int] {
    let r = shape.count
    let a = axis < 0 ? axis + r : axis
    guard a >= 0, a <= r else { throw context.invalid("axis \(axis) is out of range for rank \(r)") }
    return [try context.count(Array(shape[..<a])), try context.count(Array(shape[a...]))]
  }

  func outputShapes(_ inputs: [ShapeFact], context: NodeContext) throws(RuntimeError) -> [[Int]?]? {
    guard let shape = inputs.first?.shape else { return nil }
    return [try target(shape, context: context)]
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let x = try context.value(inputs, 0)
    return [x.reshaped(try target(x.shape, context: context))]
  }
}

/// `Squeeze` and `Unsqueeze` (axes as attribute before opset 13, as input from 13).
struct SqueezeOperator: RuntimeOperator {
  static let attributes: Set<String> = ["axes"]
  let unsqueeze: Bool
  let axes: [Int]?
  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {
    unsqueeze = node.opType == "Unsqueeze"
    if context.opsetVersion >= 13 && node.attributes["axes"] != nil {
      throw context.unsupported(
        "the 'axes' attribute is an input of \(node.opType) at opset \(context.opsetVersion)")
    }
    axes = try context.ints("axes")
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let x = try context.value(inputs, 0)
    let given = inputs.count > 1 ? inputs[1]?.ints : nil
    if unsqueeze {
      guard let list = given ?? axes else { throw context.invalid("axes are required") }
      let r = x.shape.count + list.count
      let normalized = try Set(
        list.map { (a: Int) throws(RuntimeError) -> Int in try context.axis(a, rank: r) })
      guard normalized.count == list.count else { throw context.invalid("axes \(list) repeat an axis") }
      var shape: [Int] = []
      var source = x.shape.makeIterator()
      for i in 0..<r { shape.append(normalized.contains(i) ? 1 : (source.next() ?? 1)) }
      return [x.reshaped(shape)]
    }
    let r = x.shape.count
    let list = given ?? axes ?? x.shape.indices.filter { x.shape[$0] == 1 }
    let normalized = try Set(
      list.map { (a: Int) throws(RuntimeError) -> Int in try context.existingAxis(a, rank: r) })
    guard normalized.allSatisfy({ x.shape[$0] == 1 }) else {
      throw context.invalid("axes \(list) of \(x.shape) are not 1")
    }
    return [x.reshaped(x.shape.indices.filter { !normalized.contains($0) }.map { x.shape[$0] })]
  }
}

/// `Concat` along `axis`, float or int64.
struct ConcatOperator: RuntimeOperator {
  static let attributes: Set<String> = ["axis"]
  let axis: Int
  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {
    guard let a = try context.int("axis") else { throw context.unsupported("axis is required") }
    axis = a
  }

  func outputShapes(_ inputs: [ShapeFact], context: NodeContext) throws(RuntimeError) -> [[Int]?]? {
    var shapes: [[Int]] = []
    for fact in inputs {
      guard let shape = fact.shape else { return nil }
      shapes.append(shape)
    }
    guard let first = shapes.first else { return nil }
    let a = try context.existingAxis(axis, rank: first.count)
    var result = first
    result[a] = 0
    for shape in shapes {
      guard shape.count == first.count, (0..<first.count).allSatisfy({ $0 == a || shape[$0] == first[$0] })
      else {
        throw context.invalid("shapes \(shapes) do not concatenate along axis \(axis)")
      }
      result[a] = try context.add(result[a], shape[a], "the concatenated extent")
    }
    return [result]
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let values = inputs.compactMap { $0 }
    guard let first = values.first else { throw context.invalid("no inputs") }
    let r = first.shape.count
    let a = try context.existingAxis(axis, rank: r)
    for v in values
    where v.shape.count != r || (0..<r).contains(where: { $0 != a && v.shape[$0] != first.shape[$0] }) {
      throw context.invalid("shapes \(values.map(\.shape)) do not concatenate along axis \(axis)")
    }
    var shape = first.shape
    shape[a] = 0
    for v in values { shape[a] = try context.add(shape[a], v.shape[a], "the concatenated extent") }
    try context.checkSize(shape)
    let outer = first.shape[..<a].reduce(1, *)
    let blocks = values.map { $0.shape[a...].reduce(1, *) }
    let allInt = values.allSatisfy { if case .int = $0 { return true } else { return false } }
    if allInt {
      let parts = values.map { v -> [Int64] in
        if case .int(let t) = v { return t.data }
        return []
      }
      return [.int(IntTensor(shape: shape, data: Concatenation.join(parts, blocks: blocks, outer: outer)))]
    }
    let parts = values.map(\.floats)
    return [.float(Tensor(shape: shape, data: Concatenation.join(parts, blocks: blocks, outer: outer)))]
  }
}

/// `Gather` along `axis` (negative indices count from the end).
struct GatherOperator: RuntimeOperator {
  static var placeholderInputs: Set<Int> { [0, 1] }
  static let attributes: Set<String> = ["axis"]
  let axis: Int
  init(node: ModelNode, context: NodeContext) throws(RuntimeError) { axis = try context.int("axis") ?? 0 }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let x = try context.value(inputs, 0)
    let idx = try context.value(inputs, 1)
    let r = x.shape.count
    let a = try context.existingAxis(axis, rank: r)
    let n = x.shape[a]
    let indices = try idx.ints.map { (i: Int) throws(RuntimeError) -> Int in
      let j = i < 0 ? i + n : i
      guard j >= 0, j < n else { throw context.invalid("index \(i) is out of range for extent \(n)") }
      return j
    }
    let outer = x.shape[..<a].reduce(1, *)
    let inner = x.shape[(a + 1)...].reduce(1, *)
    let shape = Array(x.shape[..<a]) + idx.shape + Array(x.shape[(a + 1)...])
    try context.checkSize(shape)
    var flat: [Int] = []
    flat.reserveCapacity(shape.reduce(1, *))
    for o in 0..<outer { for j in indices { for i in 0..<inner { flat.append((o * n + j) * inner + i) } } }
    return [x.gathered(flat, shape: shape)]
  }
}

/// `Slice`: `starts`, `ends`, `axes` attributes (opsets 7–9) or `starts`, `ends`, `axes`, `steps`
/// inputs (10 and later), float or int64.
struct SliceOperator: RuntimeOperator {
  static let attributes: Set<String> = ["starts", "ends", "axes"]
  let legacy: (starts: [Int], ends: [Int], axes: [Int]?)?
  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {
    if context.opsetVersion < 10 {
      guard let starts = try context.ints("starts"), let ends = try context.ints("ends") else {
        throw context.unsupported("starts and ends are required at opset \(context.opsetVersion)")
      }
      legacy = (starts, ends, try context.ints("axes"))
    } else {
      if let key = ["starts", "ends", "axes"].first(where: { node.attributes[$0] != nil }) {
        throw context.unsupported("attribute '\(key)' is an input of Slice at opset \(context.opsetVersion)")
      }
      legacy = nil
    }
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let x = try context.value(inputs, 0)
    let starts: [Int]
    let ends: [Int]
    if let legacy {
      (starts, ends) = (legacy.starts, legacy.ends)
    } else {
      starts = try context.value(inputs, 1).ints
      ends = try context.value(inputs, 2).ints
    }
    let r = x.shape.count
    let givenAxes = legacy.map { $0.axes } ?? (inputs.count > 3 ? inputs[3]?.ints : nil)
    let axes =
      try givenAxes?.map { (a: Int) throws(RuntimeError) -> Int in
        try context.axis(a, rank: r)
      } ?? Array(0..<starts.count)
    let steps =
      (legacy == nil && inputs.count > 4 ? inputs[4]?.ints : nil) ?? [Int](repeating: 1, count: starts.count)
    guard starts.count == ends.count, axes.count == starts.count, steps.count == starts.count,
      !steps.contains(0)
    else {
      throw context.invalid("starts \(starts), ends \(ends), axes \(axes) and steps \(steps) do not match")
    }
    // Without `axes`, one start per axis from the first: more starts than axes name none.
    guard axes.allSatisfy({ $0 < r }) else {
      throw context.invalid("\(starts.count) starts for an input of rank \(r)")
    }
    var picks: [[Int]] = x.shape.map { Array(0..<$0) }
    for (i, axis) in axes.enumerated() {
      let n = x.shape[axis]
      let step = steps[i]
      func clampIndex(_ v: Int, _ lo: Int, _ hi: Int) -> Int { min(max(v < 0 ? v + n : v, lo), hi) }
      if step > 0 {
        let s = clampIndex(starts[i], 0, n)
        let e = clampIndex(ends[i], 0, n)
        picks[axis] = Array(stride(from: s, to: e, by: step))
      } else {
        let s = clampIndex(starts[i], -1, n - 1)
        let e = clampIndex(ends[i], -1, n - 1)
        picks[axis] = Array(stride(from: s, to: e, by: step))
      }
    }
    switch x {
    case .float(let t):
      return [
        .float(
          Tensor(shape: picks.map(\.count), data: AxisGather.gather(t.data, inShape: t.shape, maps: picks)))
      ]
    case .int(let t):
      return [
        .int(
          IntTensor(shape: picks.map(\.count), data: AxisGather.gather(t.data, inShape: t.shape, maps: picks))
        )
      ]
    }
  }
}
