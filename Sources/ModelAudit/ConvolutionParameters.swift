import CheckerscopeCore
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

  /// The spatial output size of the transposed convolution for `input` per axis; nil when
  /// `input` has another number of axes than the kernel or a size overflows.
  func transposedOutput(_ input: [Int]) -> [Int]? {
    guard input.count == dims,
      [stride, padsBegin, padsEnd, outputPadding, dilation].allSatisfy({ $0.count == dims })
    else { return nil }
    var sizes: [Int] = []
    for axis in 0..<dims {
      guard let scaled = CheckedSize.productOrNil([input[axis] - 1, stride[axis]]),
        let span = CheckedSize.productOrNil([dilation[axis], kernel[axis] - 1]),
        let size = CheckedSize.sumOrNil([
          scaled, -padsBegin[axis], -padsEnd[axis], span, outputPadding[axis], 1,
        ])
      else { return nil }
      sizes.append(size)
    }
    return sizes
  }

  /// The spatial output size of the forward convolution for `input` per axis; nil when `input`
  /// has another number of axes than the kernel, a stride is not positive or a size overflows.
  func forwardOutput(_ input: [Int]) -> [Int]? {
    guard input.count == dims, [stride, padsBegin, padsEnd, dilation].allSatisfy({ $0.count == dims }),
      stride.allSatisfy({ $0 >= 1 })
    else { return nil }
    var sizes: [Int] = []
    for axis in 0..<dims {
      guard let dilated = CheckedSize.productOrNil([dilation[axis], kernel[axis] - 1]),
        let span = CheckedSize.sumOrNil([dilated, 1]),
        let padded = CheckedSize.sumOrNil([input[axis], padsBegin[axis], padsEnd[axis]])
      else { return nil }
      sizes.append(padded < span ? 0 : (padded - span) / stride[axis] + 1)
    }
    return sizes
  }

}
