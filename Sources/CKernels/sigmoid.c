// The logistic sigmoid of `VectorMath.sigmoid` (ModelRuntime) in AVX-512 lanes; see CKernels.h
// (`ckern_sigmoid_avx512`) for the contract.
//
// Operation for operation the Swift lane formula: the same multiplications and additions in the
// same order with one rounding each (no fused multiply-add: the target has FMA but contraction is
// off and every product is its own instruction), the same constants (each a float), the same
// exponent-bit construction, and lanes outside [−87, 88] (or NaN) through the C library's `expf`,
// the function Foundation's `exp(Float)` calls. So every lane gives the Swift path's bits.

#include "CKernels.h"

#include <math.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#pragma clang fp contract(off)

#define SIG_TARGET __attribute__((target("avx512f")))

SIG_TARGET static inline __attribute__((always_inline)) __m512 sigmoid16(__m512 x) {
  const __m512 lowest = _mm512_set1_ps(-87.0f), highest = _mm512_set1_ps(88.0f);
  const __m512 m = _mm512_sub_ps(_mm512_setzero_ps(), x);
  // `bounded`: below `lowest` → `lowest`, above `highest` → `highest`, NaN stays.
  __m512 b = _mm512_mask_blend_ps(_mm512_cmp_ps_mask(m, lowest, _CMP_LT_OQ), m, lowest);
  b = _mm512_mask_blend_ps(_mm512_cmp_ps_mask(b, highest, _CMP_GT_OQ), b, highest);
  // `reduce`.
  const __m512 shift = _mm512_set1_ps(12582912.0f);
  const __m512 shifted = _mm512_add_ps(_mm512_mul_ps(b, _mm512_set1_ps(1.44269504088896340736f)), shift);
  const __m512 n = _mm512_sub_ps(shifted, shift);
  const __m512 r = _mm512_sub_ps(
    _mm512_sub_ps(b, _mm512_mul_ps(n, _mm512_set1_ps(0.693359375f))),
    _mm512_mul_ps(n, _mm512_set1_ps(-2.12194440054690582e-4f)));
  __m512 q = _mm512_set1_ps(1.0f / 5040.0f);
  q = _mm512_add_ps(_mm512_mul_ps(q, r), _mm512_set1_ps(1.0f / 720.0f));
  q = _mm512_add_ps(_mm512_mul_ps(q, r), _mm512_set1_ps(1.0f / 120.0f));
  q = _mm512_add_ps(_mm512_mul_ps(q, r), _mm512_set1_ps(1.0f / 24.0f));
  q = _mm512_add_ps(_mm512_mul_ps(q, r), _mm512_set1_ps(1.0f / 6.0f));
  q = _mm512_add_ps(_mm512_mul_ps(q, r), _mm512_set1_ps(0.5f));
  const __m512 p = _mm512_add_ps(r, _mm512_mul_ps(_mm512_mul_ps(r, r), q));
  const __m512i bits = _mm512_add_epi32(
    _mm512_sub_epi32(_mm512_castps_si512(shifted), _mm512_set1_epi32(0x4B400000)), _mm512_set1_epi32(127));
  const __m512 scale = _mm512_castsi512_ps(_mm512_slli_epi32(bits, 23));
  const __m512 one = _mm512_set1_ps(1.0f);
  __m512 y = _mm512_div_ps(one, _mm512_add_ps(one, _mm512_mul_ps(scale, _mm512_add_ps(p, one))));
  // `outside`: not (m >= lowest and m <= highest), NaN included.
  const __mmask16 inside =
    _mm512_cmp_ps_mask(m, lowest, _CMP_GE_OQ) & _mm512_cmp_ps_mask(m, highest, _CMP_LE_OQ);
  if (inside != 0xFFFF) {
    float ms[16], ys[16];
    _mm512_storeu_ps(ms, m);
    _mm512_storeu_ps(ys, y);
    for (int lane = 0; lane < 16; lane++) {
      if (!((inside >> lane) & 1)) ys[lane] = 1.0f / (1.0f + expf(ms[lane]));
    }
    y = _mm512_loadu_ps(ys);
  }
  return y;
}

SIG_TARGET void ckern_sigmoid_avx512(const float *src, float *dst, ptrdiff_t count) {
  for (ptrdiff_t i = 0; i + 16 <= count; i += 16) _mm512_storeu_ps(dst + i, sigmoid16(_mm512_loadu_ps(src + i)));
}

#else

// Not x86: ckern_simd_level() is 0, so this is never called; it exists only to link.
void ckern_sigmoid_avx512(const float *src, float *dst, ptrdiff_t count) {
  (void)src; (void)dst; (void)count;
}

#endif
