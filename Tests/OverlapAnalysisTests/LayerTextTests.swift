import CheckerscopeCore
import OverlapAnalysis
import Testing
import TransposedConv

/// `LayerConfig.text`: the three forms written out by hand from their definitions, and the
/// canonical and prose forms read back by `LayerConfig(parsing:dims:)`.
@Suite struct LayerTextTests {
  /// A layer from per-axis tuples: kernel, stride, begin and end padding, output padding, dilation.
  static func layer(_ axes: [(k: Int, s: Int, pb: Int, pe: Int, op: Int, d: Int)]) -> LayerConfig {
    LayerConfig(
      kernel: axes.map(\.k),
      axes: axes.map {
        AxisParameters(
          stride: $0.s, paddingBegin: $0.pb, paddingEnd: $0.pe, outputPadding: $0.op, dilation: $0.d)
      })
  }

  /// (layer, canonical, prose, title), each string written from the style's definition.
  static let cases: [(LayerConfig, String, String, String)] = [
    (
      LayerConfig(dims: 2, kernel: 3, stride: 2, padding: 1), "k=3x3 s=2x2 p=1x1 op=0x0 d=1x1",
      "k=3x3, s=2, p=1",
      "k=3x3 s=2x2 p=1 d=1"
    ),
    (
      layer([(4, 3, 1, 2, 1, 2)]), "k=4 s=3 pb=1 pe=2 op=1 d=2", "k=4, s=3, pb=1, pe=2, op=1, d=2",
      "k=4 s=3 p=1:2 d=2 op=1"
    ),
    (
      layer([(3, 2, 1, 1, 1, 1), (5, 1, 0, 0, 0, 2)]), "k=3x5 s=2x1 p=1x0 op=1x0 d=1x2",
      "k=3x5, s=2x1, p=1x0, op=1x0, d=1x2", "k=3x5 s=2x1 p=1x0 d=1x2 op=1x0"
    ),
    (
      LayerConfig(dims: 3, kernel: 2, stride: 2), "k=2x2x2 s=2x2x2 p=0x0x0 op=0x0x0 d=1x1x1", "k=2x2x2, s=2",
      "k=2x2x2 s=2x2x2 p=0 d=1"
    ),
    (
      layer([(4, 2, 1, 1, 0, 1), (4, 2, 0, 2, 0, 1)]), "k=4x4 s=2x2 pb=1x0 pe=1x2 op=0x0 d=1x1",
      "k=4x4, s=2, pb=1x0, pe=1x2", "k=4x4 s=2x2 p=1x0:2 d=1"
    ),
    (LayerConfig(dims: 1, kernel: 1, stride: 1), "k=1 s=1 p=0 op=0 d=1", "k=1, s=1", "k=1 s=1 p=0 d=1"),
  ]

  @Test(arguments: cases.indices)
  func stylesAreWrittenAsDefined(index: Int) {
    let (layer, canonical, prose, title) = Self.cases[index]
    #expect(layer.text == canonical)
    #expect(layer.text(.canonical) == canonical)
    #expect(layer.text(.prose) == prose)
    #expect(layer.text(.title) == title)
  }

  @Test func weightsAreNotPartOfTheTextButTheMapReportMarksThem() throws {
    let weighted = LayerConfig(kernel: [2], axes: [AxisParameters(stride: 2)], weights: [0.5, 0.25])
    #expect(weighted.text == "k=2 s=2 p=0 op=0 d=1")
    let report = try OverlapMap(layer: weighted, inputSize: [3]).textReport()
    #expect(report.contains("\nlayer 1: k=2 s=2 p=0 op=0 d=1 (weighted)\n"))
    let counts = try OverlapMap(layer: LayerConfig(dims: 1, kernel: 2, stride: 2), inputSize: [3])
      .textReport()
    #expect(counts.contains("\nlayer 1: k=2 s=2 p=0 op=0 d=1\n"))
  }

  @Test func partsMaySeparateByCommasSpacesOrBoth() throws {
    let expected = try LayerConfig(parsing: "k=3x5,s=2,p=1x2,d=1,op=1x0", dims: 2)
    for spec in [
      "k=3x5 s=2 p=1x2 d=1 op=1x0", "k=3x5, s=2, p=1x2, d=1, op=1x0", "  k=3x5 ,s=2\tp=1x2  d=1,op=1x0 ",
      "k = 3x5 s= 2 p =1x2 d=1 op=1x0",
    ] {
      #expect(try LayerConfig(parsing: spec, dims: 2) == expected, "\(spec)")
    }
    for spec in ["k=3,,s=2", "k=3, ,s=2", "k=3 s", "k=3 s=2 s=2", "k=3,"] {
      #expect(throws: OverlapError.self, "\(spec)") { try LayerConfig(parsing: spec, dims: 1) }
    }
  }

  @Test func canonicalAndProseTextParseBackOverRandomLayers() throws {
    var random = SplitMix64(seed: 16)
    for _ in 0..<500 {
      let dims = Int.random(in: 1...3, using: &random)
      var kernel: [Int] = []
      var axes: [AxisParameters] = []
      for _ in 0..<dims {
        let (k, s, d) = (
          Int.random(in: 1...12, using: &random), Int.random(in: 1...8, using: &random),
          Int.random(in: 1...4, using: &random)
        )
        let symmetric = Bool.random(using: &random)
        let pb = Int.random(in: 0...6, using: &random)
        let pe = symmetric ? pb : Int.random(in: 0...6, using: &random)
        kernel.append(k)
        axes.append(
          AxisParameters(
            stride: s, paddingBegin: pb, paddingEnd: pe,
            outputPadding: Int.random(in: 0..<max(s, d), using: &random), dilation: d))
      }
      let layer = LayerConfig(kernel: kernel, axes: axes)
      #expect(try LayerConfig(parsing: layer.text, dims: dims) == layer, "\(layer.text)")
      #expect(try LayerConfig(parsing: layer.text(.prose), dims: dims) == layer, "\(layer.text(.prose))")
    }
  }
}
