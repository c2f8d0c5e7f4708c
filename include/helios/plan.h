/* The chunk planner.  A plan is a formula, not a list: any chunk is computed
 * in O(1), so a million chunks cost no memory and the TUI draws only what is
 * visible. */
#ifndef HELIOS_PLAN_H
#define HELIOS_PLAN_H

#include <stdint.h>

#include "helios/status.h"

enum helios_split {
	HELIOS_SPLIT_COUNT,	/* N chunks of ceil(total/N) frames; the last takes the rest */
	HELIOS_SPLIT_BALANCE,	/* min(N, total) chunks differing by at most one frame */
	HELIOS_SPLIT_SIZE,	/* chunks of a fixed number of frames */
	HELIOS_SPLIT_RANGES,	/* explicit ranges "A-B,C-D,..." (--ranges) */
};

struct helios_plan_request {
	int64_t total_frames;		/* >= 1 */
	int64_t start_frame;		/* >= 0 */
	enum helios_split split;
	int64_t count;			/* COUNT, BALANCE: chunks asked for */
	int64_t chunk_frames;		/* SIZE: frames per chunk */
	int64_t keyframe_interval;	/* 0 or 1: any frame may be a boundary */
	int64_t max_chunks;		/* COUNT, BALANCE, SIZE: at most this many; 0: no cap */
	const char *ranges;		/* RANGES: the list, borrowed for the plan's life */
};

/*
 * Planning works on units of keyframe_interval frames (1 without one), so
 * that every boundary except the end falls on a multiple of the interval.
 */
struct helios_plan {
	int64_t total_frames;
	int64_t start_frame;
	int64_t unit;		/* frames per unit */
	int64_t units;		/* ceil(total_frames / unit) */
	int64_t chunk_count;
	int64_t requested;	/* chunks asked for (COUNT/BALANCE), else chunk_count */
	enum helios_split split;
	int64_t units_per_chunk;	/* COUNT, SIZE */
	int64_t base_units, extra;	/* BALANCE: first `extra` chunks get base_units + 1 */
	const char *ranges;	/* RANGES: borrowed; a lookup walks the list, which is
				 * typed by hand and so short */
};

struct helios_chunk {
	int64_t id;
	int64_t start_frame;	/* composition frame, start offset included */
	int64_t frame_count;	/* >= 1 */
};

enum helios_status helios_plan_make(const struct helios_plan_request *req, struct helios_plan *plan,
				    struct helios_error *err);

/* Check a --ranges list: inclusive composition frame ranges "A-B" (or "A"
 * for one frame) joined by commas, each starting where the one before
 * ended.  *first gets the first frame, *end the frame after the last,
 * *count the number of ranges. */
#define HELIOS_PLAN_MAX_RANGES 10000
enum helios_status helios_plan_ranges_parse(const char *text, int64_t *first, int64_t *end, int64_t *count,
					    struct helios_error *err);

/* Chunk id (0 <= id < chunk_count). */
struct helios_chunk helios_plan_chunk(const struct helios_plan *plan, int64_t id);

/* The chunk holding composition frame `frame` (clamped to the plan). */
int64_t helios_plan_chunk_of_frame(const struct helios_plan *plan, int64_t frame);

/* Smallest and largest chunk size, in O(1). */
void helios_plan_extremes(const struct helios_plan *plan, int64_t *smallest, int64_t *largest);

#endif
