import CheckerscopeCore
import OverlapAnalysis
import Testing
import TransposedConv

/// Maps written as JSON and read back as grids.
@Suite struct MapGridTests {
  @Test(arguments: [1, 2])
  func mapJSONRoundTrips(dims: Int) throws {
    let map = try OverlapMap(dims: dims, kernel: 3, stride: 2, inputSize: 4)
    let grid = try MapGrid(json: JSONValue(parsing: map.json.encoded()))
    #expect(grid == MapGrid(map))
    #expect(grid.isIntegral)
    let gains = try OverlapMap(
      layer: LayerConfig(kernelSpec: KernelSpec(parsing: "random:3:1"), axes: [AxisParameters(stride: 2)]),
      inputSize: [5])
    let gainGrid = try MapGrid(json: JSONValue(parsing: gains.json.encoded(style: .pretty)))
    #expect(gainGrid == MapGrid(gains))
    #expect(!gainGrid.isIntegral)
  }

  @Test(arguments: [
    #"{"dims":3,"outputSize":[1],"values":[1]}"#, #"{"dims":1,"outputSize":[2],"values":[1]}"#,
    #"{"dims":2,"outputSize":[2,2],"values":[[1,2],[3]]}"#, #"{"dims":1,"outputSize":[1],"values":["a"]}"#,
    #"{"dims":1,"values":[1]}"#,
  ])
  func malformedMapsAreRejected(text: String) {
    #expect(throws: OverlapError.self) { try MapGrid(json: JSONValue(parsing: text)) }
  }
}
