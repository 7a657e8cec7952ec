import ArtifactDetection

/// The probe's findings for one model and input.
public struct ProbeReport: Sendable, Equatable {
  /// One measured node output.
  public struct Node: Sendable, Equatable {
    /// Position in topological order.
    public var index: Int
    /// `ModelNode.displayName`.
    public var name: String
    /// The operator.
    public var op: String
    /// The PyTorch module path the node came from (`PyTorchOrigin`), when the file says.
    public var module: String? = nil
    /// The output tensor's name.
    public var output: String
    /// The output's shape.
    public var shape: [Int]
    /// The lattice the upstream upsampling layers create, per spatial axis.
    public var lattice: [Int]
    /// The measurement.
    public var measure: PeriodicMeasure
    /// The phase-mean tile of the strongest channel (kept for `--heatmaps` when significant).
    public var tile: PhaseMeanTile?
  }

  /// Where the pattern first appears and which layer made it.
  public struct Origin: Sendable, Equatable {
    /// The first node (topological order) with a significant pattern.
    public var node: String
    /// Its operator.
    public var op: String
    /// The nearest upsampling layer at or upstream of it (nil when none).
    public var layer: String?
    /// That layer's operator.
    public var layerOp: String?
    /// The PyTorch module paths of the node and of the layer, when the file says.
    public var module: String? = nil
    public var layerModule: String? = nil
  }

  /// The memory the run's tensors held (`Interpreter.memoryPlan`, `RunStatistics`).
  public struct Memory: Sendable, Equatable {
    /// The peak predicted before the run from shapes and tensor lifetimes.
    public var predictedPeakBytes = 0
    /// False when some shapes were unknown before the run: the prediction is then a lower bound.
    public var predictionIsComplete = true
    /// The peak the run measured (the same accounting: live tensors, not scratch buffers).
    public var measuredPeakBytes = 0
  }

  public var model: String
  /// `constant`, `noise` or the file.
  public var input: String
  public var inputShape: [Int]
  /// Every node output with spatial axes that the trace could follow, in topological order.
  public var nodes: [Node]
  public var origin: Origin?
  /// The graph output's measurement.
  public var output: Node
  /// The predicted and measured peak memory of the run's tensors.
  public var memory = Memory()
  /// How the input size was chosen when the model left it open (nil when it was given or fixed).
  public var inputChoice: String?

  /// The share of the output's samples the border reaches (0 to 1; 1 when it has no interior).
  public var borderReach: Double {
    PeriodicMeasure.borderReach(extents: Array(output.shape.dropFirst(2)), interior: output.measure.interior)
  }

  /// `artifacts` when the output's pattern is significant, `clean` otherwise.
  public var verdict: String { output.measure.significant ? "artifacts" : "clean" }
}
