import Dispatch
import ModelIO
import TransposedConv

/// `BatchNormalization` in inference mode: `y = (x − mean) / √(var + ε) · scale + B` per channel.
struct BatchNormOperator: RuntimeOperator {
  static let attributes: Set<String> = ["epsilon", "momentum", "training_mode", "spatial"]
  let epsilon: Float
  let momentum: Float
  let training: Bool

  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {
    epsilon = try context.float("epsilon") ?? 1e-5
    momentum = try context.float("momentum") ?? 0.9
    training = try context.int("training_mode") ?? 0 != 0
    if try context.int("spatial") ?? 1 != 1 { throw context.unsupported("spatial = 0 is not supported") }
    if !training && node.outputs.dropFirst().contains(where: { !$0.isEmpty }) {
      throw context.unsupported("the running-statistics outputs need training_mode = 1")
    }
  }

  func outputShapes(_ inputs: [ShapeFact], context: NodeContext) throws(RuntimeError) -> [[Int]?]? {
    guard let shape = inputs.first?.shape else { return nil }
    let channels = shape.count >= 2 ? [shape[1]] : nil
    return [shape, channels, channels]
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
    var mean = params[2].data
    var variance = params[3].data
    if training {
      // Batch statistics (biased variance), as ONNX's training mode defines them.
      let n = Double(Swift.max(1, x.shape[0] * inner))
      for c in 0..<channels {
        var sum = 0.0
        var sq = 0.0
        for b in 0..<x.shape[0] {
          let base = (b * channels + c) * inner
          for i in 0..<inner { sum += Double(x.data[base + i]) }
        }
        let m = sum / n
        for b in 0..<x.shape[0] {
          let base = (b * channels + c) * inner
          for i in 0..<inner { sq += (Double(x.data[base + i]) - m) * (Double(x.data[base + i]) - m) }
        }
        mean[c] = Float(m)
        variance[c] = Float(sq / n)
      }
    }
    for c in 0..<channels {
      let inv = 1 / (variance[c] + epsilon).squareRoot()
      let a = params[0].data[c] * inv
      let b = params[1].data[c] - mean[c] * a
      for n in 0..<x.shape[0] {
        let base = (n * channels + c) * inner
        for i in 0..<inner { out[base + i] = x.data[base + i] * a + b }
      }
    }
    if training {
      let running = (0..<channels).map { params[2].data[$0] * momentum + mean[$0] * (1 - momentum) }
      let runningVar = (0..<channels).map { params[3].data[$0] * momentum + variance[$0] * (1 - momentum) }
      return [
        .float(Tensor(shape: x.shape, data: out)), .float(Tensor(shape: [channels], data: running)),
        .float(Tensor(shape: [channels], data: runningVar)),
      ]
    }
    return [.float(Tensor(shape: x.shape, data: out))]
  }
}

/// `InstanceNormalization`: per (n, c), `y = (x − μ) / √(σ² + ε) · scale[c] + B[c]`, statistics over
/// the spatial axes (biased variance) by `PlaneMoments` (float lanes per block, merged in Double).
/// Planes are spread over every core, each computed in one fixed order; a data input the
/// interpreter hands over is normalised in place.
struct InstanceNormOperator: RuntimeOperator {
  static let attributes: Set<String> = ["epsilon"]
  let epsilon: Double
  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {
    epsilon = Double(try context.float("epsilon") ?? 1e-5)
  }

  func outputShapes(_ inputs: [ShapeFact], context: NodeContext) throws(RuntimeError) -> [[Int]?]? {
    inputs.first?.shape.map { [$0] }
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    var list = inputs
    return try run(taking: &list, context: context)
  }

  func run(taking inputs: inout [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue]
  {
    let shape = try context.value(inputs, 0).shape
    let scale = try context.floatInput(inputs, 1)
    let bias = try context.floatInput(inputs, 2)
    guard shape.count >= 3, scale.count == shape[1], bias.count == shape[1] else {
      throw context.invalid("input \(shape) with scale \(scale.shape) and B \(bias.shape) do not fit")
    }
    let planes = shape[0] * shape[1]
    let inner = shape[2...].reduce(1, *)
    let plan = PlaneNormalisation(
      channels: shape[1], inner: inner, scales: scale.data, biases: bias.data, epsilon: epsilon)
    if var x = context.takeFloat(&inputs, 0) {
      x.withElements { buffer in
        guard let base = buffer.baseAddress else { return }
        plan.run(UnsafePointer(base), base, planes: planes)
      }
      return [.float(x)]
    }
    let x = try context.floatInput(inputs, 0)
    let data = [Float](unsafeUninitializedCapacity: x.count) { buffer, initialized in
      x.data.withUnsafeBufferPointer { source in
        guard let src = source.baseAddress, let dst = buffer.baseAddress else { return }
        plan.run(src, dst, planes: planes)
      }
      initialized = x.count
    }
    return [.float(Tensor(shape: x.shape, data: data))]
  }
}

/// One normalisation over planes of `inner` elements: plane p is channel p mod `channels`, scaled
/// by `scales` and shifted by `biases` at that channel after its own mean and variance are taken
/// out (`InstanceNormalization`).
struct PlaneNormalisation: Sendable {
  let channels: Int
  let inner: Int
  let scales: [Float]
  let biases: [Float]
  let epsilon: Double

  /// Normalises `planes` planes from `source` into `destination` (which may be `source`), planes
  /// spread over every core.
  func run(_ source: UnsafePointer<Float>, _ destination: UnsafeMutablePointer<Float>, planes: Int) {
    guard inner > 0 else { return }
    let buffers = LoopBuffers(destination, source, source)
    ParallelRows.forEach(rows: planes, length: inner) { rows in
      for plane in rows {
        let at = plane * inner
        let (mean, variance) = PlaneMoments.moments(buffers.first + at, inner)
        let c = plane % channels
        let a = Float(Double(scales[c]) / (variance + epsilon).squareRoot())
        PlaneMoments.normalise(
          buffers.first + at, buffers.destination + at, inner, mean: mean, scale: a, shift: biases[c])
      }
    }
  }
}

/// `MaxPool` and `AveragePool` with kernel, strides, pads/auto_pad, dilations, `ceil_mode`,
/// `count_include_pad`, and MaxPool's `Indices` output in either `storage_order`.
struct PoolOperator: RuntimeOperator {
  static let attributes: Set<String> = [
    "auto_pad", "ceil_mode", "count_include_pad", "dilations", "kernel_shape", "pads", "storage_order",
    "strides",
  ]
  let window: WindowAttributes
  let isMax: Bool
  let ceilMode: Bool
  let includePad: Bool
  let columnMajor: Bool

  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {
    window = try WindowAttributes(context: context)
    isMax = node.opType == OperatorName.maxPool
    guard window.kernel != nil else { throw context.unsupported("kernel_shape is required") }
    ceilMode = try context.int("ceil_mode") ?? 0 != 0
    includePad = try context.int("count_include_pad") ?? 0 != 0
    columnMajor = try context.int("storage_order") ?? 0 != 0
  }

  /// The pooling window's geometry for spatial input extents `spatial`: kernel, strides, dilations,
  /// pads and output extents (checked arithmetic; with `ceil_mode`, a last window that would start in
  /// the end padding is dropped, as ONNX Runtime and PyTorch do).
  func geometry(_ spatial: [Int], context: NodeContext) throws(RuntimeError)
    -> (kernel: [Int], strides: [Int], dilations: [Int], begin: [Int], end: [Int], output: [Int])
  {
    let rank = spatial.count
    let kernel = try window.perAxis(window.kernel, "kernel_shape", rank: rank, fallback: 1, context: context)
    let strides = try window.perAxis(window.strides, "strides", rank: rank, fallback: 1, context: context)
    let dilations = try window.perAxis(
      window.dilations, "dilations", rank: rank, fallback: 1, context: context)
    let (begin, end) = try window.forwardPads(
      input: spatial, kernel: kernel, strides: strides, dilations: dilations, context: context)
    var output: [Int] = []
    for axis in 0..<rank {
      let extent = try context.multiplyAdd(kernel[axis] - 1, dilations[axis], 1, "the dilated kernel")
      let padded = try context.add(
        try context.add(spatial[axis], begin[axis], "the padded input"), end[axis], "the padded input")
      let span = padded - extent
      guard span >= 0 else { throw context.invalid("the window is larger than the padded input \(spatial)") }
      var out =
        (ceilMode ? span / strides[axis] + (span % strides[axis] == 0 ? 0 : 1) : span / strides[axis]) + 1
      // The last window must start inside the input or its begin padding: ceil((input + begin) / stride).
      let reach = spatial[axis] + begin[axis]
      if ceilMode && (out - 1) >= reach / strides[axis] + (reach % strides[axis] == 0 ? 0 : 1) {
        out -= 1
      }
      output.append(out)
    }
    return (kernel, strides, dilations, begin, end, output)
  }

  func outputShapes(_ inputs: [ShapeFact], context: NodeContext) throws(RuntimeError) -> [[Int]?]? {
    guard let shape = inputs.first?.shape else { return nil }
    guard shape.count >= 3, shape.count <= 5 else {
      throw context.invalid("input \(shape) is not 1D, 2D or 3D")
    }
    let out = Array(shape[..<2]) + (try geometry(Array(shape[2...]), context: context)).output
    return [out, out]
  }

  func run(_ inputs: [RuntimeValue?], context: NodeContext) throws(RuntimeError) -> [RuntimeValue] {
    let x = try context.floatInput(inputs, 0)
    let rank = x.rank - 2
    guard rank >= 1, rank <= 3 else { throw context.invalid("input \(x.shape) is not 1D, 2D or 3D") }
    let g = try geometry(Array(x.shape[2...]), context: context)
    let outShape = Array(x.shape[..<2]) + g.output
    try context.checkSize(outShape)
    let wantsIndices = context.node.outputs.count > 1 && !context.node.outputs[1].isEmpty
    var indices = [Int64](repeating: 0, count: wantsIndices ? outShape.reduce(1, *) : 0)
    let y = indices.withUnsafeMutableBufferPointer { buffer in
      WindowPool.pool(
        x, output: outShape, kernel: g.kernel, strides: g.strides, dilations: g.dilations, padBegin: g.begin,
        padEnd: g.end, max: isMax, includePad: includePad, indices: wantsIndices ? buffer : nil,
        columnMajor: columnMajor)
    }
    if wantsIndices { return [.float(y), .int(IntTensor(shape: outShape, data: indices))] }
    return [.float(y)]
  }
}

/// `GlobalAveragePool` and `GlobalMaxPool` over every spatial axis.
struct GlobalPoolOperator: RuntimeOperator {
  static let attributes: Set<String> = []
  let isMax: Bool
  init(node: ModelNode, context: NodeContext) throws(RuntimeError) {
    isMax = node.opType == OperatorName.globalMaxPool
  }

  func outputShapes(_ inputs: [ShapeFact], context: NodeContext) throws(RuntimeError) -> [[Int]?]? {
    guard let shape = inputs.first?.shape, shape.count >= 3 else { return nil }
    return [Array(shape[..<2]) + [Int](repeating: 1, count: shape.count - 2)]
  }

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
