import CheckerscopeCore
import Testing

@testable import TransposedConv

/// Strides far beyond the output, outputs beyond the memory budget, and output sizes whose
/// default shape is empty: each used to cost memory in proportion to the stride, exhaust memory,
/// or be refused although PyTorch accepts it.
@Suite struct TransposedConvResourceTests {
  @Test("a plan has at most min(stride, output length) phases", arguments: [1, 2, 3, 7, 1_000_000_000])
  func phaseCount(stride: Int) throws {
    for (input, kernel, padding) in [(1, 1, 0), (1, 3, 1), (2, 2, 0), (5, 4, 2)] {
      let axis = AxisParameters(stride: stride, padding: padding)
      // (Inputs longer than 1 with stride 10^9 give outputs of billions: not planned here.)
      guard let length = try? axis.outputLength(input: input, kernel: kernel), length <= 10_000 else {
        continue
      }
      let plan = PhasePlan(axis: axis, input: input, kernel: kernel, outputLength: length)
      #expect(plan.phases.count <= min(stride, length))
      #expect(plan.phases.map(\.count).reduce(0, +) == length)
      // Every output is reached by exactly the pairs of the scatter rule o = i·s + j − p.
      let lists = plan.gatherLists()
      for o in 0..<length {
        let pairs = lists.pairs[lists.starts[o]..<lists.starts[o + 1]].map { [$0.tap, $0.input] }
        var expected: [[Int]] = []
        for j in 0..<kernel {
          for i in 0..<input where i * stride + j - padding == o { expected.append([j, i]) }
        }
        #expect(pairs == expected, "o=\(o) stride=\(stride)")
      }
    }
  }

  @Test("stride 10^9 on a length-1 input: one output, x·w")
  func hugeStride() throws {
    let x = Tensor(shape: [1, 1, 1], data: [3])
    let w = Tensor(shape: [1, 1, 1], data: [5])
    let parameters = ConvTransposeParameters(axes: [AxisParameters(stride: 1_000_000_000)])
    let y = try TransposedConvolution.apply(input: x, weight: w, parameters: parameters)
    #expect(y.shape == [1, 1, 1])
    #expect(y.data == [15])
  }

  @Test("an output beyond the budget is refused before allocating, naming --max-memory")
  func budget() throws {
    let x = Tensor(shape: [1, 1, 2], repeating: 1)
    let w = Tensor(shape: [1, 1, 1], repeating: 1)
    // Output length 2·10^9 + 1: 8 GB of float32, twice the default budget.
    let parameters = ConvTransposeParameters(axes: [AxisParameters(stride: 2_000_000_000)])
    let error = #expect(throws: ConvTransposeError.self) {
      try TransposedConvolution.apply(input: x, weight: w, parameters: parameters)
    }
    guard case .resource(.overBudget(_, let bytes, let budget)) = error else {
      Issue.record("expected an over-budget refusal, got \(String(describing: error))")
      return
    }
    #expect(bytes >= 8_000_000_004)
    #expect(budget == 4 << 30)
    #expect(error?.description.contains("--max-memory") == true)
    let roomy = MemoryBudget(bytes: 1 << 20)
    #expect(throws: ConvTransposeError.self) {
      try TransposedConvolution.apply(
        input: Tensor(shape: [1, 1, 512, 512], repeating: 1), weight: w,
        parameters: .init(axes: [.init(), .init()]),
        budget: roomy)
    }
  }

  @Test("output size 2 with an empty default shape: output padding 3, as PyTorch picks")
  func outputSizeBelowTheDefault() throws {
    // n = 1, k = 2, s = 4, p = 2, d = 2: minimum (n−1)s − 2p + d(k−1) + 1 = −1, so sizes −1…2.
    let parameters = ConvTransposeParameters(axes: [AxisParameters(stride: 4, padding: 2, dilation: 2)])
    let resolved = try parameters.resolvingOutputSize([2], input: [1], kernel: [2])
    #expect(resolved.axes[0].outputPadding == 3)
    // Scatter rule: tap j lands on o = j·2 − 2, so tap 1 on 0 and tap 0 outside: [x·w1, 0].
    let y = try TransposedConvolution.apply(
      input: Tensor(shape: [1, 1, 1], data: [3]), weight: Tensor(shape: [1, 1, 2], data: [5, 7]),
      parameters: resolved)
    #expect(y.data == [21, 0])
  }
}
