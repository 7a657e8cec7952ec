import Testing
import TransposedConv

/// Output sizes and parameter rules (FACTS.md F13, F14; PyTorch's documented formula).
@Suite struct OutputSizeTests {
  @Test(arguments: [
    (4, 3, 2, 1, 0, 7), (4, 3, 2, 1, 1, 8), (5, 3, 2, 1, 0, 9), (2, 3, 1, 0, 0, 4),
  ])
  func factF13(n: Int, k: Int, s: Int, p: Int, op: Int, expected: Int) throws {
    let axis = AxisParameters(stride: s, padding: p, outputPadding: op)
    #expect(try axis.outputLength(input: n, kernel: k) == expected)
  }

  @Test func factF14OutputPaddingMustBeSmallerThanStrideOrDilation() {
    let axis = AxisParameters(stride: 1, padding: 0, outputPadding: 1, dilation: 1)
    #expect(throws: ConvTransposeError.outputPaddingTooLarge(outputPadding: 1, stride: 1, dilation: 1)) {
      try axis.outputLength(input: 4, kernel: 3)
    }
  }
}
