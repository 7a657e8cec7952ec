extension Winograd3D {
  /// One batch item's bands: each band of `bandRows` tile rows of one tile plane is copied into a
  /// zero-padded slab, transformed, multiplied and transformed back by one thread, on scratch of
  /// its own from `ScratchPool`. Each output element is written by one band.
  struct Banded3D: @unchecked Sendable {
    let geometry: Geometry
    /// The batch item's input `(C_in, inD, inH, inW)`.
    let x: Winograd.Planes
    /// The 64 packed transformed weight matrices.
    let weights: Winograd.Planes
    let bias: [Float]?
    /// `blocks·rows` zeros (the products take no bias; the output transform adds it).
    let zeroBias: Winograd.Planes
    let y: Winograd.Planes
    let bandRows: Int
    let kernels: KernelSet

    /// Bands per tile plane.
    var chunks: Int { (geometry.tilesH + bandRows - 1) / bandRows }
    /// Bands of the batch item.
    var bands: Int { geometry.tilesD * chunks }

    /// Band `index`: tile plane `index / chunks`, its tile rows `(index mod chunks)·bandRows…`:
    /// slab, input transform, then per block of output channels the 64 products and the output
    /// transform.
    func band(_ index: Int) {
      let g = geometry
      let (td, chunk) = index.quotientAndRemainder(dividingBy: chunks)
      let ty0 = chunk * bandRows
      let count = min(bandRows, g.tilesH - ty0)
      let ld = ConvolutionGEMM.rowStride(bandRows * g.tilesWP)
      let positions = count * g.tilesWP
      let slabFloats = g.cIn * 4 * g.slabRows(count) * g.planeW
      let scratch = ScratchPool.shared.take(slabFloats + 64 * (g.cIn + g.rows) * ld + 16)
      let offsets = UnsafeMutablePointer<Int>.allocate(capacity: g.cIn)
      defer {
        ScratchPool.shared.give(scratch)
        offsets.deallocate()
      }
      for ci in 0..<g.cIn { offsets[ci] = ci * ld }
      let slab = scratch.pointer
      let transformed = slab + slabFloats
      let products = transformed + 64 * g.cIn * ld
      g.fillSlab(x.pointer, into: slab, td: td, ty0: ty0, count: count)
      let channel = 4 * g.slabRows(count) * g.planeW
      for ci in 0..<g.cIn {
        g.transformTiles(
          slab + ci * channel, into: transformed + ci * ld, stride: g.cIn * ld, count: count,
          ahead: ci + 1 < g.cIn ? channel : 0, kernels: kernels)
      }
      // The products and output transform one block of `rows` output channels at a time: the
      // block's 64 products (64 × rows × ld floats) stay in the first-level cache until the
      // output transform reads them.
      let matrix = g.blocks * g.cIn * g.rows
      for block in 0..<g.blocks {
        let first = block * g.rows
        let live = min(g.rows, g.cOut - first)
        for e in 0..<64 {
          let work = ConvolutionGEMM.Work(
            packed: UnsafeMutablePointer(mutating: weights.pointer) + e * matrix + block * g.cIn * g.rows,
            rows: live, b: UnsafePointer(transformed + e * g.cIn * ld), offsets: offsets, k: g.cIn,
            bias: UnsafeMutablePointer(mutating: zeroBias.pointer), c: products + e * g.rows * ld, ldc: ld,
            kernels: kernels)
          work.run(blocks: 0..<1, positions: 0..<positions)
        }
        g.transformOutput(
          UnsafePointer(products), bias: bias, into: UnsafeMutablePointer(mutating: y.pointer), ld: ld,
          width: g.rows, channels: first..<(first + live), td: td, ty0: ty0, count: count)
      }
    }
  }
}
