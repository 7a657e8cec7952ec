import Foundation
import ModelIO
import TransposedConv

/// How one output coordinate maps to the input (ONNX `coordinate_transformation_mode`), how a
/// nearest sample is chosen (`nearest_mode`) and how samples are weighted (linear, cubic, with or
/// without antialiasing). Nearest and plain linear compute in Float as ONNX Runtime does; cubic and
/// antialiased filters follow the ONNX reference (neighbours edge-replicated, weights normalised).
struct ResizeRule: Sendable {
  enum Mode: String, Sendable { case nearest, linear, cubic }
  enum Coordinates: String, Sendable, CaseIterable {
    case halfPixel = "half_pixel", pytorchHalfPixel = "pytorch_half_pixel", alignCorners = "align_corners"
    case asymmetric, tfHalfPixelForNN = "tf_half_pixel_for_nn", halfPixelSymmetric = "half_pixel_symmetric"
    case tfCropAndResize = "tf_crop_and_resize"
  }
  enum Rounding: String, Sendable, CaseIterable {
    case roundPreferFloor = "round_prefer_floor", roundPreferCeil = "round_prefer_ceil", floor, ceil
    /// Opset < 11 `Upsample`/`Resize`: truncate when enlarging, ceiling when shrinking.
    case simple
  }
  var mode: Mode
  var coordinates: Coordinates
  var rounding: Rounding
  var cubicA: Double = -0.75
  var excludeOutside = false
  var antialias = false
  var extrapolation: Float = 0

  /// The input coordinate of output index `o` for extents `n → out` and scale `scale`; nil when a
  /// `tf_crop_and_resize` sample falls outside the input (the extrapolation value is used).
  func source(_ o: Int, n: Int, out: Int, scale: Float, roi: (Float, Float)) -> Float? {
    let x = Float(o)
    switch coordinates {
    case .halfPixel: return (x + 0.5) / scale - 0.5
    case .pytorchHalfPixel: return out > 1 ? (x + 0.5) / scale - 0.5 : 0
    case .alignCorners: return out == 1 ? 0 : x * Float(n - 1) / Float(out - 1)
    case .asymmetric: return x / scale
    case .tfHalfPixelForNN: return (x + 0.5) / scale
    case .halfPixelSymmetric:
      let adjustment = Float(out) / (scale * Float(n))
      let offset = Float(n) / 2 * (1 - adjustment)
      return offset + (x + 0.5) / scale - 0.5
    case .tfCropAndResize:
      let span = (roi.1 - roi.0) * Float(n - 1)
      let v = out == 1 ? span / 2 + roi.0 * Float(n - 1) : x * span / Float(out - 1) + roi.0 * Float(n - 1)
      return v.isFinite && v >= 0 && v <= Float(n - 1) ? v : nil
    }
  }

  /// Per output index, the input indices and weights along one axis (empty: the extrapolation value).
  func map(n: Int, out: Int, scale: Float, roi: (Float, Float) = (0, 1)) -> [[(index: Int, weight: Float)]] {
    (0..<out).map { o in
      guard let x = source(o, n: n, out: out, scale: scale, roi: roi) else { return [] }
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
      case .linear where !(antialias && scale < 1) && !excludeOutside:
        let c = max(0, min(x, Float(n - 1)))
        let i0 = min(Int(c), n - 1)
        let i1 = min(i0 + 1, n - 1)
        if i0 == i1 { return [(i0, 1)] }
        let d0 = abs(c - Float(i0))
        let d1 = abs(c - Float(i1))
        return [(i0, d1), (i1, d0)]
      default:
        return filtered(Double(x), n: n, scale: Double(scale))
      }
    }
  }

  /// Cubic or antialiased weights around `x`, as the ONNX reference computes them.
  func filtered(_ x: Double, n: Int, scale: Double) -> [(index: Int, weight: Float)] {
    let base = x.rounded(.up) - 1
    let ratio = x - base
    let s = antialias ? min(scale, 1) : 1
    let a = cubicA
    let support = mode == .cubic ? 2.0 : 1.0
    let start = Int((-support / s).rounded(.down)) + 1
    let end = mode == .cubic ? 3 - start : 2 - start
    var taps: [(Int, Double)] = []
    for i in start..<end {
      let t = abs(s * (Double(i) - ratio))
      let w: Double
      if mode == .cubic {
        w =
          t <= 1
          ? ((a + 2) * t - (a + 3)) * t * t + 1 : (t < 2 ? ((a * t - 5 * a) * t + 8 * a) * t - 4 * a : 0)
      } else {
        w = max(0, 1 - t)
      }
      let index = Int(base) + i
      taps.append((index, excludeOutside && (index < 0 || index >= n) ? 0 : w))
    }
    let total = taps.reduce(0) { $0 + $1.1 }
    return taps.map { (min(max($0.0, 0), n - 1), Float(total != 0 ? $0.1 / total : 0)) }
  }

  /// Resamples `x` to `outShape`: by `AxisGather` when every output sample copies one input sample
  /// (`copyMaps`: nearest in every mode, and any map that lands on input samples), otherwise
  /// `applySeparable`. Both give the same values: a copied sample is the input's bits.
  func apply(_ x: Tensor, outShape: [Int], scales: [Float], roi: [(Float, Float)]? = nil) -> Tensor {
    if let maps = copyMaps(x.shape, outShape: outShape, scales: scales, roi: roi) {
      return Tensor(shape: outShape, data: AxisGather.gather(x.data, inShape: x.shape, maps: maps))
    }
    return applySeparable(x, outShape: outShape, scales: scales, roi: roi)
  }

  /// Whether `apply` leaves `axis` alone: extent and scale 1 and no crop region.
  func skips(
    _ axis: Int, shape: [Int], outShape: [Int], scales: [Float], roi: [(Float, Float)]?
  ) -> Bool {
    outShape[axis] == shape[axis] && scales[axis] == 1
      && (coordinates != .tfCropAndResize || (roi?[axis] ?? (0, 1)) == (0, 1))
  }

  /// The input index of every output index along each axis when every output sample is a copy of
  /// one input sample (one tap of weight 1 on every resampled axis); nil otherwise (two or more
  /// taps, or a `tf_crop_and_resize` sample outside the input).
  func copyMaps(_ shape: [Int], outShape: [Int], scales: [Float], roi: [(Float, Float)]?) -> [[Int]]? {
    var maps: [[Int]] = []
    for axis in shape.indices {
      if skips(axis, shape: shape, outShape: outShape, scales: scales, roi: roi) {
        maps.append(Array(0..<shape[axis]))
        continue
      }
      var indices: [Int] = []
      indices.reserveCapacity(outShape[axis])
      for taps in map(n: shape[axis], out: outShape[axis], scale: scales[axis], roi: roi?[axis] ?? (0, 1)) {
        guard taps.count == 1, taps[0].weight == 1 else { return nil }
        indices.append(taps[0].index)
      }
      maps.append(indices)
    }
    return maps
  }

  /// Resamples `x` to `outShape`, one axis at a time (axes whose extent and scale are 1 are skipped
  /// unless a crop region applies): each output sample is the sum, in tap order starting from 0, of
  /// weight × input sample, except that a single tap of weight 1 copies the sample.
  func applySeparable(_ x: Tensor, outShape: [Int], scales: [Float], roi: [(Float, Float)]? = nil) -> Tensor {
    var current = x
    for axis in 0..<x.rank {
      if skips(axis, shape: x.shape, outShape: outShape, scales: scales, roi: roi) { continue }
      let n = current.shape[axis]
      let out = outShape[axis]
      let weights = map(n: n, out: out, scale: scales[axis], roi: roi?[axis] ?? (0, 1))
      let outer = current.shape[..<axis].reduce(1, *)
      let inner = current.shape[(axis + 1)...].reduce(1, *)
      var shape = current.shape
      shape[axis] = out
      var data = [Float](repeating: 0, count: outer * out * inner)
      let fill = extrapolation
      current.data.withUnsafeBufferPointer { source in
        data.withUnsafeMutableBufferPointer { destination in
          guard let src = source.baseAddress, let dst = destination.baseAddress else { return }
          for b in 0..<outer {
            for o in 0..<out {
              let d = dst + (b * out + o) * inner
              let taps = weights[o]
              if taps.isEmpty {
                d.update(repeating: fill, count: inner)
              } else if taps.count == 1 && taps[0].weight == 1 {
                d.update(from: src + (b * n + taps[0].index) * inner, count: inner)
              } else {
                for (index, weight) in taps {
                  let s = src + (b * n + index) * inner
                  for i in 0..<inner { d[i] += weight * s[i] }
                }
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

/// `Resize`, opsets 10 to the newest: opset 10's `scales` input with nearest (asymmetric,
/// truncating) or linear; from 11 `roi`, `scales` or `sizes`, nearest in every `nearest_mode`,
/// linear and cubic (`cubic_coeff_a`, `exclude_outside`), every coordinate mode including
/// `tf_crop_and_resize` (`extrapolation_value`); from 18 `antialias`, `axes` and
/// `keep_aspect_ratio_policy`, from 19 `half_pixel_symmetric`.
struct ResizeOperator: RuntimeOperator {
  static let attributes: Set<String> = [
    "mode", "coordinate_transformation_mode", "nearest_mode", "cubic_coeff_a", "exclude_outside",
    "extrapolation_value", "antialias", "axes", "keep_aspect_ratio_policy",
  ]
  let rule: ResizeRule
  let axes: [Int]?
  let policy: String
  let legacy: Bool

  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {
    legacy = context.opsetVersion < 11
    let newer: Set<String> = ["antialias", "axes", "keep_aspect_ratio_policy"]
    for key in node.attributes.keys.sorted() {
      if (legacy && key != "mode") || (context.opsetVersion < 18 && newer.contains(key)) {
        throw context.unsupported("attribute '\(key)' is not part of Resize at opset \(context.opsetVersion)")
      }
    }
    let mode = try context.choice(
      "mode", legacy ? ["nearest", "linear"] : ["nearest", "linear", "cubic"], default: "nearest")
    var modes = ResizeRule.Coordinates.allCases.map(\.rawValue)
    if context.opsetVersion < 19 { modes.removeAll { $0 == "half_pixel_symmetric" } }
    let coordinates = try context.choice("coordinate_transformation_mode", modes, default: "half_pixel")
    let rounding = try context.choice(
      "nearest_mode", ["round_prefer_floor", "round_prefer_ceil", "floor", "ceil"],
      default: "round_prefer_floor")
    var rule = ResizeRule(
      mode: ResizeRule.Mode(rawValue: mode) ?? .nearest,
      coordinates: legacy ? .asymmetric : ResizeRule.Coordinates(rawValue: coordinates) ?? .halfPixel,
      rounding: legacy ? .simple : ResizeRule.Rounding(rawValue: rounding) ?? .roundPreferFloor)
    rule.cubicA = Double(try context.float("cubic_coeff_a") ?? -0.75)
    rule.excludeOutside = try context.int("exclude_outside") ?? 0 != 0
    rule.antialias = try context.int("antialias") ?? 0 != 0
    rule.extrapolation = try context.float("extrapolation_value") ?? 0
    self.rule = rule
    policy = try context.choice(
      "keep_aspect_ratio_policy", ["stretch", "not_larger", "not_smaller"], default: "stretch")
    axes = try context.ints("axes")
  }

  /// The output shape, per-axis scales and crop regions for input shape `shape`.
  func plan(_ shape: [Int], roi: [Float]?, scales given: [Float]?, sizes: [Int]?, context: NodeContext)
    throws(RuntimeError) -> (shape: [Int], scales: [Float], roi: [(Float, Float)]?)
  {
    let rank = shape.count
    let axisList = try context.axes(axes ?? Array(0..<rank), rank: rank)
    // A zero-length axis has no samples to resample from (sizes would give it a scale of infinity).
    if let empty = axisList.first(where: { shape[$0] == 0 }) {
      throw context.invalid(
        "cannot resize the zero-length axis \(empty) of the input \(CheckedShape.brief(shape))")
    }
    var scales = [Float](repeating: 1, count: rank)
    var outShape = shape
    if let sizes, !sizes.isEmpty {
      guard sizes.count == axisList.count, sizes.allSatisfy({ $0 >= 1 && $0 <= Interpreter.maximumElements })
      else {
        throw context.invalid(
          "sizes \(CheckedShape.brief(sizes)) do not give one positive extent per axis of \(CheckedShape.brief(shape))"
        )
      }
      if policy == "stretch" {
        for (i, axis) in axisList.enumerated() {
          outShape[axis] = sizes[i]
          scales[axis] = Float(sizes[i]) / Float(shape[axis])
        }
      } else {
        let ratios = axisList.enumerated().map { Double(sizes[$0.offset]) / Double(shape[$0.element]) }
        let scale = policy == "not_larger" ? (ratios.min() ?? 1) : (ratios.max() ?? 1)
        for axis in axisList {
          scales[axis] = Float(scale)
          let extent = (scale * Double(shape[axis])).rounded(.toNearestOrEven)
          guard extent < 1e12 else { throw context.invalid("scale \(scale) is too large") }
          outShape[axis] = Int(extent)
        }
      }
    } else if let values = given, !values.isEmpty {
      guard values.count == axisList.count, values.allSatisfy({ $0 > 0 && $0.isFinite }) else {
        throw context.invalid(
          "scales \(CheckedShape.brief(values)) do not give one positive scale per axis of \(CheckedShape.brief(shape))"
        )
      }
      for (i, axis) in axisList.enumerated() {
        scales[axis] = values[i]
        let extent = Float(shape[axis]) * values[i]
        guard extent < 1e12 else { throw context.invalid("scale \(values[i]) is too large") }
        outShape[axis] = Int(extent)
      }
    } else {
      throw context.invalid("neither scales nor sizes is given")
    }
    guard outShape.allSatisfy({ $0 >= 1 }) else {
      throw context.invalid("the output shape \(CheckedShape.brief(outShape)) is empty")
    }
    var regions: [(Float, Float)]?
    if rule.coordinates == .tfCropAndResize {
      guard let roi, roi.count == 2 * axisList.count, roi.allSatisfy(\.isFinite) else {
        throw context.invalid("tf_crop_and_resize needs an roi of \(2 * axisList.count) finite values")
      }
      var list = [(Float, Float)](repeating: (0, 1), count: rank)
      for (i, axis) in axisList.enumerated() { list[axis] = (roi[i], roi[i + axisList.count]) }
      regions = list
    }
    return (outShape, scales, regions)
  }

  func inputs(_ values: [RuntimeValue?]) -> (roi: [Float]?, scales: [Float]?, sizes: [Int]?) {
    func at(_ i: Int) -> RuntimeValue? { i < values.count ? values[i] : nil }
    if legacy { return (nil, at(1)?.floats, nil) }
    return (at(1)?.floats, at(2)?.floats, at(3)?.ints)
  }

  func outputShapes(_ inputs: [ShapeFact], context: NodeContext) throws(RuntimeError) -> [[Int]?]? {
    guard let shape = inputs.first?.shape else { return nil }
    var values: [RuntimeValue?] = []
    for (i, fact) in inputs.enumerated() {
      if i > 0, fact.shape.map({ $0.reduce(1, *) > 0 }) ?? false, fact.value == nil { return nil }
      values.append(fact.value)
    }
    let (roi, scales, sizes) = self.inputs(values)
    return [try plan(shape, roi: roi, scales: scales, sizes: sizes, context: context).shape]
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let x = try context.floatInput(inputs, 0)
    let (roi, scales, sizes) = self.inputs(inputs)
    let p = try plan(x.shape, roi: roi, scales: scales, sizes: sizes, context: context)
    try checkSteps(from: x.shape, to: p.shape, context: context)
    return [.float(rule.apply(x, outShape: p.shape, scales: p.scales, roi: p.roi))]
  }
}

/// `Upsample`, opsets 7–9 (deprecated at 10): `scales` attribute (7, 8) or input (9), nearest
/// (asymmetric, truncating) or linear (asymmetric).
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

  /// The output shape for input shape `shape` and `scales`.
  func outputShape(_ shape: [Int], _ scales: [Float], context: NodeContext) throws(RuntimeError) -> [Int] {
    guard scales.count == shape.count, scales.allSatisfy({ $0 > 0 && $0 < 1e6 }) else {
      throw context.invalid(
        "scales \(CheckedShape.brief(scales)) do not give one positive scale per axis of \(CheckedShape.brief(shape))"
      )
    }
    var outShape: [Int] = []
    for (extent, scale) in zip(shape, scales) {
      let v = Float(extent) * scale
      guard v < 1e12 else { throw context.invalid("scale \(scale) is too large") }
      outShape.append(Int(v))
    }
    guard outShape.allSatisfy({ $0 >= 1 }) else {
      throw context.invalid("the output shape \(CheckedShape.brief(outShape)) is empty")
    }
    return outShape
  }

  func outputShapes(_ inputs: [ShapeFact], context: NodeContext) throws(RuntimeError) -> [[Int]?]? {
    guard let shape = inputs.first?.shape else { return nil }
    let given = inputs.count > 1 ? inputs[1].value?.floats : nil
    if inputs.count > 1 && inputs[1].shape != nil && given == nil { return nil }
    return [try outputShape(shape, given ?? fixedScales ?? [], context: context)]
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let x = try context.floatInput(inputs, 0)
    let scales = try context.optionalFloat(inputs, 1)?.data ?? fixedScales ?? []
    let outShape = try outputShape(x.shape, scales, context: context)
    try checkSteps(from: x.shape, to: outShape, context: context)
    return [.float(rule.apply(x, outShape: outShape, scales: scales))]
  }
}

/// Checks every tensor `ResizeRule.apply` makes on the way from `input` to `output` (it resamples one
/// axis at a time, so an axis that grows before another shrinks can make an intermediate far larger
/// than either end: `[1, 10⁸] → [10⁸, 1]` passes through `[10⁸, 10⁸]`).
func checkSteps(from input: [Int], to output: [Int], context: NodeContext) throws(RuntimeError) {
  var shape = input
  for axis in shape.indices {
    shape[axis] = output[axis]
    try context.checkSize(shape)
  }
}
