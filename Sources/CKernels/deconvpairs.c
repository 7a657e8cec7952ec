// Stride-2 transposed-convolution rows with alternating lane weights; see CKernels.h
// (`ckern_deconv_pairs_avx2` and `_avx512`, `ckern_repeat_pairs`) for the contracts.
//
// Output positions q of one output row sit in ymm lanes; even and odd positions belong to the
// two phases of a stride-2 axis, so each (row, k) weight is a pair broadcast to the lanes
// (vbroadcastsd). Tiles of 6 or 4 rows × 16 positions (12 or 8 ymm accumulators); every
// element's sum takes k = 0, 1, … in order with one fused multiply-add from 0, then adds the bias.

#include "CKernels.h"
#include "kernel_masks.h"

#include <string.h>

void ckern_repeat_pairs(float *dst, const float *src, ptrdiff_t count) {
  for (ptrdiff_t i = 0; i < count; i++) {
    const float v = src[i];
    dst[2 * i] = v;
    dst[2 * i + 1] = v;
  }
}

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#define AVX2_TARGET __attribute__((target("avx2,fma")))


// The weight pair (p[0], p[1]) in lanes (0, 1, 0, 1, …).
AVX2_TARGET static inline __attribute__((always_inline)) __m256 pairs_weight(const float *p) {
  double d;
  memcpy(&d, p, sizeof d);
  return _mm256_castpd_ps(_mm256_set1_pd(d));
}

#define PR_DECL(r) __m256 p##r = _mm256_setzero_ps(), q##r = _mm256_setzero_ps();
#define PR_FMA(r, R)                                                                                \
  {                                                                                                 \
    const __m256 s = pairs_weight(a + 2 * (r));                                                     \
    p##r = _mm256_fmadd_ps(s, b0, p##r);                                                            \
    q##r = _mm256_fmadd_ps(s, b1, q##r);                                                            \
  }
#define PR_STORE(r)                                                                                 \
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
#define PR_LOADS                                                                                    \
  const float *xk = x + off[k];                                                                     \
  const __m256 b0 = full ? _mm256_loadu_ps(xk) : _mm256_maskload_ps(xk, m0);                        \
  const __m256 b1 = full ? _mm256_loadu_ps(xk + 8) : _mm256_maskload_ps(xk + 8, m1);

AVX2_TARGET static inline __attribute__((always_inline)) void pairs_tile6(
  const float *a, const float *x, const ptrdiff_t *off, ptrdiff_t k_count, const float *bias,
  float *c, ptrdiff_t ldc, ptrdiff_t rows, __m256i m0, __m256i m1, const int full) {
  PR_DECL(0) PR_DECL(1) PR_DECL(2) PR_DECL(3) PR_DECL(4) PR_DECL(5)
  for (ptrdiff_t k = 0; k < k_count; k++) {
    PR_LOADS
    PR_FMA(0, 6) PR_FMA(1, 6) PR_FMA(2, 6) PR_FMA(3, 6) PR_FMA(4, 6) PR_FMA(5, 6)
    a += 12;
  }
  PR_STORE(0) PR_STORE(1) PR_STORE(2) PR_STORE(3) PR_STORE(4) PR_STORE(5)
}

AVX2_TARGET static inline __attribute__((always_inline)) void pairs_tile4(
  const float *a, const float *x, const ptrdiff_t *off, ptrdiff_t k_count, const float *bias,
  float *c, ptrdiff_t ldc, ptrdiff_t rows, __m256i m0, __m256i m1, const int full) {
  PR_DECL(0) PR_DECL(1) PR_DECL(2) PR_DECL(3)
  for (ptrdiff_t k = 0; k < k_count; k++) {
    PR_LOADS
    PR_FMA(0, 4) PR_FMA(1, 4) PR_FMA(2, 4) PR_FMA(3, 4)
    a += 8;
  }
  PR_STORE(0) PR_STORE(1) PR_STORE(2) PR_STORE(3)
}

// Every block of rows over positions q..q+15 (all of them when `full`).
AVX2_TARGET static inline __attribute__((always_inline)) void pairs_column(
  const float *a, ptrdiff_t blocks6, ptrdiff_t blocks4, ptrdiff_t rows, const float *x,
  const ptrdiff_t *off, ptrdiff_t k_count, const float *bias, float *c, ptrdiff_t ldc, ptrdiff_t q,
  __m256i m0, __m256i m1, const int full) {
  for (ptrdiff_t b = 0; b < blocks6; b++) {
    const ptrdiff_t first = 6 * b;
    if (first >= rows) return;
    pairs_tile6(a + b * k_count * 12, x + q, off, k_count, bias + first, c + first * ldc + q, ldc,
      rows - first, m0, m1, full);
  }
  const float *a4 = a + blocks6 * k_count * 12;
  for (ptrdiff_t b = 0; b < blocks4; b++) {
    const ptrdiff_t first = 6 * blocks6 + 4 * b;
    if (first >= rows) return;
    pairs_tile4(a4 + b * k_count * 8, x + q, off, k_count, bias + first, c + first * ldc + q, ldc,
      rows - first, m0, m1, full);
  }
}

AVX2_TARGET void ckern_deconv_pairs_avx2(
  const float *a, ptrdiff_t blocks6, ptrdiff_t blocks4, ptrdiff_t rows, const float *x,
  const ptrdiff_t *off, ptrdiff_t k_count, const float *bias, float *c, ptrdiff_t ldc,
  ptrdiff_t count) {
  const __m256i all = _mm256_set1_epi32(-1);
  ptrdiff_t q = 0;
  for (; q + 16 <= count; q += 16) {
    pairs_column(a, blocks6, blocks4, rows, x, off, k_count, bias, c, ldc, q, all, all, 1);
  }
  if (q < count) {
    const ptrdiff_t n = count - q;
    const ptrdiff_t n0 = n < 8 ? n : 8;
    const ptrdiff_t n1 = n > 8 ? n - 8 : 0;
    const __m256i m0 = _mm256_loadu_si256((const __m256i *)(kernel_mask_table + 8 - n0));
    const __m256i m1 = _mm256_loadu_si256((const __m256i *)(kernel_mask_table + 8 - n1));
    pairs_column(a, blocks6, blocks4, rows, x, off, k_count, bias, c, ldc, q, m0, m1, 0);
  }
}

// ---------------------------------------------------------------- AVX-512: 32 positions per tile
//
// The same tiles in zmm registers (positions q…q+31 with q even, so lane parity is position
// parity): every lane takes exactly the AVX2 kernel's operations, so the two give the same bits.

#define AVX512_TARGET __attribute__((target("avx512f,avx2,fma")))

AVX512_TARGET static inline __attribute__((always_inline)) __m512 pairs_weight512(const float *p) {
  double d;
  memcpy(&d, p, sizeof d);
  return _mm512_castpd_ps(_mm512_set1_pd(d));
}

#define P5_DECL(r) __m512 p##r = _mm512_setzero_ps(), q##r = _mm512_setzero_ps();
#define P5_FMA(r)                                                                                   \
  {                                                                                                 \
    const __m512 s = pairs_weight512(a + 2 * (r));                                                  \
    p##r = _mm512_fmadd_ps(s, b0, p##r);                                                            \
    q##r = _mm512_fmadd_ps(s, b1, q##r);                                                            \
  }
#define P5_STORE(r)                                                                                 \
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
#define P5_LOADS                                                                                    \
  const float *xk = x + off[k];                                                                     \
  const __m512 b0 = full ? _mm512_loadu_ps(xk) : _mm512_maskz_loadu_ps(m0, xk);                     \
  const __m512 b1 = full ? _mm512_loadu_ps(xk + 16) : _mm512_maskz_loadu_ps(m1, xk + 16);

AVX512_TARGET static inline __attribute__((always_inline)) void pairs512_tile6(
  const float *a, const float *x, const ptrdiff_t *off, ptrdiff_t k_count, const float *bias,
  float *c, ptrdiff_t ldc, ptrdiff_t rows, __mmask16 m0, __mmask16 m1, const int full) {
  P5_DECL(0) P5_DECL(1) P5_DECL(2) P5_DECL(3) P5_DECL(4) P5_DECL(5)
  for (ptrdiff_t k = 0; k < k_count; k++) {
    P5_LOADS
    P5_FMA(0) P5_FMA(1) P5_FMA(2) P5_FMA(3) P5_FMA(4) P5_FMA(5)
    a += 12;
  }
  P5_STORE(0) P5_STORE(1) P5_STORE(2) P5_STORE(3) P5_STORE(4) P5_STORE(5)
}

AVX512_TARGET static inline __attribute__((always_inline)) void pairs512_tile4(
  const float *a, const float *x, const ptrdiff_t *off, ptrdiff_t k_count, const float *bias,
  float *c, ptrdiff_t ldc, ptrdiff_t rows, __mmask16 m0, __mmask16 m1, const int full) {
  P5_DECL(0) P5_DECL(1) P5_DECL(2) P5_DECL(3)
  for (ptrdiff_t k = 0; k < k_count; k++) {
    P5_LOADS
    P5_FMA(0) P5_FMA(1) P5_FMA(2) P5_FMA(3)
    a += 8;
  }
  P5_STORE(0) P5_STORE(1) P5_STORE(2) P5_STORE(3)
}

AVX512_TARGET static inline __attribute__((always_inline)) void pairs512_column(
  const float *a, ptrdiff_t blocks6, ptrdiff_t blocks4, ptrdiff_t rows, const float *x,
  const ptrdiff_t *off, ptrdiff_t k_count, const float *bias, float *c, ptrdiff_t ldc, ptrdiff_t q,
  __mmask16 m0, __mmask16 m1, const int full) {
  for (ptrdiff_t b = 0; b < blocks6; b++) {
    const ptrdiff_t first = 6 * b;
    if (first >= rows) return;
    pairs512_tile6(a + b * k_count * 12, x + q, off, k_count, bias + first, c + first * ldc + q, ldc,
      rows - first, m0, m1, full);
  }
  const float *a4 = a + blocks6 * k_count * 12;
  for (ptrdiff_t b = 0; b < blocks4; b++) {
    const ptrdiff_t first = 6 * blocks6 + 4 * b;
    if (first >= rows) return;
    pairs512_tile4(a4 + b * k_count * 8, x + q, off, k_count, bias + first, c + first * ldc + q, ldc,
      rows - first, m0, m1, full);
  }
}


AVX512_TARGET void ckern_deconv_pairs_avx512(
  const float *a, ptrdiff_t blocks6, ptrdiff_t blocks4, ptrdiff_t rows, const float *x,
  const ptrdiff_t *off, ptrdiff_t k_count, const float *bias, float *c, ptrdiff_t ldc,
  ptrdiff_t count) {
  ptrdiff_t q = 0;
  for (; q + 32 <= count; q += 32) {
    pairs512_column(a, blocks6, blocks4, rows, x, off, k_count, bias, c, ldc, q, 0xFFFF, 0xFFFF, 1);
  }
  if (q < count) {
    const ptrdiff_t n = count - q;
    pairs512_column(
      a, blocks6, blocks4, rows, x, off, k_count, bias, c, ldc, q, kernel_mask16(n), kernel_mask16(n - 16), 0);
  }
}

#else

// Not x86: ckern_simd_level() is 0, so this is never called; it exists only to link.
void ckern_deconv_pairs_avx2(
  const float *a, ptrdiff_t blocks6, ptrdiff_t blocks4, ptrdiff_t rows, const float *x,
  const ptrdiff_t *off, ptrdiff_t k_count, const float *bias, float *c, ptrdiff_t ldc,
  ptrdiff_t count) {
  (void)a; (void)blocks6; (void)blocks4; (void)rows; (void)x; (void)off; (void)k_count;
  (void)bias; (void)c; (void)ldc; (void)count;
}

void ckern_deconv_pairs_avx512(
  const float *a, ptrdiff_t blocks6, ptrdiff_t blocks4, ptrdiff_t rows, const float *x,
  const ptrdiff_t *off, ptrdiff_t k_count, const float *bias, float *c, ptrdiff_t ldc,
  ptrdiff_t count) {
  ckern_deconv_pairs_avx2(a, blocks6, blocks4, rows, x, off, k_count, bias, c, ldc, count);
}

#endif
