/* What a plan costs in time, from a probe's measurements (helios probe):
 * pure arithmetic, so the CLI, the TUI and the tests agree on every figure. */
#ifndef HELIOS_COST_H
#define HELIOS_COST_H

#include <stdint.h>

#include "helios/plan.h"

/* Seconds on one worker like the one that was probed. */
struct helios_cost {
	double chunk_start;	/* per chunk whatever its length: browser start-up, page
				 * load, encoder start and end, browser exit */
	double per_frame;	/* one frame captured and encoded */
	double merge_start;	/* the merge's fixed part */
	double merge_per_chunk;	/* and what each chunk adds to it */
	double cores_busy;	/* processors one rendering worker keeps busy (its CPU
				 * time over its wall time); 0: not measured */
};

/* Seconds one chunk of `frames` frames takes. */
double helios_cost_chunk(const struct helios_cost *c, int64_t frames);

/* Seconds of the merge of `chunks` chunk files. */
double helios_cost_merge(const struct helios_cost *c, int64_t chunks);

/*
 * Wall time of plan on `workers` workers that each take the next chunk in
 * id order when free (as helios job run does), merge included.  A plan of
 * one chunk has no merge.  Negative when out of memory.
 */
double helios_cost_wall(const struct helios_plan *plan, const struct helios_cost *c, int64_t workers);

/*
 * The same on one machine of `cores` processors running `workers` chunks at
 * once (helios job run --concurrency): when together they want more
 * processors than there are, each goes slower by that ratio.
 */
double helios_cost_wall_here(const struct helios_plan *plan, const struct helios_cost *c, int64_t workers,
			     int64_t cores);

/*
 * The chunk count, from 1 to max_count, whose split by count (with base's
 * range and keyframe interval) finishes soonest on `workers` workers; *wall
 * gets its wall time.  Ties go to fewer chunks.  0 when base is invalid.
 */
int64_t helios_cost_best_count(const struct helios_plan_request *base, const struct helios_cost *c,
			       int64_t workers, int64_t max_count, double *wall);

/* Frames per chunk so that one chunk takes about `seconds` (at least one). */
int64_t helios_cost_frames_for(const struct helios_cost *c, double seconds);

#endif
