#include "helios/plan.h"

#include <stdbool.h>
#include <string.h>

#include "helios/number.h"

static int64_t ceil_div(int64_t a, int64_t b)
{
	return a / b + (a % b != 0);
}

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

/* A frame number at *p (digits only), advancing *p; false when there is none
 * or it is too large. */
static bool read_frame(const char **p, int64_t *out)
{
	int64_t v = 0;
	const char *s = *p;

	if (*s < '0' || *s > '9')
		return false;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (v > (HELIOS_MAX_FRAMES - (*s - '0')) / 10)
			return false;
		v = v * 10 + (*s - '0');
	}
	*p = s;
	*out = v;
	return true;
}

/* The range at *p, "A-B" or "A", and the comma after it. */
static bool read_range(const char **p, int64_t *from, int64_t *to)
{
	if (!read_frame(p, from))
		return false;
	*to = *from;
	if (**p == '-') {
		(*p)++;
		if (!read_frame(p, to))
			return false;
	}
	if (**p == ',' && (*p)[1])
		(*p)++;
	return **p == '\0' || (*p)[-1] == ',';
}

enum helios_status helios_plan_ranges_parse(const char *text, int64_t *first, int64_t *end, int64_t *count,
					    struct helios_error *err)
{
	const char *p = text;
	int64_t n = 0, next = 0, from, to;

	if (!*p)
		return helios_error_set(err, HELIOS_EINVAL, "no ranges (use FIRST-LAST,FIRST-LAST,...)");
	while (*p) {
		const char *at = p;

		if (!read_range(&p, &from, &to))
			return helios_error_set(err, HELIOS_EINVAL,
						"range %lld: not FIRST-LAST (frame numbers joined by commas, "
						"such as 0-99,100-249)", (long long)n + 1);
		if (to < from)
			return helios_error_set(err, HELIOS_EINVAL, "range %lld (%.*s): ends before it starts",
						(long long)n + 1, (int)strcspn(at, ","), at);
		if (n == 0)
			*first = from;
		else if (from != next)
			return helios_error_set(err, HELIOS_EINVAL,
						"range %lld (%.*s): starts at %lld, not at %lld (ranges must be in "
						"order, each starting just after the one before)",
						(long long)n + 1, (int)strcspn(at, ","), at, (long long)from,
						(long long)next);
		next = to + 1;
		if (++n > HELIOS_PLAN_MAX_RANGES)
			return helios_error_set(err, HELIOS_EINVAL, "more than %d ranges", HELIOS_PLAN_MAX_RANGES);
	}
	*end = next;
	*count = n;
	return HELIOS_OK;
}

/* Range id of the list (known to be valid and long enough). */
static void range_of(const char *ranges, int64_t id, int64_t *from, int64_t *to)
{
	const char *p = ranges;

	for (int64_t i = 0; i <= id; i++)
		read_range(&p, from, to);
}

static enum helios_status plan_ranges(const struct helios_plan_request *req, struct helios_plan *p,
				      struct helios_error *err)
{
	int64_t first, end, count;
	const char *q = req->ranges;

	if (!req->ranges || helios_plan_ranges_parse(req->ranges, &first, &end, &count, err) != HELIOS_OK)
		return req->ranges ? HELIOS_EINVAL : helios_error_set(err, HELIOS_EINVAL, "no ranges");
	if (first != req->start_frame || end != req->start_frame + req->total_frames)
		return helios_error_set(err, HELIOS_EINVAL,
					"the ranges cover frames %lld-%lld, not the render's %lld-%lld",
					(long long)first, (long long)end - 1, (long long)req->start_frame,
					(long long)(req->start_frame + req->total_frames - 1));
	if (req->max_chunks > 0 && count > req->max_chunks)
		return helios_error_set(err, HELIOS_EINVAL, "%lld ranges are more than the %lld chunks allowed",
					(long long)count, (long long)req->max_chunks);
	for (int64_t i = 0; p->unit > 1 && i + 1 < count; i++) {
		int64_t from, to;

		read_range(&q, &from, &to);
		if ((to + 1 - req->start_frame) % p->unit != 0)
			return helios_error_set(err, HELIOS_EINVAL,
						"range %lld ends at %lld: the next does not start on a multiple of "
						"the keyframe interval %lld from the start frame",
						(long long)i + 1, (long long)to, (long long)p->unit);
	}
	p->ranges = req->ranges;
	p->chunk_count = count;
	p->requested = count;
	return HELIOS_OK;
}

enum helios_status helios_plan_make(const struct helios_plan_request *req, struct helios_plan *plan,
				    struct helios_error *err)
{
	struct helios_plan p = { 0 };
	int64_t cap = req->max_chunks;

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
	if (cap < 0)
		return helios_error_set(err, HELIOS_EINVAL, "the chunk cap is negative");

	p.total_frames = req->total_frames;
	p.start_frame = req->start_frame;
	p.split = req->split;
	p.unit = req->keyframe_interval > 1 ? req->keyframe_interval : 1;
	p.units = ceil_div(p.total_frames, p.unit);

	switch (req->split) {
	case HELIOS_SPLIT_COUNT:
		if (req->count < 1)
			return helios_error_set(err, HELIOS_EINVAL, "the chunk count must be at least 1");
		p.requested = cap > 0 ? min64(req->count, cap) : req->count;
		p.units_per_chunk = ceil_div(p.units, p.requested);
		p.chunk_count = ceil_div(p.units, p.units_per_chunk);
		break;
	case HELIOS_SPLIT_BALANCE:
		if (req->count < 1)
			return helios_error_set(err, HELIOS_EINVAL, "the chunk count must be at least 1");
		p.requested = cap > 0 ? min64(req->count, cap) : req->count;
		p.chunk_count = min64(p.requested, p.units);
		p.base_units = p.units / p.chunk_count;
		p.extra = p.units % p.chunk_count;
		break;
	case HELIOS_SPLIT_SIZE:
		if (req->chunk_frames < 1)
			return helios_error_set(err, HELIOS_EINVAL, "the chunk size must be at least 1 frame");
		p.units_per_chunk = ceil_div(req->chunk_frames, p.unit);
		/* Too many chunks of that size: larger ones, as few as the cap. */
		if (cap > 0 && ceil_div(p.units, p.units_per_chunk) > cap)
			p.units_per_chunk = ceil_div(p.units, cap);
		p.chunk_count = ceil_div(p.units, p.units_per_chunk);
		p.requested = p.chunk_count;
		break;
	case HELIOS_SPLIT_RANGES:
		if (plan_ranges(req, &p, err) != HELIOS_OK)
			return HELIOS_EINVAL;
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
	if (plan->split == HELIOS_SPLIT_RANGES) {
		int64_t from = 0, to = 0;

		range_of(plan->ranges, id, &from, &to);
		return (struct helios_chunk){ id, from, to - from + 1 };
	}
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
	if (plan->split == HELIOS_SPLIT_RANGES) {
		const char *p = plan->ranges;
		int64_t from, to;

		for (id = 0; read_range(&p, &from, &to) && to < plan->start_frame + rel; id++)
			;
		return min64(id, plan->chunk_count - 1);
	}
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

	if (plan->split == HELIOS_SPLIT_RANGES) {
		const char *p = plan->ranges;
		int64_t from, to;

		while (*p && read_range(&p, &from, &to)) {
			lo = to - from + 1 < lo ? to - from + 1 : lo;
			hi = to - from + 1 > hi ? to - from + 1 : hi;
		}
		*smallest = lo;
		*largest = hi;
		return;
	}
	for (int i = 0; i < 3; i++) {
		int64_t n = helios_plan_chunk(plan, candidates[i]).frame_count;

		lo = n < lo ? n : lo;
		hi = n > hi ? n : hi;
	}
	*smallest = lo;
	*largest = hi;
}
