import ModelIO
import TransposedConv

/// `ConvTranspose` with every attribute: strides, dilations, group, pads, `output_padding`,
/// `auto_pad` and `output_shape` (padding placed as ONNX Runtime places it: `SAME_UPPER` puts the
/// odd pixel of padding at the end, `SAME_LOWER`/`NOTSET` with `output_shape` at the start).
/// Single-group, undilated 3D on `VolumeConvolution` (one flat GEMM per output phase); other 1D, 2D
/// and 3D cases on the engine's fast transposed convolution; sizes the engine's parameter rules
/// reject on `ReferenceWindow.transposed`.
struct ConvTransposeOperator: RuntimeOperator {
  static let attributes: Set<String> = [
    "auto_pad", "dilations", "group", "kernel_shape", "output_padding", "output_shape", "pads", "strides",
  ]
  let window: WindowAttributes
  let groups: Int
  let outputPadding: [Int]?
  let outputShape: [Int]?

  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {
    window = try WindowAttributes(context: context)
    groups = try context.int("group") ?? 1
    guard groups >= 1 else { throw context.unsupported("group \(groups) must be positive") }
    outputPadding = try context.ints("output_padding")
    outputShape = try context.ints("output_shape")
    if let outputPadding, !outputPadding.allSatisfy({ $0 >= 0 }) {
      throw context.unsupported("negative output_padding \(outputPadding)")
    }
  }

  /// Per spatial axis: begin padding and output extent.
  func geometry(input: [Int], kernel: [Int], context: NodeContext) throws(RuntimeError)
    -> (strides: [Int], dilations: [Int], padBegin: [Int], output: [Int])
  {
    let rank = input.count
    let strides = try window.perAxis(window.strides, "strides", rank: rank, fallback: 1, context: context)
    let dilations = try window.perAxis(
      window.dilations, "dilations", rank: rank, fallback: 1, context: context)
    let adj = try window.perAxis(outputPadding, "output_padding", rank: rank, fallback: 0, context: context)
    var begin: [Int] = []
    var output: [Int] = []
    var requested = outputShape
    if let r = requested, r.count == rank + 2 { requested = Array(r[2...]) }
    if let r = requested, r.count != rank || !r.allSatisfy({ $0 >= 1 }) {
      throw context.invalid(
        "output_shape \(CheckedShape.brief(r)) does not have \(rank) positive spatial extents")
    }
    for axis in 0..<rank {
      let dilated = try context.multiplyAdd(kernel[axis] - 1, dilations[axis], 1, "the dilated kernel")
      let natural = try context.add(
        try context.multiplyAdd(input[axis] - 1, strides[axis], adj[axis], "the upsampled extent"), dilated,
        "the output extent")
      if let r = requested {
        let total = max(0, natural - r[axis])
        begin.append(window.autoPad == .sameUpper ? total / 2 : total - total / 2)
        output.append(r[axis])
      } else {
        switch window.autoPad {
        case .sameUpper, .sameLower:
          let target = try context.multiplyAdd(input[axis], strides[axis], 0, "the SAME output extent")
          let total = max(0, natural - target)
          begin.append(window.autoPad == .sameUpper ? total / 2 : total - total / 2)
          output.append(target)
        case .valid:
          begin.append(0)
          output.append(natural)
        case .notSet:
          let p = window.pads ?? [Int](repeating: 0, count: 2 * rank)
          guard p.count == 2 * rank else {
            throw context.invalid("pads has \(p.count) values for \(rank) spatial axes")
          }
          guard p.allSatisfy({ $0 >= 0 }) else { throw context.unsupported("negative pads \(p)") }
          begin.append(p[axis])
          output.append(
            try context.add(
              try context.add(natural, -p[axis], "the cropped output extent"), -p[axis + rank],
              "the cropped output extent"))
        }
      }
      guard output[axis] >= 1 else {
        throw context.invalid("the output would have extent \(output[axis]) on axis \(axis)")
      }
    }
    return (strides, dilations, begin, output)
  }

  func outputShapes(_ inputs: [ShapeFact], context: NodeContext) throws(RuntimeError) -> [[Int]?]? {
    guard inputs.count > 1, let x = inputs[0].shape, let w = inputs[1].shape else { return nil }
    let rank = x.count - 2
    guard rank >= 1, rank <= 3, w.count == x.count, w[0] == x[1], x[1] % groups == 0 else {
      throw context.invalid("input \(x), weight \(w) and group \(groups) do not fit")
    }
    let g = try geometry(input: Array(x[2...]), kernel: Array(w[2...]), context: context)
    return [[x[0], try context.multiplyAdd(w[1], groups, 0, "the output channels")] + g.output]
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let x = try context.floatInput(inputs, 0)
    let w = try context.floatInput(inputs, 1)
    let bias = try context.optionalFloat(inputs, 2)
    let rank = x.rank - 2
    guard rank >= 1, rank <= 3, w.rank == x.rank, w.shape[0] == x.shape[1], x.shape[1] % groups == 0 else {
      throw context.invalid("input \(x.shape), weight \(w.shape) and group \(groups) do not fit")
    }
    let kernel = Array(w.shape[2...])
    if let k = window.kernel, k != kernel {
      throw context.invalid("kernel_shape \(k) does not match the weight \(w.shape)")
    }
    let g = try geometry(input: Array(x.shape[2...]), kernel: kernel, context: context)
    let outShape =
      [x.shape[0], try context.multiplyAdd(w.shape[1], groups, 0, "the output channels")] + g.output
    if let bias, bias.count != outShape[1] {
      throw context.invalid("bias \(bias.shape) does not match \(outShape[1]) outputs")
    }
    try context.checkSize(outShape)
    do {
      if let result = try VolumeConvolution.transposed(
        x, w, bias, strides: g.strides, dilations: g.dilations, padBegin: g.padBegin, output: g.output,
        groups: groups)
      {
        return [.float(result)]
      }
    } catch {
      throw context.engine(error)
    }
    do {
      // Express the geometry as the engine's parameters (non-negative end padding, or output padding).
      var axes: [AxisParameters] = []
      for axis in 0..<rank {
        let full = (x.shape[axis + 2] - 1) * g.strides[axis] + (kernel[axis] - 1) * g.dilations[axis] + 1
        let end = full - g.padBegin[axis] - g.output[axis]
        axes.append(
          AxisParameters(
            stride: g.strides[axis], paddingBegin: g.padBegin[axis], paddingEnd: max(0, end),
            outputPadding: max(0, -end), dilation: g.dilations[axis]))
      }
      let parameters = ConvTransposeParameters(axes: axes, groups: groups)
      if (try? parameters.outputShape(input: x.shape, weight: w.shape)) == outShape {
        do {
          let flatBias = bias.map { Tensor(shape: [$0.count], data: $0.data) }
          return [
            .float(
              try TransposedConvolution.apply(input: x, weight: w, bias: flatBias, parameters: parameters))
          ]
        } catch {
          throw context.engine(error)
        }
      }
    }
    return [
      .float(
        ReferenceWindow.transposed(
          x, w, bias, output: outShape, strides: g.strides, dilations: g.dilations, padBegin: g.padBegin,
          groups: groups))
    ]
  }
}
