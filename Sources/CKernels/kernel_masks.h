// Lane masks shared by the C kernels' partial tiles (private to CKernels; x86 only).

#ifndef CKERNELS_KERNEL_MASKS_H
#define CKERNELS_KERNEL_MASKS_H

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#include <stddef.h>

// For _mm256_maskload_ps / _mm256_maskstore_ps: `kernel_mask_table + 8 - r` is r ones, then zeros.
static const int kernel_mask_table[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};

// The first `n` of 16 lanes (none for n ≤ 0, all for n ≥ 16), for AVX-512 masked loads and stores.
static inline __mmask16 kernel_mask16(ptrdiff_t n) {
  return n >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (n > 0 ? n : 0)) - 1u);
}
#endif

#endif
