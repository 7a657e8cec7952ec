import ModelIO
import ModelRuntime
import OverlapAnalysis
import TransposedConv

/// Audits a model graph: lists every node that changes the sampling lattice, with parameters,
/// overlap counts, learned-weight phase energy, verdict and remedy.
public enum ModelAuditor {
  /// The default PEF threshold.
  public static let defaultThreshold = 0.01

  /// Audits `graph` (apply `--input-shape` with `ModelGraph.withInputShape` first).
  ///
  /// Listed, in topological order: `ConvTranspose`, `Resize`, `Upsample`, `DepthToSpace`, and `Conv`
  /// with a stride above 1. Weights are the node's constant weight input, seen through `Cast` and
  /// `Identity` nodes. `trustDeclaredShapes` admits the file's `value_info` shapes where propagation
  /// stops (right only when the input shape is the declared one).
  public static func audit(
    graph: ModelGraph, threshold: Double = defaultThreshold, trustDeclaredShapes: Bool = true
  )
    throws(ModelAuditError) -> AuditReport
  {
    // Shape subgraphs (Shape → Gather → Mul → Concat → Resize sizes) are constants once the input
    // shape is fixed: fold them so those layers are audited (`ConstantFolding`).
    let graph = ConstantFolding.fold(graph, trustDeclared: trustDeclaredShapes)
    let shapes = ShapeInference(graph: graph, trustDeclared: trustDeclaredShapes)
    var layers: [LayerAudit] = []
    for node in graph.nodes where node.domain.isEmpty {
      let context = NodeContext(graph: graph, node: node, shapes: shapes, threshold: threshold)
      guard var layer = try context.audit() else { continue }
      layer.origin = PyTorchOrigin(node: node).map { origin in
        var origin = origin
        if origin.className == nil { origin.className = layer.defaultModuleClass }
        return origin
      }
      layers.append(layer)
    }
    return AuditReport(
      model: graph.path, inputShape: graph.fixedInputShape, threshold: threshold, layers: layers)
  }
}

/// One node being audited, with what it needs from the graph.
struct NodeContext {
  let graph: ModelGraph
  let node: ModelNode
  let shapes: ShapeInference
  let threshold: Double

  var path: String { graph.path }

  func fail(_ reason: String) -> ModelAuditError {
    .unsupportedLayer(path: path, node: node.displayName, reason: reason)
  }

  /// The constant behind `value`, following `Cast` and `Identity` nodes.
  func constant(_ value: String?) -> ModelTensor? {
    var name = value
    for _ in 0..<16 {
      guard let current = name else { return nil }
      if let tensor = graph.constant(current) { return tensor }
      guard let producer = graph.producerIndex(of: current),
        OperatorRegistry.passesValuesThrough(graph.nodes[producer])
      else { return nil }
      name = graph.nodes[producer].input(0)
    }
    return nil
  }

  func audit() throws(ModelAuditError) -> LayerAudit? {
    switch OperatorRegistry.role(of: node) {
    case .window(let transposed): return try convolution(transposed: transposed)
    case .resampling(interpolating: true): return try resize()
    case .resampling(interpolating: false): return try depthToSpace()
    default: return nil
    }
  }

  func counts(_ layer: LayerConfig, gradient: Bool = false) throws(ModelAuditError) -> OverlapCounts {
    do {
      return try OverlapCounts(layer: layer, gradient: gradient)
    } catch {
      throw .overlap(path: path, node: node.displayName, error: error)
    }
  }

  func convolution(transposed: Bool) throws(ModelAuditError) -> LayerAudit? {
    if !transposed {
      let strides = (try? node.ints("strides", path: path)) ?? nil
      guard let strides, strides.contains(where: { $0 != 1 }) else { return nil }
    }
    let weight = constant(node.input(1))
    let inputShape = shapes.shape(node.input(0))
    let parameters = try ConvolutionParameters.resolve(
      node, weightShape: weight?.shape, inputSpatial: inputShape.map { Array($0.dropFirst(2)) },
      transposed: transposed, path: path)
    if !transposed && parameters.stride.allSatisfy({ $0 == 1 }) { return nil }
    let op: LayerAudit.Operator = transposed ? .convTranspose : .conv
    let counts = try counts(parameters.layerConfig, gradient: !transposed)
    var weights: WeightAnalysis?
    if transposed, let weight {
      guard let values = weight.doubleValues else {
        throw fail("its weight '\(weight.name)' has type \(weight.dataType), which is not a number type")
      }
      guard values.allSatisfy(\.isFinite) else {
        throw fail("its weight '\(weight.name)' holds NaN or infinity")
      }
      let phases = parameters.stride.reduce(1, *)
      guard Array(weight.shape.dropFirst(2)) == parameters.kernel else {
        throw fail("kernel_shape \(parameters.kernel) disagrees with its weight's shape \(weight.shape)")
      }
      guard Double(weight.shape[1]) * Double(parameters.groups) * Double(phases) <= Double(1 << 28) else {
        throw fail(
          "has too many output channels × phases to analyse (\(weight.shape[1] * parameters.groups) × \(phases))"
        )
      }
      guard weight.shape[0] % parameters.groups == 0, weight.shape[1] >= 1 else {
        throw fail("its weight shape \(weight.shape) does not fit group \(parameters.groups)")
      }
      let gains = PhaseEnergy.convTransposeGains(
        weight: values, shape: weight.shape, stride: parameters.stride, dilation: parameters.dilation,
        groups: parameters.groups)
      weights = WeightAnalysis(gains: gains, tileShape: parameters.stride, threshold: threshold)
    }
    var layer = LayerAudit(
      node: node.displayName, op: op, dims: parameters.dims, convolution: parameters, inputShape: inputShape,
      outputShape: shapes.shape(node.outputs.first), counts: counts, weights: weights)
    layer.verdict = LayerAudit.verdict(op: op, counts: counts, weights: weights, threshold: threshold)
    layer.remedy = layer.verdict == .artifacts ? RemedyAdvice.text(for: layer) : nil
    return layer
  }

  func resize() throws(ModelAuditError) -> LayerAudit? {
    let op = LayerAudit.Operator(rawValue: node.opType) ?? .resize
    let inputShape = shapes.shape(node.input(0))
    let mode: String
    do {
      mode = try node.string("mode", path: path) ?? "nearest"
    } catch {
      throw .model(error)
    }
    guard let all = ResizeScales.scales(node, graph: graph, inputShape: inputShape), all.count >= 3 else {
      throw fail("its scales or sizes are not constants of rank 3 or more; give --input-shape for sizes")
    }
    let scale = Array(all.dropFirst(2))
    guard scale.allSatisfy({ $0.isFinite && $0 > 0 && $0 <= 65536 }) else {
      throw fail("has scale factors \(scale) out of range")
    }
    var counts: OverlapCounts?
    let support = ["nearest": 1, "linear": 2, "bilinear": 2, "cubic": 4][mode]
    if let support, scale.allSatisfy({ $0 == $0.rounded() }) {
      let factor = scale.map { Int($0) }
      counts = try self.counts(
        LayerConfig(kernel: factor.map { $0 * support }, axes: factor.map { AxisParameters(stride: $0) }))
    }
    var layer = LayerAudit(
      node: node.displayName, op: op, dims: scale.count, resize: .init(mode: mode, scale: scale),
      inputShape: inputShape, outputShape: shapes.shape(node.outputs.first), counts: counts)
    layer.verdict = LayerAudit.verdict(op: op, counts: counts, weights: nil, threshold: threshold)
    return layer
  }

  func depthToSpace() throws(ModelAuditError) -> LayerAudit? {
    let blocksize: Int
    let mode: String
    do {
      blocksize = try node.int("blocksize", path: path) ?? 0
      mode = try node.string("mode", path: path) ?? "DCR"
    } catch {
      throw .model(error)
    }
    guard (1...4096).contains(blocksize) else { throw fail("needs a blocksize between 1 and 4096") }
    guard mode == "DCR" || mode == "CRD" else { throw fail("mode '\(mode)' is neither DCR nor CRD") }
    let counts = try counts(
      LayerConfig(
        kernel: [blocksize, blocksize],
        axes: [AxisParameters(stride: blocksize), AxisParameters(stride: blocksize)]))
    var weights: WeightAnalysis?
    if let source = node.input(0), let producer = graph.producerIndex(of: source),
      OperatorRegistry.role(of: graph.nodes[producer]) == .window(transposed: false),
      let convWeight = constant(graph.nodes[producer].input(1)), let values = convWeight.doubleValues,
      convWeight.shape.count >= 3, convWeight.shape[0] % (blocksize * blocksize) == 0,
      convWeight.shape[0] > 0,
      values.allSatisfy(\.isFinite)
    {
      let gains = PhaseEnergy.depthToSpaceGains(
        convWeight: values, shape: convWeight.shape, blocksize: blocksize, crd: mode == "CRD")
      weights = WeightAnalysis(gains: gains, tileShape: [blocksize, blocksize], threshold: threshold)
    }
    var layer = LayerAudit(
      node: node.displayName, op: .depthToSpace, dims: 2,
      depthToSpace: .init(blocksize: blocksize, mode: mode),
      inputShape: shapes.shape(node.input(0)), outputShape: shapes.shape(node.outputs.first), counts: counts,
      weights: weights)
    layer.verdict = LayerAudit.verdict(
      op: .depthToSpace, counts: counts, weights: weights, threshold: threshold)
    layer.remedy = layer.verdict == .artifacts ? RemedyAdvice.text(for: layer) : nil
    return layer
  }
}
