import CheckerscopeCore
import Foundation

/// Winograd's F(2×2×2, 3×3×3) for 3D 3×3×3, stride-1, undilated, one-group convolutions with many
/// channels: 64 products of 4×4×4-tile transforms instead of 216 multiply-adds per 2×2×2 outputs
/// and channel pair (3.4× fewer), the 64 products on the GEMM kernel of `ConvolutionGEMM`.
///
/// The matrices are those of the 2D `Winograd` (`Bᵀ`, `G`, `Aᵀ`), applied along each of the three
/// axes: each 2×2×2 output tile is `Σ_ci (G ⊗ G ⊗ G) g ⊙ (Bᵀ ⊗ Bᵀ ⊗ Bᵀ) d`, transformed back by
/// `Aᵀ` on each axis, for the 4×4×4 input tile `d` at twice its tile index (in the zero-padded
/// input) and each channel pair's 3×3×3 weight `g`. Element `e = 16a + 4b + c` of a transform
/// is index `a` along D, `b` along H, `c` along W. The 64 element-wise sums over input channels
/// are 64 matrix products `(C_out × C_in)·(C_in × tiles)`.
///
/// Schedule: the tile rows of each tile plane (`tilesD` planes of `tilesH` rows; W rounded up so
/// every tile row holds a multiple of eight tiles, `Geometry.tilesWP`) are cut into bands sized
/// for the cache (`bandRows`); each band copies its zero-padded input slab (four planes of
/// `2·rows + 2` rows), runs its input transform, then for each block of six output channels the
/// 64 products and the output transform (the block's products stay in the first-level cache), all
/// on one thread, the bands handed out to the threads as they come free. No padded copy of the
/// whole input is made (at 64³ × 32 channels it would be 37 MB of fresh pages on a single pass).
/// The transforms are additions and halvings in a fixed order and each product element sums its
/// channels in order with fused multiply-adds, so the result depends neither on the number of
/// threads nor on the bands; it differs from the direct sum in the last bits. The transformed weights are kept between runs (`PackedWeightCache`).
/// Runs on the C kernel sets only (`.portable` takes the other 3D path).
public enum Winograd3D {
  /// Floats of transformed input and products (counted for all output channels) a band of tiles
  /// may take (1 MiB).
  public static let bandBudget = 1 << 18

  /// Whether the shape allows F(2×2×2, 3×3×3) at all: a C kernel set, a 3×3×3 kernel, stride 1,
  /// dilation 1, one group, and outputs of at least 2 per axis.
  public static func eligible(
    kernel: [Int], strides: [Int], dilations: [Int], groups: Int, output: [Int], kernels: KernelSet = .active
  ) -> Bool {
    kernels != .portable && kernel == [3, 3, 3] && strides == [1, 1, 1] && dilations == [1, 1, 1]
      && groups == 1 && output.count == 3 && output.allSatisfy { $0 >= 2 && $0 <= 1 << 40 }
  }

  /// Whether the convolution runs here when the engine decides (the shapes where it measured
  /// faster than `FlatCorrelation`, Docs/PERFORMANCE.md): `eligible`, at least 16 input and
  /// output channels, outputs of at least 8 along D and H and 16 along W (a tile row holds a
  /// multiple of eight tiles: at 8 wide, half of them would be padding).
  public static func applies(
    inputChannels: Int, outputChannels: Int, kernel: [Int], strides: [Int], dilations: [Int], groups: Int,
    output: [Int], kernels: KernelSet = .active
  ) -> Bool {
    eligible(
      kernel: kernel, strides: strides, dilations: dilations, groups: groups, output: output, kernels: kernels
    )
      && min(inputChannels, outputChannels) >= 16 && output[0] >= 8 && output[1] >= 8 && output[2] >= 16
  }

  /// The largest slab of padded input a band copies, `(C_in, 4, 4, planeW)` (one tile row: four
  /// planes of four rows, `planeW = 2·⌈⌈out_W/2⌉/8⌉·8 + 2` columns), for the caller's size checks.
  public static func slab(inputChannels: Int, output: [Int]) -> [Int] {
    [inputChannels, 4, 4, Geometry.planeW(output: output)]
  }

  /// The convolution of `input` `(N, C_in, D, H, W)` with `weight` `(C_out, C_in, 3, 3, 3)` and
  /// `bias` `(C_out)` into outputs of spatial size `output` with leading pads `padBegin` (trailing
  /// pads are implied by the output size), or nil when the shape is not `eligible` or its scratch
  /// would be out of proportion. The caller has checked the shapes and the work.
  public static func apply(
    input: Tensor, weight: Tensor, bias: Tensor?, padBegin: [Int], output: [Int],
    kernels: KernelSet = .active,
    parallelism: Int? = nil, bandBudget: Int = Winograd3D.bandBudget
  ) -> Tensor? {
    guard input.rank == 5, weight.rank == 5, padBegin.count == 3, output.count == 3,
      weight.shape[1] == input.shape[1], bias.map({ $0.count == weight.shape[0] }) ?? true,
      eligible(
        kernel: Array(weight.shape[2...]), strides: [1, 1, 1], dilations: [1, 1, 1], groups: 1,
        output: output,
        kernels: kernels)
    else { return nil }
    let workers = parallelism.map { max(1, $0) } ?? ProcessInfo.processInfo.activeProcessorCount
    guard
      let geometry = Geometry(
        batch: input.shape[0], cIn: input.shape[1], cOut: weight.shape[0], input: Array(input.shape[2...]),
        output: output, padBegin: padBegin, rows: ConvolutionGEMM.blockRows(kernels)),
      let total = CheckedSize.productOrNil([geometry.batch, geometry.cOut] + output),
      geometry.isProportionate(input: input.count, weight: weight.count, output: total)
    else { return nil }
    let band = geometry.bandRows(budget: bandBudget, workers: workers)
    let data = [Float](unsafeUninitializedCapacity: total) { buffer, initialized in
      MemoryAdvice.preferHugePages(buffer)
      input.data.withUnsafeBufferPointer { x in
        weight.data.withUnsafeBufferPointer { w in
          guard let xBase = x.baseAddress, let wBase = w.baseAddress, let yBase = buffer.baseAddress else {
            return
          }
          run(
            geometry, x: xBase, w: wBase, weights: weight.data, bias: bias?.data, y: yBase, kernels: kernels,
            workers: workers, bandRows: band)
        }
      }
      initialized = total
    }
    return Tensor(shape: [geometry.batch, geometry.cOut] + output, data: data)
  }

  /// Every batch item's convolution into `y`, bands of `bandRows` tile rows.
  static func run(
    _ g: Geometry, x: UnsafePointer<Float>, w: UnsafePointer<Float>, weights: [Float], bias: [Float]?,
    y: UnsafeMutablePointer<Float>, kernels: KernelSet, workers: Int, bandRows: Int
  ) {
    let parts = max(1, workers)
    let matrix = g.blocks * g.cIn * g.rows
    let transformed = PackedWeightCache.shared.packed(
      weights, layout: [3, g.rows, g.cOut, g.cIn, 27], count: 64 * matrix
    ) { target in
      let source = Winograd.Planes(w)
      let packed = Winograd.Planes(UnsafePointer(target))
      let count = min(parts, g.blocks)
      ParallelLoop.perform(iterations: count) { part in
        WeightTransform3D(geometry: g).run(
          source.pointer, into: UnsafeMutablePointer(mutating: packed.pointer),
          blocks: (g.blocks * part / count)..<(g.blocks * (part + 1) / count))
      }
    }
    defer { withExtendedLifetime(transformed) {} }
    let zeroBias = ScratchPool.shared.take(g.blocks * g.rows)
    defer { ScratchPool.shared.give(zeroBias) }
    zeroBias.pointer.update(repeating: 0, count: g.blocks * g.rows)
    for n in 0..<g.batch {
      let banded = Banded3D(
        geometry: g, x: Winograd.Planes(x + n * g.cIn * g.inD * g.inH * g.inW),
        weights: Winograd.Planes(UnsafePointer(transformed.pointer)), bias: bias,
        zeroBias: Winograd.Planes(UnsafePointer(zeroBias.pointer)),
        y: Winograd.Planes(UnsafePointer(y + n * g.cOut * g.outD * g.outH * g.outW)), bandRows: bandRows,
        kernels: kernels)
      let bands = banded.bands
      if parts == 1 || bands == 1 {
        for index in 0..<bands { banded.band(index) }
      } else {
        ParallelLoop.perform(iterations: bands) { index in banded.band(index) }
      }
    }
  }
}
