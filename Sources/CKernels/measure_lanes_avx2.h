// The AVX2 lanes of the probe's measurement (private to CKernels; x86 only): an 8-lane Swift vector
// as two ymm registers (lanes 0–3, 4–7). Included by measure.c before measure_body.h.

#ifndef CKERNELS_MEASURE_LANES_H
#define CKERNELS_MEASURE_LANES_H

#include <immintrin.h>

typedef struct {
  __m256d lo, hi;
} v8;

MEASURE_TARGET INLINE v8 v8_zero(void) {
  v8 r = {_mm256_setzero_pd(), _mm256_setzero_pd()};
  return r;
}
MEASURE_TARGET INLINE v8 v8_load(const double *p) {
  v8 r = {_mm256_loadu_pd(p), _mm256_loadu_pd(p + 4)};
  return r;
}
// Eight floats widened to Double (exactly).
MEASURE_TARGET INLINE v8 v8_load_widened(const float *p) {
  v8 r = {_mm256_cvtps_pd(_mm_loadu_ps(p)), _mm256_cvtps_pd(_mm_loadu_ps(p + 4))};
  return r;
}
MEASURE_TARGET INLINE void v8_store(v8 v, double *p) {
  _mm256_storeu_pd(p, v.lo);
  _mm256_storeu_pd(p + 4, v.hi);
}
MEASURE_TARGET INLINE v8 v8_add(v8 a, v8 b) {
  v8 r = {_mm256_add_pd(a.lo, b.lo), _mm256_add_pd(a.hi, b.hi)};
  return r;
}
MEASURE_TARGET INLINE v8 v8_sub(v8 a, v8 b) {
  v8 r = {_mm256_sub_pd(a.lo, b.lo), _mm256_sub_pd(a.hi, b.hi)};
  return r;
}
MEASURE_TARGET INLINE v8 v8_add_square(v8 acc, v8 v) {
  v8 r = {_mm256_add_pd(acc.lo, _mm256_mul_pd(v.lo, v.lo)), _mm256_add_pd(acc.hi, _mm256_mul_pd(v.hi, v.hi))};
  return r;
}
// `horizontalSum`: halves, then halves of that, then the last two.
MEASURE_TARGET INLINE double v8_horizontal(v8 v) {
  const __m256d h = _mm256_add_pd(v.lo, v.hi);
  const __m128d q = _mm_add_pd(_mm256_castpd256_pd128(h), _mm256_extractf128_pd(h, 1));
  return _mm_cvtsd_f64(q) + _mm_cvtsd_f64(_mm_unpackhi_pd(q, q));
}

#endif
