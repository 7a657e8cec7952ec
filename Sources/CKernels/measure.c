// The probe's per-map measurement (`PlanePlan.measure` in ModelProbe) in AVX2 lanes; see CKernels.h
// (`ckern_measure_map_avx2`) for the contract. The steps are in measure_body.h, shared with the
// AVX-512 twin (measure_avx512.c).
//
// Every step is the Swift path's, operation for operation: the same lane-wise additions and
// multiplications in the same order (an 8-lane Swift vector is two ymm registers here, four xmm
// registers there; lanes never mix except where the Swift code adds named lanes, which this code
// adds in the same order), the same scalar chains. No fused multiply-add (the target is "avx2"
// without "fma", and contraction is off), so each result is rounded where the Swift path rounds it
// and the two give the same bits.

#include "CKernels.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#pragma clang fp contract(off)

#define MEASURE_TARGET __attribute__((target("avx2")))
#define MEASURE_ENTRY ckern_measure_map_avx2

#include "measure_plan.h"
#include "measure_lanes_avx2.h"
#include "measure_body.h"

#else

// Not x86: ckern_simd_level() is 0, so this is never called; it exists only to link.
double ckern_measure_map_avx2(
  const ptrdiff_t *flat, ptrdiff_t map, const float *data, double *slots, double *scratch) {
  (void)flat; (void)map; (void)data; (void)slots; (void)scratch;
  return 0;
}

#endif
