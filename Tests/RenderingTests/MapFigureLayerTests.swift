import CheckerscopeCore
import Foundation
import OverlapAnalysis
import Rendering
import Testing
import TransposedConv

/// A map figure's layers: the title form written out by hand, and the layers of a map's JSON
/// read through `LayerConfig(json:)`, malformed ones refused with the member at fault.
@Suite struct MapFigureLayerTests {
  @Test func titlesNameEveryLayerOfAStack() throws {
    let first = LayerConfig(dims: 2, kernel: 3, stride: 2, padding: 1)
    let second = LayerConfig(
      kernel: [4, 4],
      axes: [
        AxisParameters(stride: 2, paddingBegin: 1, paddingEnd: 2, outputPadding: 1),
        AxisParameters(stride: 2, padding: 1, outputPadding: 1),
      ])
    let map = try OverlapMap(layers: [first, second], inputSize: [4, 4])
    let figure = try MapFigure(map: map)
    #expect(figure.parameterSummary == "k=3x3 s=2x2 p=1 d=1 | k=4x4 s=2x2 p=1:2x1 d=1 op=1")
    #expect(try MapFigure(json: try JSONValue(parsing: try map.json.encoded())) == figure)
  }

  @Test func malformedLayersAreRefusedNamingTheLayer() throws {
    let map = try OverlapMap(layers: [LayerConfig(dims: 2, kernel: 3, stride: 2)], inputSize: [4, 4])
    let text = try map.json.encoded()
    let layer2D =
      #"{"kernel":[3,3],"stride":[2,2],"padding":[[0,0],[0,0]],"outputPadding":[0,0],"dilation":[1,1]}"#
    #expect(text.contains(layer2D))
    let cases = [
      (
        text.replacingOccurrences(of: #""kernel":[3,3]"#, with: #""kernel":[-3,3]"#),
        "layers[0]: 'kernel' holds -3, outside 1...2147483647"
      ),
      (
        text.replacingOccurrences(of: #""stride":[2,2]"#, with: #""stride":"2""#),
        "layers[0]: 'stride' must be an array of 1, 2 or 3 integers, one per axis"
      ),
      (
        text.replacingOccurrences(
          of: layer2D,
          with: #"{"kernel":[3],"stride":[2],"padding":[[0,0]],"outputPadding":[0],"dilation":[1]}"#),
        "layers[0] has 1 axis but 'dims' is 2"
      ),
    ]
    for (changed, reason) in cases {
      #expect(throws: RenderingError.invalidMap(reason: reason)) {
        try MapFigure(json: try JSONValue(parsing: changed))
      }
    }
  }
}
