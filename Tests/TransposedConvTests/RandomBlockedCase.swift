import CheckerscopeCore

@testable import TransposedConv

extension DifferentialTests {
  /// One random axis of a blocked-path case (`randomBlockedCase`): input length,
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

extension DifferentialTests {
  /// The ranges a random blocked-path case is drawn from (`randomBlockedCase`).
  struct BlockedCaseShape {
    /// Groups.
    var groups: ClosedRange<Int>
    /// Input channels per group: from `wideInputs` one time in `wideOneIn` (more than one
    /// 32-item chunk), else from `inputs`.
    var inputs: ClosedRange<Int>
    var wideInputs: ClosedRange<Int>
    var wideOneIn: UInt64
    /// Output channels per group are `channelBlock` or twice it.
    var channelBlock: Int
    /// Per spatial axis: input length, kernel size and stride ranges (`randomBlockedAxis`).
    var axes: [(input: ClosedRange<Int>, kernel: ClosedRange<Int>, stride: ClosedRange<Int>)]
    /// The largest output, in elements, a case may have (nil: any).
    var maximumOutput: Int?
  }

  /// A random configuration the blocked path applies to (`KernelSetTests`, `KernelSet3DTests`,
  /// `WideBlockTests`), with a batch of 1 or 2 and a bias one time in two; drawn again until
  /// PyTorch's rules and `shape` allow it.
  static func randomBlockedCase(_ shape: BlockedCaseShape, _ rng: inout SplitMix64) -> Case {
    func int(_ range: ClosedRange<Int>) -> Int { DifferentialTests.int(range, &rng) }
    while true {
      let groups = int(shape.groups)
      let cIn = groups * (rng.next() % shape.wideOneIn == 0 ? int(shape.wideInputs) : int(shape.inputs))
      let cOutPerGroup = shape.channelBlock * int(1...2)
      let batch = int(1...2)
      var axes: [AxisParameters] = []
      var inSizes: [Int] = []
      var kSizes: [Int] = []
      for ranges in shape.axes {
        let drawn = randomBlockedAxis(input: ranges.input, kernel: ranges.kernel, stride: ranges.stride, &rng)
        axes.append(drawn.axis)
        inSizes.append(drawn.input)
        kSizes.append(drawn.kernel)
      }
      let parameters = ConvTransposeParameters(axes: axes, groups: groups)
      let inShape = [batch, cIn] + inSizes
      let wShape = [cIn, cOutPerGroup] + kSizes
      guard let outShape = try? parameters.outputShape(input: inShape, weight: wShape),
        outShape.reduce(1, *) <= shape.maximumOutput ?? Int.max
      else { continue }
      let geometry = Geometry(input: inShape, weight: wShape, output: outShape, parameters: parameters)
      guard RowKernel.blockedApplies(geometry) else { continue }
      return Case(
        input: randomTensor(inShape, &rng), weight: randomTensor(wShape, &rng),
        bias: rng.next() % 2 == 0 ? randomTensor([groups * cOutPerGroup], &rng) : nil,
        parameters: parameters)
    }
  }
}
