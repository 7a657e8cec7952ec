import OverlapAnalysis

/// One configuration of a sweep: its position in the sweep, its layer and its input size.
public struct SweepConfiguration: Sendable, Equatable {
  /// 0-based position in the sweep's configuration order.
  public var index: Int
  /// The all-ones layer (its parameters may break PyTorch's rules; then it is skipped).
  public var layer: LayerConfig
  /// The input size per axis; nil when none can be derived (invalid parameters).
  public var inputSize: [Int]?

  public init(index: Int, layer: LayerConfig, inputSize: [Int]?) {
    self.index = index
    self.layer = layer
    self.inputSize = inputSize
  }

  /// The configuration's identity in documents: the compact JSON of its `layers` array.
  public var key: String {
    SweepDocument.key(ofLayers: .array([layer.json]))
  }
}
