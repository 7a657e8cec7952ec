import ModelIO
import OverlapAnalysis

/// A transposed-convolution layer described on the command line for a safetensors state dict:
/// `dec.0.weight:k=3,s=2,p=1,op=1`.
public struct SafetensorsLayer: Sendable, Hashable {
  /// The weight tensor's name, PyTorch's ConvTranspose layout `(C_in, C_out, k…)`.
  public var tensor: String
  /// The layer spec after the colon (keys `k s p pb pe d op`, see `LayerConfig(parsing:dims:)`).
  public var spec: String

  /// Parses `TENSOR:SPEC`, splitting at the last colon.
  public init(parsing text: String) throws(ModelAuditError) {
    guard let colon = text.lastIndex(of: ":"), colon != text.startIndex else {
      throw .layerSpec(spec: text, reason: "it names no tensor before ':'")
    }
    tensor = String(text[..<colon])
    spec = String(text[text.index(after: colon)...])
    guard !spec.isEmpty else { throw .layerSpec(spec: text, reason: "no parameters after ':'") }
  }
}

extension ModelAuditor {
  /// Audits the transposed-convolution layers `layers` of a safetensors file, in the order given.
  ///
  /// Each weight must have rank 3 or 4 (1D or 2D); its kernel size must match the spec's `k`.
  /// Shapes are unknown (the file has no graph); everything else is as for an ONNX `ConvTranspose`.
  public static func audit(
    safetensors file: SafetensorsFile, layers: [SafetensorsLayer], threshold: Double = defaultThreshold
  ) throws(ModelAuditError) -> AuditReport {
    var audits: [LayerAudit] = []
    for layer in layers {
      let text = "\(layer.tensor):\(layer.spec)"
      let tensor: ModelTensor
      do { tensor = try file.tensor(named: layer.tensor) } catch { throw .model(error) }
      guard (3...4).contains(tensor.shape.count), let values = tensor.doubleValues,
        values.allSatisfy(\.isFinite)
      else {
        throw .layerSpec(
          spec: text,
          reason:
            "tensor '\(layer.tensor)' of shape \(tensor.shape) (\(tensor.dataType)) is not a finite 1D or 2D ConvTranspose weight (C_in, C_out, k…)"
        )
      }
      let dims = tensor.shape.count - 2
      let config: LayerConfig
      do { config = try LayerConfig(parsing: layer.spec, dims: dims) } catch {
        throw .layerSpec(spec: text, reason: error.description)
      }
      guard config.kernel == Array(tensor.shape.dropFirst(2)) else {
        throw .layerSpec(
          spec: text,
          reason: "k=\(config.kernel) but the weight's kernel is \(Array(tensor.shape.dropFirst(2)))")
      }
      let parameters = ConvolutionParameters(
        kernel: config.kernel, stride: config.axes.map(\.stride), padsBegin: config.axes.map(\.paddingBegin),
        padsEnd: config.axes.map(\.paddingEnd), outputPadding: config.axes.map(\.outputPadding),
        dilation: config.axes.map(\.dilation), groups: 1, inChannels: tensor.shape[0],
        outChannels: tensor.shape[1])
      let counts: OverlapCounts
      do { counts = try OverlapCounts(layer: config) } catch {
        throw .overlap(path: file.path, node: layer.tensor, error: error)
      }
      let gains = PhaseEnergy.convTransposeGains(
        weight: values, shape: tensor.shape, stride: parameters.stride, dilation: parameters.dilation,
        groups: 1)
      let weights = WeightAnalysis(gains: gains, tileShape: parameters.stride, threshold: threshold)
      var audit = LayerAudit(
        node: layer.tensor, op: .convTranspose, dims: dims, convolution: parameters, counts: counts,
        weights: weights)
      audit.origin = PyTorchOrigin(parameter: layer.tensor).map { origin in
        var origin = origin
        origin.className = audit.defaultModuleClass
        return origin
      }
      audit.verdict = LayerAudit.verdict(
        op: .convTranspose, counts: counts, weights: weights, threshold: threshold)
      audit.remedy = audit.verdict == .artifacts ? RemedyAdvice.text(for: audit) : nil
      audits.append(audit)
    }
    return AuditReport(model: file.path, inputShape: nil, threshold: threshold, layers: audits)
  }
}
