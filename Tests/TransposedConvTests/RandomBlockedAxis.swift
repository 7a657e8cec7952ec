import CheckerscopeCore

@testable import TransposedConv

extension DifferentialTests {
  /// One random axis of a blocked-path case (`KernelSetTests`, `KernelSet3DTests`): input length,
  /// kernel size and stride from the given ranges, dilation 2 one time in four, padding up to one
  /// past the kernel's reach (asymmetric one time in three) and any valid output padding.
  static func randomBlockedAxis(
    input: ClosedRange<Int>, kernel: ClosedRange<Int>, stride: ClosedRange<Int>, _ rng: inout SplitMix64
  ) -> (axis: AxisParameters, input: Int, kernel: Int) {
    let n = int(input, &rng)
    let k = int(kernel, &rng)
    let s = int(stride, &rng)
    let d = rng.next() % 4 == 0 ? 2 : 1
    let reach = d * (k - 1)
    let pb = int(0...(reach + 1), &rng)
    let pe = rng.next() % 3 == 0 ? int(0...(reach + 1), &rng) : pb
    let op = int(0...(max(s, d) - 1), &rng)
    let axis = AxisParameters(stride: s, paddingBegin: pb, paddingEnd: pe, outputPadding: op, dilation: d)
    return (axis, n, k)
  }
}
