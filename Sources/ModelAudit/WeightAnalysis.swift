/// The phase energy fractions of a layer's output channels, summarised.
public struct WeightAnalysis: Sendable, Equatable {
  /// The number of output channels.
  public var outputChannels: Int { pef.count }
  /// `PEF_o` per output channel.
  public var pef: [Double]
  /// The largest PEF.
  public var pefMax: Double
  /// The median PEF (the mean of the two middle values for an even count).
  public var pefMedian: Double
  /// The first channel with the largest PEF.
  public var worstChannel: Int
  /// Channels whose PEF is above the threshold.
  public var unevenChannels: Int
  /// The worst channel's phase tile, row-major over `tileShape`.
  public var worstGains: [Double]
  /// Every output channel's phase tile (the response to a flat input at each output phase),
  /// row-major over `tileShape`; what a model baseline records (`ModelBaseline`).
  public var gains: [[Double]]
  /// The tile's shape (the stride, or `[r, r]` for DepthToSpace).
  public var tileShape: [Int]

  /// Summarises per-channel phase tiles. Precondition: at least one channel.
  public init(gains: [[Double]], tileShape: [Int], threshold: Double) {
    precondition(!gains.isEmpty, "a layer has at least one output channel")
    pef = gains.map(PhaseEnergy.fraction)
    var worst = 0
    for (index, value) in pef.enumerated() where value > pef[worst] { worst = index }
    worstChannel = worst
    pefMax = pef[worst]
    let sorted = pef.sorted()
    let middle = sorted.count / 2
    pefMedian = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    unevenChannels = pef.filter { $0 > threshold }.count
    worstGains = gains[worst]
    self.gains = gains
    self.tileShape = tileShape
  }
}
