import OverlapAnalysis
import Testing
import TransposedConv

/// Layer specs (`k=3,s=2,p=1,d=1,op=0`) and per-layer validation.
@Suite struct LayerConfigTests {
  @Test func fullSpec() throws {
    let layer = try LayerConfig(parsing: "k=3x5, s=2, p=1x2, d=1, op=1x0", dims: 2)
    #expect(layer.kernel == [3, 5])
    #expect(
      layer.axes == [
        AxisParameters(stride: 2, padding: 1, outputPadding: 1, dilation: 1),
        AxisParameters(stride: 2, padding: 2, outputPadding: 0, dilation: 1),
      ])
  }

  @Test func defaultsAndAsymmetricPadding() throws {
    let layer = try LayerConfig(parsing: "k=4,pb=1,pe=2", dims: 1)
    #expect(layer.axes == [AxisParameters(stride: 1, paddingBegin: 1, paddingEnd: 2)])
  }

  @Test(arguments: [
    "s=2", "k=3,s=2,s=3", "k=3,x=1", "k=3,s", "k=3x5", "k=a", "k=3,p=1,pb=1", "", "k=0", "k=3,s=1,op=1",
    "k=3,p=-1",
  ])
  func badSpecsAreRejected(spec: String) {
    #expect(throws: OverlapError.self) { try LayerConfig(parsing: spec, dims: 1) }
  }

  @Test func validationMessagesArePyTorchs() {
    #expect(throws: OverlapError.parameters(.outputPaddingTooLarge(outputPadding: 2, stride: 2, dilation: 1)))
    {
      try LayerConfig(parsing: "k=3,s=2,op=2", dims: 1)
    }
  }

  @Test func mismatchedStackIsRejected() {
    #expect(throws: OverlapError.self) {
      try OverlapMap(
        layers: [LayerConfig(dims: 1, kernel: 3, stride: 2), LayerConfig(dims: 2, kernel: 3, stride: 2)],
        inputSize: [4])
    }
    #expect(throws: OverlapError.emptyStack) { try OverlapMap(layers: [], inputSize: [4]) }
  }

  @Test func hugeMapsAreRefusedNotAllocated() {
    #expect(throws: OverlapError.self) {
      try OverlapMap(dims: 2, kernel: 3, stride: 1000, inputSize: 100_000)
    }
    #expect(throws: OverlapError.self) {
      try OverlapMap(dims: 1, kernel: 3, stride: Int.max / 2, inputSize: 8)
    }
  }
}
