import Foundation
import ModelIO
import TransposedConv

/// Activations and other one-input elementwise operators (float32; `Neg`, `Abs`, `Sign` also on
/// integers).
struct UnaryOperator: RuntimeOperator {
  enum Kind: String, CaseIterable, Sendable {
    case relu = "Relu", leakyRelu = "LeakyRelu", elu = "Elu", selu = "Selu", sigmoid = "Sigmoid"
    case tanh = "Tanh", softplus = "Softplus", gelu = "Gelu", neg = "Neg", abs = "Abs", sqrt = "Sqrt"
    case exp = "Exp", hardSigmoid = "HardSigmoid", hardSwish = "HardSwish", mish = "Mish", erf = "Erf"
    case log = "Log", sin = "Sin", cos = "Cos", floor = "Floor", ceil = "Ceil", round = "Round"
    case sign = "Sign", reciprocal = "Reciprocal", softsign = "Softsign", celu = "Celu"
    case thresholdedRelu = "ThresholdedRelu", tan = "Tan"

    /// The first opset that defines the operator (7 for the older ones).
    var since: Int {
      switch self {
      case .gelu: return 20
      case .mish: return 18
      case .hardSwish: return 14
      case .erf, .sign: return 9
      case .round: return 11
      case .celu: return 12
      case .thresholdedRelu: return 10
      default: return 7
      }
    }

    /// The attributes the operator reads.
    var attributes: Set<String> {
      switch self {
      case .leakyRelu, .elu, .celu, .thresholdedRelu: return ["alpha"]
      case .selu: return ["alpha", "gamma"]
      case .hardSigmoid: return ["alpha", "beta"]
      case .gelu: return ["approximate"]
      default: return []
      }
    }
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
    for key in node.attributes.keys.sorted() where !kind.attributes.contains(key) {
      throw context.unsupported("attribute '\(key)' is not supported at opset \(context.opsetVersion)")
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

  func outputShapes(_ inputs: [ShapeFact], context: NodeContext) throws(RuntimeError) -> [[Int]?]? {
    inputs.first?.shape.map { [$0] }
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let value = try context.value(inputs, 0)
    if case .int(let t) = value {
      switch kind {
      case .neg: return [.int(IntTensor(shape: t.shape, data: t.data.map { 0 &- $0 }))]
      case .abs: return [.int(IntTensor(shape: t.shape, data: t.data.map { $0 < 0 ? 0 &- $0 : $0 }))]
      case .sign: return [.int(IntTensor(shape: t.shape, data: t.data.map { $0.signum() }))]
      case .relu: return [.int(IntTensor(shape: t.shape, data: t.data.map { Swift.max($0, 0) }))]
      default: break
      }
    }
    let x = try context.floatInput(inputs, 0)
    if hasLanes, x.count > 0 {
      let data = [Float](unsafeUninitializedCapacity: x.count) { buffer, initialized in
        x.data.withUnsafeBufferPointer { source in
          guard let src = source.baseAddress, let dst = buffer.baseAddress else { return }
          lanes(src, dst, x.count)
        }
        initialized = x.count
      }
      return [.float(Tensor(shape: x.shape, data: data))]
    }
    return [.float(Tensor(shape: x.shape, data: x.data.map(function())))]
  }

  /// A float input the interpreter hands over is overwritten in place by the lane loops.
  func run(taking inputs: inout [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue]
  {
    guard hasLanes, var x = context.takeFloat(&inputs, 0), x.count > 0 else {
      return try run(inputs, context: context)
    }
    x.withElements { buffer in
      guard let base = buffer.baseAddress else { return }
      lanes(UnsafePointer(base), base, buffer.count)
    }
    return [.float(x)]
  }

  /// The scalar function of the operator.
  func function() -> (Float) -> Float {
    let a = alpha
    let g = gamma
    let b = beta
    switch kind {
    case .relu: return { Swift.max($0, 0) }
    case .leakyRelu: return { $0 < 0 ? a * $0 : $0 }
    case .elu: return { $0 < 0 ? a * (Foundation.exp($0) - 1) : $0 }
    case .celu: return { Swift.max(0, $0) + Swift.min(0, a * (Foundation.exp($0 / a) - 1)) }
    case .selu: return { $0 <= 0 ? g * a * (Foundation.exp($0) - 1) : g * $0 }
    case .thresholdedRelu: return { $0 > a ? $0 : 0 }
    case .sigmoid: return { 1 / (1 + Foundation.exp(-$0)) }
    case .tanh: return { Foundation.tanh($0) }
    case .softplus: return { Self.softplus(Double($0)).floatValue }
    case .softsign: return { $0 / (1 + Swift.abs($0)) }
    case .mish: return { v in Float(Double(v) * Foundation.tanh(Self.softplus(Double(v)))) }
    case .gelu:
      if tanhGelu {
        return { v in
          let inner = Double(v) * 0.7978845608028654 * (1 + 0.044715 * Double(v) * Double(v))
          return Float(0.5 * Double(v) * (1 + Foundation.tanh(inner)))
        }
      }
      return { v in Float(0.5 * Double(v) * (1 + Foundation.erf(Double(v) / 2.0.squareRoot()))) }
    case .neg: return { -$0 }
    case .abs: return { Swift.abs($0) }
    case .sqrt: return { $0.squareRoot() }
    case .exp: return { Foundation.exp($0) }
    case .log: return { Foundation.log($0) }
    case .sin: return { Foundation.sin($0) }
    case .cos: return { Foundation.cos($0) }
    case .tan: return { Foundation.tan($0) }
    case .erf: return { Float(Foundation.erf(Double($0))) }
    case .floor: return { $0.rounded(.down) }
    case .ceil: return { $0.rounded(.up) }
    case .round: return { $0.rounded(.toNearestOrEven) }
    case .sign: return { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }
    case .reciprocal: return { 1 / $0 }
    case .hardSigmoid: return { Swift.max(0, Swift.min(1, a * $0 + b)) }
    case .hardSwish: return { $0 * Swift.max(0, Swift.min(1, $0 / 6 + 0.5)) }
    }
  }

  /// `log(1 + eˣ)` without overflow.
  static func softplus(_ v: Double) -> Double {
    Foundation.log1p(Foundation.exp(-Swift.abs(v))) + Swift.max(v, 0)
  }
}

extension Double {
  fileprivate var floatValue: Float { Float(self) }
}

extension UnaryOperator {
  /// Whether `lanes` covers the operator (the activations generators and segmenters use most).
  var hasLanes: Bool {
    switch kind {
    case .relu, .leakyRelu, .sigmoid, .tanh, .exp: return true
    default: return false
    }
  }

  /// The operator on `count` floats from `source` into `destination` (which may be `source`), eight
  /// lanes at a time (`VectorMath`), on every core when large.
  func lanes(_ source: UnsafePointer<Float>, _ destination: UnsafeMutablePointer<Float>, _ count: Int) {
    let buffers = LoopBuffers(destination, source, source)
    let (kind, alpha) = (kind, alpha)
    ParallelRows.forEach(rows: count, length: 1) { rows in
      let src = buffers.first + rows.lowerBound
      let dst = buffers.destination + rows.lowerBound
      let n = rows.count
      switch kind {
      case .relu: VectorMath.map(src, dst, n) { $0.replacing(with: 0, where: $0 .<= 0) }
      case .leakyRelu: VectorMath.map(src, dst, n) { $0.replacing(with: $0 * alpha, where: $0 .< 0) }
      case .sigmoid: VectorMath.sigmoid(src, dst, n)
      case .tanh: VectorMath.map(src, dst, n) { VectorMath.tanh($0) }
      case .exp: VectorMath.map(src, dst, n) { VectorMath.exp($0) }
      default: break
      }
    }
  }
}

/// `PRelu`: `x < 0 ? slope·x : x`, the slope broadcast (NumPy rules) to the input.
struct PReluOperator: RuntimeOperator {
  static let attributes: Set<String> = []
  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {}

  func outputShapes(_ inputs: [ShapeFact], context: NodeContext) throws(RuntimeError) -> [[Int]?]? {
    inputs.first?.shape.map { [$0] }
  }

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

/// `Clip`: bounds from the `min`/`max` attributes (opsets 7–10) or inputs (11 and later).
struct ClipOperator: RuntimeOperator {
  static let attributes: Set<String> = ["min", "max"]
  let low: Float?
  let high: Float?
  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {
    if context.opsetVersion >= 11 && (node.attributes["min"] != nil || node.attributes["max"] != nil) {
      throw context.unsupported(
        "min/max attributes are opset 6–10 Clip's; at opset \(context.opsetVersion) they are inputs")
    }
    low = try context.float("min")
    high = try context.float("max")
  }

  func outputShapes(_ inputs: [ShapeFact], context: NodeContext) throws(RuntimeError) -> [[Int]?]? {
    inputs.first?.shape.map { [$0] }
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let value = try context.value(inputs, 0)
    if case .int(let t) = value {
      let lo = context.optional(inputs, 1).flatMap { $0.ints.first.map(Int64.init) } ?? .min
      let hi = context.optional(inputs, 2).flatMap { $0.ints.first.map(Int64.init) } ?? .max
      return [.int(IntTensor(shape: t.shape, data: t.data.map { Swift.min(Swift.max($0, lo), hi) }))]
    }
    let x = try context.floatInput(inputs, 0)
    let lo = try context.optionalFloat(inputs, 1)?.data.first ?? low ?? -Float.infinity
    let hi = try context.optionalFloat(inputs, 2)?.data.first ?? high ?? Float.infinity
    return [
      .float(Tensor(shape: x.shape, data: x.data.map { $0.isNaN ? $0 : Swift.min(Swift.max($0, lo), hi) }))
    ]
  }
}
