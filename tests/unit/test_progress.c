/* The progress stream (written and read back) and the process pool. */
#include <check.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "run/progress.h"
#include "run/pool.h"
#include "suites.h"

/* What a pipe holds once its writer is closed. */
static void read_all(int fd, struct helios_buf *out)
{
	char block[4096];
	ssize_t n;

	while ((n = read(fd, block, sizeof(block))) > 0)
		helios_buf_append(out, block, (size_t)n);
}

START_TEST(stream_blocks_in_ffmpeg_form)
{
	struct helios_progress_stream s;
	struct helios_buf text;
	int fds[2];

	ck_assert_int_eq(pipe(fds), 0);
	helios_buf_init(&text);
	helios_progress_stream_init(&s, 30000, 1001);
	s.fd = fds[1];
	s.own = true;
	helios_progress_stream_write(&s, 10, 40, 1, 4, false);
	/* Within the interval: no block, unless it is the last. */
	helios_progress_stream_write(&s, 11, 40, 1, 4, false);
	helios_progress_stream_write(&s, 30, 40, 3, 4, true);
	helios_progress_stream_close(&s);
	ck_assert_int_eq(s.fd, -1);
	read_all(fds[0], &text);
	close(fds[0]);
	ck_assert_ptr_nonnull(strstr(helios_buf_str(&text), "frame=10\ntotal_frames=40\nfps="));
	ck_assert_ptr_nonnull(strstr(helios_buf_str(&text), "\nout_time_us=333667\nout_time=00:00:00.333667\nspeed="));
	ck_assert_ptr_nonnull(strstr(helios_buf_str(&text), "\nchunks_done=1\nchunks_total=4\nprogress=continue\nframe=30\n"));
	ck_assert_ptr_null(strstr(helios_buf_str(&text), "frame=11"));
	ck_assert_ptr_nonnull(strstr(helios_buf_str(&text), "\nchunks_done=3\nchunks_total=4\nprogress=end\n"));
	helios_buf_release(&text);
}
END_TEST

START_TEST(reader_takes_blocks_in_any_pieces)
{
	const char *text = "frame=3\nfps=2.0\nprogress=continue\nframe=7\nprogress=continue\nframe=9\n";
	struct helios_progress_reader r;
	int64_t frame = -1;
	int blocks = 0;

	helios_progress_reader_init(&r);
	for (size_t i = 0; text[i]; i++)
		if (helios_progress_reader_feed(&r, text + i, 1, &frame))
			blocks++;
	ck_assert_int_eq(blocks, 2);
	ck_assert_int_eq(frame, 7);
	/* frame=9 has no progress line yet; a new writer starts afresh. */
	helios_progress_reader_reset(&r);
	ck_assert(!helios_progress_reader_feed(&r, "progress=continue", 17, &frame));
	ck_assert(helios_progress_reader_feed(&r, "\n", 1, &frame));
	ck_assert_int_eq(frame, 0);
	helios_progress_reader_release(&r);
}
END_TEST

/* A pool that runs three shell commands two at a time and hears them. */
struct pool_test {
	int started, exited, max_running;
	int statuses[3];
	struct helios_buf said;
};

static bool start_next(struct run_pool *pool, void *ctx)
{
	struct pool_test *t = ctx;
	char script[64];
	char *argv[] = { "sh", "-c", script, NULL };
	struct helios_proc_spec spec;
	struct run_pool_task *task;
	struct helios_error err;
	int fds[2];

	if (t->started == 3)
		return false;
	snprintf(script, sizeof(script), "echo out%d; sleep 0.1; exit %d", t->started, t->started);
	ck_assert_int_eq(pipe2(fds, O_CLOEXEC), 0);
	helios_proc_spec_init(&spec);
	spec.argv = argv;
	spec.stdout_fd = fds[1];
	ck_assert_int_eq(run_pool_spawn(pool, &spec, fds[0], 0, &task, &err), HELIOS_OK);
	close(fds[1]);
	task->item = t->started++;
	if (pool->running > t->max_running)
		t->max_running = pool->running;
	return true;
}

static bool finished(struct run_pool *pool, void *ctx)
{
	(void)pool;
	return ((struct pool_test *)ctx)->started == 3;
}

static void on_output(struct run_pool *pool, struct run_pool_task *task, const char *data, size_t len, void *ctx)
{
	(void)pool;
	(void)task;
	helios_buf_append(&((struct pool_test *)ctx)->said, data, len);
}

static void on_exit_cb(struct run_pool *pool, struct run_pool_task *task, int wstatus, void *ctx)
{
	struct pool_test *t = ctx;

	(void)pool;
	ck_assert_int_eq(task->output_fd, -1);
	t->statuses[task->item] = WEXITSTATUS(wstatus);
	t->exited++;
}

START_TEST(pool_runs_what_it_is_given)
{
	static const struct run_pool_callbacks cb = {
		.start_next = start_next, .finished = finished, .on_output = on_output, .on_exit = on_exit_cb,
	};
	struct pool_test t = { 0 };
	struct run_pool pool;
	struct helios_error err;

	helios_buf_init(&t.said);
	ck_assert_int_eq(run_pool_init(&pool, 2, &cb, &t, &err), HELIOS_OK);
	run_pool_run(&pool);
	run_pool_release(&pool);
	ck_assert_int_eq(t.exited, 3);
	ck_assert_int_eq(t.max_running, 2);
	for (int i = 0; i < 3; i++) {
		char line[16];

		ck_assert_int_eq(t.statuses[i], i);
		snprintf(line, sizeof(line), "out%d\n", i);
		ck_assert_ptr_nonnull(strstr(helios_buf_str(&t.said), line));
	}
	ck_assert_int_eq(pool.signal, 0);
	helios_buf_release(&t.said);
}
END_TEST

Suite *suite_progress(void)
{
	Suite *s = suite_create("progress");
	TCase *tc = tcase_create("stream");

	tcase_add_test(tc, stream_blocks_in_ffmpeg_form);
	tcase_add_test(tc, reader_takes_blocks_in_any_pieces);
	tcase_add_test(tc, pool_runs_what_it_is_given);
	suite_add_tcase(s, tc);
	return s;
}
