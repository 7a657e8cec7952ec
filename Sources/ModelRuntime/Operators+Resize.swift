import Foundation
import ModelIO
import TransposedConv

/// How one output coordinate maps to the input (ONNX `coordinate_transformation_mode`) and how a
/// nearest sample is chosen (`nearest_mode`), computed in Float as ONNX Runtime computes them.
struct ResizeRule: Sendable {
  enum Mode: String, Sendable { case nearest, linear }
  enum Coordinates: String, Sendable, CaseIterable {
    case halfPixel = "half_pixel", pytorchHalfPixel = "pytorch_half_pixel", alignCorners = "align_corners"
    case asymmetric, tfHalfPixelForNN = "tf_half_pixel_for_nn"
  }
  enum Rounding: String, Sendable, CaseIterable {
    case roundPreferFloor = "round_prefer_floor", roundPreferCeil = "round_prefer_ceil", floor, ceil
    /// Opset < 11 `Upsample`: truncate when enlarging, ceiling when shrinking.
    case simple
  }
  var mode: Mode
  var coordinates: Coordinates
  var rounding: Rounding

  /// The input coordinate of output index `o` for extents `n → out` and scale `scale`.
  func source(_ o: Int, n: Int, out: Int, scale: Float) -> Float {
    let x = Float(o)
    switch coordinates {
    case .halfPixel: return (x + 0.5) / scale - 0.5
    case .pytorchHalfPixel: return out > 1 ? (x + 0.5) / scale - 0.5 : 0
    case .alignCorners: return out == 1 ? 0 : x * Float(n - 1) / Float(out - 1)
    case .asymmetric: return x / scale
    case .tfHalfPixelForNN: return (x + 0.5) / scale
    }
  }

  /// Per output index, the input indices and weights along one axis.
  func map(n: Int, out: Int, scale: Float) -> [[(index: Int, weight: Float)]] {
    (0..<out).map { o in
      let x = source(o, n: n, out: out, scale: scale)
      switch mode {
      case .nearest:
        let i: Int
        switch rounding {
        case .roundPreferFloor: i = x == Float(Int(x)) + 0.5 ? Int(x.rounded(.down)) : Int(x.rounded())
        case .roundPreferCeil: i = Int(x.rounded())
        case .floor: i = Int(x.rounded(.down))
        case .ceil: i = Int(x.rounded(.up))
        case .simple: i = scale < 1 ? Int(x.rounded(.up)) : Int(x)
        }
        return [(min(max(i, 0), n - 1), 1)]
      case .linear:
        let c = max(0, min(x, Float(n - 1)))
        let i0 = min(Int(c), n - 1)
        let i1 = min(i0 + 1, n - 1)
        if i0 == i1 { return [(i0, 1)] }
        let d0 = abs(c - Float(i0))
        let d1 = abs(c - Float(i1))
        return [(i0, d1), (i1, d0)]
      }
    }
  }

  /// Resamples `x` to `outShape`, one axis at a time (axes whose extent and scale are 1 are skipped).
  func apply(_ x: Tensor, outShape: [Int], scales: [Float]) -> Tensor {
    var current = x
    for axis in 0..<x.rank where !(outShape[axis] == x.shape[axis] && scales[axis] == 1) {
      let n = current.shape[axis]
      let out = outShape[axis]
      let weights = map(n: n, out: out, scale: scales[axis])
      let outer = current.shape[..<axis].reduce(1, *)
      let inner = current.shape[(axis + 1)...].reduce(1, *)
      var shape = current.shape
      shape[axis] = out
      var data = [Float](repeating: 0, count: outer * out * inner)
      current.data.withUnsafeBufferPointer { src in
        data.withUnsafeMutableBufferPointer { dst in
          for b in 0..<outer {
            for o in 0..<out {
              let d = (b * out + o) * inner
              for (index, weight) in weights[o] {
                let s = (b * n + index) * inner
                for i in 0..<inner { dst[d + i] += weight * src[s + i] }
              }
            }
          }
        }
      }
      current = Tensor(shape: shape, data: data)
    }
    return current
  }
}

/// `Resize` (opset ≥ 11): nearest with every `nearest_mode`, linear; coordinate modes half_pixel,
/// pytorch_half_pixel, align_corners, asymmetric, tf_half_pixel_for_nn; `scales` or `sizes`, and
/// opset 18's `axes`. Cubic, antialiasing, `exclude_outside` and `tf_crop_and_resize` are refused.
struct ResizeOperator: RuntimeOperator {
  static let attributes: Set<String> = [
    "mode", "coordinate_transformation_mode", "nearest_mode", "cubic_coeff_a", "exclude_outside",
    "extrapolation_value", "antialias", "axes", "keep_aspect_ratio_policy",
  ]
  let rule: ResizeRule
  let axes: [Int]?

  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {
    let mode = try context.choice("mode", ["nearest", "linear"], default: "nearest")
    let coordinates = try context.choice(
      "coordinate_transformation_mode", ResizeRule.Coordinates.allCases.map(\.rawValue), default: "half_pixel"
    )
    let rounding = try context.choice(
      "nearest_mode", ["round_prefer_floor", "round_prefer_ceil", "floor", "ceil"],
      default: "round_prefer_floor")
    if try context.int("exclude_outside") ?? 0 != 0 {
      throw context.unsupported("exclude_outside = 1 is not supported")
    }
    if try context.int("antialias") ?? 0 != 0 { throw context.unsupported("antialias = 1 is not supported") }
    _ = try context.choice("keep_aspect_ratio_policy", ["stretch"], default: "stretch")
    rule = ResizeRule(
      mode: ResizeRule.Mode(rawValue: mode) ?? .nearest,
      coordinates: ResizeRule.Coordinates(rawValue: coordinates) ?? .halfPixel,
      rounding: ResizeRule.Rounding(rawValue: rounding) ?? .roundPreferFloor)
    axes = try context.ints("axes")
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let x = try context.floatInput(inputs, 0)
    let rank = x.rank
    let axisList = try (axes ?? Array(0..<rank)).map { (a: Int) throws(RuntimeError) -> Int in
      try context.axis(a, rank: rank)
    }
    var scales = [Float](repeating: 1, count: rank)
    var outShape = x.shape
    let given = inputs.count > 2 ? inputs[2] : nil
    let sizesValue = inputs.count > 3 ? inputs[3] : nil
    if let sizesValue, sizesValue.shape.reduce(1, *) > 0 {
      let sizes = sizesValue.ints
      guard sizes.count == axisList.count, sizes.allSatisfy({ $0 >= 1 }) else {
        throw context.invalid("sizes \(sizes) do not give one positive extent per axis of \(x.shape)")
      }
      for (i, axis) in axisList.enumerated() {
        outShape[axis] = sizes[i]
        scales[axis] = Float(sizes[i]) / Float(x.shape[axis])
      }
    } else if let given, given.shape.reduce(1, *) > 0 {
      let values = given.floats
      guard values.count == axisList.count, values.allSatisfy({ $0 > 0 && $0.isFinite }) else {
        throw context.invalid("scales \(values) do not give one positive scale per axis of \(x.shape)")
      }
      for (i, axis) in axisList.enumerated() {
        scales[axis] = values[i]
        let extent = Float(x.shape[axis]) * values[i]
        guard extent < 1e12 else { throw context.invalid("scale \(values[i]) is too large") }
        outShape[axis] = Int(extent)
      }
    } else {
      throw context.invalid("neither scales nor sizes is given")
    }
    guard outShape.allSatisfy({ $0 >= 1 }) else {
      throw context.invalid("the output shape \(outShape) is empty")
    }
    try context.checkSize(outShape)
    return [.float(rule.apply(x, outShape: outShape, scales: scales))]
  }
}

/// `Upsample` (deprecated since opset 10, still exported): `scales` input, nearest (asymmetric,
/// truncating) or linear (asymmetric).
struct UpsampleOperator: RuntimeOperator {
  static let attributes: Set<String> = ["mode", "scales"]
  let rule: ResizeRule
  let fixedScales: [Float]?

  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {
    let mode = try context.choice("mode", ["nearest", "linear", "bilinear"], default: "nearest")
    rule = ResizeRule(
      mode: mode == "nearest" ? .nearest : .linear, coordinates: .asymmetric, rounding: .simple)
    do { fixedScales = try node.floats("scales", path: context.path) } catch { throw .model(error) }
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let x = try context.floatInput(inputs, 0)
    let scales = try context.optionalFloat(inputs, 1)?.data ?? fixedScales ?? []
    guard scales.count == x.rank, scales.allSatisfy({ $0 > 0 && $0 < 1e6 }) else {
      throw context.invalid("scales \(scales) do not give one positive scale per axis of \(x.shape)")
    }
    let outShape = zip(x.shape, scales).map { Int(Float($0) * $1) }
    guard outShape.allSatisfy({ $0 >= 1 }) else {
      throw context.invalid("the output shape \(outShape) is empty")
    }
    try context.checkSize(outShape)
    return [.float(rule.apply(x, outShape: outShape, scales: scales))]
  }
}
