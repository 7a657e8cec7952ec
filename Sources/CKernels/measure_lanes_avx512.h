// The AVX-512 lanes of the probe's measurement (private to CKernels; x86 only): an 8-lane Swift
// vector as one zmm register. Each operation is its AVX2 twin's (measure_lanes_avx2.h) lane for
// lane, and the horizontal sum adds the same halves in the same order, so both give the same bits.
// Included by measure_avx512.c before measure_body.h.

#ifndef CKERNELS_MEASURE_LANES_H
#define CKERNELS_MEASURE_LANES_H

#include <immintrin.h>

typedef struct {
  __m512d v;
} v8;

MEASURE_TARGET INLINE v8 v8_zero(void) {
  v8 r = {_mm512_setzero_pd()};
  return r;
}
MEASURE_TARGET INLINE v8 v8_load(const double *p) {
  v8 r = {_mm512_loadu_pd(p)};
  return r;
}
// Eight floats widened to Double (exactly).
MEASURE_TARGET INLINE v8 v8_load_widened(const float *p) {
  v8 r = {_mm512_cvtps_pd(_mm256_loadu_ps(p))};
  return r;
}
MEASURE_TARGET INLINE void v8_store(v8 v, double *p) { _mm512_storeu_pd(p, v.v); }
MEASURE_TARGET INLINE v8 v8_add(v8 a, v8 b) {
  v8 r = {_mm512_add_pd(a.v, b.v)};
  return r;
}
MEASURE_TARGET INLINE v8 v8_sub(v8 a, v8 b) {
  v8 r = {_mm512_sub_pd(a.v, b.v)};
  return r;
}
MEASURE_TARGET INLINE v8 v8_add_square(v8 acc, v8 v) {
  v8 r = {_mm512_add_pd(acc.v, _mm512_mul_pd(v.v, v.v))};
  return r;
}
// `horizontalSum`: lanes 0–3 plus lanes 4–7, then halves of that, then the last two.
MEASURE_TARGET INLINE double v8_horizontal(v8 v) {
  const __m256d h = _mm256_add_pd(_mm512_castpd512_pd256(v.v), _mm512_extractf64x4_pd(v.v, 1));
  const __m128d q = _mm_add_pd(_mm256_castpd256_pd128(h), _mm256_extractf128_pd(h, 1));
  return _mm_cvtsd_f64(q) + _mm_cvtsd_f64(_mm_unpackhi_pd(q, q));
}

#endif
