import ModelIO
import TransposedConv

/// `Conv`: N-d cross-correlation with strides, dilations, pads/auto_pad and groups; 1D, 2D and 3D on
/// the engine's fast path (`FastConvolution`), unusual cases on `ReferenceWindow`.
struct ConvOperator: RuntimeOperator {
  static let attributes: Set<String> = ["auto_pad", "dilations", "group", "kernel_shape", "pads", "strides"]
  let window: WindowAttributes
  let groups: Int

  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {
    window = try WindowAttributes(context: context)
    groups = try context.int("group") ?? 1
    guard groups >= 1 else { throw context.unsupported("group \(groups) must be positive") }
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let x = try context.floatInput(inputs, 0)
    let w = try context.floatInput(inputs, 1)
    let bias = try context.optionalFloat(inputs, 2)
    let rank = x.rank - 2
    guard rank >= 1, rank <= 3, w.rank == x.rank else {
      throw context.invalid("input \(x.shape) and weight \(w.shape) are not a 1D, 2D or 3D convolution")
    }
    let kernel = Array(w.shape[2...])
    if let k = window.kernel, k != kernel {
      throw context.invalid("kernel_shape \(k) does not match the weight \(w.shape)")
    }
    let strides = try window.perAxis(window.strides, "strides", rank: rank, fallback: 1, context: context)
    let dilations = try window.perAxis(
      window.dilations, "dilations", rank: rank, fallback: 1, context: context)
    let spatial = Array(x.shape[2...])
    let (begin, end) = try window.forwardPads(
      input: spatial, kernel: kernel, strides: strides, dilations: dilations, context: context)
    guard x.shape[1] == w.shape[1] * groups, w.shape[0] % groups == 0 else {
      throw context.invalid("input \(x.shape), weight \(w.shape) and group \(groups) do not fit")
    }
    if let bias, bias.count != w.shape[0] {
      throw context.invalid("bias \(bias.shape) does not match \(w.shape[0]) outputs")
    }
    var outShape = [x.shape[0], w.shape[0]]
    for axis in 0..<rank {
      let extent = (kernel[axis] - 1) * dilations[axis] + 1
      let padded = spatial[axis] + begin[axis] + end[axis]
      guard padded >= extent else {
        throw context.invalid("the kernel is larger than the padded input \(x.shape)")
      }
      outShape.append((padded - extent) / strides[axis] + 1)
    }
    try context.checkSize(outShape)
    let plan = ConvPlan(
      input: x.shape, weight: w.shape, output: outShape, strides: strides, dilations: dilations,
      padBegin: begin, padEnd: end, groups: groups)
    do {
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
