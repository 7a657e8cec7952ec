import CheckerscopeCore
import OverlapAnalysis
import Testing

@testable import Rendering

/// Colour domains and map values far beyond Int's range, or too narrow for their magnitude: each
/// used to trap (`Int(high − low)`) or loop forever (`i += 1` with `i + 1 == i`).
@Suite struct HugeRangeTests {
  @Test(
    "ticks stay inside the domain and end",
    arguments: [
      (0.0, 1e300), (0.0, 9.3e18), (-1.7e308, 1.7e308), (1e17, 1e17 + 32), (0.0, .greatestFiniteMagnitude),
      (.leastNonzeroMagnitude, 2 * .leastNonzeroMagnitude),
    ])
  func ticks(low: Double, high: Double) {
    for integers in [false, true] {
      let t = ColorBar.ticks(low: low, high: high, height: 400, integers: integers)
      #expect(!t.values.isEmpty)
      #expect(t.values.count <= Ticks.maximumCount)
      #expect(t.values.allSatisfy { $0 >= low && $0 <= high })
    }
  }

  @Test("a colour bar over ±1.7e308 draws")
  func colorBar() throws {
    var figure = Figure(width: 200, height: 300)
    ColorBar.draw(
      &figure, x: 10, y: 10, height: 256, colormap: .viridis, low: -1.7e308, high: 1.7e308, label: "v",
      integers: true)
    #expect(try figure.raster(scale: 1).width == 200)
  }

  @Test("a map with counts of 9.3e18 and a domain up to 1e300 render")
  func hugeValues() throws {
    let map = try OverlapMap(dims: 2, kernel: 3, stride: 2, inputSize: 3)
    let json = map.json
    guard case .object(var members) = json, let index = members.firstIndex(where: { $0.0 == "values" }) else {
      Issue.record("the map JSON has no values")
      return
    }
    let rows = map.rows.map { JSONValue.array($0.map { JSONValue.double($0 * 9.3e18) }) }
    members[index].1 = .array(rows)
    let figure = try MapFigure(json: .object(members))
    #expect(try figure.render().width > 0)
    var options = MapFigureOptions()
    options.vmax = 1e300
    #expect(try MapFigure(map: map).render(options).width > 0)
  }
}
