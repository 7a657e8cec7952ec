extension Winograd3D {
  /// One batch item's bands: each band of `bandRows` tile rows is transformed, multiplied and
  /// transformed back by one thread, on scratch of its own from `ScratchPool`. Each output
  /// element is written by one band.
  struct Banded3D: @unchecked Sendable {
    let geometry: Geometry
    /// Every input channel's padded volume.
    let padded: Winograd.Planes
    /// The 64 packed transformed weight matrices.
    let weights: Winograd.Planes
    let bias: [Float]?
    /// `blocks·rows` zeros (the products take no bias; the output transform adds it).
    let zeroBias: Winograd.Planes
    let y: Winograd.Planes
    let bandRows: Int
    let kernels: KernelSet

    /// Tile rows `index·bandRows…`: input transform, the 64 products, output transform.
    func band(_ index: Int) {
      let g = geometry
      let rows = (index * bandRows)..<min(g.tileRows, (index + 1) * bandRows)
      let ld = ConvolutionGEMM.rowStride(bandRows * g.tilesWP)
      let count = rows.count * g.tilesWP
      let scratch = ScratchPool.shared.take(64 * (g.cIn + g.cOut) * ld)
      let offsets = UnsafeMutablePointer<Int>.allocate(capacity: g.cIn)
      defer {
        ScratchPool.shared.give(scratch)
        offsets.deallocate()
      }
      for ci in 0..<g.cIn { offsets[ci] = ci * ld }
      let transformed = scratch.pointer
      let products = transformed + 64 * g.cIn * ld
      for ci in 0..<g.cIn {
        g.transformTiles(
          padded.pointer + ci * g.volume, into: transformed + ci * ld, stride: g.cIn * ld, rows: rows,
          ahead: ci + 1 < g.cIn ? g.volume : 0)
      }
      let matrix = g.blocks * g.cIn * g.rows
      for e in 0..<64 {
        let work = ConvolutionGEMM.Work(
          packed: UnsafeMutablePointer(mutating: weights.pointer) + e * matrix, rows: g.cOut,
          b: UnsafePointer(transformed + e * g.cIn * ld), offsets: offsets, k: g.cIn,
          bias: UnsafeMutablePointer(mutating: zeroBias.pointer), c: products + e * g.cOut * ld, ldc: ld,
          kernels: kernels)
        work.run(blocks: 0..<g.blocks, positions: 0..<count)
      }
      g.transformOutput(
        UnsafePointer(products), bias: bias, into: UnsafeMutablePointer(mutating: y.pointer), ld: ld, rows: rows)
    }
  }
}
