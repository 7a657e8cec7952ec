#ifndef CKERNELS_H
#define CKERNELS_H

// Register-tile micro-kernels of the blocked transposed-convolution path, compiled for AVX2+FMA
// and AVX-512F with per-function target attributes, so the package itself needs no compiler
// flags. Callers ask `ckern_simd_level` once and call only kernels the CPU supports; on other
// CPUs (or non-x86 builds) the level is 0 and the Swift path is used instead.

#include <stddef.h>

/// The best kernel set this CPU runs: 0 none, 1 AVX2+FMA, 2 AVX-512F (plus AVX2+FMA).
int ckern_simd_level(void);

/// Four output channels of one single-tap pass, summed over `items` (input channel, kernel row)
/// items and added to four scratch rows.
///
/// For `k` in 0..<4 and `u` in 0..<count:
/// `scratch[k·scratch_stride + u] += Σ_i x[i·x_stride + u] · w[i·w_stride + k·slot]`, where each
/// lane's sum starts at 0 and takes the items in order `i = 0, 1, …` with one fused multiply-add
/// each, then is added once; the result of a lane never depends on `count` or on the tiling.
/// Every pointer may be unaligned; only the addressed elements are read or written.
/// Call `ckern_tile4_avx2` only when `ckern_simd_level() >= 1`, `ckern_tile4_avx512` only when
/// it is 2. Both give bit-identical results.
void ckern_tile4_avx2(
  float *scratch, ptrdiff_t scratch_stride, const float *x, ptrdiff_t x_stride, const float *w,
  ptrdiff_t w_stride, ptrdiff_t slot, ptrdiff_t items, ptrdiff_t count);
void ckern_tile4_avx512(
  float *scratch, ptrdiff_t scratch_stride, const float *x, ptrdiff_t x_stride, const float *w,
  ptrdiff_t w_stride, ptrdiff_t slot, ptrdiff_t items, ptrdiff_t count);

/// Eight output channels at once: for `k` in 0..<8, exactly the sums of `ckern_tile4_avx512`
/// (same contract, each lane's items in order with one fused multiply-add each, added once),
/// so a block of eight gives the same bits as two blocks of four; each loaded input vector
/// serves eight channels. Call only when `ckern_simd_level()` is 2.
void ckern_tile8_avx512(
  float *scratch, ptrdiff_t scratch_stride, const float *x, ptrdiff_t x_stride, const float *w,
  ptrdiff_t w_stride, ptrdiff_t slot, ptrdiff_t items, ptrdiff_t count);

/// The flat volume correlation's tile (`FlatCorrelation` in TransposedConv): for `k` in 0..<4
/// and `u` in 0..<count, `out[k·out_stride + u] = Σ_i x[offsets[i] + u] · w[4·i + k]`, each sum
/// starting at 0 and taking the items in order `i = 0, 1, …` with one fused multiply-add each,
/// then stored (not added). `count` must be a multiple of 24 and every addressed element
/// readable; lanes are independent, so what lies past a caller's valid positions only reaches
/// outputs the caller discards. Call only when `ckern_simd_level() >= 1`.
void ckern_gather4_avx2(
  float *out, ptrdiff_t out_stride, const float *x, const ptrdiff_t *offsets, const float *w,
  ptrdiff_t items, ptrdiff_t count);

/// `ckern_gather4_avx2` in 512-bit lanes (48 positions per tile, a last 24 on the AVX2 tile): the
/// same contract (`count` a multiple of 24) and the same bits. Call only when `ckern_simd_level()`
/// is 2.
void ckern_gather4_avx512(
  float *out, ptrdiff_t out_stride, const float *x, const ptrdiff_t *offsets, const float *w,
  ptrdiff_t items, ptrdiff_t count);

/// Convolution as a GEMM whose input rows are found by offsets (implicit im2col): for output row
/// `m` in `0..<rows` and position `q` in `q_begin..<q_end`,
/// `c[m·ldc + q] = bias[m] + Σ_k a_m[k] · x[off[k] + q]`, where each element's sum starts at 0
/// and takes `k = 0, 1, …, k_count − 1` in order with one fused multiply-add each, then adds the
/// bias once (so the result never depends on the tiling or the thread count).
/// `a` holds the weights packed in blocks of 6 rows (rows past `rows` zero): block `b`'s
/// element `(k, r)` at `a[(b·k_count + k)·6 + r]`. Only the blocks `block_begin..<block_end` are
/// computed; `bias` has `6·block_end` readable values; only rows `< rows` are written, and only
/// positions in `q_begin..<q_end` are read (`x[off[k] + q]`) or written. Call only when
/// `ckern_simd_level() >= 1` (AVX2 and FMA).
void ckern_conv_gemm_avx2(
  const float *a, ptrdiff_t block_begin, ptrdiff_t block_end, ptrdiff_t rows, const float *x,
  const ptrdiff_t *off, ptrdiff_t k_count, const float *bias, float *c, ptrdiff_t ldc,
  ptrdiff_t q_begin, ptrdiff_t q_end);

/// `ckern_conv_gemm_avx2` in 512-bit lanes (tiles of 32 positions × two 6-row blocks, a last odd
/// or partial block alone): the same contract and the same bits. Call only when
/// `ckern_simd_level() >= 2` (AVX-512F).
void ckern_conv_gemm_avx512(
  const float *a, ptrdiff_t block_begin, ptrdiff_t block_end, ptrdiff_t rows, const float *x,
  const ptrdiff_t *off, ptrdiff_t k_count, const float *bias, float *c, ptrdiff_t ldc,
  ptrdiff_t q_begin, ptrdiff_t q_end);

/// Winograd F(2×2, 3×3)'s input transform (`Winograd` in TransposedConv) of one tile row of a
/// zero-padded plane: with `d_r = d0 + r·plane_w`, tile `t` (for `t` below `tiles` rounded down to
/// a multiple of 8) reads `d_r[2t + x]` for `r, x` in 0..<4 and writes element `e = 4ξ + ν` of
/// `(Bᵀ d B)` (`Bᵀ v = (v0 − v2, v1 + v2, v2 − v1, v1 − v3)`, rows first, then columns) to
/// `out[e·stride + t]`. The same additions in the same order as the Swift transform: the same
/// bits. The `_avx512` kernel takes 16 tiles at a time and a last 8 on the AVX2 one. Call only
/// when `ckern_simd_level()` is at least 1 (2 for `_avx512`).
void ckern_wino2d_input_avx2(const float *d0, ptrdiff_t plane_w, float *out, ptrdiff_t stride, ptrdiff_t tiles);
void ckern_wino2d_input_avx512(const float *d0, ptrdiff_t plane_w, float *out, ptrdiff_t stride, ptrdiff_t tiles);

/// Winograd F(2×2, 3×3)'s output transform of one tile row: tile `t` (below `tiles` rounded down
/// to a multiple of 8) has element `e` at `m[e·stride + t]`; `(Aᵀ m A) + bias` (`Aᵀ v = (v0 + v1 +
/// v2, v1 − v2 − v3)`, rows first, each sum left to right, the bias added last) goes to
/// `row0[2t]`, `row0[2t + 1]` and, when `two_rows`, `row0[out_w + 2t]`, `row0[out_w + 2t + 1]`.
/// The Swift transform's operations: the same bits. Call only when `ckern_simd_level()` is at
/// least 1 (2 for `_avx512`).
void ckern_wino2d_output_avx2(
  const float *m, ptrdiff_t stride, float bias, float *row0, ptrdiff_t out_w, int two_rows, ptrdiff_t tiles);
void ckern_wino2d_output_avx512(
  const float *m, ptrdiff_t stride, float bias, float *row0, ptrdiff_t out_w, int two_rows, ptrdiff_t tiles);

/// Winograd F(2×2×2, 3×3×3)'s input transform (`Winograd3D` in TransposedConv) of `8·groups`
/// 4×4×4 tiles along W: tile `t` of group `g` reads the samples
/// `corner[z·plane + y·row + 16g + 2t' + x]` for `z, y, x` in 0..<4 (`t'` its index 0…7 in the
/// group) and writes its 64 transformed elements `e = 16a + 4b + c` (`(Bᵀ ⊗ Bᵀ ⊗ Bᵀ) d`, with
/// `Bᵀ v = (v0 − v2, v1 + v2, v2 − v1, v1 − v3)` along D, then H, then W) to
/// `out[e·stride + 8g + slot]`, the slots of a group holding tiles 0 1 4 5 2 3 6 7 in that order
/// (`ckern_wino3d_output_avx2` reads them back in it). Reads 18 floats per row from each group's
/// start. With `ahead` non-zero, also prefetches the same samples `ahead` floats on (only a hint:
/// nothing there is read). Call only when `ckern_simd_level() >= 1`.
void ckern_wino3d_input_avx2(
  const float *corner, ptrdiff_t plane, ptrdiff_t row, ptrdiff_t groups, float *out, ptrdiff_t stride,
  ptrdiff_t ahead);

/// `ckern_wino3d_input_avx2` two groups at a time in 512-bit lanes (an odd last group on the AVX2
/// kernel): the same contract, the same bits. Call only when `ckern_simd_level()` is 2.
void ckern_wino3d_input_avx512(
  const float *corner, ptrdiff_t plane, ptrdiff_t row, ptrdiff_t groups, float *out, ptrdiff_t stride,
  ptrdiff_t ahead);

/// Winograd F(2×2×2, 3×3×3)'s output transform of `8·groups` tiles in the slot order of
/// `ckern_wino3d_input_avx2`: element `e` of the group's slot `s` at `m[e·stride + 8g + s]`;
/// `(Aᵀ ⊗ Aᵀ ⊗ Aᵀ) m + bias`, with `Aᵀ v = (v0 + v1 + v2, v1 − v2 − v3)` along D, then H, then W,
/// written for `i < depths`, `j < heights` (each 1 or 2) and columns `x < columns` to
/// `y[i·plane + j·row + x]` (tile `t` of group `g` owns columns `16g + 2t` and `16g + 2t + 1`).
/// With `ahead` non-zero, also prefetches the output lines `ahead` floats on (a hint only).
/// Call only when `ckern_simd_level() >= 1`.
void ckern_wino3d_output_avx2(
  const float *m, ptrdiff_t stride, ptrdiff_t groups, float bias, float *y, ptrdiff_t plane,
  ptrdiff_t row, ptrdiff_t depths, ptrdiff_t heights, ptrdiff_t columns, ptrdiff_t ahead);

/// Stride-2 transposed-convolution output rows (`PairedPhaseGEMM` in TransposedConv): for row `m`
/// in `0..<rows` and position `q` in `0..<count`,
/// `c[m·ldc + q] = bias[m] + Σ_k a_m[k][q mod 2] · x[off[k] + q]`, where each element's sum starts
/// at 0 and takes `k = 0, 1, …, k_count − 1` in order with one fused multiply-add each, then adds
/// the bias once (so the result never depends on the tiling or the thread count). `a` holds
/// `blocks6` blocks of 6 rows, then `blocks4` blocks of 4 (rows past `rows` zero): in a block of
/// `R` rows starting at float offset `base`, weight `a_r[k][e]` sits at `base + (k·R + r)·2 + e`;
/// a 6-block takes `12·k_count` floats, a 4-block `8·k_count`. Only rows `< rows` are written
/// and their biases read; only positions `< count` are read (`x[off[k] + q]`) or written. Call
/// only when `ckern_simd_level() >= 1`.
void ckern_deconv_pairs_avx2(
  const float *a, ptrdiff_t blocks6, ptrdiff_t blocks4, ptrdiff_t rows, const float *x,
  const ptrdiff_t *off, ptrdiff_t k_count, const float *bias, float *c, ptrdiff_t ldc,
  ptrdiff_t count);

/// `ckern_deconv_pairs_avx2` in 512-bit lanes (32 positions per tile): the same contract, the same
/// bits. Call only when `ckern_simd_level()` is 2.
void ckern_deconv_pairs_avx512(
  const float *a, ptrdiff_t blocks6, ptrdiff_t blocks4, ptrdiff_t rows, const float *x,
  const ptrdiff_t *off, ptrdiff_t k_count, const float *bias, float *c, ptrdiff_t ldc,
  ptrdiff_t count);

/// The probe's measurement of one map (`PlanePlan.measure` in ModelProbe) in AVX2 lanes, for the
/// plan `flat` (`PlanePlan.flat`: a header of sizes, then the axes' tiles, crops and offsets, the
/// crop widths, and the candidates' steps): reads map `map` of `data`, writes `E`, `T`, `R` of every
/// candidate into `slots[(map·candidates + candidate)·3 + {0, 1, 2}]` and returns the sum of squares of
/// the samples it reads. `scratch` is the Swift path's scratch (same size and layout, the row
/// vectors zero on first use: `PlanePlan.zeroedCount`). Every sum is the Swift path's, in the same order, with no fused multiply-add, so both give
/// the same bits (on non-finite samples: NaN in the same places, its sign and payload aside). Call
/// only when `ckern_simd_level() >= 1`.
double ckern_measure_map_avx2(
  const ptrdiff_t *flat, ptrdiff_t map, const float *data, double *slots, double *scratch);

/// One index of a parallel loop: `fn(context, index)`.
typedef void (*ckern_pool_fn)(void *context, ptrdiff_t index);

/// Runs `fn(context, i)` for every `i` in `0..<iterations` on the calling thread and the pool's
/// workers (one per further core, started on first use; after a job they spin for 0.2 ms before
/// they sleep, so loops that follow each other start at once) and returns 1 when all have
/// finished. Returns 0 without running anything when the pool is busy with another caller's loop
/// (a nested loop, or another thread's): the caller runs the loop another way. Portable C.
int ckern_pool_run(ptrdiff_t iterations, ckern_pool_fn fn, void *context);

/// The logistic sigmoid `1 / (1 + e⁻ˣ)` of `src[i]` into `dst[i]` (which may be `src`) for `i` below
/// `count` rounded down to a multiple of 16, by `VectorMath.sigmoid`'s lane formula (ModelRuntime)
/// operation for operation, so with its bits. Call only when `ckern_simd_level()` is 2.
void ckern_sigmoid_avx512(const float *src, float *dst, ptrdiff_t count);

/// Every sample of `src[0..<count]` written twice: `dst[2i] = dst[2i + 1] = src[i]`. Portable C.
void ckern_repeat_pairs(float *dst, const float *src, ptrdiff_t count);

#endif
