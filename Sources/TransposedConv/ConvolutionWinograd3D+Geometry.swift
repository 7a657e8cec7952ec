import CheckerscopeCore

extension Winograd3D {
  /// The sizes the transforms and the bands share: channels, the input, output and padded
  /// volumes, and the tiles (`tilesD × tilesH` tile rows of `tilesWP` tiles, of which the first
  /// `tilesW` hold outputs; the others read zeros and are dropped).
  struct Geometry: Sendable {
    let batch, cIn, cOut, rows, blocks: Int
    let inD, inH, inW, outD, outH, outW, pD, pH, pW: Int
    let tilesD, tilesH, tilesW, tilesWP: Int
    let planeD, planeH, planeW: Int

    /// The padded volume's sizes for outputs `output` (see `Winograd3D.paddedVolume`).
    static func planes(output: [Int]) -> [Int] {
      let tiles = output.map { ($0 + 1) / 2 }
      return [2 * tiles[0] + 2, 2 * tiles[1] + 2, 2 * ((tiles[2] + 7) / 8 * 8) + 2]
    }

    /// Nil when a size is not positive or the padded volume's count would overflow.
    init?(
      batch: Int, cIn: Int, cOut: Int, input: [Int], output: [Int], padBegin: [Int], rows: Int
    ) {
      guard batch > 0, cIn > 0, cOut > 0, rows > 0, input.count == 3, output.count == 3, padBegin.count == 3,
        input.allSatisfy({ $0 > 0 }), output.allSatisfy({ $0 > 0 && $0 < 1 << 40 }),
        padBegin.allSatisfy({ $0 >= 0 })
      else { return nil }
      (self.batch, self.cIn, self.cOut, self.rows) = (batch, cIn, cOut, rows)
      blocks = (cOut + rows - 1) / rows
      (inD, inH, inW) = (input[0], input[1], input[2])
      (outD, outH, outW) = (output[0], output[1], output[2])
      (pD, pH, pW) = (padBegin[0], padBegin[1], padBegin[2])
      (tilesD, tilesH, tilesW) = ((outD + 1) / 2, (outH + 1) / 2, (outW + 1) / 2)
      tilesWP = (tilesW + 7) / 8 * 8
      let planes = Self.planes(output: output)
      (planeD, planeH, planeW) = (planes[0], planes[1], planes[2])
      guard CheckedSize.productOrNil([cIn, planeD, planeH, planeW]) != nil else { return nil }
    }

    /// Floats of one channel's padded volume.
    var volume: Int { planeD * planeH * planeW }
    /// Tile rows: `(tile depth, tile row)` pairs, `td·tilesH + ty`.
    var tileRows: Int { tilesD * tilesH }

    /// Floats a band of `rows` tile rows takes (transformed input and products).
    func bandFloats(rows: Int) -> Int? {
      CheckedSize.productOrNil([64, cIn + cOut, ConvolutionGEMM.rowStride(rows * tilesWP)])
    }

    /// Whether the padded volume stays within 16 × (input + weight + output) + 2^22 floats and
    /// a one-row band within 2^26 floats (a hostile model's pads or widths would otherwise ask for
    /// scratch out of proportion to the problem; such layers take the other 3D path).
    func isProportionate(input: Int, weight: Int, output: Int) -> Bool {
      guard let padded = CheckedSize.productOrNil([cIn, volume]),
        let limit = CheckedSize.sumOrNil([input, weight, output]), padded <= 16 * limit + (1 << 22),
        let band = bandFloats(rows: 1), band <= 1 << 26
      else { return false }
      return true
    }

    /// Tile rows per band: about `budget / (64·(C_in + C_out))` tiles (whole tile rows, at least
    /// 16 tiles), so a band's transformed input and products stay in the core's cache from the
    /// input transform to the output transform, and at most an eighth of the rows per worker
    /// (so the threads share the work evenly) when there are several. Bands never change the
    /// result's bits.
    func bandRows(budget: Int, workers: Int) -> Int {
      let perTile = 64 * (cIn + cOut)
      let wanted = max(16, budget / max(1, perTile))
      var rows = max(1, wanted / max(1, tilesWP))
      if workers > 1 { rows = min(rows, max(1, tileRows / (8 * workers))) }
      return min(rows, tileRows)
    }

    /// Input channels `channels` of one batch item `x` `(C_in, inD, inH, inW)` copied into their
    /// zero-padded volumes (`planeD × planeH × planeW` each; sample `(z, y, x)` at
    /// `(z + pD, y + pH, x + pW)`), every element written once.
    func pad(_ x: UnsafePointer<Float>, into padded: UnsafeMutablePointer<Float>, channels: Range<Int>) {
      let plane = planeH * planeW
      let width = max(0, min(inW, planeW - pW))
      for ci in channels {
        let p = padded + ci * volume
        for z in 0..<planeD {
          let iz = z - pD
          let target = p + z * plane
          guard iz >= 0, iz < inD else {
            target.update(repeating: 0, count: plane)
            continue
          }
          for row in 0..<planeH {
            let iy = row - pH
            let line = target + row * planeW
            guard iy >= 0, iy < inH, width > 0 else {
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
