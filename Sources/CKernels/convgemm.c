// Convolution as a GEMM with indirect rows; see CKernels.h (`ckern_conv_gemm_*`) for the contract.
//
// Output rows (channels) × positions; each row's sum over k takes `a[k]·x[off[k] + q]` in order
// k = 0, 1, … with one fused multiply-add into an accumulator that starts at 0, then adds the
// bias once. The AVX2 tile is 6 rows × 16 positions (12 ymm accumulators), the AVX-512 tiles 12
// rows (two packed blocks) or 6 rows × 32 positions (24 or 12 zmm accumulators). Every lane of either takes the same operations in the same
// order (a fused multiply-add per k from 0, then one addition of the bias), so the two sets give
// identical bits by construction; only how many positions one instruction covers differs.

#include "CKernels.h"
#include "kernel_masks.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#define AVX2_TARGET __attribute__((target("avx2,fma")))
#define AVX512_TARGET __attribute__((target("avx512f,avx2,fma")))

// Positions per cache block: every row block of the weights runs over these positions before the
// next, so the input rows they read stay in cache: at most 256, and at most as many as keep the
// block's k rows within about 384 KiB of L2 (16 at least). The block changes which tiles run when,
// never the order of any element's sum.
#define GEMM_POSITION_BLOCK 256
#define GEMM_BLOCK_FLOATS (96 * 1024)

static inline ptrdiff_t gemm_position_block(ptrdiff_t k_count) {
  ptrdiff_t q = k_count > 0 ? GEMM_BLOCK_FLOATS / k_count : GEMM_POSITION_BLOCK;
  q = q / 16 * 16;
  return q < 16 ? 16 : (q > GEMM_POSITION_BLOCK ? GEMM_POSITION_BLOCK : q);
}

static inline ptrdiff_t gemm_min(ptrdiff_t a, ptrdiff_t b) { return a < b ? a : b; }

// ---------------------------------------------------------------- AVX2: 6 rows × 16 positions


#define G2_DECL(r) __m256 p##r = _mm256_setzero_ps(), q##r = _mm256_setzero_ps();
#define G2_FMA(r)                                                                                   \
  {                                                                                                 \
    const __m256 s = _mm256_broadcast_ss(a + (r));                                                  \
    p##r = _mm256_fmadd_ps(s, b0, p##r);                                                            \
    q##r = _mm256_fmadd_ps(s, b1, q##r);                                                            \
  }
#define G2_STORE(r)                                                                                 \
  if (r < rows) {                                                                                   \
    const __m256 bv = _mm256_broadcast_ss(bias + (r));                                              \
    float *cr = c + (r) * ldc;                                                                      \
    if (full) {                                                                                     \
      _mm256_storeu_ps(cr, _mm256_add_ps(p##r, bv));                                                \
      _mm256_storeu_ps(cr + 8, _mm256_add_ps(q##r, bv));                                            \
    } else {                                                                                        \
      _mm256_maskstore_ps(cr, m0, _mm256_add_ps(p##r, bv));                                         \
      _mm256_maskstore_ps(cr + 8, m1, _mm256_add_ps(q##r, bv));                                     \
    }                                                                                               \
  }

AVX2_TARGET static inline __attribute__((always_inline)) void gemm256_tile(
  const float *a, const float *x, const ptrdiff_t *off, ptrdiff_t k_count, const float *bias,
  float *c, ptrdiff_t ldc, ptrdiff_t rows, __m256i m0, __m256i m1, const int full) {
  G2_DECL(0) G2_DECL(1) G2_DECL(2) G2_DECL(3) G2_DECL(4) G2_DECL(5)
  for (ptrdiff_t k = 0; k < k_count; k++) {
    const float *xk = x + off[k];
    const __m256 b0 = full ? _mm256_loadu_ps(xk) : _mm256_maskload_ps(xk, m0);
    const __m256 b1 = full ? _mm256_loadu_ps(xk + 8) : _mm256_maskload_ps(xk + 8, m1);
    G2_FMA(0) G2_FMA(1) G2_FMA(2) G2_FMA(3) G2_FMA(4) G2_FMA(5)
    a += 6;
  }
  G2_STORE(0) G2_STORE(1) G2_STORE(2) G2_STORE(3) G2_STORE(4) G2_STORE(5)
}

AVX2_TARGET void ckern_conv_gemm_avx2(
  const float *a, ptrdiff_t block_begin, ptrdiff_t block_end, ptrdiff_t rows, const float *x,
  const ptrdiff_t *off, ptrdiff_t k_count, const float *bias, float *c, ptrdiff_t ldc,
  ptrdiff_t q_begin, ptrdiff_t q_end) {
  const __m256i all = _mm256_set1_epi32(-1);
  const ptrdiff_t step = gemm_position_block(k_count);
  for (ptrdiff_t q0 = q_begin; q0 < q_end; q0 += step) {
    const ptrdiff_t q1 = gemm_min(q0 + step, q_end);
    for (ptrdiff_t blk = block_begin; blk < block_end; blk++) {
      const float *ab = a + blk * k_count * 6;
      const ptrdiff_t r = gemm_min(6, rows - blk * 6);
      const float *bb = bias + blk * 6;
      float *cb = c + blk * 6 * ldc;
      ptrdiff_t q = q0;
      for (; q + 16 <= q1; q += 16) {
        gemm256_tile(ab, x + q, off, k_count, bb, cb + q, ldc, r, all, all, 1);
      }
      if (q < q1) {
        const ptrdiff_t n = q1 - q;
        const ptrdiff_t n0 = n < 8 ? n : 8;
        const ptrdiff_t n1 = n > 8 ? n - 8 : 0;
        const __m256i m0 = _mm256_loadu_si256((const __m256i *)(kernel_mask_table + 8 - n0));
        const __m256i m1 = _mm256_loadu_si256((const __m256i *)(kernel_mask_table + 8 - n1));
        gemm256_tile(ab, x + q, off, k_count, bb, cb + q, ldc, r, m0, m1, 0);
      }
    }
  }
}


// ---------------------------------------------------------------- AVX-512: 6 rows × 32 positions

#define G5_DECL(r) __m512 p##r = _mm512_setzero_ps(), q##r = _mm512_setzero_ps();
#define G5_FMA(r)                                                                                   \
  {                                                                                                 \
    const __m512 s = _mm512_set1_ps(a[r]);                                                          \
    p##r = _mm512_fmadd_ps(s, b0, p##r);                                                            \
    q##r = _mm512_fmadd_ps(s, b1, q##r);                                                            \
  }
#define G5_STORE(r)                                                                                 \
  if (r < rows) {                                                                                   \
    const __m512 bv = _mm512_set1_ps(bias[r]);                                                      \
    float *cr = c + (r) * ldc;                                                                      \
    if (full) {                                                                                     \
      _mm512_storeu_ps(cr, _mm512_add_ps(p##r, bv));                                                \
      _mm512_storeu_ps(cr + 16, _mm512_add_ps(q##r, bv));                                           \
    } else {                                                                                        \
      _mm512_mask_storeu_ps(cr, m0, _mm512_add_ps(p##r, bv));                                       \
      _mm512_mask_storeu_ps(cr + 16, m1, _mm512_add_ps(q##r, bv));                                  \
    }                                                                                               \
  }

// Masked loads and stores touch no element outside their mask (AVX-512 suppresses faults there).
AVX512_TARGET static inline __attribute__((always_inline)) void gemm512_tile(
  const float *a, const float *x, const ptrdiff_t *off, ptrdiff_t k_count, const float *bias,
  float *c, ptrdiff_t ldc, ptrdiff_t rows, __mmask16 m0, __mmask16 m1, const int full) {
  G5_DECL(0) G5_DECL(1) G5_DECL(2) G5_DECL(3) G5_DECL(4) G5_DECL(5)
  for (ptrdiff_t k = 0; k < k_count; k++) {
    const float *xk = x + off[k];
    const __m512 b0 = full ? _mm512_loadu_ps(xk) : _mm512_maskz_loadu_ps(m0, xk);
    const __m512 b1 = full ? _mm512_loadu_ps(xk + 16) : _mm512_maskz_loadu_ps(m1, xk + 16);
    G5_FMA(0) G5_FMA(1) G5_FMA(2) G5_FMA(3) G5_FMA(4) G5_FMA(5)
    a += 6;
  }
  G5_STORE(0) G5_STORE(1) G5_STORE(2) G5_STORE(3) G5_STORE(4) G5_STORE(5)
}


// Two 6-row blocks at once (12 rows × 32 positions, 24 zmm accumulators): each x vector loaded
// serves twice the rows. The same per-lane operations as `gemm512_tile`.
#define G6_DECL(r) __m512 p##r = _mm512_setzero_ps(), q##r = _mm512_setzero_ps();
#define G6_FMA(r, src)                                                                              \
  {                                                                                                 \
    const __m512 s = _mm512_set1_ps(src);                                                           \
    p##r = _mm512_fmadd_ps(s, b0, p##r);                                                            \
    q##r = _mm512_fmadd_ps(s, b1, q##r);                                                            \
  }
#define G6_STORE(r, rr, cbase, bbase)                                                               \
  if (rr < rows) {                                                                                  \
    const __m512 bv = _mm512_set1_ps(bbase[rr]);                                                    \
    float *cr = cbase + (rr) * ldc;                                                                 \
    if (full) {                                                                                     \
      _mm512_storeu_ps(cr, _mm512_add_ps(p##r, bv));                                                \
      _mm512_storeu_ps(cr + 16, _mm512_add_ps(q##r, bv));                                           \
    } else {                                                                                        \
      _mm512_mask_storeu_ps(cr, m0, _mm512_add_ps(p##r, bv));                                       \
      _mm512_mask_storeu_ps(cr + 16, m1, _mm512_add_ps(q##r, bv));                                  \
    }                                                                                               \
  }

// `a` and `a2` are two consecutive blocks' packed weights (`a2` has `rows2` live rows), `bias`
// and `bias2` their biases, `c` and `c2` their output rows.
AVX512_TARGET static inline __attribute__((always_inline)) void gemm512_tile12(
  const float *a, const float *a2, const float *x, const ptrdiff_t *off, ptrdiff_t k_count,
  const float *bias, const float *bias2, float *c, float *c2, ptrdiff_t ldc, ptrdiff_t rows2,
  __mmask16 m0, __mmask16 m1, const int full) {
  G6_DECL(0) G6_DECL(1) G6_DECL(2) G6_DECL(3) G6_DECL(4) G6_DECL(5)
  G6_DECL(6) G6_DECL(7) G6_DECL(8) G6_DECL(9) G6_DECL(10) G6_DECL(11)
  for (ptrdiff_t k = 0; k < k_count; k++) {
    const float *xk = x + off[k];
    const __m512 b0 = full ? _mm512_loadu_ps(xk) : _mm512_maskz_loadu_ps(m0, xk);
    const __m512 b1 = full ? _mm512_loadu_ps(xk + 16) : _mm512_maskz_loadu_ps(m1, xk + 16);
    G6_FMA(0, a[0]) G6_FMA(1, a[1]) G6_FMA(2, a[2]) G6_FMA(3, a[3]) G6_FMA(4, a[4]) G6_FMA(5, a[5])
    G6_FMA(6, a2[0]) G6_FMA(7, a2[1]) G6_FMA(8, a2[2]) G6_FMA(9, a2[3]) G6_FMA(10, a2[4]) G6_FMA(11, a2[5])
    a += 6;
    a2 += 6;
  }
  {
    const ptrdiff_t rows = 6;
    G6_STORE(0, 0, c, bias) G6_STORE(1, 1, c, bias) G6_STORE(2, 2, c, bias)
    G6_STORE(3, 3, c, bias) G6_STORE(4, 4, c, bias) G6_STORE(5, 5, c, bias)
  }
  {
    const ptrdiff_t rows = rows2;
    G6_STORE(6, 0, c2, bias2) G6_STORE(7, 1, c2, bias2) G6_STORE(8, 2, c2, bias2)
    G6_STORE(9, 3, c2, bias2) G6_STORE(10, 4, c2, bias2) G6_STORE(11, 5, c2, bias2)
  }
}

AVX512_TARGET void ckern_conv_gemm_avx512(
  const float *a, ptrdiff_t block_begin, ptrdiff_t block_end, ptrdiff_t rows, const float *x,
  const ptrdiff_t *off, ptrdiff_t k_count, const float *bias, float *c, ptrdiff_t ldc,
  ptrdiff_t q_begin, ptrdiff_t q_end) {
  const ptrdiff_t step = gemm_position_block(k_count);
  for (ptrdiff_t q0 = q_begin; q0 < q_end; q0 += step) {
    const ptrdiff_t q1 = gemm_min(q0 + step, q_end);
    ptrdiff_t blk = block_begin;
    // Pairs of blocks whose first is full (6 live rows).
    for (; blk + 2 <= block_end && rows - blk * 6 >= 6; blk += 2) {
      const float *ab = a + blk * k_count * 6;
      const float *ab2 = ab + k_count * 6;
      const ptrdiff_t r2 = gemm_min(6, rows - (blk + 1) * 6);
      const float *bb = bias + blk * 6;
      float *cb = c + blk * 6 * ldc;
      ptrdiff_t q = q0;
      for (; q + 32 <= q1; q += 32) {
        gemm512_tile12(
          ab, ab2, x + q, off, k_count, bb, bb + 6, cb + q, cb + 6 * ldc + q, ldc, r2, 0xFFFF, 0xFFFF, 1);
      }
      if (q < q1) {
        const ptrdiff_t n = q1 - q;
        gemm512_tile12(
          ab, ab2, x + q, off, k_count, bb, bb + 6, cb + q, cb + 6 * ldc + q, ldc, r2, kernel_mask16(n),
          kernel_mask16(n - 16), 0);
      }
    }
    for (; blk < block_end; blk++) {
      const float *ab = a + blk * k_count * 6;
      const ptrdiff_t r = gemm_min(6, rows - blk * 6);
      const float *bb = bias + blk * 6;
      float *cb = c + blk * 6 * ldc;
      ptrdiff_t q = q0;
      for (; q + 32 <= q1; q += 32) {
        gemm512_tile(ab, x + q, off, k_count, bb, cb + q, ldc, r, 0xFFFF, 0xFFFF, 1);
      }
      if (q < q1) {
        const ptrdiff_t n = q1 - q;
        gemm512_tile(ab, x + q, off, k_count, bb, cb + q, ldc, r, kernel_mask16(n), kernel_mask16(n - 16), 0);
      }
    }
  }
}

#else

// Not x86: ckern_simd_level() is 0, so these are never called; they exist only to link.
void ckern_conv_gemm_avx2(
  const float *a, ptrdiff_t block_begin, ptrdiff_t block_end, ptrdiff_t rows, const float *x,
  const ptrdiff_t *off, ptrdiff_t k_count, const float *bias, float *c, ptrdiff_t ldc,
  ptrdiff_t q_begin, ptrdiff_t q_end) {
  (void)a; (void)block_begin; (void)block_end; (void)rows; (void)x; (void)off; (void)k_count;
  (void)bias; (void)c; (void)ldc; (void)q_begin; (void)q_end;
}

void ckern_conv_gemm_avx512(
  const float *a, ptrdiff_t block_begin, ptrdiff_t block_end, ptrdiff_t rows, const float *x,
  const ptrdiff_t *off, ptrdiff_t k_count, const float *bias, float *c, ptrdiff_t ldc,
  ptrdiff_t q_begin, ptrdiff_t q_end) {
  ckern_conv_gemm_avx2(a, block_begin, block_end, rows, x, off, k_count, bias, c, ldc, q_begin, q_end);
}

#endif
