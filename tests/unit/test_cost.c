/* The cost model: wall times by hand, the closed form of equal chunks
 * against a plain simulation of the runner, the best count by search. */
#include <check.h>

#include "helios/cost.h"
#include "suites.h"

static const struct helios_cost cost = { 2.0, 0.5, 1.0, 0.25, 0 };

static struct helios_plan make(enum helios_split split, int64_t total, int64_t count, int64_t size)
{
	struct helios_plan_request req = { total, 0, split, count, size, 0, 0, NULL };
	struct helios_plan plan;
	struct helios_error err;

	ck_assert_int_eq(helios_plan_make(&req, &plan, &err), HELIOS_OK);
	return plan;
}

/* The runner, slowly: each chunk in id order to the worker free first. */
static double simulate(const struct helios_plan *plan, const struct helios_cost *c, int64_t workers)
{
	double free_at[64] = { 0 }, wall = 0;

	for (int64_t id = 0; id < plan->chunk_count; id++) {
		int64_t w = 0;

		for (int64_t k = 1; k < workers; k++)
			if (free_at[k] < free_at[w])
				w = k;
		free_at[w] += helios_cost_chunk(c, helios_plan_chunk(plan, id).frame_count);
		if (free_at[w] > wall)
			wall = free_at[w];
	}
	return wall + helios_cost_merge(c, plan->chunk_count);
}

START_TEST(by_hand)
{
	/* 100 frames in 4 chunks of 25: 2 + 12.5 s each. */
	struct helios_plan plan = make(HELIOS_SPLIT_COUNT, 100, 4, 0);

	ck_assert_double_eq_tol(helios_cost_chunk(&cost, 25), 14.5, 1e-9);
	ck_assert_double_eq_tol(helios_cost_merge(&cost, 4), 2.0, 1e-9);
	ck_assert_double_eq_tol(helios_cost_wall(&plan, &cost, 1), 4 * 14.5 + 2.0, 1e-9);
	ck_assert_double_eq_tol(helios_cost_wall(&plan, &cost, 2), 2 * 14.5 + 2.0, 1e-9);
	ck_assert_double_eq_tol(helios_cost_wall(&plan, &cost, 4), 14.5 + 2.0, 1e-9);
	/* More workers than chunks change nothing. */
	ck_assert_double_eq_tol(helios_cost_wall(&plan, &cost, 9), 14.5 + 2.0, 1e-9);
	/* One chunk: no merge. */
	plan = make(HELIOS_SPLIT_COUNT, 100, 1, 0);
	ck_assert_double_eq_tol(helios_cost_wall(&plan, &cost, 3), 52.0, 1e-9);
	/* 10 frames in chunks of 4 (4, 4, 2) on 2 workers: the short one goes
	 * to the worker free first, after its 4-frame chunk. */
	plan = make(HELIOS_SPLIT_SIZE, 10, 0, 4);
	ck_assert_double_eq_tol(helios_cost_wall(&plan, &cost, 2), 4.0 + 3.0 + 1.75, 1e-9);
}
END_TEST

START_TEST(closed_form_equals_the_runner)
{
	static const enum helios_split splits[] = { HELIOS_SPLIT_COUNT, HELIOS_SPLIT_BALANCE, HELIOS_SPLIT_SIZE };

	for (int s = 0; s < 3; s++)
		for (int64_t total = 1; total <= 40; total++)
			for (int64_t n = 1; n <= 12; n++) {
				struct helios_plan plan = make(splits[s], total, n, n);

				for (int64_t w = 1; w <= 8; w++)
					ck_assert_double_eq_tol(helios_cost_wall(&plan, &cost, w),
								simulate(&plan, &cost, w), 1e-9);
			}
}
END_TEST

START_TEST(best_count_is_the_minimum)
{
	struct helios_plan_request base = { 300, 0, HELIOS_SPLIT_COUNT, 1, 0, 0, 0, NULL };
	double wall, best_wall = 0;
	int64_t best = 0;

	/* Start-up 2 s, 0.5 s a frame: on 4 workers, 4 chunks beat 1 and 300. */
	ck_assert_int_eq(helios_cost_best_count(&base, &cost, 4, 300, &wall), 4);
	for (int64_t n = 1; n <= 300; n++) {
		struct helios_plan plan = make(HELIOS_SPLIT_COUNT, 300, n, 0);
		double w = helios_cost_wall(&plan, &cost, 4);

		if (best == 0 || w < best_wall) {
			best = n;
			best_wall = w;
		}
	}
	ck_assert_double_eq_tol(wall, best_wall, 1e-9);
	/* Free start-up and merge: as many chunks as workers, no fewer. */
	{
		struct helios_cost flat = { 0, 1, 0, 0, 0 };

		ck_assert_int_eq(helios_cost_best_count(&base, &flat, 3, 300, &wall), 3);
		ck_assert_double_eq_tol(wall, 100, 1e-9);
	}
	/* One worker: one chunk. */
	ck_assert_int_eq(helios_cost_best_count(&base, &cost, 1, 300, &wall), 1);
}
END_TEST

START_TEST(workers_sharing_one_machine)
{
	struct helios_plan plan = make(HELIOS_SPLIT_COUNT, 100, 4, 0);
	struct helios_cost busy = cost;

	/* A worker keeps 1.5 processors busy: 2 on 2 processors go 1.5 times
	 * slower; 1 does not; unmeasured, no change. */
	busy.cores_busy = 1.5;
	ck_assert_double_eq_tol(helios_cost_wall_here(&plan, &busy, 2, 2), 2 * 14.5 * 1.5 + 2.0, 1e-9);
	ck_assert_double_eq_tol(helios_cost_wall_here(&plan, &busy, 1, 2), 4 * 14.5 + 2.0, 1e-9);
	ck_assert_double_eq_tol(helios_cost_wall_here(&plan, &busy, 2, 4), 2 * 14.5 + 2.0, 1e-9);
	ck_assert_double_eq_tol(helios_cost_wall_here(&plan, &cost, 4, 1), 14.5 + 2.0, 1e-9);
	/* More workers than chunks: only the chunks run at once. */
	ck_assert_double_eq_tol(helios_cost_wall_here(&plan, &busy, 8, 3), 14.5 * 2 + 2.0, 1e-9);
}
END_TEST

START_TEST(frames_for_a_chunk_time)
{
	ck_assert_int_eq(helios_cost_frames_for(&cost, 12.0), 20);	/* (12 - 2) / 0.5 */
	ck_assert_int_eq(helios_cost_frames_for(&cost, 1.0), 1);	/* less than the start-up */
	{
		struct helios_cost unknown = { 1, 0, 0, 0, 0 };

		ck_assert_int_eq(helios_cost_frames_for(&unknown, 10), 1);
	}
}
END_TEST

Suite *suite_cost(void)
{
	Suite *s = suite_create("cost");
	TCase *tc = tcase_create("model");

	tcase_add_test(tc, by_hand);
	tcase_add_test(tc, closed_form_equals_the_runner);
	tcase_add_test(tc, best_count_is_the_minimum);
	tcase_add_test(tc, workers_sharing_one_machine);
	tcase_add_test(tc, frames_for_a_chunk_time);
	suite_add_tcase(s, tc);
	return s;
}
