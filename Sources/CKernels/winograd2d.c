// Winograd F(2×2, 3×3) input and output transforms of one tile row (`Winograd` in
// TransposedConv); see CKernels.h (`ckern_wino2d_*`) for the contracts.
//
// Each lane takes exactly the additions of the Swift transforms in the same order (rows, then
// columns; no fused operations), so these give the Swift path's bits. Tiles stay in their natural
// order: the even and odd columns of consecutive tiles are gathered with cross-lane permutes.

#include "CKernels.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#define W2_AVX2_TARGET __attribute__((target("avx2,fma")))
#define W2_AVX512_TARGET __attribute__((target("avx512f,avx2,fma")))
#define W2_INLINE static inline __attribute__((always_inline))

// ---------------------------------------------------------------- AVX2: eight tiles at a time

// Lanes 0, 2, …, 14 (`odd` 0) or 1, 3, …, 15 (`odd` 1) of the 16 floats lo ‖ hi, in order.
W2_AVX2_TARGET W2_INLINE __m256 w2_half8(__m256 lo, __m256 hi, const int odd) {
  const __m256 s = odd ? _mm256_shuffle_ps(lo, hi, 0xDD) : _mm256_shuffle_ps(lo, hi, 0x88);
  return _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(s), 0xD8));
}

W2_AVX2_TARGET void ckern_wino2d_input_avx2(
  const float *d0, ptrdiff_t plane_w, float *out, ptrdiff_t stride, ptrdiff_t tiles) {
  const float *d1 = d0 + plane_w, *d2 = d0 + 2 * plane_w, *d3 = d0 + 3 * plane_w;
  for (ptrdiff_t tx = 0; tx + 8 <= tiles; tx += 8) {
    const ptrdiff_t c = 2 * tx;
    // Bᵀ d on the rows for columns c…c+15 (a) and c+2…c+17 (b), each as two halves.
    __m256 ra[4][2], rb[4][2];
    for (int h = 0; h < 2; h++) {
      const ptrdiff_t at = c + 8 * h;
      const __m256 a0 = _mm256_loadu_ps(d0 + at), a1 = _mm256_loadu_ps(d1 + at);
      const __m256 a2 = _mm256_loadu_ps(d2 + at), a3 = _mm256_loadu_ps(d3 + at);
      const __m256 b0 = _mm256_loadu_ps(d0 + at + 2), b1 = _mm256_loadu_ps(d1 + at + 2);
      const __m256 b2 = _mm256_loadu_ps(d2 + at + 2), b3 = _mm256_loadu_ps(d3 + at + 2);
      ra[0][h] = _mm256_sub_ps(a0, a2);
      ra[1][h] = _mm256_add_ps(a1, a2);
      ra[2][h] = _mm256_sub_ps(a2, a1);
      ra[3][h] = _mm256_sub_ps(a1, a3);
      rb[0][h] = _mm256_sub_ps(b0, b2);
      rb[1][h] = _mm256_add_ps(b1, b2);
      rb[2][h] = _mm256_sub_ps(b2, b1);
      rb[3][h] = _mm256_sub_ps(b1, b3);
    }
    float *base = out + tx;
    for (int xi = 0; xi < 4; xi++) {
      // Columns 0, 1 of each tile: a's even and odd lanes; 2, 3: b's.
      const __m256 x0 = w2_half8(ra[xi][0], ra[xi][1], 0), x1 = w2_half8(ra[xi][0], ra[xi][1], 1);
      const __m256 x2 = w2_half8(rb[xi][0], rb[xi][1], 0), x3 = w2_half8(rb[xi][0], rb[xi][1], 1);
      _mm256_storeu_ps(base + (4 * xi) * stride, _mm256_sub_ps(x0, x2));
      _mm256_storeu_ps(base + (4 * xi + 1) * stride, _mm256_add_ps(x1, x2));
      _mm256_storeu_ps(base + (4 * xi + 2) * stride, _mm256_sub_ps(x2, x1));
      _mm256_storeu_ps(base + (4 * xi + 3) * stride, _mm256_sub_ps(x1, x3));
    }
  }
}

W2_AVX2_TARGET void ckern_wino2d_output_avx2(
  const float *m, ptrdiff_t stride, float bias, float *row0, ptrdiff_t out_w, int two_rows, ptrdiff_t tiles) {
  const __m256 bv = _mm256_set1_ps(bias);
  for (ptrdiff_t t = 0; t + 8 <= tiles; t += 8) {
    const float *p = m + t;
#define W2L(e) _mm256_loadu_ps(p + (e) * stride)
    const __m256 u00 = _mm256_add_ps(_mm256_add_ps(W2L(0), W2L(4)), W2L(8));
    const __m256 u01 = _mm256_add_ps(_mm256_add_ps(W2L(1), W2L(5)), W2L(9));
    const __m256 u02 = _mm256_add_ps(_mm256_add_ps(W2L(2), W2L(6)), W2L(10));
    const __m256 u03 = _mm256_add_ps(_mm256_add_ps(W2L(3), W2L(7)), W2L(11));
    const __m256 y00 = _mm256_add_ps(_mm256_add_ps(_mm256_add_ps(u00, u01), u02), bv);
    const __m256 y01 = _mm256_add_ps(_mm256_sub_ps(_mm256_sub_ps(u01, u02), u03), bv);
    // Interleaved: columns 2i and 2i + 1 of tile i.
    const __m256 lo = _mm256_unpacklo_ps(y00, y01), hi = _mm256_unpackhi_ps(y00, y01);
    float *r0 = row0 + 2 * t;
    _mm256_storeu_ps(r0, _mm256_permute2f128_ps(lo, hi, 0x20));
    _mm256_storeu_ps(r0 + 8, _mm256_permute2f128_ps(lo, hi, 0x31));
    if (two_rows) {
      const __m256 u10 = _mm256_sub_ps(_mm256_sub_ps(W2L(4), W2L(8)), W2L(12));
      const __m256 u11 = _mm256_sub_ps(_mm256_sub_ps(W2L(5), W2L(9)), W2L(13));
      const __m256 u12 = _mm256_sub_ps(_mm256_sub_ps(W2L(6), W2L(10)), W2L(14));
      const __m256 u13 = _mm256_sub_ps(_mm256_sub_ps(W2L(7), W2L(11)), W2L(15));
      const __m256 y10 = _mm256_add_ps(_mm256_add_ps(_mm256_add_ps(u10, u11), u12), bv);
      const __m256 y11 = _mm256_add_ps(_mm256_sub_ps(_mm256_sub_ps(u11, u12), u13), bv);
      const __m256 lo1 = _mm256_unpacklo_ps(y10, y11), hi1 = _mm256_unpackhi_ps(y10, y11);
      float *r1 = r0 + out_w;
      _mm256_storeu_ps(r1, _mm256_permute2f128_ps(lo1, hi1, 0x20));
      _mm256_storeu_ps(r1 + 8, _mm256_permute2f128_ps(lo1, hi1, 0x31));
    }
#undef W2L
  }
}

// ---------------------------------------------------------------- AVX-512: sixteen tiles at a time

W2_AVX512_TARGET void ckern_wino2d_input_avx512(
  const float *d0, ptrdiff_t plane_w, float *out, ptrdiff_t stride, ptrdiff_t tiles) {
  const float *d1 = d0 + plane_w, *d2 = d0 + 2 * plane_w, *d3 = d0 + 3 * plane_w;
  const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
  const __m512i odd = _mm512_setr_epi32(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
  ptrdiff_t tx = 0;
  for (; tx + 16 <= tiles; tx += 16) {
    const ptrdiff_t c = 2 * tx;
    __m512 ra[4][2], rb[4][2];
    for (int h = 0; h < 2; h++) {
      const ptrdiff_t at = c + 16 * h;
      const __m512 a0 = _mm512_loadu_ps(d0 + at), a1 = _mm512_loadu_ps(d1 + at);
      const __m512 a2 = _mm512_loadu_ps(d2 + at), a3 = _mm512_loadu_ps(d3 + at);
      const __m512 b0 = _mm512_loadu_ps(d0 + at + 2), b1 = _mm512_loadu_ps(d1 + at + 2);
      const __m512 b2 = _mm512_loadu_ps(d2 + at + 2), b3 = _mm512_loadu_ps(d3 + at + 2);
      ra[0][h] = _mm512_sub_ps(a0, a2);
      ra[1][h] = _mm512_add_ps(a1, a2);
      ra[2][h] = _mm512_sub_ps(a2, a1);
      ra[3][h] = _mm512_sub_ps(a1, a3);
      rb[0][h] = _mm512_sub_ps(b0, b2);
      rb[1][h] = _mm512_add_ps(b1, b2);
      rb[2][h] = _mm512_sub_ps(b2, b1);
      rb[3][h] = _mm512_sub_ps(b1, b3);
    }
    float *base = out + tx;
    for (int xi = 0; xi < 4; xi++) {
      const __m512 x0 = _mm512_permutex2var_ps(ra[xi][0], even, ra[xi][1]);
      const __m512 x1 = _mm512_permutex2var_ps(ra[xi][0], odd, ra[xi][1]);
      const __m512 x2 = _mm512_permutex2var_ps(rb[xi][0], even, rb[xi][1]);
      const __m512 x3 = _mm512_permutex2var_ps(rb[xi][0], odd, rb[xi][1]);
      _mm512_storeu_ps(base + (4 * xi) * stride, _mm512_sub_ps(x0, x2));
      _mm512_storeu_ps(base + (4 * xi + 1) * stride, _mm512_add_ps(x1, x2));
      _mm512_storeu_ps(base + (4 * xi + 2) * stride, _mm512_sub_ps(x2, x1));
      _mm512_storeu_ps(base + (4 * xi + 3) * stride, _mm512_sub_ps(x1, x3));
    }
  }
  if (tx + 8 <= tiles) ckern_wino2d_input_avx2(d0 + 2 * tx, plane_w, out + tx, stride, tiles - tx);
}

W2_AVX512_TARGET void ckern_wino2d_output_avx512(
  const float *m, ptrdiff_t stride, float bias, float *row0, ptrdiff_t out_w, int two_rows, ptrdiff_t tiles) {
  const __m512 bv = _mm512_set1_ps(bias);
  const __m512i first = _mm512_setr_epi32(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
  const __m512i second = _mm512_setr_epi32(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
  ptrdiff_t t = 0;
  for (; t + 16 <= tiles; t += 16) {
    const float *p = m + t;
#define W5L(e) _mm512_loadu_ps(p + (e) * stride)
    const __m512 u00 = _mm512_add_ps(_mm512_add_ps(W5L(0), W5L(4)), W5L(8));
    const __m512 u01 = _mm512_add_ps(_mm512_add_ps(W5L(1), W5L(5)), W5L(9));
    const __m512 u02 = _mm512_add_ps(_mm512_add_ps(W5L(2), W5L(6)), W5L(10));
    const __m512 u03 = _mm512_add_ps(_mm512_add_ps(W5L(3), W5L(7)), W5L(11));
    const __m512 y00 = _mm512_add_ps(_mm512_add_ps(_mm512_add_ps(u00, u01), u02), bv);
    const __m512 y01 = _mm512_add_ps(_mm512_sub_ps(_mm512_sub_ps(u01, u02), u03), bv);
    float *r0 = row0 + 2 * t;
    _mm512_storeu_ps(r0, _mm512_permutex2var_ps(y00, first, y01));
    _mm512_storeu_ps(r0 + 16, _mm512_permutex2var_ps(y00, second, y01));
    if (two_rows) {
      const __m512 u10 = _mm512_sub_ps(_mm512_sub_ps(W5L(4), W5L(8)), W5L(12));
      const __m512 u11 = _mm512_sub_ps(_mm512_sub_ps(W5L(5), W5L(9)), W5L(13));
      const __m512 u12 = _mm512_sub_ps(_mm512_sub_ps(W5L(6), W5L(10)), W5L(14));
      const __m512 u13 = _mm512_sub_ps(_mm512_sub_ps(W5L(7), W5L(11)), W5L(15));
      const __m512 y10 = _mm512_add_ps(_mm512_add_ps(_mm512_add_ps(u10, u11), u12), bv);
      const __m512 y11 = _mm512_add_ps(_mm512_sub_ps(_mm512_sub_ps(u11, u12), u13), bv);
      float *r1 = r0 + out_w;
      _mm512_storeu_ps(r1, _mm512_permutex2var_ps(y10, first, y11));
      _mm512_storeu_ps(r1 + 16, _mm512_permutex2var_ps(y10, second, y11));
    }
#undef W5L
  }
  if (t + 8 <= tiles) ckern_wino2d_output_avx2(m + t, stride, bias, row0 + 2 * t, out_w, two_rows, tiles - t);
}

#else

// Not x86: ckern_simd_level() is 0, so these are never called; they exist only to link.
void ckern_wino2d_input_avx2(const float *d0, ptrdiff_t plane_w, float *out, ptrdiff_t stride, ptrdiff_t tiles) {
  (void)d0; (void)plane_w; (void)out; (void)stride; (void)tiles;
}
void ckern_wino2d_input_avx512(const float *d0, ptrdiff_t plane_w, float *out, ptrdiff_t stride, ptrdiff_t tiles) {
  (void)d0; (void)plane_w; (void)out; (void)stride; (void)tiles;
}
void ckern_wino2d_output_avx2(
  const float *m, ptrdiff_t stride, float bias, float *row0, ptrdiff_t out_w, int two_rows, ptrdiff_t tiles) {
  (void)m; (void)stride; (void)bias; (void)row0; (void)out_w; (void)two_rows; (void)tiles;
}
void ckern_wino2d_output_avx512(
  const float *m, ptrdiff_t stride, float bias, float *row0, ptrdiff_t out_w, int two_rows, ptrdiff_t tiles) {
  (void)m; (void)stride; (void)bias; (void)row0; (void)out_w; (void)two_rows; (void)tiles;
}

#endif
