// The probe measurement's plan as its kernels read it (private to CKernels; x86 only): the layout
// of `PlanePlan.flat` (ModelProbe) and its reading. Included by measure.c (AVX2) and
// measure_avx512.c.

#ifndef CKERNELS_MEASURE_PLAN_H
#define CKERNELS_MEASURE_PLAN_H

#include <stddef.h>

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

#endif
