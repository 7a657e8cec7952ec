import ModelIO
import TransposedConv

/// `Cast` and `CastLike`: to float32/float64 (kept), float16 and bfloat16 (rounded to the nearest
/// representable value, ties to even, as the graph's cast asks; computing continues in float32), or
/// an integer or bool type (truncated toward zero, then wrapped to the type's width; bool is `≠ 0`).
/// `CastLike` takes the type of its second input as the graph declares it.
struct CastOperator: RuntimeOperator {
  static let attributes: Set<String> = ["to", "saturate", "round_mode"]
  let target: ModelDataType?
  let saturate: Bool
  let roundMode: String

  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {
    saturate = try context.int("saturate") ?? 1 != 0
    roundMode = try context.choice("round_mode", ["up", "down", "nearest"], default: "up")
    if node.opType == "CastLike" {
      target = context.inputTypes.count > 1 ? context.inputTypes[1] : nil
      guard let target else { throw context.unsupported("the type of the target input is not declared") }
      try Self.check(target, context: context)
      return
    }
    guard let code = try context.int("to") else { throw context.unsupported("'to' is required") }
    let type = ModelDataType(onnxCode: code)
    try Self.check(type, context: context)
    target = type
  }

  static func check(_ type: ModelDataType, context: NodeContext) throws(RuntimeError) {
    switch type {
    case .float, .double, .float16, .bfloat16, .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32,
      .uint64,
      .bool:
      return
    case .other(let code) where (17...26).contains(code):
      return
    default: throw context.unsupported("casting to \(type) is not supported")
    }
  }

  func outputShapes(_ inputs: [ShapeFact], context: NodeContext) throws(RuntimeError) -> [[Int]?]? {
    inputs.first?.shape.map { [$0] }
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let x = try context.value(inputs, 0)
    switch target {
    case .float16: return [.float(Tensor(shape: x.shape, data: x.floats.map(FloatRounding.half)))]
    case .bfloat16: return [.float(Tensor(shape: x.shape, data: x.floats.map(FloatRounding.bfloat)))]
    case .float, .double, nil: return [.float(Tensor(shape: x.shape, data: x.floats))]
    case .other(let code) where code == 21 || code == 22 || code == 25 || code == 26:
      // 4- and 2-bit integers: rounded, then 0 outside the type's range (as the onnx reference does).
      let (low, high): (Float, Float) =
        code == 21 ? (0, 15) : code == 22 ? (-8, 7) : code == 25 ? (0, 3) : (-2, 1)
      let values = x.floats.map { v -> Float in
        let r = v.rounded(.toNearestOrEven)
        return r >= low && r <= high ? r : 0
      }
      return [.float(Tensor(shape: x.shape, data: values))]
    case .other(24):
      return [
        .float(
          Tensor(
            shape: x.shape, data: x.floats.map { FloatRounding.e8m0($0, mode: roundMode, saturate: saturate) }
          ))
      ]
    case .other(let code):
      let format = FloatRounding.Minifloat(code: code)
      return [.float(Tensor(shape: x.shape, data: x.floats.map { format.round($0, saturate: saturate) }))]
    case .bool:
      return [.int(IntTensor(shape: x.shape, data: x.floats.map { $0 != 0 ? 1 : 0 }))]
    default:
      let values: [Int64]
      switch x {
      case .int(let t): values = t.data
      case .float(let t): values = t.data.map(saturatingInt64)
      }
      return [.int(IntTensor(shape: x.shape, data: values.map { FloatRounding.wrap($0, to: target) }))]
    }
  }
}

/// Rounding float32 values to narrower types, ties to even.
enum FloatRounding {
  /// The float16 value nearest `v` (±infinity past 65504 after rounding; subnormals kept).
  static func half(_ v: Float) -> Float {
    guard v.isFinite else { return v }
    let magnitude = Swift.abs(v)
    if magnitude < 6.103515625e-05 {
      // Subnormal range: multiples of 2^-24.
      return (v * 16_777_216).rounded(.toNearestOrEven) / 16_777_216
    }
    let bits = v.bitPattern
    let rounded = (bits &+ 0xFFF &+ ((bits >> 13) & 1)) & ~UInt32(0x1FFF)
    let result = Float(bitPattern: rounded)
    return Swift.abs(result) > 65504 ? (v < 0 ? -.infinity : .infinity) : result
  }

  /// The bfloat16 value nearest `v` (NaN stays NaN).
  static func bfloat(_ v: Float) -> Float {
    guard !v.isNaN else { return v }
    let bits = v.bitPattern
    return Float(bitPattern: (bits &+ 0x7FFF &+ ((bits >> 16) & 1)) & 0xFFFF_0000)
  }

  /// An 8- or 4-bit float format (ONNX types 17–20 and 23).
  struct Minifloat {
    var mantissaBits: Int
    var bias: Int
    var maximum: Float
    var infinities: Bool
    var alwaysSaturates: Bool

    init(code: Int) {
      switch code {
      case 17: self.init(mantissaBits: 3, bias: 7, maximum: 448, infinities: false, alwaysSaturates: false)
      case 18: self.init(mantissaBits: 3, bias: 8, maximum: 240, infinities: false, alwaysSaturates: false)
      case 19: self.init(mantissaBits: 2, bias: 15, maximum: 57344, infinities: true, alwaysSaturates: false)
      case 20: self.init(mantissaBits: 2, bias: 16, maximum: 57344, infinities: false, alwaysSaturates: false)
      default: self.init(mantissaBits: 1, bias: 1, maximum: 6, infinities: false, alwaysSaturates: true)
      }
    }

    init(mantissaBits: Int, bias: Int, maximum: Float, infinities: Bool, alwaysSaturates: Bool) {
      self.mantissaBits = mantissaBits
      self.bias = bias
      self.maximum = maximum
      self.infinities = infinities
      self.alwaysSaturates = alwaysSaturates
    }

    /// `v` rounded to the format, ties to even; out of range: the largest value when saturating,
    /// else infinity (formats with one) or NaN.
    func round(_ v: Float, saturate: Bool) -> Float {
      let clamps = saturate || alwaysSaturates
      if v.isNaN { return alwaysSaturates ? 0 : v }
      if v.isInfinite {
        if clamps { return v < 0 ? -maximum : maximum }
        return infinities ? v : .nan
      }
      if v == 0 { return v }
      let exponent = Swift.max(Int(v.exponent), 1 - bias)
      let quantum = Float(sign: .plus, exponent: exponent - mantissaBits, significand: 1)
      let r = (v / quantum).rounded(.toNearestOrEven) * quantum
      if Swift.abs(r) > maximum {
        if clamps { return v < 0 ? -maximum : maximum }
        return infinities ? (v < 0 ? -.infinity : .infinity) : .nan
      }
      return r
    }
  }

  /// `v` as a float8 E8M0 value (a power of two; the sign is dropped), rounded `up`, `down` or to
  /// the `nearest` as the onnx reference does.
  static func e8m0(_ v: Float, mode: String, saturate: Bool) -> Float {
    let bits = v.bitPattern
    var exponent = Int((bits >> 23) & 0xFF)
    if exponent == 0xFF { return .nan }
    let fraction = bits & 0x7F_FFFF
    let roundUp: Bool
    switch mode {
    case "up": roundUp = fraction > 0
    case "nearest":
      let g = bits & 0x40_0000 != 0
      let r = bits & 0x20_0000 != 0
      let s = bits & 0x1F_FFFF != 0
      roundUp = g && (r || s || exponent > 0)
    default: roundUp = false
    }
    if roundUp && !(saturate && exponent == 0xFE) { exponent += 1 }
    if exponent == 0xFF { return .nan }
    return Float(sign: .plus, exponent: exponent - 127, significand: 1)
  }

  /// `v` wrapped to the width of an integer type (two's complement, as C casts do).
  static func wrap(_ v: Int64, to type: ModelDataType?) -> Int64 {
    switch type {
    case .int8: return Int64(Int8(truncatingIfNeeded: v))
    case .int16: return Int64(Int16(truncatingIfNeeded: v))
    case .int32: return Int64(Int32(truncatingIfNeeded: v))
    case .uint8: return Int64(UInt8(truncatingIfNeeded: v))
    case .uint16: return Int64(UInt16(truncatingIfNeeded: v))
    case .uint32: return Int64(UInt32(truncatingIfNeeded: v))
    default: return v
    }
  }
}
