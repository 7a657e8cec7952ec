extension Winograd {
  /// Floats of transformed input and products a band of tiles may take (1 MiB).
  static let bandBudget = 1 << 18

  /// Tile rows per band for the banded schedule, or nil for the phased one (each transform and
  /// the 16 products over the whole plane, one after the other). A band holds about
  /// `budget / (16·(C_in + C_out))` tiles (at least 32, whole tile rows), so its transformed
  /// input and products stay in the core's cache from the input transform to the output
  /// transform; bands pay when there are at least eight of them (large planes). Depends only on
  /// the shapes, and both schedules give the same bits (each product element sums the same
  /// terms in the same order).
  static func bandRows(_ s: ConvolutionGEMM.Shape, tilesH: Int, tilesW: Int, budget: Int) -> Int? {
    let perTile = 16 * (s.cInPG + s.cOutPG)
    let wanted = max(32, budget / max(1, perTile))
    let rows = max(1, wanted / max(1, tilesW))
    let bands = (tilesH + rows - 1) / rows
    return bands >= 8 ? rows : nil
  }

  /// The banded schedule of one (batch, group): every input channel padded once, then each band
  /// of `bandRows` tile rows transformed, multiplied and transformed back by one thread, the
  /// bands handed out as threads come free. Each output element is written by one band.
  struct Banded: @unchecked Sendable {
    let geometry: Geometry
    let buffers: Buffers
    let weights: Planes
    let bias: [Float]?
    let y: Planes
    let bandRows: Int
    let kernels: KernelSet

    func run(x: Planes, workers: Int) {
      let s = geometry.shape
      let parts = max(1, workers)
      ParallelLoop.perform(iterations: parts) { part in
        for ci in (s.cInPG * part / parts)..<(s.cInPG * (part + 1) / parts) {
          geometry.pad(x.pointer, channel: ci, into: buffers.padded)
        }
      }
      let bands = (geometry.tilesH + bandRows - 1) / bandRows
      if parts == 1 {
        for index in 0..<bands { band(index) }
      } else {
        ParallelLoop.perform(iterations: bands) { index in band(index) }
      }
    }

    /// Tile rows `index·bandRows…`: input transform, the 16 products, output transform.
    func band(_ index: Int) {
      let s = geometry.shape
      let g = geometry
      let rows = (index * bandRows)..<min(g.tilesH, (index + 1) * bandRows)
      // The same distance as the offsets `Winograd.run` set.
      let bandTiles = ConvolutionGEMM.rowStride(bandRows * g.tilesW)
      let count = rows.count * g.tilesW
      let scratch = ScratchPool.shared.take(16 * (s.cInPG + s.cOutPG) * bandTiles)
      defer { ScratchPool.shared.give(scratch) }
      let transformed = scratch.pointer
      let products = transformed + 16 * s.cInPG * bandTiles
      let plane = g.planeH * g.planeW
      for ci in 0..<s.cInPG {
        g.transformTiles(
          buffers.padded + ci * plane, into: transformed + ci * bandTiles, stride: s.cInPG * bandTiles,
          rows: rows)
      }
      for e in 0..<16 {
        let work = ConvolutionGEMM.Work(
          packed: UnsafeMutablePointer(mutating: weights.pointer) + e * g.blocks * s.cInPG * g.rows,
          rows: s.cOutPG, b: UnsafePointer(transformed + e * s.cInPG * bandTiles), offsets: buffers.offsets,
          k: s.cInPG, bias: buffers.zeroBias, c: products + e * s.cOutPG * bandTiles, ldc: bandTiles,
          kernels: kernels)
        work.run(blocks: 0..<g.blocks, positions: 0..<count)
      }
      g.transformOutput(
        products, bias: bias, into: UnsafeMutablePointer(mutating: y.pointer), outputs: 0..<s.cOutPG,
        bandTiles: bandTiles, rows: rows)
    }
  }
}
