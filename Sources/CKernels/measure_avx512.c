// The probe's per-map measurement in AVX-512 lanes (`ckern_measure_map_avx512`): the steps of
// measure_body.h with an 8-lane vector as one zmm register, so half the vector instructions of the
// AVX2 kernel (measure.c) and the same bits. No fused multiply-add: contraction is off, and the
// lanes header uses separate multiplies and adds.

#include "CKernels.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#pragma clang fp contract(off)

#define MEASURE_TARGET __attribute__((target("avx512f,avx2")))
#define MEASURE_ENTRY ckern_measure_map_avx512

#include "measure_plan.h"
#include "measure_lanes_avx512.h"
#include "measure_body.h"

#else

// Not x86: ckern_simd_level() is 0, so this is never called; it exists only to link.
double ckern_measure_map_avx512(
  const ptrdiff_t *flat, ptrdiff_t map, const float *data, double *slots, double *scratch) {
  (void)flat; (void)map; (void)data; (void)slots; (void)scratch;
  return 0;
}

#endif
