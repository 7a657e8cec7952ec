// Register-tile micro-kernels; see CKernels.h for the contract.

#include "CKernels.h"
#include "kernel_masks.h"

#if defined(__x86_64__) || defined(__i386__)
#define CKERN_X86 1
#include <immintrin.h>
#else
#define CKERN_X86 0
#endif

int ckern_simd_level(void) {
#if CKERN_X86
  __builtin_cpu_init();
  int avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  if (!avx2) return 0;
  if (__builtin_cpu_supports("avx512f")) return 2;
  return 1;
#else
  return 0;
#endif
}

#if CKERN_X86

#define AVX2_TARGET __attribute__((target("avx2,fma")))
#define AVX512_TARGET __attribute__((target("avx512f,avx2,fma")))


// Sums of 16 positions for four channels (two ymm each).
AVX2_TARGET static inline void avx2_tile16(
  float *s, ptrdiff_t ss, const float *x, ptrdiff_t xs, const float *w, ptrdiff_t ws,
  ptrdiff_t slot, ptrdiff_t items) {
  __m256 a0 = _mm256_setzero_ps(), b0 = _mm256_setzero_ps();
  __m256 a1 = _mm256_setzero_ps(), b1 = _mm256_setzero_ps();
  __m256 a2 = _mm256_setzero_ps(), b2 = _mm256_setzero_ps();
  __m256 a3 = _mm256_setzero_ps(), b3 = _mm256_setzero_ps();
  for (ptrdiff_t i = 0; i < items; i++) {
    const __m256 xa = _mm256_loadu_ps(x);
    const __m256 xb = _mm256_loadu_ps(x + 8);
    __m256 v = _mm256_broadcast_ss(w);
    a0 = _mm256_fmadd_ps(xa, v, a0);
    b0 = _mm256_fmadd_ps(xb, v, b0);
    v = _mm256_broadcast_ss(w + slot);
    a1 = _mm256_fmadd_ps(xa, v, a1);
    b1 = _mm256_fmadd_ps(xb, v, b1);
    v = _mm256_broadcast_ss(w + 2 * slot);
    a2 = _mm256_fmadd_ps(xa, v, a2);
    b2 = _mm256_fmadd_ps(xb, v, b2);
    v = _mm256_broadcast_ss(w + 3 * slot);
    a3 = _mm256_fmadd_ps(xa, v, a3);
    b3 = _mm256_fmadd_ps(xb, v, b3);
    x += xs;
    w += ws;
  }
  _mm256_storeu_ps(s, _mm256_add_ps(_mm256_loadu_ps(s), a0));
  _mm256_storeu_ps(s + 8, _mm256_add_ps(_mm256_loadu_ps(s + 8), b0));
  s += ss;
  _mm256_storeu_ps(s, _mm256_add_ps(_mm256_loadu_ps(s), a1));
  _mm256_storeu_ps(s + 8, _mm256_add_ps(_mm256_loadu_ps(s + 8), b1));
  s += ss;
  _mm256_storeu_ps(s, _mm256_add_ps(_mm256_loadu_ps(s), a2));
  _mm256_storeu_ps(s + 8, _mm256_add_ps(_mm256_loadu_ps(s + 8), b2));
  s += ss;
  _mm256_storeu_ps(s, _mm256_add_ps(_mm256_loadu_ps(s), a3));
  _mm256_storeu_ps(s + 8, _mm256_add_ps(_mm256_loadu_ps(s + 8), b3));
}

// Sums of the first r ≤ 8 positions for four channels; lanes ≥ r are neither read nor written.
AVX2_TARGET static inline void avx2_tile_masked(
  float *s, ptrdiff_t ss, const float *x, ptrdiff_t xs, const float *w, ptrdiff_t ws,
  ptrdiff_t slot, ptrdiff_t items, ptrdiff_t r) {
  const __m256i m = _mm256_loadu_si256((const __m256i *)(kernel_mask_table + 8 - r));
  __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps();
  __m256 a2 = _mm256_setzero_ps(), a3 = _mm256_setzero_ps();
  for (ptrdiff_t i = 0; i < items; i++) {
    const __m256 xa = _mm256_maskload_ps(x, m);
    a0 = _mm256_fmadd_ps(xa, _mm256_broadcast_ss(w), a0);
    a1 = _mm256_fmadd_ps(xa, _mm256_broadcast_ss(w + slot), a1);
    a2 = _mm256_fmadd_ps(xa, _mm256_broadcast_ss(w + 2 * slot), a2);
    a3 = _mm256_fmadd_ps(xa, _mm256_broadcast_ss(w + 3 * slot), a3);
    x += xs;
    w += ws;
  }
  _mm256_maskstore_ps(s, m, _mm256_add_ps(_mm256_maskload_ps(s, m), a0));
  s += ss;
  _mm256_maskstore_ps(s, m, _mm256_add_ps(_mm256_maskload_ps(s, m), a1));
  s += ss;
  _mm256_maskstore_ps(s, m, _mm256_add_ps(_mm256_maskload_ps(s, m), a2));
  s += ss;
  _mm256_maskstore_ps(s, m, _mm256_add_ps(_mm256_maskload_ps(s, m), a3));
}

AVX2_TARGET void ckern_tile4_avx2(
  float *scratch, ptrdiff_t scratch_stride, const float *x, ptrdiff_t x_stride, const float *w,
  ptrdiff_t w_stride, ptrdiff_t slot, ptrdiff_t items, ptrdiff_t count) {
  ptrdiff_t u = 0;
  for (; u + 16 <= count; u += 16) {
    avx2_tile16(scratch + u, scratch_stride, x + u, x_stride, w, w_stride, slot, items);
  }
  for (; u < count; u += 8) {
    const ptrdiff_t r = count - u < 8 ? count - u : 8;
    avx2_tile_masked(scratch + u, scratch_stride, x + u, x_stride, w, w_stride, slot, items, r);
  }
}

// Sums of 32 positions for four channels (two zmm each).
AVX512_TARGET static inline void avx512_tile32(
  float *s, ptrdiff_t ss, const float *x, ptrdiff_t xs, const float *w, ptrdiff_t ws,
  ptrdiff_t slot, ptrdiff_t items) {
  __m512 a0 = _mm512_setzero_ps(), b0 = _mm512_setzero_ps();
  __m512 a1 = _mm512_setzero_ps(), b1 = _mm512_setzero_ps();
  __m512 a2 = _mm512_setzero_ps(), b2 = _mm512_setzero_ps();
  __m512 a3 = _mm512_setzero_ps(), b3 = _mm512_setzero_ps();
  for (ptrdiff_t i = 0; i < items; i++) {
    const __m512 xa = _mm512_loadu_ps(x);
    const __m512 xb = _mm512_loadu_ps(x + 16);
    __m512 v = _mm512_set1_ps(w[0]);
    a0 = _mm512_fmadd_ps(xa, v, a0);
    b0 = _mm512_fmadd_ps(xb, v, b0);
    v = _mm512_set1_ps(w[slot]);
    a1 = _mm512_fmadd_ps(xa, v, a1);
    b1 = _mm512_fmadd_ps(xb, v, b1);
    v = _mm512_set1_ps(w[2 * slot]);
    a2 = _mm512_fmadd_ps(xa, v, a2);
    b2 = _mm512_fmadd_ps(xb, v, b2);
    v = _mm512_set1_ps(w[3 * slot]);
    a3 = _mm512_fmadd_ps(xa, v, a3);
    b3 = _mm512_fmadd_ps(xb, v, b3);
    x += xs;
    w += ws;
  }
  _mm512_storeu_ps(s, _mm512_add_ps(_mm512_loadu_ps(s), a0));
  _mm512_storeu_ps(s + 16, _mm512_add_ps(_mm512_loadu_ps(s + 16), b0));
  s += ss;
  _mm512_storeu_ps(s, _mm512_add_ps(_mm512_loadu_ps(s), a1));
  _mm512_storeu_ps(s + 16, _mm512_add_ps(_mm512_loadu_ps(s + 16), b1));
  s += ss;
  _mm512_storeu_ps(s, _mm512_add_ps(_mm512_loadu_ps(s), a2));
  _mm512_storeu_ps(s + 16, _mm512_add_ps(_mm512_loadu_ps(s + 16), b2));
  s += ss;
  _mm512_storeu_ps(s, _mm512_add_ps(_mm512_loadu_ps(s), a3));
  _mm512_storeu_ps(s + 16, _mm512_add_ps(_mm512_loadu_ps(s + 16), b3));
}

// Sums of the first r ≤ 16 positions for four channels; masked-off lanes are not accessed.
AVX512_TARGET static inline void avx512_tile_masked(
  float *s, ptrdiff_t ss, const float *x, ptrdiff_t xs, const float *w, ptrdiff_t ws,
  ptrdiff_t slot, ptrdiff_t items, ptrdiff_t r) {
  const __mmask16 m = kernel_mask16(r);
  __m512 a0 = _mm512_setzero_ps(), a1 = _mm512_setzero_ps();
  __m512 a2 = _mm512_setzero_ps(), a3 = _mm512_setzero_ps();
  for (ptrdiff_t i = 0; i < items; i++) {
    const __m512 xa = _mm512_maskz_loadu_ps(m, x);
    a0 = _mm512_fmadd_ps(xa, _mm512_set1_ps(w[0]), a0);
    a1 = _mm512_fmadd_ps(xa, _mm512_set1_ps(w[slot]), a1);
    a2 = _mm512_fmadd_ps(xa, _mm512_set1_ps(w[2 * slot]), a2);
    a3 = _mm512_fmadd_ps(xa, _mm512_set1_ps(w[3 * slot]), a3);
    x += xs;
    w += ws;
  }
  _mm512_mask_storeu_ps(s, m, _mm512_add_ps(_mm512_maskz_loadu_ps(m, s), a0));
  s += ss;
  _mm512_mask_storeu_ps(s, m, _mm512_add_ps(_mm512_maskz_loadu_ps(m, s), a1));
  s += ss;
  _mm512_mask_storeu_ps(s, m, _mm512_add_ps(_mm512_maskz_loadu_ps(m, s), a2));
  s += ss;
  _mm512_mask_storeu_ps(s, m, _mm512_add_ps(_mm512_maskz_loadu_ps(m, s), a3));
}

AVX512_TARGET void ckern_tile4_avx512(
  float *scratch, ptrdiff_t scratch_stride, const float *x, ptrdiff_t x_stride, const float *w,
  ptrdiff_t w_stride, ptrdiff_t slot, ptrdiff_t items, ptrdiff_t count) {
  ptrdiff_t u = 0;
  for (; u + 32 <= count; u += 32) {
    avx512_tile32(scratch + u, scratch_stride, x + u, x_stride, w, w_stride, slot, items);
  }
  for (; u < count; u += 16) {
    const ptrdiff_t r = count - u < 16 ? count - u : 16;
    avx512_tile_masked(scratch + u, scratch_stride, x + u, x_stride, w, w_stride, slot, items, r);
  }
}

// Sums of 32 positions for eight channels (two zmm each): every loaded input vector serves eight
// channels. Each lane takes exactly the operations of `avx512_tile32`, so results are identical.
AVX512_TARGET static inline void avx512_tile8x32(
  float *s, ptrdiff_t ss, const float *x, ptrdiff_t xs, const float *w, ptrdiff_t ws,
  ptrdiff_t slot, ptrdiff_t items) {
  __m512 a0 = _mm512_setzero_ps(), b0 = _mm512_setzero_ps();
  __m512 a1 = _mm512_setzero_ps(), b1 = _mm512_setzero_ps();
  __m512 a2 = _mm512_setzero_ps(), b2 = _mm512_setzero_ps();
  __m512 a3 = _mm512_setzero_ps(), b3 = _mm512_setzero_ps();
  __m512 a4 = _mm512_setzero_ps(), b4 = _mm512_setzero_ps();
  __m512 a5 = _mm512_setzero_ps(), b5 = _mm512_setzero_ps();
  __m512 a6 = _mm512_setzero_ps(), b6 = _mm512_setzero_ps();
  __m512 a7 = _mm512_setzero_ps(), b7 = _mm512_setzero_ps();
  for (ptrdiff_t i = 0; i < items; i++) {
    const __m512 xa = _mm512_loadu_ps(x);
    const __m512 xb = _mm512_loadu_ps(x + 16);
    __m512 v = _mm512_set1_ps(w[0]);
    a0 = _mm512_fmadd_ps(xa, v, a0);
    b0 = _mm512_fmadd_ps(xb, v, b0);
    v = _mm512_set1_ps(w[slot]);
    a1 = _mm512_fmadd_ps(xa, v, a1);
    b1 = _mm512_fmadd_ps(xb, v, b1);
    v = _mm512_set1_ps(w[2 * slot]);
    a2 = _mm512_fmadd_ps(xa, v, a2);
    b2 = _mm512_fmadd_ps(xb, v, b2);
    v = _mm512_set1_ps(w[3 * slot]);
    a3 = _mm512_fmadd_ps(xa, v, a3);
    b3 = _mm512_fmadd_ps(xb, v, b3);
    v = _mm512_set1_ps(w[4 * slot]);
    a4 = _mm512_fmadd_ps(xa, v, a4);
    b4 = _mm512_fmadd_ps(xb, v, b4);
    v = _mm512_set1_ps(w[5 * slot]);
    a5 = _mm512_fmadd_ps(xa, v, a5);
    b5 = _mm512_fmadd_ps(xb, v, b5);
    v = _mm512_set1_ps(w[6 * slot]);
    a6 = _mm512_fmadd_ps(xa, v, a6);
    b6 = _mm512_fmadd_ps(xb, v, b6);
    v = _mm512_set1_ps(w[7 * slot]);
    a7 = _mm512_fmadd_ps(xa, v, a7);
    b7 = _mm512_fmadd_ps(xb, v, b7);
    x += xs;
    w += ws;
  }
#define CKERN_ADD2(A, B)                                                   \
  _mm512_storeu_ps(s, _mm512_add_ps(_mm512_loadu_ps(s), A));               \
  _mm512_storeu_ps(s + 16, _mm512_add_ps(_mm512_loadu_ps(s + 16), B));     \
  s += ss;
  CKERN_ADD2(a0, b0)
  CKERN_ADD2(a1, b1)
  CKERN_ADD2(a2, b2)
  CKERN_ADD2(a3, b3)
  CKERN_ADD2(a4, b4)
  CKERN_ADD2(a5, b5)
  CKERN_ADD2(a6, b6)
  CKERN_ADD2(a7, b7)
#undef CKERN_ADD2
}

// Sums of the first r ≤ 16 positions for eight channels; masked-off lanes are not accessed.
AVX512_TARGET static inline void avx512_tile8_masked(
  float *s, ptrdiff_t ss, const float *x, ptrdiff_t xs, const float *w, ptrdiff_t ws,
  ptrdiff_t slot, ptrdiff_t items, ptrdiff_t r) {
  const __mmask16 m = kernel_mask16(r);
  __m512 a0 = _mm512_setzero_ps(), a1 = _mm512_setzero_ps();
  __m512 a2 = _mm512_setzero_ps(), a3 = _mm512_setzero_ps();
  __m512 a4 = _mm512_setzero_ps(), a5 = _mm512_setzero_ps();
  __m512 a6 = _mm512_setzero_ps(), a7 = _mm512_setzero_ps();
  for (ptrdiff_t i = 0; i < items; i++) {
    const __m512 xa = _mm512_maskz_loadu_ps(m, x);
    a0 = _mm512_fmadd_ps(xa, _mm512_set1_ps(w[0]), a0);
    a1 = _mm512_fmadd_ps(xa, _mm512_set1_ps(w[slot]), a1);
    a2 = _mm512_fmadd_ps(xa, _mm512_set1_ps(w[2 * slot]), a2);
    a3 = _mm512_fmadd_ps(xa, _mm512_set1_ps(w[3 * slot]), a3);
    a4 = _mm512_fmadd_ps(xa, _mm512_set1_ps(w[4 * slot]), a4);
    a5 = _mm512_fmadd_ps(xa, _mm512_set1_ps(w[5 * slot]), a5);
    a6 = _mm512_fmadd_ps(xa, _mm512_set1_ps(w[6 * slot]), a6);
    a7 = _mm512_fmadd_ps(xa, _mm512_set1_ps(w[7 * slot]), a7);
    x += xs;
    w += ws;
  }
#define CKERN_ADD1(A)                                                           \
  _mm512_mask_storeu_ps(s, m, _mm512_add_ps(_mm512_maskz_loadu_ps(m, s), A));   \
  s += ss;
  CKERN_ADD1(a0)
  CKERN_ADD1(a1)
  CKERN_ADD1(a2)
  CKERN_ADD1(a3)
  CKERN_ADD1(a4)
  CKERN_ADD1(a5)
  CKERN_ADD1(a6)
  CKERN_ADD1(a7)
#undef CKERN_ADD1
}

AVX512_TARGET void ckern_tile8_avx512(
  float *scratch, ptrdiff_t scratch_stride, const float *x, ptrdiff_t x_stride, const float *w,
  ptrdiff_t w_stride, ptrdiff_t slot, ptrdiff_t items, ptrdiff_t count) {
  ptrdiff_t u = 0;
  for (; u + 32 <= count; u += 32) {
    avx512_tile8x32(scratch + u, scratch_stride, x + u, x_stride, w, w_stride, slot, items);
  }
  for (; u < count; u += 16) {
    const ptrdiff_t r = count - u < 16 ? count - u : 16;
    avx512_tile8_masked(scratch + u, scratch_stride, x + u, x_stride, w, w_stride, slot, items, r);
  }
}

#else

// Not x86: ckern_simd_level() is 0, so these are never called; they exist only to link.
void ckern_tile4_avx2(
  float *scratch, ptrdiff_t scratch_stride, const float *x, ptrdiff_t x_stride, const float *w,
  ptrdiff_t w_stride, ptrdiff_t slot, ptrdiff_t items, ptrdiff_t count) {
  (void)scratch; (void)scratch_stride; (void)x; (void)x_stride; (void)w; (void)w_stride;
  (void)slot; (void)items; (void)count;
}
void ckern_tile4_avx512(
  float *scratch, ptrdiff_t scratch_stride, const float *x, ptrdiff_t x_stride, const float *w,
  ptrdiff_t w_stride, ptrdiff_t slot, ptrdiff_t items, ptrdiff_t count) {
  ckern_tile4_avx2(scratch, scratch_stride, x, x_stride, w, w_stride, slot, items, count);
}
void ckern_tile8_avx512(
  float *scratch, ptrdiff_t scratch_stride, const float *x, ptrdiff_t x_stride, const float *w,
  ptrdiff_t w_stride, ptrdiff_t slot, ptrdiff_t items, ptrdiff_t count) {
  ckern_tile4_avx2(scratch, scratch_stride, x, x_stride, w, w_stride, slot, items, count);
}

#endif
