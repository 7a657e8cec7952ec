import CheckerscopeCore
import Testing

@testable import TransposedConv

/// The packed Winograd weights (`Winograd.Geometry.transformWeights`) against a plain loop of
/// `G g Gᵀ` per (output, input channel) pair written where `ConvolutionGEMM.pack` puts element
/// `(ci, r)` of a block: bit for bit (the transform is the same additions and halvings in the same
/// order), rows past the last output channel zero, and the same bits when the blocks are split
/// between parts as the threads split them.
@Suite("Winograd weight transform")
struct WinogradWeightTransformTests {
  /// `G g Gᵀ` of one 3×3 weight `g` (row-major), element `4ξ + ν`, by the definition: rows of
  /// `G g` are `g₀`, `(g₀ + g₁ + g₂)·½`, `(g₀ − g₁ + g₂)·½`, `g₂`, then the same on columns.
  static func reference(_ g: [Float]) -> [Float] {
    let row = { (i: Int) in [g[3 * i], g[3 * i + 1], g[3 * i + 2]] }
    let (g0, g1, g2) = (row(0), row(1), row(2))
    let rows = [
      g0, (0..<3).map { (g0[$0] + g1[$0] + g2[$0]) * 0.5 }, (0..<3).map { (g0[$0] - g1[$0] + g2[$0]) * 0.5 },
      g2,
    ]
    return rows.flatMap { r in [r[0], (r[0] + r[1] + r[2]) * 0.5, (r[0] - r[1] + r[2]) * 0.5, r[2]] }
  }

  @Test(
    "packed transform against the plain loop",
    arguments: [(6, 3), (13, 40), (37, 5), (20, 64), (8, 33)])
  func packed(_ channels: (cOut: Int, cIn: Int)) {
    let (cOut, cIn) = channels
    var rng = SplitMix64(seed: UInt64(cOut * 100 + cIn))
    let w = (0..<(cOut * cIn * 9)).map { _ in Float(rng.next() >> 40) / Float(1 << 24) - 0.5 }
    let shape = ConvolutionGEMM.Shape(
      batch: 1, cIn: cIn, cOut: cOut, groups: 1, input: [8, 8], kernel: [3, 3], output: [8, 8],
      strides: [1, 1], dilations: [1, 1], padBegin: [1, 1])
    let rows = 6
    let blocks = (cOut + rows - 1) / rows
    let geometry = Winograd.Geometry(
      shape: shape, rows: rows, blocks: blocks, tilesH: 4, tilesW: 4, planeH: 10, planeW: 10)
    let matrix = blocks * cIn * rows
    var expected = [Float](repeating: 0, count: 16 * matrix)
    for co in 0..<cOut {
      for ci in 0..<cIn {
        let t = Self.reference(Array(w[((co * cIn + ci) * 9)..<((co * cIn + ci) * 9 + 9)]))
        for e in 0..<16 { expected[e * matrix + ((co / rows) * cIn + ci) * rows + co % rows] = t[e] }
      }
    }
    for parts in [1, 3] {
      var packed = [Float](repeating: .nan, count: 16 * matrix)
      w.withUnsafeBufferPointer { source in
        packed.withUnsafeMutableBufferPointer { target in
          guard let s = source.baseAddress, let t = target.baseAddress else { return }
          for part in 0..<parts {
            geometry.transformWeights(
              s, into: t, blocks: (blocks * part / parts)..<(blocks * (part + 1) / parts))
          }
        }
      }
      let same = zip(packed, expected).allSatisfy { $0.bitPattern == $1.bitPattern }
      #expect(same, "\(cOut)×\(cIn), \(parts) parts")
    }
  }
}
