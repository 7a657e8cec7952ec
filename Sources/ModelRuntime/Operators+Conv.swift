import ModelIO
import TransposedConv

/// `Conv`: N-d cross-correlation with strides, dilations, pads/auto_pad and groups; single-group 3D
/// on `VolumeConvolution` (flat GEMMs over padded volumes), other 1D, 2D and 3D cases on the
/// engine's fast path (`FastConvolution`), unusual cases on `ReferenceWindow`.
struct ConvOperator: RuntimeOperator {
  static let attributes: Set<String> = ["auto_pad", "dilations", "group", "kernel_shape", "pads", "strides"]
  let window: WindowAttributes
  let groups: Int

  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {
    window = try WindowAttributes(context: context)
    groups = try context.int("group") ?? 1
    guard groups >= 1 else { throw context.unsupported("group \(groups) must be positive") }
  }

  /// The convolution's sizes for input shape `input` and weight shape `weight` (checked arithmetic).
  func plan(input: [Int], weight: [Int], context: NodeContext) throws(RuntimeError) -> ConvPlan {
    let rank = input.count - 2
    guard rank >= 1, rank <= 3, weight.count == input.count else {
      throw context.invalid("input \(input) and weight \(weight) are not a 1D, 2D or 3D convolution")
    }
    let kernel = Array(weight[2...])
    if let k = window.kernel, k != kernel {
      throw context.invalid("kernel_shape \(k) does not match the weight \(weight)")
    }
    let strides = try window.perAxis(window.strides, "strides", rank: rank, fallback: 1, context: context)
    let dilations = try window.perAxis(
      window.dilations, "dilations", rank: rank, fallback: 1, context: context)
    let spatial = Array(input[2...])
    let (begin, end) = try window.forwardPads(
      input: spatial, kernel: kernel, strides: strides, dilations: dilations, context: context)
    guard CheckedShape.multiplyAdd(weight[1], groups) == input[1], weight[0] % groups == 0 else {
      throw context.invalid("input \(input), weight \(weight) and group \(groups) do not fit")
    }
    var outShape = [input[0], weight[0]]
    for axis in 0..<rank {
      let extent = try context.multiplyAdd(kernel[axis] - 1, dilations[axis], 1, "the dilated kernel")
      let padded = try context.add(
        try context.add(spatial[axis], begin[axis], "the padded input"), end[axis], "the padded input")
      guard padded >= extent else {
        throw context.invalid("the kernel is larger than the padded input \(input)")
      }
      outShape.append((padded - extent) / strides[axis] + 1)
    }
    return ConvPlan(
      input: input, weight: weight, output: outShape, strides: strides, dilations: dilations,
      padBegin: begin, padEnd: end, groups: groups)
  }

  func outputShapes(_ inputs: [ShapeFact], context: NodeContext) throws(RuntimeError) -> [[Int]?]? {
    guard inputs.count > 1, let x = inputs[0].shape, let w = inputs[1].shape else { return nil }
    return [try plan(input: x, weight: w, context: context).output]
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let x = try context.floatInput(inputs, 0)
    let w = try context.floatInput(inputs, 1)
    let bias = try context.optionalFloat(inputs, 2)
    let plan = try self.plan(input: x.shape, weight: w.shape, context: context)
    if let bias, bias.count != w.shape[0] {
      throw context.invalid("bias \(bias.shape) does not match \(w.shape[0]) outputs")
    }
    try context.checkSize(plan.output)
    do {
      if let result = try VolumeConvolution.convolution(x, w, bias, plan) { return [.float(result)] }
      if let result = try FastConvolution.apply(x, w, bias, plan) { return [.float(result)] }
    } catch {
      throw context.engine(error)
    }
    return [.float(ReferenceWindow.convolution(x, w, bias, plan))]
  }
}

/// The sizes of one forward convolution.
struct ConvPlan: Sendable {
  var input: [Int]
  var weight: [Int]
  var output: [Int]
  var strides: [Int]
  var dilations: [Int]
  var padBegin: [Int]
  var padEnd: [Int]
  var groups: Int
}
