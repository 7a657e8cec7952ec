import Dispatch
import ModelIO
import TransposedConv

/// `BatchNormalization` in inference mode: `y = (x − mean) / √(var + ε) · scale + B` per channel.
struct BatchNormOperator: RuntimeOperator {
  static let attributes: Set<String> = ["epsilon", "momentum", "training_mode", "spatial"]
  let epsilon: Float

  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {
    epsilon = try context.float("epsilon") ?? 1e-5
    if try context.int("training_mode") ?? 0 != 0 {
      throw context.unsupported("training_mode = 1 is not supported")
    }
    if try context.int("spatial") ?? 1 != 1 { throw context.unsupported("spatial = 0 is not supported") }
    if node.outputs.dropFirst().contains(where: { !$0.isEmpty }) {
      throw context.unsupported("the running-statistics outputs (training) are not supported")
    }
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let x = try context.floatInput(inputs, 0)
    let params = try (1...4).map { (i: Int) throws(RuntimeError) -> Tensor in
      try context.floatInput(inputs, i)
    }
    guard x.rank >= 2, params.allSatisfy({ $0.count == x.shape[1] }) else {
      throw context.invalid("scale, B, mean and var must hold \(x.rank >= 2 ? x.shape[1] : 0) values each")
    }
    let channels = x.shape[1]
    let inner = x.shape[2...].reduce(1, *)
    var out = x.data
    for c in 0..<channels {
      let inv = 1 / (params[3].data[c] + epsilon).squareRoot()
      let a = params[0].data[c] * inv
      let b = params[1].data[c] - params[2].data[c] * a
      for n in 0..<x.shape[0] {
        let base = (n * channels + c) * inner
        for i in 0..<inner { out[base + i] = x.data[base + i] * a + b }
      }
    }
    return [.float(Tensor(shape: x.shape, data: out))]
  }
}

/// `InstanceNormalization`: per (n, c), `y = (x − μ) / √(σ² + ε) · scale[c] + B[c]`, statistics over
/// the spatial axes (biased variance), accumulated in Double.
struct InstanceNormOperator: RuntimeOperator {
  static let attributes: Set<String> = ["epsilon"]
  let epsilon: Double
  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {
    epsilon = Double(try context.float("epsilon") ?? 1e-5)
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let x = try context.floatInput(inputs, 0)
    let scale = try context.floatInput(inputs, 1)
    let bias = try context.floatInput(inputs, 2)
    guard x.rank >= 3, scale.count == x.shape[1], bias.count == x.shape[1] else {
      throw context.invalid("input \(x.shape) with scale \(scale.shape) and B \(bias.shape) do not fit")
    }
    let channels = x.shape[1]
    let inner = x.shape[2...].reduce(1, *)
    var out = [Float](repeating: 0, count: x.count)
    let planes = x.shape[0] * channels
    // One (n, c) plane per task, each summed in the same order whatever the thread count.
    out.withUnsafeMutableBufferPointer { dstBuffer in
      x.data.withUnsafeBufferPointer { srcBuffer in
        guard let dstBase = dstBuffer.baseAddress, let srcBase = srcBuffer.baseAddress, inner > 0 else {
          return
        }
        let planePointers = PlanePointers(source: srcBase, destination: dstBase)
        let (scales, biases, epsilon) = (scale.data, bias.data, epsilon)
        let work: @Sendable (Int) -> Void = { plane in
          let (src, dst) = (planePointers.source, planePointers.destination)
          let c = plane % channels
          let base = plane * inner
          var sum = 0.0
          for i in 0..<inner { sum += Double(src[base + i]) }
          let mean = sum / Double(inner)
          var sq = 0.0
          for i in 0..<inner {
            let d = Double(src[base + i]) - mean
            sq += d * d
          }
          let a = Float(Double(scales[c]) / (sq / Double(inner) + epsilon).squareRoot())
          let m = Float(mean)
          let b = biases[c]
          for i in 0..<inner { dst[base + i] = (src[base + i] - m) * a + b }
        }
        if planes > 1 && x.count >= 1 << 16 {
          DispatchQueue.concurrentPerform(iterations: planes, execute: work)
        } else {
          for plane in 0..<planes { work(plane) }
        }
      }
    }
    return [.float(Tensor(shape: x.shape, data: out))]
  }
}

/// The input and output of a normalisation, shared by the tasks that each write their own planes.
struct PlanePointers: @unchecked Sendable {
  let source: UnsafePointer<Float>
  let destination: UnsafeMutablePointer<Float>
}

/// `MaxPool` and `AveragePool` with kernel, strides, pads/auto_pad, dilations, `ceil_mode` and
/// `count_include_pad`; the indices output of MaxPool is refused.
struct PoolOperator: RuntimeOperator {
  static let attributes: Set<String> = [
    "auto_pad", "ceil_mode", "count_include_pad", "dilations", "kernel_shape", "pads", "storage_order",
    "strides",
  ]
  let window: WindowAttributes
  let isMax: Bool
  let ceilMode: Bool
  let includePad: Bool

  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {
    window = try WindowAttributes(context: context)
    isMax = node.opType == "MaxPool"
    guard window.kernel != nil else { throw context.unsupported("kernel_shape is required") }
    ceilMode = try context.int("ceil_mode") ?? 0 != 0
    includePad = try context.int("count_include_pad") ?? 0 != 0
    if try context.int("storage_order") ?? 0 != 0 {
      throw context.unsupported("storage_order = 1 is not supported")
    }
    if node.outputs.count > 1 && !node.outputs[1].isEmpty {
      throw context.unsupported("the Indices output is not supported")
    }
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let x = try context.floatInput(inputs, 0)
    let rank = x.rank - 2
    guard rank >= 1, rank <= 3 else { throw context.invalid("input \(x.shape) is not 1D, 2D or 3D") }
    let kernel = try window.perAxis(window.kernel, "kernel_shape", rank: rank, fallback: 1, context: context)
    let strides = try window.perAxis(window.strides, "strides", rank: rank, fallback: 1, context: context)
    let dilations = try window.perAxis(
      window.dilations, "dilations", rank: rank, fallback: 1, context: context)
    let spatial = Array(x.shape[2...])
    let (begin, end) = try window.forwardPads(
      input: spatial, kernel: kernel, strides: strides, dilations: dilations, context: context)
    var outShape = Array(x.shape[..<2])
    for axis in 0..<rank {
      let extent = (kernel[axis] - 1) * dilations[axis] + 1
      let span = spatial[axis] + begin[axis] + end[axis] - extent
      guard span >= 0 else { throw context.invalid("the window is larger than the padded input \(x.shape)") }
      var out = (ceilMode ? (span + strides[axis] - 1) / strides[axis] : span / strides[axis]) + 1
      // The last window must start inside the input or the begin padding.
      if ceilMode && (out - 1) * strides[axis] >= spatial[axis] + begin[axis] { out -= 1 }
      outShape.append(out)
    }
    try context.checkSize(outShape)
    return [
      .float(
        ReferenceWindow.pool(
          x, output: outShape, kernel: kernel, strides: strides, dilations: dilations, padBegin: begin,
          padEnd: end,
          max: isMax, includePad: includePad))
    ]
  }
}

/// `GlobalAveragePool` and `GlobalMaxPool` over every spatial axis.
struct GlobalPoolOperator: RuntimeOperator {
  static let attributes: Set<String> = []
  let isMax: Bool
  init(node: ModelNode, context: NodeContext) throws(RuntimeError) { isMax = node.opType == "GlobalMaxPool" }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let x = try context.floatInput(inputs, 0)
    guard x.rank >= 3 else { throw context.invalid("input \(x.shape) has no spatial axes") }
    let planes = x.shape[0] * x.shape[1]
    let inner = x.count / max(1, planes)
    var out = [Float](repeating: 0, count: planes)
    for p in 0..<planes {
      let slice = x.data[(p * inner)..<((p + 1) * inner)]
      if isMax {
        out[p] = slice.max() ?? 0
      } else {
        var sum = 0.0
        for v in slice { sum += Double(v) }
        out[p] = Float(sum / Double(max(1, inner)))
      }
    }
    return [.float(Tensor(shape: Array(x.shape[..<2]) + [Int](repeating: 1, count: x.rank - 2), data: out))]
  }
}
