import CheckerscopeCore

/// Why a transposed convolution (or one of its companion operations) cannot run.
///
/// Each case carries its numbers; `description` says what is wrong and how to fix it, in words
/// close to PyTorch's own messages.
public enum ConvTransposeError: Error, Sendable, Equatable, CustomStringConvertible {
  case nonPositiveKernel(Int)
  case nonPositiveStride(Int)
  case nonPositiveDilation(Int)
  case negativePadding(begin: Int, end: Int)
  case negativeOutputPadding(Int)
  case outputPaddingTooLarge(outputPadding: Int, stride: Int, dilation: Int)
  case nonPositiveInput(Int)
  case nonPositiveOutput(
    input: Int, kernel: Int, stride: Int, paddingBegin: Int, paddingEnd: Int, dilation: Int,
    outputPadding: Int, length: Int)
  case sizeOverflow
  /// The job needs more memory or work than allowed (see `MemoryBudget`).
  case resource(CoreError)
  case nonPositiveGroups(Int)
  case rankMismatch(expected: String, actual: [Int])
  case channelsNotDivisible(what: String, channels: Int, groups: Int)
  case weightChannelMismatch(inputChannels: Int, weightChannels: Int)
  case biasMismatch(expected: Int, actual: [Int])
  case axisCountMismatch(expected: Int, actual: Int)
  case outputSizeOutOfRange(axis: Int, requested: Int, minimum: Int, maximum: Int)
  case invalidArgument(String)

  public var description: String {
    switch self {
    case .nonPositiveKernel(let k): return "kernel size must be at least 1, got \(k)"
    case .nonPositiveStride(let s): return "stride must be at least 1, got \(s)"
    case .nonPositiveDilation(let d): return "dilation must be at least 1, got \(d)"
    case .negativePadding(let b, let e):
      return "padding must be non-negative, got begin \(b), end \(e)"
    case .negativeOutputPadding(let op): return "output padding must be non-negative, got \(op)"
    case .outputPaddingTooLarge(let op, let s, let d):
      return
        "output padding must be smaller than either stride or dilation, but got output_padding=\(op), stride=\(s), dilation=\(d); use output padding < \(max(s, d))"
    case .nonPositiveInput(let n): return "input size must be at least 1, got \(n)"
    case .nonPositiveOutput(let n, let k, let s, let pb, let pe, let d, let op, let length):
      let padding = pb == pe ? "padding=\(pb)" : "padding=\(pb),\(pe)"
      return
        "output size is \(length), which is too small (input=\(n), kernel=\(k), stride=\(s), \(padding), dilation=\(d), output_padding=\(op)); reduce the padding or enlarge the input"
    case .sizeOverflow:
      return
        "sizes overflow: the output would exceed 2^31 elements; use a smaller input, stride or dilation"
    case .resource(let error): return error.description
    case .nonPositiveGroups(let g): return "groups must be at least 1, got \(g)"
    case .rankMismatch(let expected, let actual):
      return "expected \(expected), got a tensor of shape \(actual)"
    case .channelsNotDivisible(let what, let c, let g):
      return "\(what) channels (\(c)) must be divisible by groups (\(g))"
    case .weightChannelMismatch(let cin, let wc):
      return
        "the input has \(cin) channels but the weight expects \(wc) (weight shape is (C_in, C_out/groups, k…))"
    case .biasMismatch(let expected, let actual):
      return "bias must have shape (\(expected),), got \(actual)"
    case .axisCountMismatch(let expected, let actual):
      return "expected parameters for \(expected) spatial axes, got \(actual)"
    case .outputSizeOutOfRange(let axis, let requested, let lo, let hi):
      return
        "requested output size \(requested) on axis \(axis) is not reachable; valid sizes are \(lo)...\(hi)"
    case .invalidArgument(let message): return message
    }
  }
}
