import OverlapAnalysis
import TransposedConv

/// A convolution's or transposed convolution's parameters in PyTorch's vocabulary, with ONNX's
/// `auto_pad` and `output_shape` resolved to explicit begin/end padding and output padding.
public struct ConvolutionParameters: Sendable, Hashable {
  /// Kernel taps per spatial axis.
  public var kernel: [Int]
  /// Stride per axis.
  public var stride: [Int]
  /// Padding removed (transposed) or added (forward) at the start of each axis.
  public var padsBegin: [Int]
  /// Padding at the end of each axis.
  public var padsEnd: [Int]
  /// Output padding per axis (transposed convolutions; zeros for forward ones).
  public var outputPadding: [Int]
  /// Dilation per axis.
  public var dilation: [Int]
  /// Groups.
  public var groups: Int
  /// Input channels (from the weight), when known.
  public var inChannels: Int?
  /// Output channels (from the weight), when known.
  public var outChannels: Int?

  /// Wraps the fields.
  public init(
    kernel: [Int], stride: [Int], padsBegin: [Int], padsEnd: [Int], outputPadding: [Int], dilation: [Int],
    groups: Int = 1, inChannels: Int? = nil, outChannels: Int? = nil
  ) {
    self.kernel = kernel
    self.stride = stride
    self.padsBegin = padsBegin
    self.padsEnd = padsEnd
    self.outputPadding = outputPadding
    self.dilation = dilation
    self.groups = groups
    self.inChannels = inChannels
    self.outChannels = outChannels
  }

  /// The number of spatial axes.
  public var dims: Int { kernel.count }

  /// The all-ones layer with these parameters, for overlap counts.
  public var layerConfig: LayerConfig {
    LayerConfig(
      kernel: kernel,
      axes: (0..<dims).map {
        AxisParameters(
          stride: stride[$0], paddingBegin: padsBegin[$0], paddingEnd: padsEnd[$0],
          outputPadding: outputPadding[$0], dilation: dilation[$0])
      })
  }

  /// The spatial output size of the transposed convolution for `input` per axis.
  func transposedOutput(_ input: [Int]) -> [Int] {
    (0..<dims).map {
      (input[$0] - 1) * stride[$0] - padsBegin[$0] - padsEnd[$0] + dilation[$0] * (kernel[$0] - 1)
        + outputPadding[$0] + 1
    }
  }

  /// The spatial output size of the forward convolution for `input` per axis.
  func forwardOutput(_ input: [Int]) -> [Int] {
    (0..<dims).map {
      let span = dilation[$0] * (kernel[$0] - 1) + 1
      let padded = input[$0] + padsBegin[$0] + padsEnd[$0]
      return padded < span ? 0 : (padded - span) / stride[$0] + 1
    }
  }
}
