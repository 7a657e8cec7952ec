import Foundation
import ModelIO
import TransposedConv

/// `Add`, `Sub`, `Mul`, `Div`, `Pow`, `Mod` with NumPy broadcasting, on float or integers.
///
/// Integer arithmetic wraps around at 64 bits as NumPy and ONNX Runtime do (`Add`, `Sub`, `Mul`, `Pow`);
/// integer division or modulo by zero and `Int64.min / -1` are errors naming the node.
struct BinaryOperator: RuntimeOperator {
  enum Kind: String, CaseIterable, Sendable {
    case add = "Add", sub = "Sub", mul = "Mul", div = "Div", pow = "Pow", mod = "Mod"
  }
  static let attributes: Set<String> = ["fmod"]
  let kind: Kind
  let fmod: Bool
  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {
    guard let kind = Kind(rawValue: node.opType) else { throw context.unsupported("unknown operator") }
    if kind != .mod, node.attributes["fmod"] != nil {
      throw context.unsupported("attribute 'fmod' is not supported")
    }
    self.kind = kind
    fmod = try context.int("fmod") ?? 0 != 0
  }

  func outputShapes(_ inputs: [ShapeFact], context: NodeContext) throws(RuntimeError) -> [[Int]?]? {
    try broadcastShapes(inputs, context: context)
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    var list = inputs
    return try run(taking: &list, context: context)
  }

  /// The arithmetic the lane loops cover (float `Add`, `Sub`, `Mul`, `Div`).
  var arithmetic: Arithmetic? {
    switch kind {
    case .add: return .add
    case .sub: return .sub
    case .mul: return .mul
    case .div: return .div
    case .pow, .mod: return nil
    }
  }

  /// Float `Add`/`Sub`/`Mul`/`Div` in a layout `Broadcast.layout` covers run as lane loops, into
  /// an operand of the result's shape when the interpreter hands it over; everything else as `plain`.
  func run(taking inputs: inout [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue]
  {
    guard let op = arithmetic, inputs.count >= 2, case .float? = inputs[0], case .float? = inputs[1],
      let aShape = inputs[0]?.shape, let bShape = inputs[1]?.shape,
      let shape = Broadcast.shape(aShape, bShape),
      let layout = Broadcast.layout(aShape, bShape, to: shape)
    else { return try plain(inputs, context: context) }
    try context.checkSize(shape)
    let count = shape.reduce(1, *)
    guard count > 0 else { return try plain(inputs, context: context) }
    for slot in [0, 1] where (slot == 0 ? aShape : bShape) == shape {
      guard var out = context.takeFloat(&inputs, slot) else { continue }
      guard case .float(let other)? = inputs[1 - slot] else { break }
      out.withElements { d in
        other.data.withUnsafeBufferPointer { o in
          guard let dst = d.baseAddress, let q = o.baseAddress else { return }
          let own = UnsafePointer(dst)
          op.apply(layout, dst, slot == 0 ? own : q, slot == 0 ? q : own, count: count)
        }
      }
      return [.float(out)]
    }
    guard case .float(let x)? = inputs[0], case .float(let y)? = inputs[1] else {
      return try plain(inputs, context: context)
    }
    let data = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
      x.data.withUnsafeBufferPointer { p in
        y.data.withUnsafeBufferPointer { q in
          guard let dst = buffer.baseAddress, let a = p.baseAddress, let b = q.baseAddress else { return }
          op.apply(layout, dst, a, b, count: count)
        }
      }
      initialized = count
    }
    return [.float(Tensor(shape: shape, data: data))]
  }

  /// Any kind on any broadcast, through `Broadcast.apply`.
  func plain(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let (a, b, shape) = try context.broadcastPair(inputs)
    if case .int(let x) = a, case .int(let y) = b {
      return [.int(IntTensor(shape: shape, data: try integer(x, y, shape, context)))]
    }
    if kind == .pow, case .float(let x) = a {
      let e = b.floats
      return [
        .float(
          Tensor(
            shape: shape,
            data: Broadcast.apply(x.data, x.shape, e, b.shape, to: shape) { Foundation.pow($0, $1) }))
      ]
    }
    let f: (Float, Float) -> Float
    switch kind {
    case .add: f = { $0 + $1 }
    case .sub: f = { $0 - $1 }
    case .mul: f = { $0 * $1 }
    case .div: f = { $0 / $1 }
    case .pow: f = { Foundation.pow($0, $1) }
    case .mod:
      if fmod {
        f = { Foundation.fmod($0, $1) }
      } else {
        f = { x, y in
          let r = Foundation.fmod(x, y)
          return r != 0 && (r < 0) != (y < 0) ? r + y : r
        }
      }
    }
    let result = Broadcast.apply(a.floats, a.shape, b.floats, b.shape, to: shape, f)
    if kind == .mod, a.isInteger { return [a.sameKind(shape: shape, floats: result)] }
    return [.float(Tensor(shape: shape, data: result))]
  }

  /// The integer result, wrapping at 64 bits; division by zero and `Int64.min / -1` throw.
  func integer(_ x: IntTensor, _ y: IntTensor, _ shape: [Int], _ context: NodeContext) throws(RuntimeError)
    -> [Int64]
  {
    var failure: String?
    let f: (Int64, Int64) -> Int64
    switch kind {
    case .add: f = { $0 &+ $1 }
    case .sub: f = { $0 &- $1 }
    case .mul: f = { $0 &* $1 }
    case .div:
      f = { p, q in
        if q == 0 || (p == .min && q == -1) {
          failure = q == 0 ? "integer division by zero" : "integer division \(p) / -1 overflows"
          return 0
        }
        return p / q
      }
    case .mod:
      let c = fmod
      f = { p, q in
        if q == 0 {
          failure = "integer modulo by zero"
          return 0
        }
        if q == -1 { return 0 }
        let r = p % q
        return !c && r != 0 && (r < 0) != (q < 0) ? r + q : r
      }
    case .pow: f = Self.power
    }
    let result = Broadcast.apply(x.data, x.shape, y.data, y.shape, to: shape, f)
    if let failure { throw context.invalid(failure) }
    return result
  }

  /// `base^exponent` wrapping at 64 bits (exponentiation by squaring); a negative exponent gives the
  /// integer part of the real result (0 unless the base is ±1).
  static func power(_ base: Int64, _ exponent: Int64) -> Int64 {
    if exponent < 0 {
      if base == 1 { return 1 }
      if base == -1 { return exponent % 2 == 0 ? 1 : -1 }
      return 0
    }
    var result: Int64 = 1
    var b = base
    var e = exponent
    while e > 0 {
      if e & 1 == 1 { result = result &* b }
      b = b &* b
      e >>= 1
    }
    return result
  }
}

/// The broadcast shape of every known input; nil when one is unknown.
func broadcastShapes(_ inputs: [ShapeFact], context: NodeContext) throws(RuntimeError) -> [[Int]?]? {
  var result: [Int] = []
  for fact in inputs {
    guard let shape = fact.shape else { return nil }
    guard let merged = Broadcast.shape(result, shape) else {
      throw context.invalid("shapes \(result) and \(shape) do not broadcast")
    }
    result = merged
  }
  return [result]
}

/// `Max`, `Min`, `Sum`, `Mean` over any number of inputs, broadcast (NumPy rules).
struct VariadicOperator: RuntimeOperator {
  static let attributes: Set<String> = []
  let op: String
  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {
    op = node.opType
    guard !node.inputs.isEmpty else { throw context.invalid("no inputs") }
  }

  func outputShapes(_ inputs: [ShapeFact], context: NodeContext) throws(RuntimeError) -> [[Int]?]? {
    try broadcastShapes(inputs, context: context)
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let values = inputs.compactMap { $0 }
    guard var current = values.first else { throw context.invalid("no inputs") }
    let maximum = op == "Max"
    let minimum = op == "Min"
    for next in values.dropFirst() {
      guard let shape = Broadcast.shape(current.shape, next.shape) else {
        throw context.invalid("shapes \(current.shape) and \(next.shape) do not broadcast")
      }
      try context.checkSize(shape)
      if case .int(let x) = current, case .int(let y) = next {
        let f: (Int64, Int64) -> Int64 =
          maximum ? { Swift.max($0, $1) } : minimum ? { Swift.min($0, $1) } : { $0 &+ $1 }
        current = .int(
          IntTensor(shape: shape, data: Broadcast.apply(x.data, x.shape, y.data, y.shape, to: shape, f)))
      } else {
        let f: (Float, Float) -> Float =
          maximum
          ? { $0.isNaN || $1.isNaN ? .nan : Swift.max($0, $1) }
          : minimum ? { $0.isNaN || $1.isNaN ? .nan : Swift.min($0, $1) } : { $0 + $1 }
        current = .float(
          Tensor(
            shape: shape,
            data: Broadcast.apply(current.floats, current.shape, next.floats, next.shape, to: shape, f)))
      }
    }
    if values.count == 1 && current.shape != values[0].shape { return [current] }
    if op == "Mean", case .float(let t) = current {
      let n = Float(values.count)
      return [.float(Tensor(shape: t.shape, data: t.data.map { $0 / n }))]
    }
    return [current]
  }
}

/// `Equal`, `Less`, `Greater`, `LessOrEqual`, `GreaterOrEqual` (bool result as 0/1 integers) and the
/// logical `And`, `Or`, `Xor`, broadcast.
struct CompareOperator: RuntimeOperator {
  enum Kind: String, CaseIterable, Sendable {
    case equal = "Equal", less = "Less", greater = "Greater", lessOrEqual = "LessOrEqual"
    case greaterOrEqual = "GreaterOrEqual", and = "And", or = "Or", xor = "Xor"

    var since: Int { self == .lessOrEqual || self == .greaterOrEqual ? 12 : 7 }

    /// The comparison (or, for the logical kinds, nonzero-ness test) on values of one type.
    func predicate<T: Comparable & Numeric>() -> (T, T) -> Bool {
      switch self {
      case .equal: return { $0 == $1 }
      case .less: return { $0 < $1 }
      case .greater: return { $0 > $1 }
      case .lessOrEqual: return { $0 <= $1 }
      case .greaterOrEqual: return { $0 >= $1 }
      case .and: return { $0 != 0 && $1 != 0 }
      case .or: return { $0 != 0 || $1 != 0 }
      case .xor: return { ($0 != 0) != ($1 != 0) }
      }
    }
  }
  static let attributes: Set<String> = []
  let kind: Kind
  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {
    guard let kind = Kind(rawValue: node.opType) else { throw context.unsupported("unknown operator") }
    self.kind = kind
  }

  func outputShapes(_ inputs: [ShapeFact], context: NodeContext) throws(RuntimeError) -> [[Int]?]? {
    try broadcastShapes(inputs, context: context)
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let (a, b, shape) = try context.broadcastPair(inputs)
    if case .int(let x) = a, case .int(let y) = b {
      let holds: (Int64, Int64) -> Bool = kind.predicate()
      let data = Broadcast.apply(x.data, x.shape, y.data, y.shape, to: shape) { holds($0, $1) ? Int64(1) : 0 }
      return [.int(IntTensor(shape: shape, data: data))]
    }
    let holds: (Float, Float) -> Bool = kind.predicate()
    let result = Broadcast.apply(a.floats, a.shape, b.floats, b.shape, to: shape) {
      holds($0, $1) ? Float(1) : 0
    }
    return [.int(IntTensor(shape: shape, data: result.map { $0 != 0 ? 1 : 0 }))]
  }
}

/// `Not` on a bool tensor (0/1 integers).
struct NotOperator: RuntimeOperator {
  static let attributes: Set<String> = []
  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {}

  func outputShapes(_ inputs: [ShapeFact], context: NodeContext) throws(RuntimeError) -> [[Int]?]? {
    inputs.first?.shape.map { [$0] }
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let x = try context.value(inputs, 0)
    return [.int(IntTensor(shape: x.shape, data: x.floats.map { $0 == 0 ? 1 : 0 }))]
  }
}

/// `Where(condition, x, y)`, broadcast over all three.
struct WhereOperator: RuntimeOperator {
  static var placeholderInputs: Set<Int> { [0, 1, 2] }
  static let attributes: Set<String> = []
  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {}

  func outputShapes(_ inputs: [ShapeFact], context: NodeContext) throws(RuntimeError) -> [[Int]?]? {
    try broadcastShapes(inputs, context: context)
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let c = try context.value(inputs, 0)
    let x = try context.value(inputs, 1)
    let y = try context.value(inputs, 2)
    guard let s1 = Broadcast.shape(c.shape, x.shape), let shape = Broadcast.shape(s1, y.shape) else {
      throw context.invalid("shapes \(c.shape), \(x.shape) and \(y.shape) do not broadcast")
    }
    try context.checkSize(shape)
    let ic = Broadcast.indices(of: c.shape, in: shape)
    let ix = Broadcast.indices(of: x.shape, in: shape)
    let iy = Broadcast.indices(of: y.shape, in: shape)
    let cond = c.floats
    if case .int(let a) = x, case .int(let b) = y {
      return [
        .int(
          IntTensor(
            shape: shape, data: ic.indices.map { cond[ic[$0]] != 0 ? a.data[ix[$0]] : b.data[iy[$0]] }))
      ]
    }
    let a = x.floats
    let b = y.floats
    return [.float(Tensor(shape: shape, data: ic.indices.map { cond[ic[$0]] != 0 ? a[ix[$0]] : b[iy[$0]] }))]
  }
}
