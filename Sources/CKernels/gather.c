// Offset-gather micro-kernels of the flat volume correlation; see CKernels.h for the contract.

#include "CKernels.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#define GATHER_AVX2_TARGET __attribute__((target("avx2,fma")))
#define GATHER_AVX512_TARGET __attribute__((target("avx512f,avx2,fma")))

// 24 positions × 4 channels: twelve ymm accumulators, three input loads and four broadcasts
// per item (twelve fused multiply-adds).
GATHER_AVX2_TARGET static inline void gather4x24(
  float *out, ptrdiff_t os, const float *x, const ptrdiff_t *offsets, const float *w, ptrdiff_t items) {
  __m256 a0 = _mm256_setzero_ps(), b0 = _mm256_setzero_ps(), c0 = _mm256_setzero_ps();
  __m256 a1 = _mm256_setzero_ps(), b1 = _mm256_setzero_ps(), c1 = _mm256_setzero_ps();
  __m256 a2 = _mm256_setzero_ps(), b2 = _mm256_setzero_ps(), c2 = _mm256_setzero_ps();
  __m256 a3 = _mm256_setzero_ps(), b3 = _mm256_setzero_ps(), c3 = _mm256_setzero_ps();
  for (ptrdiff_t i = 0; i < items; i++) {
    const float *xi = x + offsets[i];
    const __m256 xa = _mm256_loadu_ps(xi);
    const __m256 xb = _mm256_loadu_ps(xi + 8);
    const __m256 xc = _mm256_loadu_ps(xi + 16);
    __m256 v = _mm256_broadcast_ss(w);
    a0 = _mm256_fmadd_ps(xa, v, a0);
    b0 = _mm256_fmadd_ps(xb, v, b0);
    c0 = _mm256_fmadd_ps(xc, v, c0);
    v = _mm256_broadcast_ss(w + 1);
    a1 = _mm256_fmadd_ps(xa, v, a1);
    b1 = _mm256_fmadd_ps(xb, v, b1);
    c1 = _mm256_fmadd_ps(xc, v, c1);
    v = _mm256_broadcast_ss(w + 2);
    a2 = _mm256_fmadd_ps(xa, v, a2);
    b2 = _mm256_fmadd_ps(xb, v, b2);
    c2 = _mm256_fmadd_ps(xc, v, c2);
    v = _mm256_broadcast_ss(w + 3);
    a3 = _mm256_fmadd_ps(xa, v, a3);
    b3 = _mm256_fmadd_ps(xb, v, b3);
    c3 = _mm256_fmadd_ps(xc, v, c3);
    w += 4;
  }
  _mm256_storeu_ps(out, a0);
  _mm256_storeu_ps(out + 8, b0);
  _mm256_storeu_ps(out + 16, c0);
  out += os;
  _mm256_storeu_ps(out, a1);
  _mm256_storeu_ps(out + 8, b1);
  _mm256_storeu_ps(out + 16, c1);
  out += os;
  _mm256_storeu_ps(out, a2);
  _mm256_storeu_ps(out + 8, b2);
  _mm256_storeu_ps(out + 16, c2);
  out += os;
  _mm256_storeu_ps(out, a3);
  _mm256_storeu_ps(out + 8, b3);
  _mm256_storeu_ps(out + 16, c3);
}

GATHER_AVX2_TARGET void ckern_gather4_avx2(
  float *out, ptrdiff_t out_stride, const float *x, const ptrdiff_t *offsets, const float *w,
  ptrdiff_t items, ptrdiff_t count) {
  for (ptrdiff_t u = 0; u < count; u += 24) {
    gather4x24(out + u, out_stride, x + u, offsets, w, items);
  }
}

// 32 positions × 8 channels: sixteen zmm accumulators, two input loads and eight broadcasts per
// item (sixteen fused multiply-adds).
GATHER_AVX512_TARGET static inline void gather8x32(
  float *out, ptrdiff_t os, const float *x, const ptrdiff_t *offsets, const float *w, ptrdiff_t items) {
  __m512 a[8], b[8];
  for (int k = 0; k < 8; k++) {
    a[k] = _mm512_setzero_ps();
    b[k] = _mm512_setzero_ps();
  }
  for (ptrdiff_t i = 0; i < items; i++) {
    const float *xi = x + offsets[i];
    const __m512 xa = _mm512_loadu_ps(xi);
    const __m512 xb = _mm512_loadu_ps(xi + 16);
    for (int k = 0; k < 8; k++) {
      const __m512 v = _mm512_set1_ps(w[k]);
      a[k] = _mm512_fmadd_ps(xa, v, a[k]);
      b[k] = _mm512_fmadd_ps(xb, v, b[k]);
    }
    w += 8;
  }
  for (int k = 0; k < 8; k++) {
    _mm512_storeu_ps(out + k * os, a[k]);
    _mm512_storeu_ps(out + k * os + 16, b[k]);
  }
}

GATHER_AVX512_TARGET void ckern_gather8_avx512(
  float *out, ptrdiff_t out_stride, const float *x, const ptrdiff_t *offsets, const float *w,
  ptrdiff_t items, ptrdiff_t count) {
  for (ptrdiff_t u = 0; u < count; u += 32) {
    gather8x32(out + u, out_stride, x + u, offsets, w, items);
  }
}

#else

// Not x86: ckern_simd_level() is 0, so these are never called; they exist only to link.
void ckern_gather4_avx2(
  float *out, ptrdiff_t out_stride, const float *x, const ptrdiff_t *offsets, const float *w,
  ptrdiff_t items, ptrdiff_t count) {
  (void)out; (void)out_stride; (void)x; (void)offsets; (void)w; (void)items; (void)count;
}
void ckern_gather8_avx512(
  float *out, ptrdiff_t out_stride, const float *x, const ptrdiff_t *offsets, const float *w,
  ptrdiff_t items, ptrdiff_t count) {
  ckern_gather4_avx2(out, out_stride, x, offsets, w, items, count);
}

#endif
