import CheckerscopeCore

extension AuditReport {
  /// A plain-text report: one block per layer, then the model's verdict.
  public var text: String {
    var lines = ["model: \(model)", "input shape: \(inputShape.map(Self.shapeText) ?? "unknown")", ""]
    if layers.isEmpty { lines.append("no layer changes the sampling lattice") }
    for layer in layers {
      lines.append("\(layer.node)  [\(layer.op.rawValue)]  \(layer.verdict.rawValue)")
      if let module = layer.moduleDescription { lines.append("  module: \(module)") }
      lines.append("  parameters: \(layer.parameterSummary)")
      lines.append(
        "  shapes: \(layer.inputShape.map(Self.shapeText) ?? "?") → \(layer.outputShape.map(Self.shapeText) ?? "?")"
      )
      lines.append("  overlap: \(layer.countSummary)")
      lines.append("  weights: \(layer.weightSummary(threshold: threshold))")
      if let remedy = layer.remedy {
        lines.append("  remedy: " + remedy.replacingOccurrences(of: "\n", with: "\n    "))
      }
      lines.append("")
    }
    let firstModule = layers.first { $0.verdict == .artifacts }?.origin.map { ", module \($0.module)" } ?? ""
    let first = firstArtifactLayer.map { " (first: \($0)\(firstModule))" } ?? ""
    lines.append("verdict: \(verdict.rawValue)\(first)")
    return lines.joined(separator: "\n") + "\n"
  }

  /// `1x3x256x256`.
  static func shapeText(_ shape: [Int]) -> String { shape.map(String.init).joined(separator: "x") }
}

extension LayerAudit {
  /// The parameters in PyTorch's words: `k=3 s=2 pads=1/1 op=1 d=1 groups=1`, `mode=nearest scale=2`, `r=3 CRD`.
  public var parameterSummary: String {
    if let p = convolution {
      let channels = p.inChannels.flatMap { i in p.outChannels.map { "\(i)→\($0) " } } ?? ""
      return
        "\(channels)k=\(Self.axes(p.kernel)) s=\(Self.axes(p.stride)) pads=\(Self.axes(p.padsBegin))/\(Self.axes(p.padsEnd)) op=\(Self.axes(p.outputPadding)) d=\(Self.axes(p.dilation)) groups=\(p.groups)"
    }
    if let resize {
      return
        "mode=\(resize.mode) scale=\(resize.scale.map { NumberFormat.trimmed($0, 4) }.joined(separator: "x"))"
    }
    if let depthToSpace { return "blocksize=\(depthToSpace.blocksize) mode=\(depthToSpace.mode)" }
    return ""
  }

  /// `period 2x2, uneven, max/min 4` or `not defined`.
  public var countSummary: String {
    guard let counts else { return "not defined (non-integer scale)" }
    let shape = Self.axes(counts.period)
    if counts.holes { return "period \(shape), holes (some phases get no tap)" }
    if counts.uniform { return "period \(shape), even" }
    let ratio = counts.maxMinRatio.map { NumberFormat.trimmed($0, 3) } ?? "∞"
    return "period \(shape), uneven, max/min \(ratio)"
  }

  /// `PEF max 0.42 (channel 3), median 0.1, 5/8 channels above 0.01` or `none (no constant weights)`.
  public func weightSummary(threshold: Double) -> String {
    guard let weights else {
      return op == .conv || op == .resize || op == .upsample ? "not analysed" : "none (no constant weights)"
    }
    return
      "PEF max \(NumberFormat.trimmed(weights.pefMax, 4)) (channel \(weights.worstChannel)), median \(NumberFormat.trimmed(weights.pefMedian, 4)), \(weights.unevenChannels)/\(weights.outputChannels) channels above \(NumberFormat.trimmed(threshold, 4))"
  }

  static func axes(_ values: [Int]) -> String { values.map(String.init).joined(separator: "x") }
}
