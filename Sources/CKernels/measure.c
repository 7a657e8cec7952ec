// The probe's per-map measurement (`PlanePlan.measure` in ModelProbe) in AVX2 lanes; see CKernels.h
// (`ckern_measure_map_avx2`) for the contract.
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
#define INLINE static inline __attribute__((always_inline))

// The plan's layout (`PlanePlan.flat`): a header of scalars, then the arrays at the offsets the
// header gives.
enum {
  H_DEPTH_TILES, H_HEIGHT_TILES, H_WIDTH_TILES, H_CUTS, H_PAIRS, H_ROW_STEPS, H_DEPTH_STEPS,
  H_COLUMN_STEPS, H_ROW_LENGTH, H_SLICE_LENGTH, H_BOX_LENGTH, H_MAP_SIZE, H_SLICE_STRIDE,
  H_ROW_STRIDE, H_ORIGIN, H_CANDIDATES, H_LARGEST_PAIR, H_COUNT
};

// One axis: tiles, crops and block offsets (three arrays of `count`), its total and largest crop.
typedef struct {
  ptrdiff_t count, total, max_crop;
  const ptrdiff_t *tiles, *crops, *offsets;
} axis_t;

typedef struct {
  axis_t depth, height, width;
  ptrdiff_t cuts_count;
  const ptrdiff_t *cuts, *cut_of;
  const ptrdiff_t *pairs, *row_steps, *depth_steps, *column_steps;
  ptrdiff_t row_length, slice_length, box_length, map_size, slice_stride, row_stride, origin;
  ptrdiff_t candidates, largest_pair;
} plan_t;

INLINE const ptrdiff_t *read_axis(axis_t *axis, const ptrdiff_t *p, ptrdiff_t count) {
  axis->count = count;
  axis->tiles = p;
  axis->crops = p + count;
  axis->offsets = p + 2 * count;
  axis->total = 0;
  axis->max_crop = 0;
  for (ptrdiff_t t = 0; t < count; t++) {
    axis->total += axis->tiles[t];
    if (axis->crops[t] > axis->max_crop) axis->max_crop = axis->crops[t];
  }
  return p + 3 * count;
}

INLINE void read_plan(plan_t *plan, const ptrdiff_t *flat) {
  const ptrdiff_t *p = flat + H_COUNT;
  p = read_axis(&plan->depth, p, flat[H_DEPTH_TILES]);
  p = read_axis(&plan->height, p, flat[H_HEIGHT_TILES]);
  p = read_axis(&plan->width, p, flat[H_WIDTH_TILES]);
  plan->cuts_count = flat[H_CUTS];
  plan->cuts = p;
  p += plan->cuts_count;
  plan->cut_of = p;
  p += plan->width.count;
  plan->pairs = p;
  p += 4 * flat[H_PAIRS];
  plan->row_steps = p;
  p += 3 * flat[H_ROW_STEPS];
  plan->depth_steps = p;
  p += 3 * flat[H_DEPTH_STEPS];
  plan->column_steps = p;
  plan->row_length = flat[H_ROW_LENGTH];
  plan->slice_length = flat[H_SLICE_LENGTH];
  plan->box_length = flat[H_BOX_LENGTH];
  plan->map_size = flat[H_MAP_SIZE];
  plan->slice_stride = flat[H_SLICE_STRIDE];
  plan->row_stride = flat[H_ROW_STRIDE];
  plan->origin = flat[H_ORIGIN];
  plan->candidates = flat[H_CANDIDATES];
  plan->largest_pair = flat[H_LARGEST_PAIR];
}

// An 8-lane Swift vector as two ymm registers (lanes 0–3, 4–7).
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

// `PlanePlan.widen`.
MEASURE_TARGET INLINE double widen(
  const float *source, ptrdiff_t count, double *row, const ptrdiff_t *cuts, ptrdiff_t cuts_count,
  double *squares) {
  const ptrdiff_t blocked = (cuts_count > 0 ? cuts[0] : 0) / 8 * 8;
  v8 lanes = v8_zero();
  ptrdiff_t x = 0;
  for (; x < blocked; x += 8) {
    v8 v = {_mm256_cvtps_pd(_mm_loadu_ps(source + x)), _mm256_cvtps_pd(_mm_loadu_ps(source + x + 4))};
    v8_store(v, row + x);
    lanes = v8_add_square(lanes, v);
  }
  for (ptrdiff_t rest = x; rest < count; rest++) row[rest] = (double)source[rest];
  double total = v8_horizontal(lanes);
  for (ptrdiff_t i = 0; i < cuts_count; i++) {
    for (; x < cuts[i]; x++) total += row[x] * row[x];
    squares[i] = total;
  }
  return total;
}

// The end of a fold of period 5, 6 or 7: `s` holds the two periods' sums of each phase; an odd last
// period is added to them (`target[c] += last[c]` in the Swift path, the same additions), then they
// are stored.
MEASURE_TARGET INLINE void fold_tail(
  double *s, const double *source, ptrdiff_t periods, ptrdiff_t pairs, ptrdiff_t period,
  double *target) {
  if (periods > 2 * pairs) {
    const double *last = source + 2 * pairs * period;
    for (ptrdiff_t c = 0; c < period; c++) s[c] += last[c];
  }
  for (ptrdiff_t c = 0; c < period; c++) target[c] = s[c];
}

// `PlanePlan.foldColumns`.
MEASURE_TARGET INLINE void fold_columns(
  const double *source, ptrdiff_t count, ptrdiff_t period, double *target) {
  const ptrdiff_t periods = count / period;
  const ptrdiff_t pairs = periods / 2;
  const ptrdiff_t step = 2 * period;
  double a[8], b[4], d[2], s[8];
  switch (period) {
  case 8: {
    v8 va = v8_zero(), vb = v8_zero();
    for (ptrdiff_t j = 0; j < pairs; j++) {
      va = v8_add(va, v8_load(source + j * step));
      vb = v8_add(vb, v8_load(source + j * step + 8));
    }
    if (periods > 2 * pairs) va = v8_add(va, v8_load(source + pairs * step));
    v8_store(v8_add(va, vb), target);
    return;
  }
  case 7: {
    v8 va = v8_zero();
    __m256d vb = _mm256_setzero_pd();
    __m128d vd = _mm_setzero_pd();
    for (ptrdiff_t j = 0; j < pairs; j++) {
      va = v8_add(va, v8_load(source + j * step));
      vb = _mm256_add_pd(vb, _mm256_loadu_pd(source + j * step + 8));
      vd = _mm_add_pd(vd, _mm_loadu_pd(source + j * step + 12));
    }
    v8_store(va, a);
    _mm256_storeu_pd(b, vb);
    _mm_storeu_pd(d, vd);
    s[0] = a[0] + a[7];
    s[1] = a[1] + b[0];
    s[2] = a[2] + b[1];
    s[3] = a[3] + b[2];
    s[4] = a[4] + b[3];
    s[5] = a[5] + d[0];
    s[6] = a[6] + d[1];
    fold_tail(s, source, periods, pairs, 7, target);
    return;
  }
  case 6: {
    v8 va = v8_zero();
    __m256d vb = _mm256_setzero_pd();
    for (ptrdiff_t j = 0; j < pairs; j++) {
      va = v8_add(va, v8_load(source + j * step));
      vb = _mm256_add_pd(vb, _mm256_loadu_pd(source + j * step + 8));
    }
    v8_store(va, a);
    _mm256_storeu_pd(b, vb);
    s[0] = a[0] + a[6];
    s[1] = a[1] + a[7];
    s[2] = a[2] + b[0];
    s[3] = a[3] + b[1];
    s[4] = a[4] + b[2];
    s[5] = a[5] + b[3];
    fold_tail(s, source, periods, pairs, 6, target);
    return;
  }
  case 5: {
    v8 va = v8_zero();
    __m128d vd = _mm_setzero_pd();
    for (ptrdiff_t j = 0; j < pairs; j++) {
      va = v8_add(va, v8_load(source + j * step));
      vd = _mm_add_pd(vd, _mm_loadu_pd(source + j * step + 8));
    }
    v8_store(va, a);
    _mm_storeu_pd(d, vd);
    s[0] = a[0] + a[5];
    s[1] = a[1] + a[6];
    s[2] = a[2] + a[7];
    s[3] = a[3] + d[0];
    s[4] = a[4] + d[1];
    fold_tail(s, source, periods, pairs, 5, target);
    return;
  }
  default:
    if (periods <= 0) {
      for (ptrdiff_t c = 0; c < period; c++) target[c] = 0;
      return;
    }
    for (ptrdiff_t c = 0; c < period; c++) target[c] = source[c];
    for (ptrdiff_t j = 1; j < periods; j++) {
      const double *row = source + j * period;
      for (ptrdiff_t c = 0; c < period; c++) target[c] += row[c];
    }
    return;
  }
}

// `PlanePlan.phaseSums`: sixteen lanes (four ymm) at a time, each starting at zero.
MEASURE_TARGET INLINE void phase_sums(
  const double *vectors, ptrdiff_t length, const axis_t *axis, double *target) {
  for (ptrdiff_t t = 0; t < axis->count; t++) {
    const ptrdiff_t tile = axis->tiles[t];
    const ptrdiff_t crop = axis->crops[t];
    for (ptrdiff_t a = 0; a < tile; a++) {
      double *out = target + (axis->offsets[t] + a) * length;
      for (ptrdiff_t e = 0; e < length; e += 16) {
        __m256d s0 = _mm256_setzero_pd(), s1 = _mm256_setzero_pd();
        __m256d s2 = _mm256_setzero_pd(), s3 = _mm256_setzero_pd();
        for (ptrdiff_t i = a; i < crop; i += tile) {
          const double *p = vectors + i * length + e;
          s0 = _mm256_add_pd(s0, _mm256_loadu_pd(p));
          s1 = _mm256_add_pd(s1, _mm256_loadu_pd(p + 4));
          s2 = _mm256_add_pd(s2, _mm256_loadu_pd(p + 8));
          s3 = _mm256_add_pd(s3, _mm256_loadu_pd(p + 12));
        }
        _mm256_storeu_pd(out + e, s0);
        _mm256_storeu_pd(out + e + 4, s1);
        _mm256_storeu_pd(out + e + 8, s2);
        _mm256_storeu_pd(out + e + 12, s3);
      }
    }
  }
}

// `PlanePlan.foldBlocks`.
MEASURE_TARGET INLINE double *fold_blocks(
  const double *source, ptrdiff_t outer, ptrdiff_t inner, ptrdiff_t period, ptrdiff_t lanes,
  double *target) {
  for (ptrdiff_t a = 0; a < outer; a++) {
    const double *run = source + a * inner * lanes;
    for (ptrdiff_t r = 0; r < period; r++) {
      double *out = target + (a * period + r) * lanes;
      for (ptrdiff_t e = 0; e < lanes; e += 8) {
        v8 sum = v8_load(run + r * lanes + e);
        for (ptrdiff_t next = period + r; next < inner; next += period) {
          sum = v8_add(sum, v8_load(run + next * lanes + e));
        }
        v8_store(sum, out + e);
      }
    }
  }
  return target;
}

// `PlanePlan.columnEnergy`.
MEASURE_TARGET INLINE double column_energy(
  const double *source, ptrdiff_t rows, ptrdiff_t stride, ptrdiff_t width, ptrdiff_t period) {
  if (width == 8) {
    double acc[4] = {0, 0, 0, 0};
    __m256d acc4 = _mm256_setzero_pd();
    __m128d acc2 = _mm_setzero_pd();
    for (ptrdiff_t r = 0; r < rows; r++) {
      const double *row = source + r * stride;
      const __m256d h = _mm256_add_pd(_mm256_loadu_pd(row), _mm256_loadu_pd(row + 4));
      if (period == 4) {
        acc4 = _mm256_add_pd(acc4, _mm256_mul_pd(h, h));
      } else {
        const __m128d q = _mm_add_pd(_mm256_castpd256_pd128(h), _mm256_extractf128_pd(h, 1));
        if (period == 2) {
          acc2 = _mm_add_pd(acc2, _mm_mul_pd(q, q));
        } else {
          const double s = _mm_cvtsd_f64(q) + _mm_cvtsd_f64(_mm_unpackhi_pd(q, q));
          acc[0] += s * s;
        }
      }
    }
    if (period == 4) {
      _mm256_storeu_pd(acc, acc4);
    } else if (period == 2) {
      _mm_storeu_pd(acc, acc2);
    }
    return (acc[0] + acc[2]) + (acc[1] + acc[3]);
  }
  double energy = 0.0;
  for (ptrdiff_t r = 0; r < rows; r++) {
    const double *row = source + r * stride;
    for (ptrdiff_t c = 0; c < period; c++) {
      double s = 0.0;
      for (ptrdiff_t x = c; x < width; x += period) s += row[x];
      energy += s * s;
    }
  }
  return energy;
}

// `PlanePlan.energies` for the pair at `pair` (z tile, y tile, first and end row step).
MEASURE_TARGET INLINE void energies(
  const plan_t *plan, const ptrdiff_t *pair, const double *box, ptrdiff_t map, double *slots,
  double *work) {
  const axis_t *D = &plan->depth, *H = &plan->height, *W = &plan->width;
  const ptrdiff_t i = pair[0], j = pair[1];
  const ptrdiff_t tz = D->tiles[i], ty = H->tiles[j];
  const ptrdiff_t lanes = plan->row_length;
  const ptrdiff_t blocks = tz * ty * lanes;
  double *tile = work;
  double *by_row = tile + blocks;
  double *by_depth = by_row + blocks;
  double *sums = by_depth + blocks;
  double *centres = sums + lanes;
  double *totals = centres + lanes;
  double *lane_energies = totals + lanes;
  for (ptrdiff_t e = 0; e < lanes; e += 8) {
    v8 sum = v8_zero();
    for (ptrdiff_t a = 0; a < tz; a++) {
      const double *source =
        box + (D->offsets[i] + a) * plan->slice_length + H->offsets[j] * lanes + e;
      for (ptrdiff_t b = 0; b < ty; b++) sum = v8_add(sum, v8_load(source + b * lanes));
    }
    v8_store(sum, sums + e);
  }
  for (ptrdiff_t e = 0; e < lanes; e++) centres[e] = 0;
  for (ptrdiff_t k = 0; k < W->count; k++) {
    double total = 0.0;
    for (ptrdiff_t c = 0; c < W->tiles[k]; c++) total += sums[W->offsets[k] + c];
    const double centre = total / (double)(tz * ty * W->tiles[k]);
    for (ptrdiff_t c = 0; c < W->tiles[k]; c++) centres[W->offsets[k] + c] = centre;
    totals[k] = total;
  }
  for (ptrdiff_t a = 0; a < tz; a++) {
    for (ptrdiff_t b = 0; b < ty; b++) {
      const double *source =
        box + (D->offsets[i] + a) * plan->slice_length + (H->offsets[j] + b) * lanes;
      double *target = tile + (a * ty + b) * lanes;
      for (ptrdiff_t e = 0; e < lanes; e += 8) {
        v8_store(v8_sub(v8_load(source + e), v8_load(centres + e)), target + e);
      }
    }
  }
  const ptrdiff_t count = plan->candidates;
  for (ptrdiff_t rs = pair[2]; rs < pair[3]; rs++) {
    const ptrdiff_t *step = plan->row_steps + 3 * rs;
    const ptrdiff_t py = step[0];
    const double *rows = py == ty ? tile : fold_blocks(tile, tz, ty, py, lanes, by_row);
    for (ptrdiff_t ds = step[1]; ds < step[2]; ds++) {
      const ptrdiff_t *inner = plan->depth_steps + 3 * ds;
      const ptrdiff_t pz = inner[0];
      const ptrdiff_t m = pz * py;
      const double *phase_rows = pz == tz ? rows : fold_blocks(rows, 1, tz * py, m, lanes, by_depth);
      for (ptrdiff_t e = 0; e < lanes; e += 8) {
        v8 acc = v8_zero();
        for (ptrdiff_t r = 0; r < m; r++) acc = v8_add_square(acc, v8_load(phase_rows + r * lanes + e));
        v8_store(acc, lane_energies + e);
      }
      for (ptrdiff_t cs = inner[1]; cs < inner[2]; cs++) {
        const ptrdiff_t *column = plan->column_steps + 3 * cs;
        const ptrdiff_t k = column[0], px = column[1];
        const ptrdiff_t tx = W->tiles[k];
        double energy = 0.0;
        if (px == tx) {
          for (ptrdiff_t c = 0; c < tx; c++) energy += lane_energies[W->offsets[k] + c];
        } else {
          energy = column_energy(phase_rows + W->offsets[k], m, lanes, tx, px);
        }
        const double total = totals[k];
        const double samples = (double)(D->crops[i] * H->crops[j] * W->crops[k]);
        const double squares = sums[W->total + k];
        const double periodic = energy * (double)(m * px) / samples;
        double *slot = slots + (map * count + column[2]) * 3;
        slot[0] = periodic;
        slot[1] = squares;
        const double rest = squares - periodic - total * total / samples;
        slot[2] = rest >= 0 ? rest : 0;
      }
    }
  }
}

MEASURE_TARGET double ckern_measure_map_avx2(
  const ptrdiff_t *flat, ptrdiff_t map, const float *data, double *slots, double *scratch) {
  plan_t plan;
  read_plan(&plan, flat);
  const float *base = data + map * plan.map_size + plan.origin;
  double *row = scratch;
  double *cut_sums = row + plan.width.max_crop;
  double *row_vectors = cut_sums + plan.cuts_count;
  double *slice_vectors = row_vectors + plan.height.max_crop * plan.row_length;
  double *box = slice_vectors + plan.depth.max_crop * plan.slice_length;
  double *work = box + plan.box_length;
  const ptrdiff_t columns = plan.width.max_crop;
  double read = 0.0;
  for (ptrdiff_t z = 0; z < plan.depth.max_crop; z++) {
    for (ptrdiff_t y = 0; y < plan.height.max_crop; y++) {
      const float *source = base + z * plan.slice_stride + y * plan.row_stride;
      double *vector = row_vectors + y * plan.row_length;
      read += widen(source, columns, row, plan.cuts, plan.cuts_count, cut_sums);
      for (ptrdiff_t k = 0; k < plan.width.count; k++) {
        fold_columns(row, plan.width.crops[k], plan.width.tiles[k], vector + plan.width.offsets[k]);
      }
      for (ptrdiff_t k = 0; k < plan.width.count; k++) {
        vector[plan.width.total + k] = cut_sums[plan.cut_of[k]];
      }
    }
    phase_sums(row_vectors, plan.row_length, &plan.height, slice_vectors + z * plan.slice_length);
  }
  phase_sums(slice_vectors, plan.slice_length, &plan.depth, box);
  const ptrdiff_t pairs = flat[H_PAIRS];
  for (ptrdiff_t p = 0; p < pairs; p++) energies(&plan, plan.pairs + 4 * p, box, map, slots, work);
  return read;
}

#else

// Not x86: ckern_simd_level() is 0, so this is never called; it exists only to link.
double ckern_measure_map_avx2(
  const ptrdiff_t *flat, ptrdiff_t map, const float *data, double *slots, double *scratch) {
  (void)flat; (void)map; (void)data; (void)slots; (void)scratch;
  return 0;
}

#endif
