import Foundation
import OverlapAnalysis
import Sweeps
import Testing

@testable import Reporting

/// The report's grid cells (computed with the Sweep API) against the closed form of FACTS.md and
/// against the per-map path (`OverlapMap.interiorMetrics`) the section used before.
@Suite struct GridSectionTests {
  /// One interior period of a 1D all-ones layer, by the closed form: tap `j` lands on phase
  /// `(j·d) mod s`, so `tile[(j·d) mod s] += 1` for `j < k`.
  static func tile(k: Int, s: Int, d: Int) -> [Double] {
    var tile = [Double](repeating: 0, count: s)
    for j in 0..<k { tile[(j * d) % s] += 1 }
    return tile
  }

  @Test(arguments: [1, 2])
  func cellsFollowTheClosedForm(dims: Int) throws {
    let request = GridRequest(dims: dims, kernels: [1, 2, 3, 4, 5], strides: [1, 2, 3], dilations: [1, 2])
    for d in request.dilations {
      let cells = try GridSection.cells(request, dilation: d)
      #expect(cells.map(\.kernel) == request.kernels.flatMap { k in request.strides.map { _ in k } })
      #expect(cells.map(\.stride) == request.kernels.flatMap { _ in request.strides })
      for cell in cells {
        let m = try #require(cell.metrics, "k=\(cell.kernel) s=\(cell.stride) d=\(d)")
        let t = Self.tile(k: cell.kernel, s: cell.stride, d: d)
        let low = try #require(t.min())
        let high = try #require(t.max())
        let zeros = Double(t.filter { $0 == 0 }.count) / Double(t.count)
        // A 2D tile is the outer product of two equal axis tiles.
        let power = Double(dims)
        #expect(
          m.min == pow(low, power) && m.max == pow(high, power), "k=\(cell.kernel) s=\(cell.stride) d=\(d)")
        let expectedZeros = dims == 1 ? zeros : 1 - (1 - zeros) * (1 - zeros)
        #expect(abs(m.zeroFraction - expectedZeros) < 1e-12)
        if low == 0 {
          #expect(m.maxMinRatio == nil)
        } else {
          #expect(abs((m.maxMinRatio ?? 0) - pow(high / low, power)) < 1e-12)
        }
      }
    }
  }

  /// Valid and invalid configurations (padding larger than the output) are the same as building
  /// each map with `OverlapMap(dims:kernel:stride:padding:dilation:inputSize:)`, and the metrics agree.
  @Test func cellsAgreeWithTheMapPath() throws {
    let request = GridRequest(
      dims: 2, kernels: [1, 2, 3, 5, 8], strides: [1, 2, 4], dilations: [1, 3], padding: 3, inputSize: 3)
    var invalid = 0
    for d in request.dilations {
      for cell in try GridSection.cells(request, dilation: d) {
        let map = try? OverlapMap(
          dims: 2, kernel: cell.kernel, stride: cell.stride, padding: request.padding, dilation: d,
          inputSize: request.inputSize)
        #expect(cell.metrics == map?.interiorMetrics, "k=\(cell.kernel) s=\(cell.stride) d=\(d)")
        if cell.metrics == nil { invalid += 1 }
      }
    }
    // k=1, s=1, d=1, p=3, n=3: output 3 − 6 + 0 + 1 < 1, so some cells must be invalid.
    #expect(invalid > 0)
  }
}
