import ModelIO

/// The sampling geometry of a window node (`Conv`, `ConvTranspose`, `MaxPool`, `AveragePool`) for
/// given input extents: what the probe needs to follow borders and lattices through the network.
public struct WindowGeometry: Sendable, Equatable {
  /// Kernel taps per spatial axis.
  public var kernel: [Int]
  /// Strides per spatial axis.
  public var strides: [Int]
  /// Dilations per spatial axis.
  public var dilations: [Int]
  /// Padding at the start of each spatial axis (for ConvTranspose: output positions removed).
  public var padBegin: [Int]
  /// True for `ConvTranspose` (upsampling by the strides).
  public var transposed: Bool

  /// The geometry of `node` for spatial input extents `input` and, for convolutions, the weight's
  /// shape; nil for other operators. Throws when the attributes are invalid.
  public static func of(node: ModelNode, path: String, input: [Int], weight: [Int]?) throws(RuntimeError)
    -> WindowGeometry?
  {
    let context = NodeContext(path: path, node: node, opsetVersion: 0)
    let rank = input.count
    switch node.opType {
    case OperatorName.conv, OperatorName.maxPool, OperatorName.averagePool:
      let window = try WindowAttributes(context: context)
      let kernel: [Int]
      if let weight, weight.count == rank + 2, node.opType == OperatorName.conv {
        kernel = Array(weight[2...])
      } else {
        kernel = try window.perAxis(window.kernel, "kernel_shape", rank: rank, fallback: 1, context: context)
      }
      let strides = try window.perAxis(window.strides, "strides", rank: rank, fallback: 1, context: context)
      let dilations = try window.perAxis(
        window.dilations, "dilations", rank: rank, fallback: 1, context: context)
      let pads = try window.forwardPads(
        input: input, kernel: kernel, strides: strides, dilations: dilations, context: context)
      return WindowGeometry(
        kernel: kernel, strides: strides, dilations: dilations, padBegin: pads.begin, transposed: false)
    case OperatorName.convTranspose:
      guard let weight, weight.count == rank + 2 else { return nil }
      let op = try ConvTransposeOperator(node: node, context: context)
      let kernel = Array(weight[2...])
      let g = try op.geometry(input: input, kernel: kernel, context: context)
      return WindowGeometry(
        kernel: kernel, strides: g.strides, dilations: g.dilations, padBegin: g.padBegin, transposed: true)
    default:
      return nil
    }
  }
}
