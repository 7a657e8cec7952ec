import ModelIO
import TransposedConv

/// `Expand`: broadcasts the input to the shape given as input (NumPy rules, both ways).
struct ExpandOperator: RuntimeOperator {
  static let attributes: Set<String> = []
  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {}

  func outputShapes(_ inputs: [ShapeFact], context: NodeContext) throws(RuntimeError) -> [[Int]?]? {
    guard let shape = inputs.first?.shape, inputs.count > 1, let target = inputs[1].value?.ints else {
      return nil
    }
    guard let result = Broadcast.shape(shape, target) else {
      throw context.invalid("shape \(shape) does not broadcast to \(target)")
    }
    return [result]
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let x = try context.value(inputs, 0)
    let target = try context.value(inputs, 1).ints
    guard target.allSatisfy({ $0 >= 0 }), let shape = Broadcast.shape(x.shape, target) else {
      throw context.invalid("shape \(x.shape) does not broadcast to \(target)")
    }
    _ = try context.count(shape)
    try context.checkSize(shape)
    return [x.gathered(Broadcast.indices(of: x.shape, in: shape), shape: shape)]
  }
}

/// `Tile` by the `repeats` input (checked products).
struct TileOperator: RuntimeOperator {
  static let attributes: Set<String> = []
  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {}

  func shape(_ input: [Int], _ repeats: [Int], context: NodeContext) throws(RuntimeError) -> [Int] {
    guard repeats.count == input.count, repeats.allSatisfy({ $0 >= 0 }) else {
      throw context.invalid("repeats \(repeats) do not fit the input \(input)")
    }
    var result: [Int] = []
    for (n, r) in zip(input, repeats) {
      result.append(try context.multiplyAdd(n, r, 0, "tiling \(n) by \(r)"))
    }
    _ = try context.count(result)
    return result
  }

  func outputShapes(_ inputs: [ShapeFact], context: NodeContext) throws(RuntimeError) -> [[Int]?]? {
    guard let shape = inputs.first?.shape, inputs.count > 1, let repeats = inputs[1].value?.ints else {
      return nil
    }
    return [try self.shape(shape, repeats, context: context)]
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let x = try context.value(inputs, 0)
    let outShape = try shape(x.shape, try context.value(inputs, 1).ints, context: context)
    try context.checkSize(outShape)
    let strides = CheckedShape.strides(x.shape)
    let total = outShape.reduce(1, *)
    var flat = [Int](repeating: 0, count: total)
    for i in 0..<total {
      let m = multiIndex(i, outShape)
      var o = 0
      for axis in m.indices { o += (m[axis] % x.shape[axis]) * strides[axis] }
      flat[i] = o
    }
    return [x.gathered(flat, shape: outShape)]
  }
}

/// `Range(start, limit, delta)`: float or integer, `max(ceil((limit − start) / delta), 0)` elements.
struct RangeOperator: RuntimeOperator {
  static var placeholderInputs: Set<Int> { [] }
  static let attributes: Set<String> = []
  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {}

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let start = try context.value(inputs, 0)
    let limit = try context.value(inputs, 1)
    let delta = try context.value(inputs, 2)
    if case .int(let s) = start, case .int(let l) = limit, case .int(let d) = delta,
      let a = s.data.first, let b = l.data.first, let c = d.data.first
    {
      guard c != 0 else { throw context.invalid("delta is zero") }
      let span = Double(b) - Double(a)
      let n = Swift.max(0, (span / Double(c)).rounded(.up))
      guard n <= Double(Interpreter.maximumElements) else {
        throw context.invalid("the range has \(n) elements")
      }
      let count = Int(n)
      try context.checkSize([count], bytesPerElement: 8)
      return [.int(IntTensor(shape: [count], data: (0..<count).map { a &+ Int64($0) &* c }))]
    }
    guard let a = start.floats.first, let b = limit.floats.first, let c = delta.floats.first else {
      throw context.invalid("start, limit and delta must be scalars")
    }
    guard c != 0, c.isFinite, a.isFinite, b.isFinite else {
      throw context.invalid("delta \(c) or the bounds are not usable")
    }
    let n = Swift.max(0, ((Double(b) - Double(a)) / Double(c)).rounded(.up))
    guard n <= Double(Interpreter.maximumElements) else {
      throw context.invalid("the range has \(n) elements")
    }
    let count = Int(n)
    try context.checkSize([count])
    var values = [Float](repeating: 0, count: count)
    var v = a
    for i in 0..<count {
      values[i] = v
      v += c
    }
    return [.float(Tensor(shape: [count], data: values))]
  }
}

/// `SpaceToDepth`: blocks of `blocksize`² pixels become channels (DCR order, or CRD with `mode`).
struct SpaceToDepthOperator: RuntimeOperator {
  static let attributes: Set<String> = ["blocksize", "mode"]
  let block: Int
  let crd: Bool
  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {
    crd = try context.choice("mode", ["DCR", "CRD"], default: "DCR") == "CRD"
    guard let b = try context.int("blocksize"), b >= 1, b <= 1 << 16 else {
      throw context.unsupported("blocksize must be given and between 1 and 65536")
    }
    block = b
  }

  func outputShapes(_ inputs: [ShapeFact], context: NodeContext) throws(RuntimeError) -> [[Int]?]? {
    guard let s = inputs.first?.shape else { return nil }
    guard s.count == 4, s[2] % block == 0, s[3] % block == 0 else {
      throw context.invalid("input \(s) is not (N, C, H·\(block), W·\(block))")
    }
    let channels = try context.multiplyAdd(
      try context.multiplyAdd(s[1], block, 0, "the channels"), block, 0, "the channels")
    return [[s[0], channels, s[2] / block, s[3] / block]]
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let x = try context.value(inputs, 0)
    guard let shapes = try outputShapes([ShapeFact(shape: x.shape)], context: context), let out = shapes[0]
    else {
      throw context.invalid("input \(x.shape) has no output shape")
    }
    let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let b = block
    var flat: [Int] = []
    flat.reserveCapacity(x.count)
    for bn in 0..<n {
      for outChannel in 0..<(c * b * b) {
        let (ch, i, j) =
          crd
          ? (outChannel / (b * b), (outChannel / b) % b, outChannel % b)
          : (outChannel % c, outChannel / (c * b), (outChannel / c) % b)
        for y in 0..<(h / b) {
          for xx in 0..<(w / b) { flat.append(((bn * c + ch) * h + y * b + i) * w + xx * b + j) }
        }
      }
    }
    return [x.gathered(flat, shape: out)]
  }
}
