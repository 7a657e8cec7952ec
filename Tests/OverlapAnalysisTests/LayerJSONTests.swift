import CheckerscopeCore
import OverlapAnalysis
import Testing
import TransposedConv

/// `LayerConfig.json` and `LayerConfig(json:)`: the documented shape, the round trip, and the
/// refusals of malformed (untrusted) layer JSON with their messages.
@Suite struct LayerJSONTests {
  @Test func shapeIsTheDocumentedOne() throws {
    let layer = LayerConfig(
      kernel: [3, 5],
      axes: [
        AxisParameters(stride: 2, paddingBegin: 1, paddingEnd: 0, outputPadding: 1, dilation: 1),
        AxisParameters(stride: 1, padding: 2, dilation: 3),
      ])
    #expect(
      try layer.json.encoded()
        == #"{"kernel":[3,5],"stride":[2,1],"padding":[[1,0],[2,2]],"outputPadding":[1,0],"dilation":[1,3]}"#)
  }

  @Test func jsonRoundTripsOverRandomLayers() throws {
    var random = SplitMix64(seed: 1616)
    for _ in 0..<300 {
      let dims = Int.random(in: 1...3, using: &random)
      // Any values in range, PyTorch's rules or not (grid documents list the layers that break them).
      let layer = LayerConfig(
        kernel: (0..<dims).map { _ in Int.random(in: 1...LayerConfig.maximumParameter, using: &random) },
        axes: (0..<dims).map { _ in
          AxisParameters(
            stride: Int.random(in: 1...9, using: &random),
            paddingBegin: Int.random(in: 0...9, using: &random),
            paddingEnd: Int.random(in: 0...9, using: &random),
            outputPadding: Int.random(in: 0...9, using: &random),
            dilation: Int.random(in: 1...9, using: &random))
        })
      #expect(try LayerConfig(json: layer.json) == layer)
      let text = try layer.json.encoded()
      #expect(try LayerConfig(json: try JSONValue(parsing: text)) == layer, "\(text)")
    }
  }

  /// (JSON text, the reason `OverlapError.invalidLayerJSON` gives).
  static let refusals: [(String, String)] = [
    (#"[3]"#, "expected an object"),
    (#"{"stride":[2],"padding":[[0,0]],"outputPadding":[0],"dilation":[1]}"#, "'kernel' is missing"),
    (#"{"kernel":[3],"padding":[[0,0]],"outputPadding":[0],"dilation":[1]}"#, "'stride' is missing"),
    (#"{"kernel":[3],"stride":[2],"outputPadding":[0],"dilation":[1]}"#, "'padding' is missing"),
    (#"{"kernel":[3],"stride":[2],"padding":[[0,0]],"dilation":[1]}"#, "'outputPadding' is missing"),
    (#"{"kernel":[3],"stride":[2],"padding":[[0,0]],"outputPadding":[0]}"#, "'dilation' is missing"),
    (
      #"{"kernel":"3","stride":[2],"padding":[[0,0]],"outputPadding":[0],"dilation":[1]}"#,
      "'kernel' must be an array of 1, 2 or 3 integers, one per axis"
    ),
    (
      #"{"kernel":[3.5],"stride":[2],"padding":[[0,0]],"outputPadding":[0],"dilation":[1]}"#,
      "'kernel' must be an array of integers"
    ),
    (
      #"{"kernel":[],"stride":[],"padding":[],"outputPadding":[],"dilation":[]}"#,
      "'kernel' must be an array of 1, 2 or 3 integers, one per axis"
    ),
    (
      #"{"kernel":[3,3,3,3],"stride":[2,2,2,2],"padding":[[0,0],[0,0],[0,0],[0,0]],"outputPadding":[0,0,0,0],"dilation":[1,1,1,1]}"#,
      "'kernel' must be an array of 1, 2 or 3 integers, one per axis"
    ),
    (
      #"{"kernel":[3,3],"stride":[2],"padding":[[0,0],[0,0]],"outputPadding":[0,0],"dilation":[1,1]}"#,
      "'stride' has 1 value but 'kernel' has 2; give one per axis"
    ),
    (
      #"{"kernel":[3],"stride":[2],"padding":[[0,0],[0,0]],"outputPadding":[0],"dilation":[1]}"#,
      "'padding' must be an array of [begin, end] pairs, one per axis (1)"
    ),
    (
      #"{"kernel":[3],"stride":[2],"padding":[1],"outputPadding":[0],"dilation":[1]}"#,
      "'padding' must hold [begin, end] pairs of integers"
    ),
    (
      #"{"kernel":[3],"stride":[2],"padding":[[0,true]],"outputPadding":[0],"dilation":[1]}"#,
      "'padding' must hold [begin, end] pairs of integers"
    ),
    (
      #"{"kernel":[3,3],"stride":[2,2],"padding":[[0,0],[0,0]],"outputPadding":[0],"dilation":[1,1]}"#,
      "'outputPadding' has 1 value but 'kernel' has 2; give one per axis"
    ),
    (
      #"{"kernel":[0],"stride":[2],"padding":[[0,0]],"outputPadding":[0],"dilation":[1]}"#,
      "'kernel' holds 0, outside 1...2147483647"
    ),
    (
      #"{"kernel":[3],"stride":[-2],"padding":[[0,0]],"outputPadding":[0],"dilation":[1]}"#,
      "'stride' holds -2, outside 1...2147483647"
    ),
    (
      #"{"kernel":[3],"stride":[2],"padding":[[0,-1]],"outputPadding":[0],"dilation":[1]}"#,
      "'padding' holds -1, outside 0...2147483647"
    ),
    (
      #"{"kernel":[3],"stride":[2],"padding":[[0,0]],"outputPadding":[-1],"dilation":[1]}"#,
      "'outputPadding' holds -1, outside 0...2147483647"
    ),
    (
      #"{"kernel":[3],"stride":[2],"padding":[[0,0]],"outputPadding":[0],"dilation":[9223372036854775807]}"#,
      "'dilation' holds 9223372036854775807, outside 1...2147483647"
    ),
    (
      #"{"kernel":[2147483648],"stride":[2],"padding":[[0,0]],"outputPadding":[0],"dilation":[1]}"#,
      "'kernel' holds 2147483648, outside 1...2147483647"
    ),
    (
      #"{"kernel":[1e300],"stride":[2],"padding":[[0,0]],"outputPadding":[0],"dilation":[1]}"#,
      "'kernel' must be an array of integers"
    ),
  ]

  @Test(arguments: refusals.indices)
  func malformedLayersAreRefusedWithTheReason(index: Int) throws {
    let (text, reason) = Self.refusals[index]
    let json = try JSONValue(parsing: text)
    #expect(throws: OverlapError.invalidLayerJSON(reason: reason)) { try LayerConfig(json: json) }
  }

  @Test func theMessageSaysHowToWriteALayer() {
    #expect(
      OverlapError.invalidLayerJSON(reason: "'kernel' is missing").description
        == #"layer: 'kernel' is missing; write a layer as {"kernel": [3], "stride": [2], "padding": [[1, 1]], "outputPadding": [0], "dilation": [1]} with one entry per axis"#
    )
  }

  @Test func otherMembersAreIgnored() throws {
    let json = try JSONValue(
      parsing: #"{"note":"x","kernel":[4],"stride":[2],"padding":[[1,1]],"outputPadding":[0],"dilation":[1]}"#
    )
    #expect(try LayerConfig(json: json) == LayerConfig(dims: 1, kernel: 4, stride: 2, padding: 1))
  }
}
