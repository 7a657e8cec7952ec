import CheckerscopeCore
import Foundation
import OverlapAnalysis
import Sweeps
import Testing
import TransposedConv

/// `SweepError`: the messages users see, the layers' errors passing through unchanged, and the
/// ranges sweeps and grid documents hold their layers to.
@Suite struct SweepErrorTests {
  @Test func messagesSayWhatIsWrongAndHowToFixIt() {
    #expect(
      SweepError.invalidValueList(text: "1...", reason: "'1...' is not a range of two integers").description
        == "value list '1...': '1...' is not a range of two integers; write values like 1...8, 1..<9, 1,2,4 or 1...4,8 (per-axis 3x5)"
    )
    #expect(
      SweepError.invalidSweepDocument(reason: "'version' is missing").description
        == "not a checkerscope grid document: 'version' is missing; regenerate it with checkerscope grid")
    #expect(
      SweepError.mergeConflict(path: "a.json", reason: "its sweep differs from b.json's").description
        == "a.json: its sweep differs from b.json's; merge exactly one file per shard of the same sweep")
    #expect(
      SweepError.mergeConflict(path: nil, reason: "no documents to merge").description
        == "no documents to merge; merge exactly one file per shard of the same sweep")
    #expect(
      SweepError.invalidArgument("the tolerance must be ≥ 0").description == "the tolerance must be ≥ 0")
    #expect(
      SweepError.overlap(.unsupportedDims(4)).description
        == "maps have 1, 2 or 3 spatial axes, got 4; use --dims 1, 2 or 3")
    #expect(
      SweepError.json(.nonFiniteNumber(.nan)).description == JSONError.nonFiniteNumber(.nan).description)
  }

  @Test func specErrorsPassTheLayersErrorsThrough() {
    #expect(throws: SweepError.overlap(.unsupportedDims(0))) {
      try SweepSpec(dims: 0, kernels: ValueList([3]), strides: ValueList([2])).validate()
    }
    #expect(throws: SweepError.overlap(.axisCountMismatch(what: "the input size", expected: 1, actual: 2))) {
      try SweepSpec(dims: 1, kernels: ValueList([3]), strides: ValueList([2]), inputSize: PerAxis([4, 4]))
        .validate()
    }
  }

  @Test func valuesOutsideALayersRangesAreRefused() {
    let cases: [(SweepSpec, String, String)] = [
      (SweepSpec(dims: 1, kernels: ValueList([0, 1]), strides: ValueList([2])), "0,1", "kernels: 0"),
      (SweepSpec(dims: 1, kernels: ValueList([3]), strides: ValueList([-2])), "-2", "strides: -2"),
      (
        SweepSpec(dims: 1, kernels: ValueList([3]), strides: ValueList([2]), dilations: ValueList([0])), "0",
        "dilations: 0"
      ),
      (
        SweepSpec(
          dims: 2, kernels: ValueList([3]), strides: ValueList([2]), paddings: ValueList([PerAxis([1, -1])])),
        "1x-1", "paddings: 1x-1"
      ),
      (
        SweepSpec(dims: 1, kernels: ValueList([3]), strides: ValueList([2]), outputPaddings: ValueList([-1])),
        "-1",
        "outputPaddings: -1"
      ),
      (
        SweepSpec(dims: 1, kernels: ValueList([2_147_483_648]), strides: ValueList([2])), "2147483648",
        "kernels: 2147483648"
      ),
    ]
    for (spec, text, start) in cases {
      let minimum = ["kernels", "strides", "dilations"].contains { start.hasPrefix($0) } ? 1 : 0
      #expect(
        throws: SweepError.invalidValueList(text: text, reason: "\(start) is outside \(minimum)...2147483647")
      ) { try spec.validate() }
    }
  }

  @Test func documentsWithMalformedLayersAreRefused() throws {
    let spec = SweepSpec(dims: 1, kernels: ValueList([3]), strides: ValueList([2]))
    let text = try Sweep.run(spec, version: "v").encoded()
    #expect(text.contains(#"{"layers":[{"kernel":[3],"#))
    let cases = [
      (
        text.replacingOccurrences(of: #"{"layers":[{"kernel":[3],"#, with: #"{"layers":[{"kernel":[-3],"#),
        "records[0].layers[0]: 'kernel' holds -3, outside 1...2147483647"
      ),
      (
        text.replacingOccurrences(of: #""outputPadding":[0]"#, with: #""outputPadding":[0,0]"#),
        "records[0].layers[0]: 'outputPadding' has 2 values but 'kernel' has 1; give one per axis"
      ),
      (
        text.replacingOccurrences(
          of: #"{"layers":[{"kernel":[3],"#, with: #"{"layers":[],"x":[{"kernel":[3],"#),
        "records[0] must be an object with 'layers'"
      ),
    ]
    for (changed, reason) in cases {
      #expect(throws: SweepError.invalidSweepDocument(reason: reason)) { try SweepDocument(parsing: changed) }
    }
  }

  @Test func configurationsAreNamedByTheCanonicalLayerText() throws {
    let spec = SweepSpec(
      dims: 2, kernels: ValueList([3]), strides: ValueList([2]), paddings: ValueList([PerAxis([1, 0])]),
      outputPaddings: ValueList([0, 2]))
    let document = try Sweep.run(spec, version: "v")
    let record = try #require(document.records.first)
    let skipped = try #require(document.skipped.first)
    #expect(SweepDocument.configurationText(record) == "k=3x3 s=2x2 p=1x0 op=0x0 d=1x1")
    #expect(SweepDocument.configurationText(skipped) == "k=3x3 s=2x2 p=1x0 op=2x2 d=1x1")
  }
}
