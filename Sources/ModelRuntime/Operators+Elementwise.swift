import Foundation
import ModelIO
import TransposedConv

/// Activations and other one-input elementwise operators.
struct UnaryOperator: RuntimeOperator {
  enum Kind: String, CaseIterable, Sendable {
    case relu = "Relu", leakyRelu = "LeakyRelu", elu = "Elu", selu = "Selu", sigmoid = "Sigmoid"
    case tanh = "Tanh", softplus = "Softplus", gelu = "Gelu", neg = "Neg", abs = "Abs", sqrt = "Sqrt"
    case exp = "Exp", hardSigmoid = "HardSigmoid"
  }
  static let attributes: Set<String> = ["alpha", "gamma", "beta", "approximate"]
  let kind: Kind
  let alpha: Float
  let gamma: Float
  let beta: Float
  let tanhGelu: Bool

  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {
    guard let kind = Kind(rawValue: node.opType) else { throw context.unsupported("unknown operator") }
    self.kind = kind
    let used: Set<String>
    switch kind {
    case .leakyRelu: used = ["alpha"]
    case .elu: used = ["alpha"]
    case .selu: used = ["alpha", "gamma"]
    case .hardSigmoid: used = ["alpha", "beta"]
    case .gelu: used = ["approximate"]
    default: used = []
    }
    for key in node.attributes.keys.sorted() where !used.contains(key) {
      throw context.unsupported("attribute '\(key)' is not supported")
    }
    let defaultAlpha: Float
    switch kind {
    case .leakyRelu: defaultAlpha = 0.01
    case .selu: defaultAlpha = 1.67326319217681884765625
    case .hardSigmoid: defaultAlpha = 0.2
    default: defaultAlpha = 1
    }
    alpha = try context.float("alpha") ?? defaultAlpha
    gamma = try context.float("gamma") ?? 1.05070102214813232421875
    beta = try context.float("beta") ?? 0.5
    tanhGelu = try context.choice("approximate", ["none", "tanh"], default: "none") == "tanh"
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let x = try context.floatInput(inputs, 0)
    if let fast = direct(x) { return [.float(fast)] }
    let a = alpha
    let g = gamma
    let f: (Float) -> Float
    switch kind {
    case .relu: f = { max($0, 0) }
    case .leakyRelu: f = { $0 < 0 ? a * $0 : $0 }
    case .elu: f = { $0 < 0 ? a * (Foundation.exp($0) - 1) : $0 }
    case .selu: f = { $0 <= 0 ? g * a * (Foundation.exp($0) - 1) : g * $0 }
    case .sigmoid: f = { 1 / (1 + Foundation.exp(-$0)) }
    case .tanh: f = { Foundation.tanh($0) }
    case .softplus: f = { Float(Foundation.log1p(Foundation.exp(Double(-Swift.abs($0))))) + max($0, 0) }
    case .gelu:
      if tanhGelu {
        f = { v in
          let inner = Double(v) * 0.7978845608028654 * (1 + 0.044715 * Double(v) * Double(v))
          return Float(0.5 * Double(v) * (1 + Foundation.tanh(inner)))
        }
      } else {
        f = { v in Float(0.5 * Double(v) * (1 + Foundation.erf(Double(v) / 2.0.squareRoot()))) }
      }
    case .neg: f = { -$0 }
    case .abs: f = { Swift.abs($0) }
    case .sqrt: f = { $0.squareRoot() }
    case .exp: f = { Foundation.exp($0) }
    case .hardSigmoid:
      let b = beta
      f = { max(0, min(1, a * $0 + b)) }
    }
    return [.float(Tensor(shape: x.shape, data: x.data.map(f)))]
  }
}

extension UnaryOperator {
  /// Plain loops for the activations every generator uses (no closure call per element).
  func direct(_ x: Tensor) -> Tensor? {
    let n = x.count
    let a = alpha
    var out = [Float](repeating: 0, count: n)
    let done: Bool = out.withUnsafeMutableBufferPointer { dst in
      x.data.withUnsafeBufferPointer { src in
        switch kind {
        case .relu:
          for i in 0..<n { dst[i] = max(src[i], 0) }
        case .leakyRelu:
          for i in 0..<n { dst[i] = src[i] < 0 ? a * src[i] : src[i] }
        case .tanh:
          for i in 0..<n { dst[i] = Foundation.tanh(src[i]) }
        case .sigmoid:
          for i in 0..<n { dst[i] = 1 / (1 + Foundation.exp(-src[i])) }
        default:
          return false
        }
        return true
      }
    }
    return done ? Tensor(shape: x.shape, data: out) : nil
  }
}

/// `PRelu`: `x < 0 ? slope·x : x`, the slope broadcast (NumPy rules) to the input.
struct PReluOperator: RuntimeOperator {
  static let attributes: Set<String> = []
  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {}

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let x = try context.floatInput(inputs, 0)
    let slope = try context.floatInput(inputs, 1)
    guard let shape = Broadcast.shape(x.shape, slope.shape), shape == x.shape else {
      throw context.invalid("slope \(slope.shape) does not broadcast to the input \(x.shape)")
    }
    let data = Broadcast.apply(x.data, x.shape, slope.data, slope.shape, to: shape) { v, s in
      v < 0 ? s * v : v
    }
    return [.float(Tensor(shape: shape, data: data))]
  }
}

/// `Clip`: bounds from the `min`/`max` inputs (opset ≥ 11) or attributes (older).
struct ClipOperator: RuntimeOperator {
  static let attributes: Set<String> = ["min", "max"]
  let low: Float?
  let high: Float?
  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {
    low = try context.float("min")
    high = try context.float("max")
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let x = try context.floatInput(inputs, 0)
    let lo = try context.optionalFloat(inputs, 1)?.data.first ?? low ?? -Float.greatestFiniteMagnitude
    let hi = try context.optionalFloat(inputs, 2)?.data.first ?? high ?? Float.greatestFiniteMagnitude
    return [.float(Tensor(shape: x.shape, data: x.data.map { min(max($0, lo), hi) }))]
  }
}

/// `Add`, `Sub`, `Mul`, `Div` (and `Pow`, `Max`, `Min`) with NumPy broadcasting, on float or int64.
struct BinaryOperator: RuntimeOperator {
  enum Kind: String, CaseIterable, Sendable {
    case add = "Add", sub = "Sub", mul = "Mul", div = "Div", pow = "Pow", max = "Max", min = "Min"
  }
  static let attributes: Set<String> = []
  let kind: Kind
  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {
    guard let kind = Kind(rawValue: node.opType) else { throw context.unsupported("unknown operator") }
    if (kind == .max || kind == .min) && node.inputs.count != 2 {
      throw context.unsupported("\(node.opType) with \(node.inputs.count) inputs (only 2 are supported)")
    }
    self.kind = kind
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let a = try context.value(inputs, 0)
    let b = try context.value(inputs, 1)
    guard let shape = Broadcast.shape(a.shape, b.shape) else {
      throw context.invalid("shapes \(a.shape) and \(b.shape) do not broadcast")
    }
    try context.checkSize(shape)
    if case .int(let x) = a, case .int(let y) = b {
      let f: (Int64, Int64) -> Int64
      switch kind {
      case .add: f = { $0 &+ $1 }
      case .sub: f = { $0 &- $1 }
      case .mul: f = { $0 &* $1 }
      case .div: f = { $1 == 0 ? 0 : $0 / $1 }
      case .pow: f = { Int64(clamping: Int(Foundation.pow(Double($0), Double($1)))) }
      case .max: f = { Swift.max($0, $1) }
      case .min: f = { Swift.min($0, $1) }
      }
      return [
        .int(IntTensor(shape: shape, data: Broadcast.apply(x.data, x.shape, y.data, y.shape, to: shape, f)))
      ]
    }
    if case .float(let x) = a, case .float(let y) = b, x.shape == y.shape, kind != .pow {
      var out = [Float](repeating: 0, count: x.count)
      out.withUnsafeMutableBufferPointer { dst in
        x.data.withUnsafeBufferPointer { p in
          y.data.withUnsafeBufferPointer { q in
            switch kind {
            case .add: for i in 0..<dst.count { dst[i] = p[i] + q[i] }
            case .sub: for i in 0..<dst.count { dst[i] = p[i] - q[i] }
            case .mul: for i in 0..<dst.count { dst[i] = p[i] * q[i] }
            case .div: for i in 0..<dst.count { dst[i] = p[i] / q[i] }
            case .max: for i in 0..<dst.count { dst[i] = Swift.max(p[i], q[i]) }
            case .min: for i in 0..<dst.count { dst[i] = Swift.min(p[i], q[i]) }
            case .pow: break
            }
          }
        }
      }
      return [.float(Tensor(shape: x.shape, data: out))]
    }
    let f: (Float, Float) -> Float
    switch kind {
    case .add: f = { $0 + $1 }
    case .sub: f = { $0 - $1 }
    case .mul: f = { $0 * $1 }
    case .div: f = { $0 / $1 }
    case .pow: f = { Foundation.pow($0, $1) }
    case .max: f = { Swift.max($0, $1) }
    case .min: f = { Swift.min($0, $1) }
    }
    return [
      .float(Tensor(shape: shape, data: Broadcast.apply(a.floats, a.shape, b.floats, b.shape, to: shape, f)))
    ]
  }
}
