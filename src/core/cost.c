#include "helios/cost.h"

#include <stdlib.h>

#include "helios/number.h"

double helios_cost_chunk(const struct helios_cost *c, int64_t frames)
{
	return c->chunk_start + (double)frames * c->per_frame;
}

double helios_cost_merge(const struct helios_cost *c, int64_t chunks)
{
	return chunks > 1 ? c->merge_start + (double)chunks * c->merge_per_chunk : 0;
}

/* Chunks all of one size but the last (a split by count or size): worker
 * w takes chunks w, w + W, ...; the short last chunk goes to the worker
 * that is free first. */
static double wall_of_equal(int64_t count, double each, double last, int64_t workers)
{
	int64_t before = count - 1;	/* the chunks before the last */
	double others = (double)((before + workers - 1) / workers) * each;
	double final = (double)(before / workers) * each + last;

	return others > final ? others : final;
}

/* A min-heap of the times the workers become free. */
static void sift_down(double *heap, int64_t n, int64_t i)
{
	for (;;) {
		int64_t l = 2 * i + 1, r = l + 1, m = i;
		double t;

		if (l < n && heap[l] < heap[m])
			m = l;
		if (r < n && heap[r] < heap[m])
			m = r;
		if (m == i)
			return;
		t = heap[i];
		heap[i] = heap[m];
		heap[m] = t;
		i = m;
	}
}

double helios_cost_wall(const struct helios_plan *plan, const struct helios_cost *c, int64_t workers)
{
	int64_t n = plan->chunk_count;
	double *free_at, wall = 0;

	if (workers < 1)
		workers = 1;
	if (workers > n)
		workers = n;
	if (plan->split == HELIOS_SPLIT_COUNT || plan->split == HELIOS_SPLIT_SIZE) {
		double each = helios_cost_chunk(c, helios_plan_chunk(plan, 0).frame_count);
		double last = helios_cost_chunk(c, helios_plan_chunk(plan, n - 1).frame_count);

		return wall_of_equal(n, each, last, workers) + helios_cost_merge(c, n);
	}
	free_at = calloc((size_t)workers, sizeof(*free_at));
	if (!free_at)
		return -1;
	for (int64_t id = 0; id < n; id++) {
		/* The worker free first takes the chunk: the heap's top. */
		free_at[0] += helios_cost_chunk(c, helios_plan_chunk(plan, id).frame_count);
		if (free_at[0] > wall)
			wall = free_at[0];
		sift_down(free_at, workers, 0);
	}
	free(free_at);
	return wall + helios_cost_merge(c, n);
}

double helios_cost_wall_here(const struct helios_plan *plan, const struct helios_cost *c, int64_t workers,
			     int64_t cores)
{
	struct helios_cost shared = *c;
	int64_t running = workers < plan->chunk_count ? workers : plan->chunk_count;
	double demand = (double)running * c->cores_busy;

	if (cores >= 1 && demand > (double)cores) {
		shared.chunk_start *= demand / (double)cores;
		shared.per_frame *= demand / (double)cores;
	}
	return helios_cost_wall(plan, &shared, workers);
}

int64_t helios_cost_best_count(const struct helios_plan_request *base, const struct helios_cost *c,
			       int64_t workers, int64_t max_count, double *wall)
{
	struct helios_plan_request req = *base;
	struct helios_plan plan;
	struct helios_error err;
	int64_t best = 0;
	double best_wall = 0;

	req.split = HELIOS_SPLIT_COUNT;
	for (int64_t count = 1; count <= max_count; count++) {
		double w;

		req.count = count;
		if (helios_plan_make(&req, &plan, &err) != HELIOS_OK)
			break;
		if (count > plan.units)	/* every chunk is one unit already */
			break;
		if (plan.chunk_count < count)	/* the same plan as a smaller count */
			continue;
		w = helios_cost_wall(&plan, c, workers);
		if (best == 0 || w < best_wall) {
			best = count;
			best_wall = w;
		}
	}
	if (wall)
		*wall = best_wall;
	return best;
}

int64_t helios_cost_frames_for(const struct helios_cost *c, double seconds)
{
	double frames;

	if (c->per_frame <= 0)
		return 1;
	frames = (seconds - c->chunk_start) / c->per_frame;
	if (frames < 1)
		return 1;
	if (frames > (double)HELIOS_MAX_FRAMES)
		return HELIOS_MAX_FRAMES;
	return (int64_t)(frames + 0.5);
}
