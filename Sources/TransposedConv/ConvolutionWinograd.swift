import CKernels

/// Winograd's F(2×2, 3×3) for 3×3, stride-1, undilated convolutions with many channels: 16
/// products of 4×4-tile transforms instead of 36 multiply-adds per 2×2 outputs and channel pair
/// (2.25× fewer), the 16 products on the GEMM kernel of `ConvolutionGEMM`.
///
/// With `Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1]`, `G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1]` and
/// `Aᵀ = [1 1 1 0; 0 1 −1 −1]`, each 2×2 output tile is `Aᵀ [Σ_ci (G g Gᵀ) ⊙ (Bᵀ d B)] A` for the
/// 4×4 input tile `d` at twice its tile index (in the zero-padded input) and each channel pair's
/// 3×3 weight `g`. The 16 element-wise sums over input channels are 16 matrix products
/// `(C_out × C_in)·(C_in × tiles)`. The transforms are additions and halvings in a fixed order and
/// each product element sums its channels in order with fused multiply-adds, so the result does
/// not depend on the number of threads; it differs from the direct sum in the last bits (within
/// the tests' 1e-4). The transformed weights are kept between runs (`PackedWeightCache`); large
/// planes run in bands of tile rows (`bandRows`, `Banded`) so each band's transforms and products
/// stay in cache.
enum Winograd {
  /// Whether the F(2×2, 3×3) path runs: an `eligible` shape with at least 32 input and output
  /// channels per group and at least 128 together (depends only on the shapes). Narrower layers
  /// measured faster on the direct product: their transforms cost more than the products save.
  static func applies(_ s: ConvolutionGEMM.Shape) -> Bool {
    eligible(s) && min(s.cInPG, s.cOutPG) >= 32 && s.cInPG + s.cOutPG >= 128
  }

  /// Whether the shape allows F(2×2, 3×3) at all: 3×3, stride 1, dilation 1, outputs of at least 4×4.
  static func eligible(_ s: ConvolutionGEMM.Shape) -> Bool {
    s.kH == 3 && s.kW == 3 && !s.strided && s.dH == 1 && s.dW == 1 && s.outH >= 4 && s.outW >= 4
  }

  /// The convolution of every (batch, group) of `s` into `y`.
  static func run(
    _ s: ConvolutionGEMM.Shape, x: UnsafePointer<Float>, w: UnsafePointer<Float>, weights: [Float],
    bias: [Float]?, y: UnsafeMutablePointer<Float>, kernels: KernelSet, workers: Int,
    bandBudget: Int = Winograd.bandBudget
  ) {
    let rows = ConvolutionGEMM.blockRows(kernels)
    let blocks = (s.cOutPG + rows - 1) / rows
    let tilesH = (s.outH + 1) / 2
    let tilesW = (s.outW + 1) / 2
    let tiles = tilesH * tilesW
    let planeH = 2 * tilesH + 2
    let planeW = 2 * tilesW + 2
    let band = bandRows(s, tilesH: tilesH, tilesW: tilesW, budget: bandBudget)
    // Each channel's transformed tiles (and products) lie `ld` apart (`ConvolutionGEMM.rowStride`).
    let ld = ConvolutionGEMM.rowStride(band.map { $0 * tilesW } ?? tiles)
    let buffers = Buffers(
      padded: s.cInPG * planeH * planeW, transformed: band == nil ? 16 * s.cInPG * ld : 1,
      products: band == nil ? 16 * s.cOutPG * ld : 1, channels: s.cInPG, bias: blocks * rows)
    defer { buffers.deallocate() }
    for ci in 0..<s.cInPG { buffers.offsets[ci] = ci * ld }
    buffers.zeroBias.update(repeating: 0, count: blocks * rows)
    let geometry = Geometry(
      shape: s, rows: rows, blocks: blocks, tilesH: tilesH, tilesW: tilesW, planeH: planeH, planeW: planeW,
      kernels: kernels)
    let parts = max(1, workers)
    let matrices = 16 * blocks * s.cInPG * rows
    let transformed = PackedWeightCache.shared.packed(
      weights, layout: [1, rows, s.cOutPG, s.cInPG, s.groups], count: s.groups * matrices
    ) { target in
      for g in 0..<s.groups {
        let wg = Planes(w + g * s.cOutPG * s.cInPG * 9)
        let packed = Planes(UnsafePointer(target + g * matrices))
        ParallelLoop.perform(iterations: parts) { part in
          geometry.transformWeights(
            wg.pointer, into: UnsafeMutablePointer(mutating: packed.pointer),
            blocks: (blocks * part / parts)..<(blocks * (part + 1) / parts))
        }
      }
    }
    defer { withExtendedLifetime(transformed) {} }
    for g in 0..<s.groups {
      let groupWeights = Planes(UnsafePointer(transformed.pointer + g * matrices))
      for n in 0..<s.batch {
        let xg = Planes(x + (n * s.cIn + g * s.cInPG) * s.inH * s.inW)
        let yg = Planes(UnsafePointer(y + (n * s.cOut + g * s.cOutPG) * s.outH * s.outW))
        let biasG = bias.map { Array($0[(g * s.cOutPG)..<((g + 1) * s.cOutPG)]) }
        if let band {
          let banded = Banded(
            geometry: geometry, buffers: buffers, weights: groupWeights, bias: biasG, y: yg, bandRows: band,
            kernels: kernels)
          banded.run(x: xg, workers: parts)
          continue
        }
        ParallelLoop.perform(iterations: parts) { part in
          geometry.transformInput(
            xg.pointer, buffers: buffers, ld: ld,
            channels: (s.cInPG * part / parts)..<(s.cInPG * (part + 1) / parts))
        }
        // The 16 products, handed to the threads one at a time.
        let count = parts > 1 ? 16 : 1
        ParallelLoop.perform(iterations: count) { part in
          for e in (16 * part / count)..<(16 * (part + 1) / count) {
            let work = ConvolutionGEMM.Work(
              packed: UnsafeMutablePointer(mutating: groupWeights.pointer) + e * blocks * s.cInPG * rows,
              rows: s.cOutPG,
              b: UnsafePointer(buffers.transformed + e * s.cInPG * ld), offsets: buffers.offsets,
              k: s.cInPG,
              bias: buffers.zeroBias, c: buffers.products + e * s.cOutPG * ld, ldc: ld, kernels: kernels
            )
            work.run(blocks: 0..<blocks, positions: 0..<tiles)
          }
        }
        ParallelLoop.perform(iterations: parts) { part in
          geometry.transformOutput(
            buffers.products, bias: biasG, into: UnsafeMutablePointer(mutating: yg.pointer),
            outputs: (s.cOutPG * part / parts)..<(s.cOutPG * (part + 1) / parts), bandTiles: ld)
        }
      }
    }
  }

  /// A pointer the threads share (each writes its own part).
  struct Planes: @unchecked Sendable {
    let pointer: UnsafePointer<Float>
    init(_ pointer: UnsafePointer<Float>) { self.pointer = pointer }
  }

  /// The scratch of one call, from `ScratchPool`.
  struct Buffers: @unchecked Sendable {
    let taken: [ScratchPool.Buffer]
    let padded: UnsafeMutablePointer<Float>
    let transformed: UnsafeMutablePointer<Float>
    let products: UnsafeMutablePointer<Float>
    let offsets: UnsafeMutablePointer<Int>
    let zeroBias: UnsafeMutablePointer<Float>

    init(padded: Int, transformed: Int, products: Int, channels: Int, bias: Int) {
      let pool = ScratchPool.shared
      taken = [padded, transformed, products, bias].map { pool.take($0) }
      self.padded = taken[0].pointer
      self.transformed = taken[1].pointer
      self.products = taken[2].pointer
      zeroBias = taken[3].pointer
      offsets = UnsafeMutablePointer<Int>.allocate(capacity: max(1, channels))
    }

    func deallocate() {
      for buffer in taken { ScratchPool.shared.give(buffer) }
      offsets.deallocate()
    }
  }

  /// The sizes the three transforms share.
  struct Geometry: Sendable {
    let shape: ConvolutionGEMM.Shape
    let rows, blocks, tilesH, tilesW, planeH, planeW: Int
    /// The set whose C kernels run the input and output transforms' full groups of tiles (8 at a
    /// time on AVX2, 16 on AVX-512; the same additions, so the same bits); `.portable` runs them
    /// all in Swift.
    var kernels: KernelSet = .portable

    var tiles: Int { tilesH * tilesW }

    /// `G g Gᵀ` of the output channels of blocks `range` × every input channel, packed like
    /// `ConvolutionGEMM.pack` into 16 matrices (element `e = 4ξ + ν` of the transform), each of
    /// `blocks` blocks of `rows` output channels × input channels; rows past the last output
    /// channel are zero. See `WeightTransform` for the order of the work.
    func transformWeights(
      _ w: UnsafePointer<Float>, into packed: UnsafeMutablePointer<Float>, blocks range: Range<Int>
    ) {
      WeightTransform(geometry: self).run(w, into: packed, blocks: range)
    }

    /// `Bᵀ d B` of every 4×4 input tile of `channels`: element `e` of channel `ci`, tile `t` at
    /// `transformed[(e·C_in + ci)·ld + t]`. The tiles read a zero-padded copy of the plane.
    func transformInput(_ x: UnsafePointer<Float>, buffers: Buffers, ld: Int, channels: Range<Int>) {
      for ci in channels {
        pad(x, channel: ci, into: buffers.padded)
        transformTiles(
          buffers.padded + ci * planeH * planeW, into: buffers.transformed + ci * ld,
          stride: shape.cInPG * ld, rows: 0..<tilesH)
      }
    }

    /// Input channel `ci` copied into its zero-padded plane of `padded` (`planeH × planeW` each).
    func pad(_ x: UnsafePointer<Float>, channel ci: Int, into padded: UnsafeMutablePointer<Float>) {
      let s = shape
      let plane = planeH * planeW
      let p = padded + ci * plane
      p.update(repeating: 0, count: plane)
      let width = min(s.inW, planeW - s.pW)
      if width > 0 {
        for iy in 0..<min(s.inH, planeH - s.pH) {
          (p + (iy + s.pH) * planeW + s.pW).update(from: x + (ci * s.inH + iy) * s.inW, count: width)
        }
      }
    }

    /// `Bᵀ d B` of the tiles in tile rows `rows` of one padded plane `p`: element `e` of the tile
    /// `(ty, tx)` at `out[e·stride + (ty − rows.lowerBound)·tilesW + tx]`.
    func transformTiles(
      _ p: UnsafeMutablePointer<Float>, into out: UnsafeMutablePointer<Float>, stride: Int, rows: Range<Int>
    ) {
      for ty in rows {
        let d0 = p + 2 * ty * planeW
        let (d1, d2, d3) = (d0 + planeW, d0 + 2 * planeW, d0 + 3 * planeW)
        let o = out + (ty - rows.lowerBound) * tilesW
        // The C kernels take every full group of 8 tiles; Swift the rest (all of them when portable).
        var tx = 0
        switch kernels {
        case .avx512:
          ckern_wino2d_input_avx512(d0, planeW, o, stride, tilesW)
          tx = tilesW / 8 * 8
        case .avx2:
          ckern_wino2d_input_avx2(d0, planeW, o, stride, tilesW)
          tx = tilesW / 8 * 8
        case .portable: break
        }
        // Eight tiles at once: columns 2t… of the eight tiles are the even and odd lanes of
        // 16 consecutive samples (and of the 16 from 2t + 2 for columns 2 and 3).
        while tx + 8 <= tilesW {
          let c = 2 * tx
          func load(_ row: UnsafeMutablePointer<Float>, _ at: Int) -> SIMD16<Float> {
            UnsafeRawPointer(row + at).loadUnaligned(as: SIMD16<Float>.self)
          }
          // Bᵀ d on the rows, for columns c… and c + 2….
          let (a0, a1, a2, a3) = (load(d0, c), load(d1, c), load(d2, c), load(d3, c))
          let (b0, b1, b2, b3) = (load(d0, c + 2), load(d1, c + 2), load(d2, c + 2), load(d3, c + 2))
          let ra = (a0 - a2, a1 + a2, a2 - a1, a1 - a3)
          let rb = (b0 - b2, b1 + b2, b2 - b1, b1 - b3)
          func put(_ xi: Int, _ low: SIMD16<Float>, _ high: SIMD16<Float>) {
            // Columns 0, 1 of each tile: low's even and odd lanes; 2, 3: high's.
            let (x0, x1, x2, x3) = (low.evenHalf, low.oddHalf, high.evenHalf, high.oddHalf)
            let base = o + tx
            UnsafeMutableRawPointer(base + (4 * xi) * stride).storeBytes(of: x0 - x2, as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(base + (4 * xi + 1) * stride).storeBytes(
              of: x1 + x2, as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(base + (4 * xi + 2) * stride).storeBytes(
              of: x2 - x1, as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(base + (4 * xi + 3) * stride).storeBytes(
              of: x1 - x3, as: SIMD8<Float>.self)
          }
          put(0, ra.0, rb.0)
          put(1, ra.1, rb.1)
          put(2, ra.2, rb.2)
          put(3, ra.3, rb.3)
          tx += 8
        }
        while tx < tilesW {
          let c = 2 * tx
          // Bᵀ d: rows r0 = d0 − d2, r1 = d1 + d2, r2 = d2 − d1, r3 = d1 − d3 at columns c…c+3.
          var r = (
            SIMD4<Float>(d0[c], d0[c + 1], d0[c + 2], d0[c + 3]),
            SIMD4<Float>(d1[c], d1[c + 1], d1[c + 2], d1[c + 3]),
            SIMD4<Float>(d2[c], d2[c + 1], d2[c + 2], d2[c + 3]),
            SIMD4<Float>(d3[c], d3[c + 1], d3[c + 2], d3[c + 3])
          )
          r = (r.0 - r.2, r.1 + r.2, r.2 - r.1, r.1 - r.3)
          // (Bᵀ d) B: the same on columns.
          func put(_ xi: Int, _ row: SIMD4<Float>) {
            o[(4 * xi) * stride + tx] = row[0] - row[2]
            o[(4 * xi + 1) * stride + tx] = row[1] + row[2]
            o[(4 * xi + 2) * stride + tx] = row[2] - row[1]
            o[(4 * xi + 3) * stride + tx] = row[1] - row[3]
          }
          put(0, r.0)
          put(1, r.1)
          put(2, r.2)
          put(3, r.3)
          tx += 1
        }
      }
    }

    /// `Aᵀ m A` plus the bias for every tile of output channels `outputs`, written where inside the
    /// output.
    /// `products` holds channel `co`'s element `e` of tile `(ty, tx)` at
    /// `(e·C_out + co)·bandTiles + (ty − rows.lowerBound)·tilesW + tx` for the tile rows `rows`.
    func transformOutput(
      _ products: UnsafeMutablePointer<Float>, bias: [Float]?, into y: UnsafeMutablePointer<Float>,
      outputs: Range<Int>, bandTiles: Int? = nil, rows: Range<Int>? = nil
    ) {
      let s = shape
      let bandTiles = bandTiles ?? tiles
      let rows = rows ?? 0..<tilesH
      let stride = s.cOutPG * bandTiles
      for co in outputs {
        let b = bias?[co] ?? 0
        let m = products + co * bandTiles
        let plane = y + co * s.outH * s.outW
        for ty in rows {
          let oy = 2 * ty
          let rowTiles = (ty - rows.lowerBound) * tilesW
          var first = 0
          if kernels != .portable {
            // The C kernels take every full group of 8 tiles whose columns lie inside the output.
            let full = min(tilesW, s.outW / 2)
            let row = plane + oy * s.outW
            let twoRows: Int32 = oy + 1 < s.outH ? 1 : 0
            if kernels == .avx512 {
              ckern_wino2d_output_avx512(m + rowTiles, stride, b, row, s.outW, twoRows, full)
            } else {
              ckern_wino2d_output_avx2(m + rowTiles, stride, b, row, s.outW, twoRows, full)
            }
            first = full / 8 * 8
          }
          // Eight tiles at once where both their columns lie inside the output.
          while first + 8 <= tilesW, 2 * (first + 8) <= s.outW {
            let t = rowTiles + first
            func load(_ e: Int) -> SIMD8<Float> {
              UnsafeRawPointer(m + e * stride + t).loadUnaligned(as: SIMD8<Float>.self)
            }
            let u00 = load(0) + load(4) + load(8)
            let u01 = load(1) + load(5) + load(9)
            let u02 = load(2) + load(6) + load(10)
            let u03 = load(3) + load(7) + load(11)
            let u10 = load(4) - load(8) - load(12)
            let u11 = load(5) - load(9) - load(13)
            let u12 = load(6) - load(10) - load(14)
            let u13 = load(7) - load(11) - load(15)
            let bias = SIMD8<Float>(repeating: b)
            let (y00, y01) = (u00 + u01 + u02 + bias, u01 - u02 - u03 + bias)
            let row0 = plane + oy * s.outW + 2 * first
            for i in 0..<8 {
              row0[2 * i] = y00[i]
              row0[2 * i + 1] = y01[i]
            }
            if oy + 1 < s.outH {
              let (y10, y11) = (u10 + u11 + u12 + bias, u11 - u12 - u13 + bias)
              let row1 = row0 + s.outW
              for i in 0..<8 {
                row1[2 * i] = y10[i]
                row1[2 * i + 1] = y11[i]
              }
            }
            first += 8
          }
          for tx in first..<tilesW {
            let t = rowTiles + tx
            let r0 = SIMD4<Float>(m[t], m[stride + t], m[2 * stride + t], m[3 * stride + t])
            let r1 = SIMD4<Float>(m[4 * stride + t], m[5 * stride + t], m[6 * stride + t], m[7 * stride + t])
            let r2 = SIMD4<Float>(
              m[8 * stride + t], m[9 * stride + t], m[10 * stride + t], m[11 * stride + t])
            let r3 = SIMD4<Float>(
              m[12 * stride + t], m[13 * stride + t], m[14 * stride + t], m[15 * stride + t])
            // Aᵀ m: two rows, then A on columns.
            let u0 = r0 + r1 + r2
            let u1 = r1 - r2 - r3
            let ox = 2 * tx
            let row0 = plane + oy * s.outW + ox
            row0[0] = u0[0] + u0[1] + u0[2] + b
            if ox + 1 < s.outW { row0[1] = u0[1] - u0[2] - u0[3] + b }
            if oy + 1 < s.outH {
              let row1 = row0 + s.outW
              row1[0] = u1[0] + u1[1] + u1[2] + b
              if ox + 1 < s.outW { row1[1] = u1[1] - u1[2] - u1[3] + b }
            }
          }
        }
      }
    }
  }
}
