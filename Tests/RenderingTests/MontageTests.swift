import CheckerscopeCore
import Foundation
import OverlapAnalysis
import Testing
import TransposedConv

@testable import Rendering

/// 3D maps drawn as montages: the slices a montage holds (checked against the outer product of
/// the 1D counts of FACTS.md), JSON round trips, and pixel goldens looked at by eye.
@Suite("Volume montages")
struct MontageTests {
  static func map(_ k: Int, _ s: Int, input: [Int]) throws -> OverlapMap {
    try OverlapMap(layers: [LayerConfig(dims: 3, kernel: k, stride: s)], inputSize: input)
  }

  @Test("k=3, s=2 on a 2×3×3 input: five depth slices of c(z)·c(y)·c(x), golden")
  func depthSlices() throws {
    let map = try Self.map(3, 2, input: [2, 3, 3])
    // FACTS F1 pattern for n=2: 1,1,2,1,1; n=3: 1,1,2,1,2,1,1.
    let cz: [Double] = [1, 1, 2, 1, 1]
    let cy: [Double] = [1, 1, 2, 1, 2, 1, 1]
    let panels = try VolumeMontage.panels(values: map.values, shape: map.outputSize)
    #expect(panels.map(\.label) == ["z = 0", "z = 1", "z = 2", "z = 3", "z = 4"])
    for (z, panel) in panels.enumerated() {
      #expect(panel.grid.rows == 7 && panel.grid.columns == 7)
      #expect(panel.grid.values == cy.flatMap { y in cy.map { cz[z] * y * $0 } })
    }
    let figure = try MapFigure(map: map)
    #expect(figure.title == "k=3x3x3 s=2x2x2 p=0 d=1 · max/min 8.00 · cv 0.61")
    let image = try figure.render()
    #expect(ImageGolden.mismatch(image, name: "montage-3d-k3-s2") == nil)
    // The same map through its JSON text draws the same picture.
    let again = try MapFigure(json: try JSONValue(parsing: try map.json.encoded()))
    #expect(try again.render() == image)
  }

  @Test("A deep volume shows its three central slices")
  func centralSlices() throws {
    let map = try Self.map(2, 3, input: [7, 4, 5])  // 20 × 11 × 14, holes at phase 2 (FACTS F7)
    let c = { (n: Int) in (0..<(3 * n - 1)).map { $0 % 3 == 2 ? 0.0 : 1.0 } }
    let (cz, cy, cx) = (c(7), c(4), c(5))
    let panels = try VolumeMontage.panels(values: map.values, shape: map.outputSize)
    #expect(
      panels.map(\.label) == [
        "z = 10 (y down, x across)", "y = 5 (z down, x across)", "x = 7 (z down, y across)",
      ])
    #expect(panels[0].grid.values == cy.flatMap { y in cx.map { cz[10] * y * $0 } })
    #expect(panels[1].grid.values == cz.flatMap { z in cx.map { z * cy[5] * $0 } })
    #expect(panels[2].grid.values == cz.flatMap { z in cy.map { z * $0 * cx[7] } })
    let image = try MapFigure(map: map).render()
    #expect(ImageGolden.mismatch(image, name: "montage-3d-central-holes") == nil)
  }

  @Test("Bad volumes are refused")
  func refusals() {
    #expect(throws: RenderingError.self) { try VolumeMontage.panels(values: [1, 2], shape: [1, 1, 3]) }
    #expect(throws: RenderingError.self) { try VolumeMontage.panels(values: [], shape: [0, 1, 1]) }
    #expect(throws: RenderingError.self) { try VolumeMontage.render([], style: HeatmapStyle()) }
  }
}
