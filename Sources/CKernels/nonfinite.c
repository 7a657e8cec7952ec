// Whether a span of floats holds an infinity or a NaN (`PlanePlan.nonFiniteOutside` in ModelProbe):
// the exponent bits plus one exponent step reach bit 31 exactly when the exponent is all ones, or-ed
// over 8 (AVX2) or 16 (AVX-512) lanes, the rest one at a time. An answer, not a sum: every set gives
// the same one.

#include "CKernels.h"

#include <stdint.h>
#include <string.h>

// One sample's test, as the Swift path writes it.
static inline uint32_t nonfinite_bit(const float *p) {
  uint32_t bits;
  memcpy(&bits, p, sizeof bits);
  return (bits & 0x7f800000u) + 0x00800000u;
}

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

__attribute__((target("avx2"))) int ckern_has_nonfinite_avx2(const float *src, ptrdiff_t count) {
  const __m256i mask = _mm256_set1_epi32(0x7f800000);
  const __m256i step = _mm256_set1_epi32(0x00800000);
  __m256i any = _mm256_setzero_si256();
  ptrdiff_t i = 0;
  for (; i + 8 <= count; i += 8) {
    const __m256i bits = _mm256_loadu_si256((const __m256i *)(src + i));
    any = _mm256_or_si256(any, _mm256_add_epi32(_mm256_and_si256(bits, mask), step));
  }
  uint32_t rest = (uint32_t)_mm256_movemask_ps(_mm256_castsi256_ps(any));
  for (; i < count; i++) rest |= nonfinite_bit(src + i) >> 31;
  return rest != 0;
}

__attribute__((target("avx512f"))) int ckern_has_nonfinite_avx512(const float *src, ptrdiff_t count) {
  const __m512i mask = _mm512_set1_epi32(0x7f800000);
  const __m512i step = _mm512_set1_epi32(0x00800000);
  __m512i any = _mm512_setzero_si512();
  ptrdiff_t i = 0;
  for (; i + 16 <= count; i += 16) {
    const __m512i bits = _mm512_loadu_si512((const void *)(src + i));
    any = _mm512_or_si512(any, _mm512_add_epi32(_mm512_and_si512(bits, mask), step));
  }
  uint32_t rest = (uint32_t)_mm512_cmplt_epi32_mask(any, _mm512_setzero_si512());  // bit 31 set
  for (; i < count; i++) rest |= nonfinite_bit(src + i) >> 31;
  return rest != 0;
}

#else

// Not x86: ckern_simd_level() is 0, so these are never called; they exist only to link.
int ckern_has_nonfinite_avx2(const float *src, ptrdiff_t count) {
  uint32_t any = 0;
  for (ptrdiff_t i = 0; i < count; i++) any |= nonfinite_bit(src + i);
  return (any >> 31) != 0;
}
int ckern_has_nonfinite_avx512(const float *src, ptrdiff_t count) {
  return ckern_has_nonfinite_avx2(src, count);
}

#endif
