import CheckerscopeCore
import OverlapAnalysis
import Rendering
import Testing
import TransposedConv

/// The values of a map's JSON read back by `MapFigure(json:)` (what `render MAP.json` draws): exact
/// in 1D, 2D and 3D, counts kept integral, gains not, and malformed value arrays refused.
@Suite struct MapFigureValuesTests {
  @Test(arguments: [1, 2, 3])
  func valuesRoundTrip(dims: Int) throws {
    let map = try OverlapMap(dims: dims, kernel: 3, stride: 2, inputSize: 4)
    let figure = try MapFigure(json: try JSONValue(parsing: try map.json.encoded()))
    #expect(figure.grid.values == map.values)
    #expect(figure.outputSize == [Int](repeating: 9, count: dims))
    #expect(figure.isIntegral)
  }

  @Test func threeDValuesFollowTheClosedForm() throws {
    // n=2, k=3, s=2: per-axis counts c = 1,1,2,1,1, and value (z, y, x) = c(z)·c(y)·c(x).
    let map = try OverlapMap(dims: 3, kernel: 3, stride: 2, inputSize: 2)
    let figure = try MapFigure(json: try JSONValue(parsing: try map.json.encoded()))
    let c = [1.0, 1, 2, 1, 1]
    var expected: [Double] = []
    for z in 0..<5 { for y in 0..<5 { for x in 0..<5 { expected.append(c[z] * c[y] * c[x]) } } }
    #expect(figure.grid.values == expected)
  }

  @Test func gainsAreNotIntegral() throws {
    let gains = try OverlapMap(
      layer: LayerConfig(kernelSpec: KernelSpec(parsing: "random:3:1"), axes: [AxisParameters(stride: 2)]),
      inputSize: [5])
    let figure = try MapFigure(json: try JSONValue(parsing: try gains.json.encoded(style: .pretty)))
    #expect(figure.grid.values == gains.values)
    #expect(!figure.isIntegral)
  }

  @Test(arguments: [
    ("[[[1,1,2,1,1],", "[["),  // a depth slice missing a row
    ("[1,1,2,1,1]", "[1,1,2,1]"),  // a short row
    ("[1,1,2,1,1]", "[1,1,\"2\",1,1]"),  // a string among the numbers
  ])
  func malformedValuesAreRefused(change: (String, String)) throws {
    let map = try OverlapMap(dims: 3, kernel: 3, stride: 2, inputSize: 2)
    let text = try map.json.encoded()
    let broken = text.replacingOccurrences(of: change.0, with: change.1)
    #expect(broken != text)
    #expect(throws: RenderingError.self) { try MapFigure(json: try JSONValue(parsing: broken)) }
  }
}
