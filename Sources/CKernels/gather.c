// Offset-gather micro-kernels of the flat volume correlation; see CKernels.h for the contract.

#include "CKernels.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#define GATHER_AVX2_TARGET __attribute__((target("avx2,fma")))

// 24 positions × 4 channels: twelve ymm accumulators, three input loads and four broadcasts
// per item (twelve fused multiply-adds). The item loop is written in assembly so that the
// sixteen vector registers hold exactly the twelve sums, the three input vectors and one
// broadcast: compilers otherwise keep a second broadcast live and spill a sum to the stack,
// which puts a store-to-load round trip into every iteration's dependency chain.
GATHER_AVX2_TARGET static inline void gather4x24(
  float *out, ptrdiff_t os, const float *x, const ptrdiff_t *offsets, const float *w, ptrdiff_t items) {
  __m256 a0 = _mm256_setzero_ps(), b0 = _mm256_setzero_ps(), c0 = _mm256_setzero_ps();
  __m256 a1 = _mm256_setzero_ps(), b1 = _mm256_setzero_ps(), c1 = _mm256_setzero_ps();
  __m256 a2 = _mm256_setzero_ps(), b2 = _mm256_setzero_ps(), c2 = _mm256_setzero_ps();
  __m256 a3 = _mm256_setzero_ps(), b3 = _mm256_setzero_ps(), c3 = _mm256_setzero_ps();
  if (items > 0) {
    const ptrdiff_t *off = offsets;
    const ptrdiff_t *end = offsets + items;
    __m256 t0, t1, t2, t3;
    ptrdiff_t o;
    __asm__(
    "1:\n\t"
    "movq (%[off]), %[o]\n\t"
    "vmovups (%[x],%[o],4), %[t0]\n\t"
    "vmovups 32(%[x],%[o],4), %[t1]\n\t"
    "vmovups 64(%[x],%[o],4), %[t2]\n\t"
    "vbroadcastss 0(%[w]), %[t3]\n\t"
    "vfmadd231ps %[t3], %[t0], %[a0]\n\t"
    "vfmadd231ps %[t3], %[t1], %[b0]\n\t"
    "vfmadd231ps %[t3], %[t2], %[c0]\n\t"
    "vbroadcastss 4(%[w]), %[t3]\n\t"
    "vfmadd231ps %[t3], %[t0], %[a1]\n\t"
    "vfmadd231ps %[t3], %[t1], %[b1]\n\t"
    "vfmadd231ps %[t3], %[t2], %[c1]\n\t"
    "vbroadcastss 8(%[w]), %[t3]\n\t"
    "vfmadd231ps %[t3], %[t0], %[a2]\n\t"
    "vfmadd231ps %[t3], %[t1], %[b2]\n\t"
    "vfmadd231ps %[t3], %[t2], %[c2]\n\t"
    "vbroadcastss 12(%[w]), %[t3]\n\t"
    "vfmadd231ps %[t3], %[t0], %[a3]\n\t"
    "vfmadd231ps %[t3], %[t1], %[b3]\n\t"
    "vfmadd231ps %[t3], %[t2], %[c3]\n\t"
    "addq $8, %[off]\n\t"
    "addq $16, %[w]\n\t"
    "cmpq %[end], %[off]\n\t"
    "jne 1b\n\t"
    : [a0] "+x"(a0), [b0] "+x"(b0), [c0] "+x"(c0), [a1] "+x"(a1), [b1] "+x"(b1), [c1] "+x"(c1), [a2] "+x"(a2), [b2] "+x"(b2), [c2] "+x"(c2), [a3] "+x"(a3), [b3] "+x"(b3), [c3] "+x"(c3),
      [t0] "=&x"(t0), [t1] "=&x"(t1), [t2] "=&x"(t2), [t3] "=&x"(t3), [o] "=&r"(o), [off] "+r"(off),
      [w] "+r"(w)
    : [x] "r"(x), [end] "r"(end)
    : "cc", "memory");
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

#define GATHER_AVX512_TARGET __attribute__((target("avx512f,avx2,fma")))

// 48 positions × 4 channels in zmm registers: twelve accumulators, three input loads and four
// broadcasts per item, every lane taking exactly the operations of `gather4x24` (so the two give
// the same bits). With 32 vector registers the compiler keeps every sum in a register.
GATHER_AVX512_TARGET static inline void gather4x48(
  float *out, ptrdiff_t os, const float *x, const ptrdiff_t *offsets, const float *w, ptrdiff_t items) {
  __m512 a0 = _mm512_setzero_ps(), b0 = _mm512_setzero_ps(), c0 = _mm512_setzero_ps();
  __m512 a1 = _mm512_setzero_ps(), b1 = _mm512_setzero_ps(), c1 = _mm512_setzero_ps();
  __m512 a2 = _mm512_setzero_ps(), b2 = _mm512_setzero_ps(), c2 = _mm512_setzero_ps();
  __m512 a3 = _mm512_setzero_ps(), b3 = _mm512_setzero_ps(), c3 = _mm512_setzero_ps();
  for (ptrdiff_t i = 0; i < items; i++) {
    const float *xi = x + offsets[i];
    const __m512 t0 = _mm512_loadu_ps(xi);
    const __m512 t1 = _mm512_loadu_ps(xi + 16);
    const __m512 t2 = _mm512_loadu_ps(xi + 32);
    const float *wi = w + 4 * i;
    __m512 s = _mm512_set1_ps(wi[0]);
    a0 = _mm512_fmadd_ps(s, t0, a0);
    b0 = _mm512_fmadd_ps(s, t1, b0);
    c0 = _mm512_fmadd_ps(s, t2, c0);
    s = _mm512_set1_ps(wi[1]);
    a1 = _mm512_fmadd_ps(s, t0, a1);
    b1 = _mm512_fmadd_ps(s, t1, b1);
    c1 = _mm512_fmadd_ps(s, t2, c1);
    s = _mm512_set1_ps(wi[2]);
    a2 = _mm512_fmadd_ps(s, t0, a2);
    b2 = _mm512_fmadd_ps(s, t1, b2);
    c2 = _mm512_fmadd_ps(s, t2, c2);
    s = _mm512_set1_ps(wi[3]);
    a3 = _mm512_fmadd_ps(s, t0, a3);
    b3 = _mm512_fmadd_ps(s, t1, b3);
    c3 = _mm512_fmadd_ps(s, t2, c3);
  }
  _mm512_storeu_ps(out, a0);
  _mm512_storeu_ps(out + 16, b0);
  _mm512_storeu_ps(out + 32, c0);
  out += os;
  _mm512_storeu_ps(out, a1);
  _mm512_storeu_ps(out + 16, b1);
  _mm512_storeu_ps(out + 32, c1);
  out += os;
  _mm512_storeu_ps(out, a2);
  _mm512_storeu_ps(out + 16, b2);
  _mm512_storeu_ps(out + 32, c2);
  out += os;
  _mm512_storeu_ps(out, a3);
  _mm512_storeu_ps(out + 16, b3);
  _mm512_storeu_ps(out + 32, c3);
}

GATHER_AVX512_TARGET void ckern_gather4_avx512(
  float *out, ptrdiff_t out_stride, const float *x, const ptrdiff_t *offsets, const float *w,
  ptrdiff_t items, ptrdiff_t count) {
  ptrdiff_t u = 0;
  for (; u + 48 <= count; u += 48) gather4x48(out + u, out_stride, x + u, offsets, w, items);
  if (u < count) gather4x24(out + u, out_stride, x + u, offsets, w, items);
}

#else

// Not x86: ckern_simd_level() is 0, so these are never called; they exist only to link.
void ckern_gather4_avx2(
  float *out, ptrdiff_t out_stride, const float *x, const ptrdiff_t *offsets, const float *w,
  ptrdiff_t items, ptrdiff_t count) {
  (void)out; (void)out_stride; (void)x; (void)offsets; (void)w; (void)items; (void)count;
}

void ckern_gather4_avx512(
  float *out, ptrdiff_t out_stride, const float *x, const ptrdiff_t *offsets, const float *w,
  ptrdiff_t items, ptrdiff_t count) {
  ckern_gather4_avx2(out, out_stride, x, offsets, w, items, count);
}

#endif
