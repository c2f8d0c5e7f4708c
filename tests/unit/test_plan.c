/* The chunk planner: every strategy, its invariants over many (total, N, K)
 * combinations, and the O(1) helpers checked against brute force. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "helios/number.h"
#include "helios/plan.h"
#include "suites.h"

static struct helios_plan make(enum helios_split split, int64_t total, int64_t start, int64_t count,
			       int64_t size, int64_t k)
{
	struct helios_plan_request req = { total, start, split, count, size, k, 0, NULL };
	struct helios_plan plan;
	struct helios_error err = { "" };

	memset(&plan, 0xa5, sizeof(plan));
	ck_assert_msg(helios_plan_make(&req, &plan, &err) == HELIOS_OK,
		      "plan(split %d, total %lld, start %lld, count %lld, size %lld, k %lld): %s", split,
		      (long long)total, (long long)start, (long long)count, (long long)size,
		      (long long)k, err.text);
	return plan;
}

static struct helios_plan by_count(int64_t total, int64_t n)
{
	return make(HELIOS_SPLIT_COUNT, total, 0, n, 0, 0);
}

/* The sizes of all chunks, as "3,3,3,1". */
static const char *sizes(const struct helios_plan *plan)
{
	static char text[4096];
	size_t used = 0;

	text[0] = '\0';
	for (int64_t i = 0; i < plan->chunk_count && used < sizeof(text) - 32; i++)
		used += (size_t)snprintf(text + used, sizeof(text) - used, "%s%lld", i ? "," : "",
					 (long long)helios_plan_chunk(plan, i).frame_count);
	return text;
}

static const char *starts(const struct helios_plan *plan)
{
	static char text[4096];
	size_t used = 0;

	text[0] = '\0';
	for (int64_t i = 0; i < plan->chunk_count && used < sizeof(text) - 32; i++)
		used += (size_t)snprintf(text + used, sizeof(text) - used, "%s%lld", i ? "," : "",
					 (long long)helios_plan_chunk(plan, i).start_frame);
	return text;
}

START_TEST(count_seed_plan)
{
	struct helios_plan p = by_count(30, 4);

	ck_assert_int_eq(p.chunk_count, 4);
	ck_assert_str_eq(starts(&p), "0,8,16,24");
	ck_assert_str_eq(sizes(&p), "8,8,8,6");
}
END_TEST

START_TEST(count_upstream_ceil_rule)
{
	struct helios_plan p = by_count(10, 4);

	ck_assert_str_eq(sizes(&p), "3,3,3,1");
	ck_assert_int_eq(p.requested, 4);

	/* 9 over 4: size 3, so only 3 chunks; a chunk of 0 frames is not emitted. */
	p = by_count(9, 4);
	ck_assert_int_eq(p.chunk_count, 3);
	ck_assert_int_eq(p.requested, 4);
	ck_assert_str_eq(sizes(&p), "3,3,3");

	p = by_count(30, 1);
	ck_assert_str_eq(sizes(&p), "30");
	p = by_count(100, 4);
	ck_assert_str_eq(sizes(&p), "25,25,25,25");
	p = by_count(101, 4);
	ck_assert_str_eq(sizes(&p), "26,26,26,23");
}
END_TEST

START_TEST(count_more_chunks_than_frames)
{
	struct helios_plan p = by_count(5, 8);

	ck_assert_int_eq(p.chunk_count, 5);
	ck_assert_int_eq(p.requested, 8);
	ck_assert_str_eq(sizes(&p), "1,1,1,1,1");

	p = by_count(1, 10000000);
	ck_assert_int_eq(p.chunk_count, 1);
	ck_assert_str_eq(sizes(&p), "1");
}
END_TEST

START_TEST(balance_sizes_differ_by_one)
{
	struct helios_plan p = make(HELIOS_SPLIT_BALANCE, 10, 0, 4, 0, 0);

	ck_assert_str_eq(sizes(&p), "3,3,2,2");
	p = make(HELIOS_SPLIT_BALANCE, 9, 0, 4, 0, 0);
	ck_assert_int_eq(p.chunk_count, 4);
	ck_assert_str_eq(sizes(&p), "3,2,2,2");
	p = make(HELIOS_SPLIT_BALANCE, 3, 0, 8, 0, 0);
	ck_assert_int_eq(p.chunk_count, 3);
	ck_assert_int_eq(p.requested, 8);
	ck_assert_str_eq(sizes(&p), "1,1,1");
	p = make(HELIOS_SPLIT_BALANCE, 30, 0, 4, 0, 0);
	ck_assert_str_eq(starts(&p), "0,8,16,23");
}
END_TEST

START_TEST(chunk_size_fixed)
{
	struct helios_plan p = make(HELIOS_SPLIT_SIZE, 100, 0, 0, 30, 0);

	ck_assert_str_eq(sizes(&p), "30,30,30,10");
	p = make(HELIOS_SPLIT_SIZE, 90, 0, 0, 30, 0);
	ck_assert_str_eq(sizes(&p), "30,30,30");
	p = make(HELIOS_SPLIT_SIZE, 5, 0, 0, 30, 0);
	ck_assert_str_eq(sizes(&p), "5");
	p = make(HELIOS_SPLIT_SIZE, 3, 0, 0, 1, 0);
	ck_assert_str_eq(sizes(&p), "1,1,1");
}
END_TEST

START_TEST(keyframe_boundaries)
{
	/* 100 frames over 3 with K=12: 9 units, 3 per chunk, boundaries 36, 72. */
	struct helios_plan p = make(HELIOS_SPLIT_COUNT, 100, 0, 3, 0, 12);

	ck_assert_str_eq(starts(&p), "0,36,72");
	ck_assert_str_eq(sizes(&p), "36,36,28");
	/* With a start offset the multiples count from the start frame. */
	p = make(HELIOS_SPLIT_COUNT, 100, 7, 3, 0, 12);
	ck_assert_str_eq(starts(&p), "7,43,79");
	p = make(HELIOS_SPLIT_BALANCE, 100, 0, 4, 0, 12);
	ck_assert_str_eq(starts(&p), "0,36,60,84");
	/* Chunk size rounds up to a whole number of intervals. */
	p = make(HELIOS_SPLIT_SIZE, 100, 0, 0, 30, 12);
	ck_assert_str_eq(starts(&p), "0,36,72");
	/* Fewer intervals than chunks asked for. */
	p = make(HELIOS_SPLIT_COUNT, 20, 0, 8, 0, 10);
	ck_assert_str_eq(sizes(&p), "10,10");
	p = make(HELIOS_SPLIT_BALANCE, 5, 0, 4, 0, 10);
	ck_assert_str_eq(sizes(&p), "5");
	/* K = 1 is no constraint at all. */
	p = make(HELIOS_SPLIT_COUNT, 10, 0, 4, 0, 1);
	ck_assert_str_eq(sizes(&p), "3,3,3,1");
}
END_TEST

START_TEST(start_frame_offset)
{
	struct helios_plan p = make(HELIOS_SPLIT_COUNT, 30, 100, 4, 0, 0);

	ck_assert_str_eq(starts(&p), "100,108,116,124");
	ck_assert_str_eq(sizes(&p), "8,8,8,6");
	ck_assert_int_eq(helios_plan_chunk_of_frame(&p, 100), 0);
	ck_assert_int_eq(helios_plan_chunk_of_frame(&p, 115), 1);
	ck_assert_int_eq(helios_plan_chunk_of_frame(&p, 116), 2);
	ck_assert_int_eq(helios_plan_chunk_of_frame(&p, 129), 3);
	/* Outside the plan: clamped. */
	ck_assert_int_eq(helios_plan_chunk_of_frame(&p, 0), 0);
	ck_assert_int_eq(helios_plan_chunk_of_frame(&p, 130), 3);
	ck_assert_int_eq(helios_plan_chunk_of_frame(&p, INT64_MAX / 2), 3);
}
END_TEST

static void plan_bad(enum helios_split split, int64_t total, int64_t start, int64_t count, int64_t size,
		     int64_t k, const char *why)
{
	struct helios_plan_request req = { total, start, split, count, size, k, 0, NULL };
	struct helios_plan plan;
	struct helios_error err = { "" };

	ck_assert_int_eq(helios_plan_make(&req, &plan, &err), HELIOS_EINVAL);
	ck_assert_msg(strstr(err.text, why), "message '%s' lacks '%s'", err.text, why);
}

START_TEST(rejects_impossible_requests)
{
	plan_bad(HELIOS_SPLIT_COUNT, 0, 0, 4, 0, 0, "frame count is 0");
	plan_bad(HELIOS_SPLIT_COUNT, 10, -1, 4, 0, 0, "start frame");
	plan_bad(HELIOS_SPLIT_COUNT, 10, 0, 0, 0, 0, "chunk count");
	plan_bad(HELIOS_SPLIT_BALANCE, 10, 0, 0, 0, 0, "chunk count");
	plan_bad(HELIOS_SPLIT_SIZE, 10, 0, 0, 0, 0, "chunk size");
	plan_bad(HELIOS_SPLIT_COUNT, 10, 0, 1, 0, -2, "keyframe");
	plan_bad(HELIOS_SPLIT_COUNT, HELIOS_MAX_FRAMES, 1, 1, 0, 0, "exceeds");
}
END_TEST

/* ck_assert_* reports every passing check to the runner through a pipe; in
 * loops over a hundred thousand plans that is most of the time (minutes
 * under ASan), so test first and only report failures. */
#define REQUIRE(cond, ...) \
	do { \
		if (!(cond)) \
			ck_abort_msg(__VA_ARGS__); \
	} while (0)

/*
 * Check every invariant of a plan by walking all of it, and compare the O(1)
 * helpers with brute force.  Returns the chunk sizes' min and max.
 */
static void check_invariants(const struct helios_plan *p, enum helios_split split, int64_t total,
			     int64_t start, int64_t count, int64_t size, int64_t k)
{
	int64_t expect = start, lo = INT64_MAX, hi = 0, elo, ehi;
	int64_t unit = k > 1 ? k : 1;
	int64_t units = (total + unit - 1) / unit;
	char ctx[160];

	snprintf(ctx, sizeof(ctx), "split %d total %lld start %lld count %lld size %lld k %lld", split,
		 (long long)total, (long long)start, (long long)count, (long long)size, (long long)k);
	REQUIRE(p->chunk_count >= 1, "%s: no chunks", ctx);
	REQUIRE(p->chunk_count <= total, "%s: more chunks than frames", ctx);
	for (int64_t i = 0; i < p->chunk_count; i++) {
		struct helios_chunk c = helios_plan_chunk(p, i);

		REQUIRE(c.id == i, "%s: chunk %lld has id %lld", ctx, (long long)i, (long long)c.id);
		REQUIRE(c.frame_count >= 1, "%s: chunk %lld is empty", ctx, (long long)i);
		REQUIRE(c.start_frame == expect, "%s: chunk %lld starts at %lld, expected %lld", ctx,
			      (long long)i, (long long)c.start_frame, (long long)expect);
		if (i > 0)
			REQUIRE((c.start_frame - start) % unit == 0,
				      "%s: boundary %lld not a multiple of %lld", ctx,
				      (long long)c.start_frame, (long long)unit);
		for (int64_t f = c.start_frame; f < c.start_frame + c.frame_count; f++)
			REQUIRE(helios_plan_chunk_of_frame(p, f) == i,
				      "%s: frame %lld in chunk %lld, chunk_of_frame says %lld", ctx,
				      (long long)f, (long long)i, (long long)helios_plan_chunk_of_frame(p, f));
		expect += c.frame_count;
		lo = c.frame_count < lo ? c.frame_count : lo;
		hi = c.frame_count > hi ? c.frame_count : hi;
	}
	REQUIRE(expect == start + total, "%s: chunks end at %lld, expected %lld", ctx,
		      (long long)expect, (long long)(start + total));
	REQUIRE(helios_plan_chunk_of_frame(p, start - 1 < 0 ? 0 : start - 1) == 0,
		"%s: the frame before the start is not in chunk 0", ctx);
	REQUIRE(helios_plan_chunk_of_frame(p, start + total) == p->chunk_count - 1,
		"%s: the frame after the end is not in the last chunk", ctx);
	helios_plan_extremes(p, &elo, &ehi);
	REQUIRE(elo == lo && ehi == hi, "%s: extremes %lld..%lld, brute force %lld..%lld", ctx,
		      (long long)elo, (long long)ehi, (long long)lo, (long long)hi);

	/* What each strategy promises beyond the shared invariants. */
	switch (split) {
	case HELIOS_SPLIT_COUNT: {
		int64_t per = (units + count - 1) / count;

		REQUIRE(p->chunk_count <= count, "%s: %lld chunks", ctx, (long long)p->chunk_count);
		REQUIRE(p->chunk_count == (units + per - 1) / per, "%s: wrong chunk count", ctx);
		/* Upstream's rule: every chunk but the last has ceil(units/N) units. */
		for (int64_t i = 0; i + 1 < p->chunk_count; i++)
			REQUIRE(helios_plan_chunk(p, i).frame_count == per * unit,
				"%s: chunk %lld is not ceil(units/N) units", ctx, (long long)i);
		break;
	}
	case HELIOS_SPLIT_BALANCE: {
		int64_t want = count < units ? count : units;

		REQUIRE(p->chunk_count == want, "%s: %lld chunks, expected %lld", ctx,
			      (long long)p->chunk_count, (long long)want);
		/* In units, sizes differ by at most one; only the last may be cut short. */
		for (int64_t i = 0; i + 1 < p->chunk_count; i++) {
			int64_t n = helios_plan_chunk(p, i).frame_count;

			REQUIRE(n % unit == 0, "%s: chunk %lld has %lld frames", ctx, (long long)i,
				      (long long)n);
			REQUIRE(n / unit - (units / want) <= 1 && n / unit >= units / want,
				      "%s: chunk %lld has %lld units", ctx, (long long)i, (long long)(n / unit));
		}
		if (unit == 1)
			REQUIRE(hi - lo <= 1, "%s: sizes %lld..%lld", ctx, (long long)lo, (long long)hi);
		break;
	}
	case HELIOS_SPLIT_SIZE: {
		int64_t per = (size + unit - 1) / unit * unit;

		for (int64_t i = 0; i + 1 < p->chunk_count; i++)
			REQUIRE(helios_plan_chunk(p, i).frame_count == per,
				"%s: chunk %lld is not %lld frames", ctx, (long long)i, (long long)per);
		REQUIRE(p->chunk_count == (total + per - 1) / per, "%s: wrong chunk count", ctx);
		REQUIRE(p->requested == p->chunk_count, "%s: requested is not the chunk count", ctx);
		break;
	}
	case HELIOS_SPLIT_RANGES:	/* ranges_syntax and the config suite */
		break;
	}
}

START_TEST(property_every_strategy)
{
	static const int64_t ks[] = { 0, 1, 2, 3, 5, 7, 16, 64 };
	static const int64_t starts_[] = { 0, 1, 1000 };
	long plans = 0;

	for (int64_t total = 1; total <= 70; total++)
		for (int64_t n = 1; n <= 24; n++)
			for (size_t ki = 0; ki < sizeof(ks) / sizeof(ks[0]); ki++)
				for (size_t si = 0; si < sizeof(starts_) / sizeof(starts_[0]); si++) {
					int64_t k = ks[ki], start = starts_[si];
					struct helios_plan p;

					p = make(HELIOS_SPLIT_COUNT, total, start, n, 0, k);
					check_invariants(&p, HELIOS_SPLIT_COUNT, total, start, n, 0, k);
					p = make(HELIOS_SPLIT_BALANCE, total, start, n, 0, k);
					check_invariants(&p, HELIOS_SPLIT_BALANCE, total, start, n, 0, k);
					p = make(HELIOS_SPLIT_SIZE, total, start, 0, n, k);
					check_invariants(&p, HELIOS_SPLIT_SIZE, total, start, 0, n, k);
					plans += 3;
				}
	ck_assert_int_eq(plans, 70 * 24 * 8 * 3 * 3);
}
END_TEST

/* Large plans: walk only the ends, and the O(1) functions everywhere. */
START_TEST(large_plans_stay_exact)
{
	static const struct {
		enum helios_split split;
		int64_t total, start, count, size, k;
	} cases[] = {
		{ HELIOS_SPLIT_COUNT, 5184000, 0, 100000, 0, 0 },
		{ HELIOS_SPLIT_COUNT, 50000000, 0, 1000000, 0, 0 },
		{ HELIOS_SPLIT_BALANCE, 50000001, 3, 999999, 0, 0 },
		{ HELIOS_SPLIT_BALANCE, HELIOS_MAX_FRAMES, 0, 10000000, 0, 48 },
		{ HELIOS_SPLIT_COUNT, HELIOS_MAX_FRAMES - 5, 5, 10000000, 0, 0 },
		{ HELIOS_SPLIT_SIZE, HELIOS_MAX_FRAMES, 0, 0, HELIOS_MAX_FRAMES / 3, 0 },
		{ HELIOS_SPLIT_SIZE, HELIOS_MAX_FRAMES, 0, 0, 1, HELIOS_MAX_FRAMES },
		{ HELIOS_SPLIT_COUNT, HELIOS_MAX_FRAMES, 0, 7, 0, HELIOS_MAX_FRAMES - 1 },
	};

	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		struct helios_plan p = make(cases[c].split, cases[c].total, cases[c].start, cases[c].count,
					    cases[c].size, cases[c].k);
		int64_t n = p.chunk_count, sum = 0, lo, hi;

		helios_plan_extremes(&p, &lo, &hi);
		ck_assert(lo >= 1 && hi >= lo);
		/* The chunks at the ends and around the balance remainder tie up. */
		for (int64_t i = 0; i < n; i++) {
			struct helios_chunk ch = helios_plan_chunk(&p, i);

			if (i > 0) {
				struct helios_chunk prev = helios_plan_chunk(&p, i - 1);

				ck_assert_int_eq(prev.start_frame + prev.frame_count, ch.start_frame);
			}
			ck_assert(ch.frame_count >= lo && ch.frame_count <= hi);
			ck_assert_int_eq(helios_plan_chunk_of_frame(&p, ch.start_frame), i);
			ck_assert_int_eq(helios_plan_chunk_of_frame(&p, ch.start_frame + ch.frame_count - 1), i);
			if (i == 20 && n > 40)
				i = n - 21;	/* skip the middle */
		}
		/* Sum of sizes in closed form: all full chunks plus the last. */
		if (cases[c].split != HELIOS_SPLIT_BALANCE) {
			struct helios_chunk last = helios_plan_chunk(&p, n - 1);

			sum = (n - 1) * helios_plan_chunk(&p, 0).frame_count + last.frame_count;
			ck_assert_int_eq(sum, cases[c].total);
			ck_assert_int_eq(last.start_frame + last.frame_count, cases[c].start + cases[c].total);
		} else {
			struct helios_chunk last = helios_plan_chunk(&p, n - 1);

			ck_assert_int_eq(last.start_frame + last.frame_count, cases[c].start + cases[c].total);
		}
	}
}
END_TEST

START_TEST(ranges_syntax)
{
	int64_t first, end, count;
	struct helios_error err;
	static const char *const bad[] = { "", "a", "0-", "-5", "0-9,", ",0-9", "0-9,,10-19", "0-9 ,10-19",
					   "5-4", "0-9,11-19", "0-9,9-19", "0-9x", "99999999999999999999" };

	ck_assert_int_eq(helios_plan_ranges_parse("0-99,100-249,250", &first, &end, &count, &err), HELIOS_OK);
	ck_assert_int_eq(first, 0);
	ck_assert_int_eq(end, 251);
	ck_assert_int_eq(count, 3);
	ck_assert_int_eq(helios_plan_ranges_parse("7", &first, &end, &count, &err), HELIOS_OK);
	ck_assert_int_eq(end - first, 1);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(helios_plan_ranges_parse(bad[i], &first, &end, &count, &err) == HELIOS_EINVAL,
			      "accepted '%s'", bad[i]);
}
END_TEST

START_TEST(max_chunks_caps_every_split)
{
	struct helios_plan_request req = { 1000, 0, HELIOS_SPLIT_COUNT, 50, 0, 0, 7, NULL };
	struct helios_plan plan;
	struct helios_error err;

	ck_assert_int_eq(helios_plan_make(&req, &plan, &err), HELIOS_OK);
	ck_assert_int_eq(plan.chunk_count, 7);
	req.split = HELIOS_SPLIT_BALANCE;
	ck_assert_int_eq(helios_plan_make(&req, &plan, &err), HELIOS_OK);
	ck_assert_int_eq(plan.chunk_count, 7);
	req.split = HELIOS_SPLIT_SIZE;
	req.chunk_frames = 10;
	req.keyframe_interval = 30;	/* 34 units of 30 frames; 7 chunks of 5 units */
	ck_assert_int_eq(helios_plan_make(&req, &plan, &err), HELIOS_OK);
	ck_assert_int_eq(plan.chunk_count, 7);
	ck_assert_int_eq(helios_plan_chunk(&plan, 0).frame_count, 150);
	ck_assert_int_eq(helios_plan_chunk(&plan, 6).frame_count, 100);
	/* Under the cap nothing changes. */
	req.max_chunks = 1000;
	ck_assert_int_eq(helios_plan_make(&req, &plan, &err), HELIOS_OK);
	ck_assert_int_eq(plan.chunk_count, 34);
}
END_TEST

Suite *suite_plan(void)
{
	Suite *s = suite_create("plan");
	TCase *tc = tcase_create("strategies");

	tcase_add_test(tc, count_seed_plan);
	tcase_add_test(tc, count_upstream_ceil_rule);
	tcase_add_test(tc, count_more_chunks_than_frames);
	tcase_add_test(tc, balance_sizes_differ_by_one);
	tcase_add_test(tc, chunk_size_fixed);
	tcase_add_test(tc, keyframe_boundaries);
	tcase_add_test(tc, start_frame_offset);
	tcase_add_test(tc, rejects_impossible_requests);
	tcase_add_test(tc, ranges_syntax);
	tcase_add_test(tc, max_chunks_caps_every_split);
	suite_add_tcase(s, tc);

	tc = tcase_create("properties");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, property_every_strategy);
	tcase_add_test(tc, large_plans_stay_exact);
	suite_add_tcase(s, tc);
	return s;
}
