import CheckerscopeCore
import Testing

@testable import TransposedConv

/// The input and output tile transforms of Winograd's F(2×2, 3×3) (`Winograd.Geometry`
/// `transformTiles` and `transformOutput`): the C kernels that take full groups of 8 (AVX2) or 16
/// (AVX-512) tiles against a plain loop of the definition, `Bᵀ d B` and `Aᵀ m A + bias` with the
/// same additions in the same order, bit for bit, on tile rows of every width 1…40 (full groups,
/// a last group of 8 on AVX-512, and the Swift tail), and an output whose last tile has one column.
@Suite("Winograd tile transforms")
struct WinogradTileTransformTests {
  static func geometry(tilesW: Int, outW: Int, kernels: KernelSet) -> Winograd.Geometry {
    let shape = ConvolutionGEMM.Shape(
      batch: 1, cIn: 1, cOut: 1, groups: 1, input: [6, outW], kernel: [3, 3], output: [3, outW],
      strides: [1, 1], dilations: [1, 1], padBegin: [0, 1])
    return Winograd.Geometry(
      shape: shape, rows: 6, blocks: 1, tilesH: 2, tilesW: tilesW, planeH: 6, planeW: 2 * tilesW + 2,
      kernels: kernels)
  }

  static func values(_ count: Int, _ rng: inout SplitMix64) -> [Float] {
    (0..<count).map { _ in Float(Int(rng.next() % 20_001) - 10_000) / 997 }
  }

  @Test("input transform against the definition", arguments: 1...40)
  func input(tilesW: Int) {
    var rng = SplitMix64(seed: 7_000 + UInt64(tilesW))
    let planeW = 2 * tilesW + 2
    var plane = Self.values(6 * planeW, &rng)
    let stride = tilesW + 3
    var expected = [Float](repeating: .nan, count: 16 * stride * 2)
    for ty in 0..<2 {
      for tx in 0..<tilesW {
        let d = { (r: Int, c: Int) in plane[(2 * ty + r) * planeW + 2 * tx + c] }
        // Bᵀ d: rows, then (Bᵀ d) B: columns, in the kernels' order.
        let rows = (0..<4).map { c in
          [d(0, c) - d(2, c), d(1, c) + d(2, c), d(2, c) - d(1, c), d(1, c) - d(3, c)]
        }
        for xi in 0..<4 {
          let r = (0..<4).map { rows[$0][xi] }
          let out = [r[0] - r[2], r[1] + r[2], r[2] - r[1], r[1] - r[3]]
          for nu in 0..<4 { expected[(4 * xi + nu) * 2 * stride + ty * tilesW + tx] = out[nu] }
        }
      }
    }
    for kernels in KernelSet.supported {
      let g = Self.geometry(tilesW: tilesW, outW: 2 * tilesW, kernels: kernels)
      var actual = [Float](repeating: .nan, count: 16 * stride * 2)
      plane.withUnsafeMutableBufferPointer { p in
        actual.withUnsafeMutableBufferPointer { o in
          guard let pBase = p.baseAddress, let oBase = o.baseAddress else { return }
          g.transformTiles(pBase, into: oBase, stride: 2 * stride, rows: 0..<2)
        }
      }
      #expect(actual.map(\.bitPattern) == expected.map(\.bitPattern), "\(kernels), \(tilesW) tiles")
    }
  }

  @Test("output transform against the definition", arguments: 1...40)
  func output(tilesW: Int) {
    var rng = SplitMix64(seed: 8_000 + UInt64(tilesW))
    // An odd output width when possible: the last tile's second column lies outside.
    let outW = tilesW > 1 ? 2 * tilesW - 1 : 2
    let outH = 3
    let bandTiles = 2 * tilesW + 5
    var products = Self.values(16 * bandTiles, &rng)
    let bias: Float = 0.375
    var expected = [Float](repeating: .nan, count: outH * outW)
    for ty in 0..<2 {
      for tx in 0..<tilesW {
        let m = { (e: Int) in products[e * bandTiles + ty * tilesW + tx] }
        let u0 = (0..<4).map { c in m(c) + m(4 + c) + m(8 + c) }
        let u1 = (0..<4).map { c in m(4 + c) - m(8 + c) - m(12 + c) }
        for (i, u) in [u0, u1].enumerated() where 2 * ty + i < outH {
          let row = (2 * ty + i) * outW
          if 2 * tx < outW { expected[row + 2 * tx] = u[0] + u[1] + u[2] + bias }
          if 2 * tx + 1 < outW { expected[row + 2 * tx + 1] = u[1] - u[2] - u[3] + bias }
        }
      }
    }
    for kernels in KernelSet.supported {
      let g = Self.geometry(tilesW: tilesW, outW: outW, kernels: kernels)
      var actual = [Float](repeating: .nan, count: outH * outW)
      products.withUnsafeMutableBufferPointer { p in
        actual.withUnsafeMutableBufferPointer { y in
          guard let pBase = p.baseAddress, let yBase = y.baseAddress else { return }
          g.transformOutput(
            pBase, bias: [bias], into: yBase, outputs: 0..<1, bandTiles: bandTiles, rows: 0..<2)
        }
      }
      #expect(actual.map(\.bitPattern) == expected.map(\.bitPattern), "\(kernels), \(tilesW) tiles")
    }
  }
}
