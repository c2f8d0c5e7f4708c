#include "helios/plan.h"

#include "helios/number.h"

static int64_t ceil_div(int64_t a, int64_t b)
{
	return a / b + (a % b != 0);
}

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

enum helios_status helios_plan_make(const struct helios_plan_request *req, struct helios_plan *plan,
				    struct helios_error *err)
{
	struct helios_plan p = { 0 };

	if (req->total_frames < 1)
		return helios_error_set(err, HELIOS_EINVAL, "nothing to render: the frame count is 0");
	if (req->start_frame < 0)
		return helios_error_set(err, HELIOS_EINVAL, "the start frame is negative");
	if (req->total_frames > HELIOS_MAX_FRAMES - req->start_frame)
		return helios_error_set(err, HELIOS_EINVAL,
					"start frame plus frame count exceeds %lld",
					(long long)HELIOS_MAX_FRAMES);
	if (req->keyframe_interval < 0)
		return helios_error_set(err, HELIOS_EINVAL, "the keyframe interval is negative");

	p.total_frames = req->total_frames;
	p.start_frame = req->start_frame;
	p.split = req->split;
	p.unit = req->keyframe_interval > 1 ? req->keyframe_interval : 1;
	p.units = ceil_div(p.total_frames, p.unit);

	switch (req->split) {
	case HELIOS_SPLIT_COUNT:
		if (req->count < 1)
			return helios_error_set(err, HELIOS_EINVAL, "the chunk count must be at least 1");
		p.units_per_chunk = ceil_div(p.units, req->count);
		p.chunk_count = ceil_div(p.units, p.units_per_chunk);
		p.requested = req->count;
		break;
	case HELIOS_SPLIT_BALANCE:
		if (req->count < 1)
			return helios_error_set(err, HELIOS_EINVAL, "the chunk count must be at least 1");
		p.chunk_count = min64(req->count, p.units);
		p.base_units = p.units / p.chunk_count;
		p.extra = p.units % p.chunk_count;
		p.requested = req->count;
		break;
	case HELIOS_SPLIT_SIZE:
		if (req->chunk_frames < 1)
			return helios_error_set(err, HELIOS_EINVAL, "the chunk size must be at least 1 frame");
		p.units_per_chunk = ceil_div(req->chunk_frames, p.unit);
		p.chunk_count = ceil_div(p.units, p.units_per_chunk);
		p.requested = p.chunk_count;
		break;
	default:
		return helios_error_set(err, HELIOS_EINVAL, "unknown split method");
	}
	*plan = p;
	return HELIOS_OK;
}

static int64_t first_unit(const struct helios_plan *plan, int64_t id)
{
	if (plan->split == HELIOS_SPLIT_BALANCE)
		return id * plan->base_units + min64(id, plan->extra);
	return id * plan->units_per_chunk;
}

struct helios_chunk helios_plan_chunk(const struct helios_plan *plan, int64_t id)
{
	int64_t first = first_unit(plan, id);
	int64_t last = id + 1 >= plan->chunk_count ? plan->units : first_unit(plan, id + 1);
	int64_t from = first * plan->unit;
	int64_t to = min64(last * plan->unit, plan->total_frames);
	struct helios_chunk chunk = { id, plan->start_frame + from, to - from };

	return chunk;
}

int64_t helios_plan_chunk_of_frame(const struct helios_plan *plan, int64_t frame)
{
	int64_t rel = frame - plan->start_frame;
	int64_t unit, id;

	if (rel < 0)
		rel = 0;
	if (rel >= plan->total_frames)
		rel = plan->total_frames - 1;
	unit = rel / plan->unit;
	if (plan->split == HELIOS_SPLIT_BALANCE) {
		int64_t big = plan->extra * (plan->base_units + 1);

		id = unit < big ? unit / (plan->base_units + 1)
				: plan->extra + (unit - big) / plan->base_units;
	} else {
		id = unit / plan->units_per_chunk;
	}
	return min64(id, plan->chunk_count - 1);
}

void helios_plan_extremes(const struct helios_plan *plan, int64_t *smallest, int64_t *largest)
{
	/* Sizes only fall with the id, except where the balance remainder ends
	 * and at the last chunk, which may be cut short by the total. */
	int64_t candidates[3] = { 0, min64(plan->extra, plan->chunk_count - 1), plan->chunk_count - 1 };
	int64_t lo = INT64_MAX, hi = 0;

	for (int i = 0; i < 3; i++) {
		int64_t n = helios_plan_chunk(plan, candidates[i]).frame_count;

		lo = n < lo ? n : lo;
		hi = n > hi ? n : hi;
	}
	*smallest = lo;
	*largest = hi;
}
