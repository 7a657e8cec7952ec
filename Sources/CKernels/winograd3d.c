// Winograd F(2×2×2, 3×3×3) input and output transforms, eight tiles along W at a time
// (`Winograd3D` in TransposedConv); see CKernels.h (`ckern_wino3d_*`) for the contract.
//
// A tile's W columns 0…3 for eight tiles are the even and odd samples of the 16 from column 2t
// and of the 16 from 2t + 2. `_mm256_shuffle_ps(a, b, 0x88)` on the two halves of 16 samples gives
// the even ones in the order of tiles 0 1 4 5 | 2 3 6 7 (it works within 128-bit lanes); the
// transformed tiles are kept in that order, and the output transform's `unpacklo/unpackhi` of the
// even and odd output columns in that order give columns 0…7 and 8…15 in place. No cross-lane
// permutes are needed either way.

#include "CKernels.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#define WINO_AVX2_TARGET __attribute__((target("avx2,fma")))

// Bᵀ v = (v0 − v2, v1 + v2, v2 − v1, v1 − v3), element a.
#define WINO_BT(a, v0, v1, v2, v3)                                                                 \
  ((a) == 0   ? _mm256_sub_ps(v0, v2)                                                              \
   : (a) == 1 ? _mm256_add_ps(v1, v2)                                                              \
   : (a) == 2 ? _mm256_sub_ps(v2, v1)                                                              \
              : _mm256_sub_ps(v1, v3))

WINO_AVX2_TARGET static inline __attribute__((always_inline)) void wino3d_input_group(
  const float *corner, ptrdiff_t plane, ptrdiff_t row, float *out, ptrdiff_t stride, const int a) {
  // For each row b of the tile: element a of the D transform of the four components (columns
  // c…c+7, c+8…c+15, c+2…c+9, c+10…c+17).
  __m256 d[4][4];
#pragma clang loop unroll(full)
  for (int b = 0; b < 4; b++) {
    const float *r0 = corner + b * row;
    const float *p0 = r0, *p1 = r0 + plane, *p2 = r0 + 2 * plane, *p3 = r0 + 3 * plane;
    static const int shift[4] = {0, 8, 2, 10};
#pragma clang loop unroll(full)
    for (int k = 0; k < 4; k++) {
      const int s = shift[k];
      switch (a) {
      case 0: d[b][k] = _mm256_sub_ps(_mm256_loadu_ps(p0 + s), _mm256_loadu_ps(p2 + s)); break;
      case 1: d[b][k] = _mm256_add_ps(_mm256_loadu_ps(p1 + s), _mm256_loadu_ps(p2 + s)); break;
      case 2: d[b][k] = _mm256_sub_ps(_mm256_loadu_ps(p2 + s), _mm256_loadu_ps(p1 + s)); break;
      default: d[b][k] = _mm256_sub_ps(_mm256_loadu_ps(p1 + s), _mm256_loadu_ps(p3 + s)); break;
      }
    }
  }
#pragma clang loop unroll(full)
  for (int e = 0; e < 4; e++) {
    // The H transform, element e, of each component; then W.
    __m256 h[4];
#pragma clang loop unroll(full)
    for (int k = 0; k < 4; k++) h[k] = WINO_BT(e, d[0][k], d[1][k], d[2][k], d[3][k]);
    const __m256 x0 = _mm256_shuffle_ps(h[0], h[1], 0x88);
    const __m256 x1 = _mm256_shuffle_ps(h[0], h[1], 0xDD);
    const __m256 x2 = _mm256_shuffle_ps(h[2], h[3], 0x88);
    const __m256 x3 = _mm256_shuffle_ps(h[2], h[3], 0xDD);
    float *o = out + (16 * a + 4 * e) * stride;
    _mm256_storeu_ps(o, _mm256_sub_ps(x0, x2));
    _mm256_storeu_ps(o + stride, _mm256_add_ps(x1, x2));
    _mm256_storeu_ps(o + 2 * stride, _mm256_sub_ps(x2, x1));
    _mm256_storeu_ps(o + 3 * stride, _mm256_sub_ps(x1, x3));
  }
}

// One group's four elements `a` of the D transform, prefetching `ahead` floats on first.
WINO_AVX2_TARGET static inline __attribute__((always_inline)) void wino3d_input_one(
  const float *c, ptrdiff_t plane, ptrdiff_t row, float *o, ptrdiff_t stride, ptrdiff_t ahead) {
  if (ahead != 0) {
    // The same 16 floats of the 16 rows `ahead` floats on (the next channel's tile), so the
    // short rows arrive from memory while this channel is transformed.
    for (int z = 0; z < 4; z++) {
      for (int y = 0; y < 4; y++) _mm_prefetch((const char *)(c + ahead + z * plane + y * row), _MM_HINT_T0);
    }
  }
  wino3d_input_group(c, plane, row, o, stride, 0);
  wino3d_input_group(c, plane, row, o, stride, 1);
  wino3d_input_group(c, plane, row, o, stride, 2);
  wino3d_input_group(c, plane, row, o, stride, 3);
}

WINO_AVX2_TARGET void ckern_wino3d_input_avx2(
  const float *corner, ptrdiff_t plane, ptrdiff_t row, ptrdiff_t groups, float *out, ptrdiff_t stride,
  ptrdiff_t ahead) {
  for (ptrdiff_t g = 0; g < groups; g++) wino3d_input_one(corner + 16 * g, plane, row, out + 8 * g, stride, ahead);
}

// ---------------------------------------------------------------- AVX-512: two groups at once
//
// A zmm holds one 8-sample component of group g in its low half and the same component of group
// g + 1 (16 samples on) in its high half. Every transform step is lane-wise, and
// `_mm512_shuffle_ps` works within 128-bit lanes as `_mm256_shuffle_ps` does, so each half takes
// exactly the AVX2 kernel's operations and the 16 stored floats are group g's 8 slots followed by
// group g + 1's: the same bits in the same places.

#define WINO_AVX512_TARGET __attribute__((target("avx512f,avx2,fma")))

#define WINO_BT5(a, v0, v1, v2, v3)                                                                \
  ((a) == 0   ? _mm512_sub_ps(v0, v2)                                                              \
   : (a) == 1 ? _mm512_add_ps(v1, v2)                                                              \
   : (a) == 2 ? _mm512_sub_ps(v2, v1)                                                              \
              : _mm512_sub_ps(v1, v3))

// Samples p…p+7 in the low half, p+16…p+23 in the high half.
WINO_AVX512_TARGET static inline __attribute__((always_inline)) __m512 wino3d_pair(const float *p) {
  const __m512d low = _mm512_castps_pd(_mm512_castps256_ps512(_mm256_loadu_ps(p)));
  return _mm512_castpd_ps(_mm512_insertf64x4(low, _mm256_castps_pd(_mm256_loadu_ps(p + 16)), 1));
}

WINO_AVX512_TARGET static inline __attribute__((always_inline)) void wino3d_input_pair(
  const float *corner, ptrdiff_t plane, ptrdiff_t row, float *out, ptrdiff_t stride, const int a) {
  __m512 d[4][4];
#pragma clang loop unroll(full)
  for (int b = 0; b < 4; b++) {
    const float *r0 = corner + b * row;
    const float *p0 = r0, *p1 = r0 + plane, *p2 = r0 + 2 * plane, *p3 = r0 + 3 * plane;
    static const int shift[4] = {0, 8, 2, 10};
#pragma clang loop unroll(full)
    for (int k = 0; k < 4; k++) {
      const int s = shift[k];
      switch (a) {
      case 0: d[b][k] = _mm512_sub_ps(wino3d_pair(p0 + s), wino3d_pair(p2 + s)); break;
      case 1: d[b][k] = _mm512_add_ps(wino3d_pair(p1 + s), wino3d_pair(p2 + s)); break;
      case 2: d[b][k] = _mm512_sub_ps(wino3d_pair(p2 + s), wino3d_pair(p1 + s)); break;
      default: d[b][k] = _mm512_sub_ps(wino3d_pair(p1 + s), wino3d_pair(p3 + s)); break;
      }
    }
  }
#pragma clang loop unroll(full)
  for (int e = 0; e < 4; e++) {
    __m512 h[4];
#pragma clang loop unroll(full)
    for (int k = 0; k < 4; k++) h[k] = WINO_BT5(e, d[0][k], d[1][k], d[2][k], d[3][k]);
    const __m512 x0 = _mm512_shuffle_ps(h[0], h[1], 0x88);
    const __m512 x1 = _mm512_shuffle_ps(h[0], h[1], 0xDD);
    const __m512 x2 = _mm512_shuffle_ps(h[2], h[3], 0x88);
    const __m512 x3 = _mm512_shuffle_ps(h[2], h[3], 0xDD);
    float *o = out + (16 * a + 4 * e) * stride;
    _mm512_storeu_ps(o, _mm512_sub_ps(x0, x2));
    _mm512_storeu_ps(o + stride, _mm512_add_ps(x1, x2));
    _mm512_storeu_ps(o + 2 * stride, _mm512_sub_ps(x2, x1));
    _mm512_storeu_ps(o + 3 * stride, _mm512_sub_ps(x1, x3));
  }
}

WINO_AVX512_TARGET void ckern_wino3d_input_avx512(
  const float *corner, ptrdiff_t plane, ptrdiff_t row, ptrdiff_t groups, float *out, ptrdiff_t stride,
  ptrdiff_t ahead) {
  ptrdiff_t g = 0;
  for (; g + 2 <= groups; g += 2) {
    const float *c = corner + 16 * g;
    float *o = out + 8 * g;
    if (ahead != 0) {
      for (int z = 0; z < 4; z++) {
        for (int y = 0; y < 4; y++) {
          const char *line = (const char *)(c + ahead + z * plane + y * row);
          _mm_prefetch(line, _MM_HINT_T0);
          _mm_prefetch(line + 64, _MM_HINT_T0);
        }
      }
    }
    wino3d_input_pair(c, plane, row, o, stride, 0);
    wino3d_input_pair(c, plane, row, o, stride, 1);
    wino3d_input_pair(c, plane, row, o, stride, 2);
    wino3d_input_pair(c, plane, row, o, stride, 3);
  }
  if (g < groups) wino3d_input_one(corner + 16 * g, plane, row, out + 8 * g, stride, ahead);
}

// One output row (2td + i, 2ty + j) of a group: Aᵀ along H (element j) of `u`, then along W, plus
// the bias; 16 columns, of which the first `left` are stored.
WINO_AVX2_TARGET static inline __attribute__((always_inline)) void wino3d_output_row(
  __m256 u[4][4], __m256 bv, float *line, ptrdiff_t left, const int j) {
  __m256 v[4];
#pragma clang loop unroll(full)
  for (int c = 0; c < 4; c++) {
    v[c] = j == 0 ? _mm256_add_ps(_mm256_add_ps(u[0][c], u[1][c]), u[2][c])
                  : _mm256_sub_ps(_mm256_sub_ps(u[1][c], u[2][c]), u[3][c]);
  }
  const __m256 even = _mm256_add_ps(_mm256_add_ps(_mm256_add_ps(v[0], v[1]), v[2]), bv);
  const __m256 odd = _mm256_add_ps(_mm256_sub_ps(_mm256_sub_ps(v[1], v[2]), v[3]), bv);
  // Tiles in the order 0 1 4 5 | 2 3 6 7: the interleaves are columns 0…7 and 8…15.
  const __m256 low = _mm256_unpacklo_ps(even, odd);
  const __m256 high = _mm256_unpackhi_ps(even, odd);
  if (left >= 16) {
    _mm256_storeu_ps(line, low);
    _mm256_storeu_ps(line + 8, high);
  } else {
    float staged[16];
    _mm256_storeu_ps(staged, low);
    _mm256_storeu_ps(staged + 8, high);
    for (ptrdiff_t k = 0; k < left; k++) line[k] = staged[k];
  }
}

// Output plane 2td + i of a group: Aᵀ along D (element i) of every (b, c), then its rows.
WINO_AVX2_TARGET static inline __attribute__((always_inline)) void wino3d_output_plane(
  const float *t, ptrdiff_t stride, __m256 bv, float *y, ptrdiff_t row, ptrdiff_t heights, ptrdiff_t left,
  const int i) {
  __m256 u[4][4];
#pragma clang loop unroll(full)
  for (int b = 0; b < 4; b++) {
#pragma clang loop unroll(full)
    for (int c = 0; c < 4; c++) {
      const ptrdiff_t e = 4 * b + c;
      const __m256 m1 = _mm256_loadu_ps(t + (16 + e) * stride);
      const __m256 m2 = _mm256_loadu_ps(t + (32 + e) * stride);
      u[b][c] = i == 0 ? _mm256_add_ps(_mm256_add_ps(_mm256_loadu_ps(t + e * stride), m1), m2)
                       : _mm256_sub_ps(_mm256_sub_ps(m1, m2), _mm256_loadu_ps(t + (48 + e) * stride));
    }
  }
  wino3d_output_row(u, bv, y, left, 0);
  if (heights > 1) wino3d_output_row(u, bv, y + row, left, 1);
}

WINO_AVX2_TARGET void ckern_wino3d_output_avx2(
  const float *m, ptrdiff_t stride, ptrdiff_t groups, float bias, float *y, ptrdiff_t plane,
  ptrdiff_t row, ptrdiff_t depths, ptrdiff_t heights, ptrdiff_t columns, ptrdiff_t ahead) {
  const __m256 bv = _mm256_set1_ps(bias);
  for (ptrdiff_t g = 0; g < groups; g++) {
    const float *t = m + 8 * g;
    const ptrdiff_t first = 16 * g;
    const ptrdiff_t left = columns - first;
    if (ahead != 0 && left > 0) {
      // The next channel's output lines of this group, fetched while this one is computed.
      for (ptrdiff_t i = 0; i < depths; i++) {
        for (ptrdiff_t j = 0; j < heights; j++) {
          _mm_prefetch((const char *)(y + ahead + i * plane + j * row + first), _MM_HINT_T0);
        }
      }
    }
    wino3d_output_plane(t, stride, bv, y + first, row, heights, left, 0);
    if (depths > 1) wino3d_output_plane(t, stride, bv, y + plane + first, row, heights, left, 1);
  }
}

#else

// Not x86: ckern_simd_level() is 0, so these are never called; they exist only to link.
void ckern_wino3d_input_avx2(
  const float *corner, ptrdiff_t plane, ptrdiff_t row, ptrdiff_t groups, float *out, ptrdiff_t stride,
  ptrdiff_t ahead) {
  (void)corner; (void)plane; (void)row; (void)groups; (void)out; (void)stride; (void)ahead;
}

void ckern_wino3d_output_avx2(
  const float *m, ptrdiff_t stride, ptrdiff_t groups, float bias, float *y, ptrdiff_t plane,
  ptrdiff_t row, ptrdiff_t depths, ptrdiff_t heights, ptrdiff_t columns, ptrdiff_t ahead) {
  (void)m; (void)stride; (void)groups; (void)bias; (void)y; (void)plane; (void)row; (void)depths;
  (void)heights; (void)columns; (void)ahead;
}

void ckern_wino3d_input_avx512(
  const float *corner, ptrdiff_t plane, ptrdiff_t row, ptrdiff_t groups, float *out, ptrdiff_t stride,
  ptrdiff_t ahead) {
  ckern_wino3d_input_avx2(corner, plane, row, groups, out, stride, ahead);
}

#endif
