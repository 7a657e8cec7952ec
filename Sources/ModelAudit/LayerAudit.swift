import ModelIO
import ModelRuntime

/// The audit of one lattice-changing layer.
public struct LayerAudit: Sendable, Equatable {
  /// The operators the audit lists; the raw value is the ONNX name, as the registry spells it
  /// (`OperatorName`).
  public enum Operator: Sendable, Hashable, CaseIterable, RawRepresentable {
    case convTranspose
    case resize
    case upsample
    case depthToSpace
    case conv

    public init?(rawValue: String) {
      guard let op = Self.allCases.first(where: { $0.rawValue == rawValue }) else { return nil }
      self = op
    }

    public var rawValue: String {
      switch self {
      case .convTranspose: OperatorName.convTranspose
      case .resize: OperatorName.resize
      case .upsample: OperatorName.upsample
      case .depthToSpace: OperatorName.depthToSpace
      case .conv: OperatorName.conv
      }
    }
  }

  /// A resize's interpolation mode and per-axis scale factors (spatial axes).
  public struct Resize: Sendable, Equatable {
    public var mode: String
    public var scale: [Double]
    public init(mode: String, scale: [Double]) {
      self.mode = mode
      self.scale = scale
    }
  }

  /// A pixel shuffle's block size and channel order (`DCR` or `CRD`).
  public struct DepthToSpace: Sendable, Equatable {
    public var blocksize: Int
    public var mode: String
    public init(blocksize: Int, mode: String) {
      self.blocksize = blocksize
      self.mode = mode
    }
  }

  /// The node's name, or `op_type + '_' + index` when unnamed (for safetensors layers: the tensor's name).
  public var node: String
  /// The PyTorch module the node came from (`net.4`, its class and source line), when the file says.
  public var origin: PyTorchOrigin?
  /// The operator.
  public var op: Operator
  /// The number of spatial axes.
  public var dims: Int
  /// Convolution parameters (ConvTranspose, Conv).
  public var convolution: ConvolutionParameters?
  /// Resize parameters (Resize, Upsample).
  public var resize: Resize?
  /// Pixel-shuffle parameters (DepthToSpace).
  public var depthToSpace: DepthToSpace?
  /// The layer's input and output shapes, where known.
  public var inputShape: [Int]?
  public var outputShape: [Int]?
  /// The all-ones kernel's interior overlap pattern; nil when not defined (non-integer resize scales).
  public var counts: OverlapCounts?
  /// The learned weights' phase energy; nil when the layer has no constant weights to analyse.
  public var weights: WeightAnalysis?
  /// The verdict.
  public var verdict: AuditVerdict
  /// What to do about it, in PyTorch's vocabulary; nil unless the verdict is `artifacts`.
  public var remedy: String?

  /// Wraps the fields.
  public init(
    node: String, op: Operator, dims: Int, convolution: ConvolutionParameters? = nil, resize: Resize? = nil,
    depthToSpace: DepthToSpace? = nil, inputShape: [Int]? = nil, outputShape: [Int]? = nil,
    counts: OverlapCounts? = nil, weights: WeightAnalysis? = nil, verdict: AuditVerdict = .ok,
    remedy: String? = nil
  ) {
    self.node = node
    self.op = op
    self.dims = dims
    self.convolution = convolution
    self.resize = resize
    self.depthToSpace = depthToSpace
    self.inputShape = inputShape
    self.outputShape = outputShape
    self.counts = counts
    self.weights = weights
    self.verdict = verdict
    self.remedy = remedy
  }

  /// `net.4 (ConvTranspose2d, gen.py:43)  [node_ConvTranspose_3]`-style label part: the module with
  /// its class and source, or nil when the model does not name one.
  public var moduleDescription: String? { origin?.description }

  /// The verdict rule: `artifacts` for holes or a PEF above `threshold` (or, with no weights to
  /// check, uneven overlap of a transposed convolution); `compensated` for uneven overlap with a
  /// flat learned response; `gradient-only` for a strided `Conv` with uneven gradient overlap; `ok`
  /// otherwise.
  static func verdict(op: Operator, counts: OverlapCounts?, weights: WeightAnalysis?, threshold: Double)
    -> AuditVerdict
  {
    let uneven = counts.map { !$0.uniform } ?? false
    let holes = counts?.holes ?? false
    switch op {
    case .conv:
      return uneven || holes ? .gradientOnly : .ok
    case .resize, .upsample:
      return holes ? .artifacts : .ok
    case .convTranspose, .depthToSpace:
      if holes { return .artifacts }
      if let weights {
        if weights.pefMax > threshold { return .artifacts }
        return uneven ? .compensated : .ok
      }
      return uneven ? .artifacts : .ok
    }
  }
}

extension LayerAudit {
  /// The PyTorch class that makes this operator (`ConvTranspose2d`, `Conv2d`, `PixelShuffle`), for
  /// a module the file names without its class; nil for resizes (often `F.interpolate`, no module).
  var defaultModuleClass: String? {
    switch op {
    case .convTranspose: return "ConvTranspose\(dims)d"
    case .conv: return "Conv\(dims)d"
    case .depthToSpace: return "PixelShuffle"
    case .resize, .upsample: return nil
    }
  }
}
