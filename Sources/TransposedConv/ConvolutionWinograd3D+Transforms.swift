import CKernels

extension Winograd3D.Geometry {
  /// `(Bᵀ ⊗ Bᵀ ⊗ Bᵀ) d` of every tile of tile rows `rows` of one channel's padded volume `p`, on
  /// the C kernel `ckern_wino3d_input_avx2`: element `e` of tile slot `s` of tile row `r` at
  /// `out[e·stride + (r − rows.lowerBound)·tilesWP + s]` (the slots of each group of eight hold
  /// tiles 0 1 4 5 2 3 6 7; `transformOutput` reads them back in that order).
  /// With `ahead` non-zero, the kernel prefetches the same tiles `ahead` floats on (the next
  /// channel's).
  func transformTiles(
    _ p: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, stride: Int, rows: Range<Int>,
    ahead: Int = 0
  ) {
    let plane = planeH * planeW
    for r in rows {
      let (td, ty) = r.quotientAndRemainder(dividingBy: tilesH)
      ckern_wino3d_input_avx2(
        p + 2 * td * plane + 2 * ty * planeW, plane, planeW, tilesWP / 8,
        out + (r - rows.lowerBound) * tilesWP, stride, ahead)
    }
  }

  /// `(Aᵀ ⊗ Aᵀ ⊗ Aᵀ) m` plus the bias for the tiles of tile rows `rows` and every output channel,
  /// on the C kernel `ckern_wino3d_output_avx2`, written where inside the output `y`
  /// `(C_out, outD, outH, outW)` (outputs past its end are dropped). `products` holds channel
  /// `co`'s element `e` of slot `s` of tile row `r` at
  /// `(e·C_out + co)·ld + (r − rows.lowerBound)·tilesWP + s`. Each channel's call prefetches the
  /// next channel's output lines.
  func transformOutput(
    _ products: UnsafePointer<Float>, bias: [Float]?, into y: UnsafeMutablePointer<Float>, ld: Int,
    rows: Range<Int>
  ) {
    let outPlane = outH * outW
    let groups = (tilesW + 7) / 8
    for co in 0..<cOut {
      let b = bias?[co] ?? 0
      for r in rows {
        let (td, ty) = r.quotientAndRemainder(dividingBy: tilesH)
        ckern_wino3d_output_avx2(
          products + co * ld + (r - rows.lowerBound) * tilesWP, cOut * ld, groups, b,
          y + (co * outD + 2 * td) * outPlane + 2 * ty * outW, outPlane, outW, min(2, outD - 2 * td),
          min(2, outH - 2 * ty), outW, co + 1 < cOut ? outD * outPlane : 0)
      }
    }
  }
}
