import OverlapAnalysis
import TransposedConv

/// The parameters of a kernel/stride grid sweep: one value list per layer parameter, the number
/// of spatial axes and, optionally, a fixed input size.
///
/// The configurations are every combination of the lists, in this order (the last varies
/// fastest): kernel, stride, dilation, padding, output padding. Each configuration is one
/// all-ones transposed-convolution layer with the same value on every axis, unless a value is
/// per-axis (`3x5`).
///
/// Default input size (`inputSize == nil`), per configuration and axis:
/// `n = ⌈(d·(k − 1) + 2p) / s⌉ + 2`. Then `(n − 1)·s ≥ d·(k − 1) + 2p + s`, so the interior
/// `[d(k−1) − p, (n−1)s − p]` (clipped to the map) holds at least `s + 1` positions: every
/// configuration has an interior spanning a whole period, and the input stays as small as that
/// allows (the full-map metrics then weigh the borders the same way across the grid).
public struct SweepSpec: Sendable, Equatable {
  /// Spatial axes, 1, 2 or 3.
  public var dims: Int
  public var kernels: ValueList
  public var strides: ValueList
  public var dilations: ValueList
  public var paddings: ValueList
  public var outputPaddings: ValueList
  /// A fixed input size for every configuration (one value or one per axis); nil for the default rule.
  public var inputSize: PerAxis?

  /// The most configurations one sweep may hold.
  public static let maximumConfigurations = 1 << 22

  /// Creates a sweep; `validate()` checks it.
  public init(
    dims: Int, kernels: ValueList, strides: ValueList, dilations: ValueList = ValueList([1]),
    paddings: ValueList = ValueList([0]), outputPaddings: ValueList = ValueList([0]),
    inputSize: PerAxis? = nil
  ) {
    self.dims = dims
    self.kernels = kernels
    self.strides = strides
    self.dilations = dilations
    self.paddings = paddings
    self.outputPaddings = outputPaddings
    self.inputSize = inputSize
  }

  /// The lists with their option names, in configuration order.
  var lists: [(name: String, list: ValueList)] {
    [
      ("kernels", kernels), ("strides", strides), ("dilations", dilations), ("paddings", paddings),
      ("outputPaddings", outputPaddings),
    ]
  }

  /// Checks the axis count, that per-axis values fit `dims`, that every value is in the range a
  /// layer's JSON takes (kernels, strides and dilations `1...LayerConfig.maximumParameter`,
  /// paddings and output paddings from 0), and the number of configurations. Values that break
  /// PyTorch's rules between parameters are not errors: those configurations are skipped.
  public func validate() throws(SweepError) {
    guard (1...3).contains(dims) else { throw .overlap(.unsupportedDims(dims)) }
    for (name, list) in lists {
      for value in list.values where value.values.count > dims {
        throw .invalidValueList(
          text: list.description,
          reason: "\(name): \(value) has \(value.values.count) per-axis values but dims is \(dims)")
      }
      let minimum = ["kernels", "strides", "dilations"].contains(name) ? 1 : 0
      for value in list.values
      where value.values.contains(where: { !(minimum...LayerConfig.maximumParameter).contains($0) }) {
        throw .invalidValueList(
          text: list.description,
          reason: "\(name): \(value) is outside \(minimum)...\(LayerConfig.maximumParameter)")
      }
    }
    if let inputSize {
      guard inputSize.values.count <= dims else {
        throw .overlap(
          .axisCountMismatch(what: "the input size", expected: dims, actual: inputSize.values.count))
      }
      guard inputSize.values.allSatisfy({ $0 >= 1 }) else {
        throw .invalidArgument("the input size must be at least 1, got \(inputSize)")
      }
    }
    var total = 1
    for (_, list) in lists {
      let (product, overflow) = total.multipliedReportingOverflow(by: list.values.count)
      guard !overflow, product <= Self.maximumConfigurations else {
        throw .invalidArgument(
          "the sweep has more than \(Self.maximumConfigurations) configurations; split it into smaller sweeps"
        )
      }
      total = product
    }
  }

  /// The number of configurations (the product of the list lengths).
  public var configurationCount: Int { lists.reduce(1) { $0 * $1.list.values.count } }

  /// The configuration at `index` (0-based, in sweep order): its layer and per-axis input size.
  /// Precondition: `validate()` passed and `index < configurationCount`.
  public func configuration(at index: Int) -> SweepConfiguration {
    var rest = index
    var picks = [PerAxis](repeating: PerAxis([0]), count: 5)
    let all = lists
    for position in stride(from: all.count - 1, through: 0, by: -1) {
      let values = all[position].list.values
      picks[position] = values[rest % values.count]
      rest /= values.count
    }
    func axis(_ value: PerAxis) -> [Int] {
      value.values.count == dims ? value.values : [Int](repeating: value.values[0], count: dims)
    }
    let (k, s, d, p, op) = (axis(picks[0]), axis(picks[1]), axis(picks[2]), axis(picks[3]), axis(picks[4]))
    let layer = LayerConfig(
      kernel: k,
      axes: (0..<dims).map {
        AxisParameters(stride: s[$0], padding: p[$0], outputPadding: op[$0], dilation: d[$0])
      })
    let size: [Int]? = inputSize.map(axis) ?? Self.defaultInputSize(layer)
    return SweepConfiguration(index: index, layer: layer, inputSize: size)
  }

  /// The default input size of `layer` per axis, `⌈(d(k − 1) + 2p)/s⌉ + 2`; nil when the
  /// parameters are invalid (non-positive stride, …) or the size overflows.
  public static func defaultInputSize(_ layer: LayerConfig) -> [Int]? {
    var sizes: [Int] = []
    for axis in 0..<layer.dims {
      let p = layer.axes[axis]
      let k = layer.kernel[axis]
      guard k >= 1, p.stride >= 1, p.dilation >= 1, p.paddingBegin >= 0, p.paddingEnd >= 0 else { return nil }
      let (taps, o1) = p.dilation.multipliedReportingOverflow(by: k - 1)
      let (reach, o2) = taps.addingReportingOverflow(p.paddingBegin)
      let (total, o3) = reach.addingReportingOverflow(p.paddingEnd)
      guard !o1, !o2, !o3, total < Int.max - p.stride else { return nil }
      sizes.append((total + p.stride - 1) / p.stride + 2)
    }
    return sizes
  }
}
