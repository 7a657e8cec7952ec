import CheckerscopeCore
import OverlapAnalysis
import TransposedConv

/// The maps `--heatmaps DIR` draws for a layer: its overlap-count map and its worst channel's gain tile.
public enum AuditHeatmaps {
  /// The all-ones overlap map of a 1D or 2D layer (the gradient map for a strided Conv), over a small
  /// input that shows the borders and a few periods; nil for 3D layers or layers without counts.
  public static func overlapMap(_ layer: LayerAudit) throws(OverlapError) -> OverlapMap? {
    guard layer.dims <= 2 else { return nil }
    let config: LayerConfig
    if let p = layer.convolution {
      config = p.layerConfig
    } else if let resize = layer.resize, layer.counts != nil {
      let factor = resize.scale.map { Int($0) }
      let support = ["nearest": 1, "linear": 2, "bilinear": 2, "cubic": 4][resize.mode] ?? 1
      config = LayerConfig(
        kernel: factor.map { $0 * support }, axes: factor.map { AxisParameters(stride: $0) })
    } else if let shuffle = layer.depthToSpace {
      let r = shuffle.blocksize
      config = LayerConfig(kernel: [r, r], axes: [AxisParameters(stride: r), AxisParameters(stride: r)])
    } else {
      return nil
    }
    let input = (0..<config.dims).map { OverlapCounts.inputLength(config, axis: $0) }
    if layer.op == .conv {
      return try OverlapMap(gradientOf: OverlapCounts.forward(config), inputSize: input)
    }
    return try OverlapMap(layer: config, inputSize: input)
  }

  /// The worst output channel's phase tile repeated over 3 periods per axis, as a gain map; nil
  /// without weights or for 3D layers.
  public static func gainMap(_ layer: LayerAudit) throws(OverlapError) -> OverlapMap? {
    guard let weights = layer.weights, weights.tileShape.count <= 2 else { return nil }
    let shape = weights.tileShape
    let config = LayerConfig(
      kernel: shape, axes: shape.map { AxisParameters(stride: $0) }, weights: weights.worstGains)
    return try OverlapMap(layer: config, inputSize: shape.map { _ in 3 })
  }

  /// The layer as a figure names it: `up (ConvTranspose2d) · node /up/ConvTranspose`, or the node
  /// name alone when the model names no module.
  public static func label(_ layer: LayerAudit) -> String {
    guard let origin = layer.origin else { return "\(layer.node) (\(layer.op.rawValue))" }
    let kind = origin.className.map { " (\($0))" } ?? ""
    return origin.module == layer.node ? origin.module + kind : "\(origin.module)\(kind) · node \(layer.node)"
  }

  /// The layer's real parameters in PyTorch's words: `k=3 s=2 p=1 op=1` (`d=`, `groups=` when not 1;
  /// `pads=1/2` when the two ends differ), `mode=nearest scale=2`, `r=2 DCR`.
  public static func parameterText(_ layer: LayerAudit) -> String {
    func axes(_ values: [Int]) -> String {
      Set(values).count == 1 ? String(values[0]) : values.map(String.init).joined(separator: "x")
    }
    if let p = layer.convolution {
      var parts = ["k=\(axes(p.kernel))", "s=\(axes(p.stride))"]
      parts.append(
        p.padsBegin == p.padsEnd ? "p=\(axes(p.padsBegin))" : "pads=\(axes(p.padsBegin))/\(axes(p.padsEnd))")
      parts.append("op=\(axes(p.outputPadding))")
      if p.dilation.contains(where: { $0 != 1 }) { parts.append("d=\(axes(p.dilation))") }
      if p.groups != 1 { parts.append("groups=\(p.groups)") }
      return parts.joined(separator: " ")
    }
    return layer.parameterSummary
  }

  /// A file-name-safe form of a node name: letters, digits, `-`, `_`, `.` kept, the rest `_`.
  public static func fileStem(_ index: Int, _ node: String) -> String {
    let safe = String(node.map { $0.isLetter || $0.isNumber || "-_.".contains($0) ? $0 : "_" }.prefix(80))
    let number = index + 1 < 10 ? "0\(index + 1)" : String(index + 1)
    return number + "-" + (safe.isEmpty ? "layer" : safe)
  }
}
