import CKernels

extension Winograd3D.Geometry {
  /// `(Bᵀ ⊗ Bᵀ ⊗ Bᵀ) d` of every tile of `count` tile rows of one channel's slab `p` (four planes
  /// of `slabRows(count)` rows, see `fillSlab`), on the C kernel `ckern_wino3d_input_avx2` (or its
  /// AVX-512 twin, same bits, for `kernels` `.avx512`):
  /// element `e` of tile slot `s` of the band's tile row `k` at `out[e·stride + k·tilesWP + s]`
  /// (the slots of each group of eight hold tiles 0 1 4 5 2 3 6 7; `transformOutput` reads them
  /// back in that order). With `ahead` non-zero, the kernel prefetches the same tiles `ahead`
  /// floats on (the next channel's).
  func transformTiles(
    _ p: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, stride: Int, count: Int, ahead: Int = 0,
    kernels: KernelSet
  ) {
    let plane = slabRows(count) * planeW
    for k in 0..<count {
      if kernels == .avx512 {
        ckern_wino3d_input_avx512(
          p + 2 * k * planeW, plane, planeW, tilesWP / 8, out + k * tilesWP, stride, ahead)
      } else {
        ckern_wino3d_input_avx2(
          p + 2 * k * planeW, plane, planeW, tilesWP / 8, out + k * tilesWP, stride, ahead)
      }
    }
  }

  /// `(Aᵀ ⊗ Aᵀ ⊗ Aᵀ) m` plus the bias for the tiles of tile rows `ty0..<ty0 + count` of tile plane
  /// `td` and output channels `channels`, on the C kernel `ckern_wino3d_output_avx2`, written
  /// where inside the output `y` `(C_out, outD, outH, outW)` (outputs past its end are dropped).
  /// `products` holds channel `co`'s element `e` of slot `s` of the band's tile row `k` at
  /// `(e·width + co − channels.lowerBound)·ld + k·tilesWP + s`. Each channel's call prefetches
  /// the next channel's output lines.
  func transformOutput(
    _ products: UnsafePointer<Float>, bias: [Float]?, into y: UnsafeMutablePointer<Float>, ld: Int,
    width: Int,
    channels: Range<Int>, td: Int, ty0: Int, count: Int
  ) {
    let outPlane = outH * outW
    let groups = (tilesW + 7) / 8
    for co in channels {
      let b = bias?[co] ?? 0
      for k in 0..<count {
        let ty = ty0 + k
        ckern_wino3d_output_avx2(
          products + (co - channels.lowerBound) * ld + k * tilesWP, width * ld, groups, b,
          y + (co * outD + 2 * td) * outPlane + 2 * ty * outW, outPlane, outW, min(2, outD - 2 * td),
          min(2, outH - 2 * ty), outW, co + 1 < cOut ? outD * outPlane : 0)
      }
    }
  }
}
