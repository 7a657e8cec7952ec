import CheckerscopeCore

extension Winograd3D {
  /// The sizes the transforms and the bands share: channels, the input and output volumes, and
  /// the tiles (`tilesD` tile planes of `tilesH` tile rows of `tilesWP` tiles, of which the first
  /// `tilesW` hold outputs; the others read zeros and are dropped). A band reads its input from
  /// a zero-padded slab of `planeW` columns (`2·tilesWP + 2`).
  struct Geometry: Sendable {
    let batch, cIn, cOut, rows, blocks: Int
    let inD, inH, inW, outD, outH, outW, pD, pH, pW: Int
    let tilesD, tilesH, tilesW, tilesWP, planeW: Int

    /// The padded slab width for outputs `output` (see `Winograd3D.slab`).
    static func planeW(output: [Int]) -> Int {
      2 * (((output[2] + 1) / 2 + 7) / 8 * 8) + 2
    }

    /// Nil when a size is not positive or too large.
    init?(
      batch: Int, cIn: Int, cOut: Int, input: [Int], output: [Int], padBegin: [Int], rows: Int
    ) {
      guard batch > 0, cIn > 0, cOut > 0, rows > 0, input.count == 3, output.count == 3, padBegin.count == 3,
        input.allSatisfy({ $0 > 0 }), output.allSatisfy({ $0 > 0 && $0 <= 1 << 40 }),
        padBegin.allSatisfy({ $0 >= 0 })
      else { return nil }
      (self.batch, self.cIn, self.cOut, self.rows) = (batch, cIn, cOut, rows)
      blocks = (cOut + rows - 1) / rows
      (inD, inH, inW) = (input[0], input[1], input[2])
      (outD, outH, outW) = (output[0], output[1], output[2])
      (pD, pH, pW) = (padBegin[0], padBegin[1], padBegin[2])
      (tilesD, tilesH, tilesW) = ((outD + 1) / 2, (outH + 1) / 2, (outW + 1) / 2)
      tilesWP = (tilesW + 7) / 8 * 8
      planeW = Self.planeW(output: output)
    }

    /// Rows of a band's slab for `count` tile rows (four planes of `2·count + 2` rows each).
    func slabRows(_ count: Int) -> Int { 2 * count + 2 }

    /// Floats a band of `count` tile rows takes at most: its slab, transformed input and the
    /// products of every output channel (a band holds one block of them at a time).
    func bandFloats(rows count: Int) -> Int? {
      guard let slab = CheckedSize.productOrNil([cIn, 4, slabRows(count), planeW]),
        let transforms = CheckedSize.productOrNil([
          64, cIn + cOut, ConvolutionGEMM.rowStride(count * tilesWP),
        ])
      else { return nil }
      return CheckedSize.sumOrNil([slab, transforms, 16])
    }

    /// Whether a one-row band stays within 2^26 floats and 16 × (input + weight + output) + 2^22
    /// (a hostile model's widths would otherwise ask for scratch out of proportion to the
    /// problem; such layers take the other 3D path).
    func isProportionate(input: Int, weight: Int, output: Int) -> Bool {
      guard let band = bandFloats(rows: 1), let limit = CheckedSize.sumOrNil([input, weight, output]) else {
        return false
      }
      return band <= 1 << 26 && band <= 16 * limit + (1 << 22)
    }

    /// Tile rows per band (bands never cross a tile plane): about `budget / (64·(C_in + C_out))`
    /// tiles (whole tile rows, at least 16 tiles), so a band's transformed input and products
    /// stay in the core's cache from the input transform to the output transform, and at most
    /// an eighth of the tile rows per worker (so the threads share the work evenly) when there
    /// are several. Bands never change the result's bits.
    func bandRows(budget: Int, workers: Int) -> Int {
      let perTile = 64 * (cIn + cOut)
      let wanted = max(16, budget / max(1, perTile))
      var rows = max(1, wanted / max(1, tilesWP))
      if workers > 1 { rows = min(rows, max(1, tilesD * tilesH / (8 * workers))) }
      return min(rows, tilesH)
    }

    /// The zero-padded slab of tile rows `ty0..<ty0 + count` of tile plane `td` for every input
    /// channel of one batch item `x` `(C_in, inD, inH, inW)`: channel `ci`'s plane `z` (0…3), row
    /// `y` at `slab[((ci·4 + z)·slabRows + y)·planeW + x]` holds the input sample
    /// `(2td + z − pD, 2·ty0 + y − pH, x − pW)`, or zero outside the input. Every element is written.
    func fillSlab(
      _ x: UnsafePointer<Float>, into slab: UnsafeMutablePointer<Float>, td: Int, ty0: Int, count: Int
    ) {
      let rowsPerPlane = slabRows(count)
      let width = max(0, min(inW, planeW - pW))
      for ci in 0..<cIn {
        for z in 0..<4 {
          let iz = 2 * td + z - pD
          for row in 0..<rowsPerPlane {
            let iy = 2 * ty0 + row - pH
            let line = slab + ((ci * 4 + z) * rowsPerPlane + row) * planeW
            guard iz >= 0, iz < inD, iy >= 0, iy < inH, width > 0 else {
              line.update(repeating: 0, count: planeW)
              continue
            }
            line.update(repeating: 0, count: pW)
            (line + pW).update(from: x + ((ci * inD + iz) * inH + iy) * inW, count: width)
            (line + pW + width).update(repeating: 0, count: planeW - pW - width)
          }
        }
      }
    }
  }
}
