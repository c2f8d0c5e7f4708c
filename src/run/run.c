/* The job runner: what to run for a job and what its results mean.  The
 * process pool (pool.c) starts and ends the children, the record
 * (record.c) keeps the state file, log.c the logs, report.c says what
 * happens; this file decides: which chunk next, retry or fail, check,
 * merge, and the outcome. */
#include "run/run.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "job/file.h"
#include "job/job.h"
#include "helios/path.h"
#include "run/probe.h"
#include "run/sequence.h"
#include "proc/proc.h"
#include "run/progress.h"
#include "helios/quote.h"
#include "job/state.h"

#include "fingerprint.h"
#include "log.h"
#include "pool.h"
#include "record.h"
#include "report.h"

#define RETRY_DELAY_MAX 60.0	/* the growing retry delay stops growing here */
#define DRAW_INTERVAL 0.25	/* seconds between redraws on a terminal */
#define COUNT_TEXT_MAX 255	/* bytes of ffprobe's frame count read */
#define CHANNEL_FD 3		/* a chunk's progress channel, as the chunk sees it */

enum task_kind { TASK_CHUNK, TASK_CHECK, TASK_MERGE };

/* What this run knows about a chunk beyond the state file. */
struct chunk_run {
	int attempts;		/* started in this run */
	double retry_at;	/* > 0: waiting to be retried then */
	double started;		/* the last attempt */
	char *reason;		/* why the last attempt failed (malloc'ed) */
	struct helios_buf count;	/* what the output check's ffprobe printed */
	int64_t frames;		/* done, as the running attempt reports them; -1: it does not */
	struct helios_progress_reader report;	/* what it says on its channel */
};

struct runner {
	const struct helios_run_options *opt;
	const char *job_path;
	struct helios_job job;
	struct helios_buf dir;		/* job directory, absolute: the children's cwd */
	struct helios_buf log_dir;
	struct run_record record;	/* the state file */
	struct run_pool pool;
	struct chunk_run *runs;
	int64_t first, last;		/* chunks this run is about */
	int64_t next;			/* next chunk never started */
	int64_t *retry;			/* chunks waiting for a retry */
	int64_t retry_count;
	int64_t failed;
	bool merge_wanted, merge_started, merge_failed;
	char *merge_reason;
	char *merge_output;		/* the merge command's OUTPUT, relative to dir */
	bool sequence;			/* the job's output is an image sequence */
	struct helios_sequence seq;	/* then its pattern (in job.output) */
	struct helios_buf merge_shown;	/* the same, relative to where the user is */
	int lock_fd;			/* <job>.logs/lock, held for the whole run */
	struct run_hashes *hashes;	/* content hashes of the files chunks read */
	char (*fingerprints)[HELIOS_SHA256_HEX];	/* per chunk: its current fingerprint */
	int64_t stale;			/* a chunk recorded done that is not up to date; -1: none */
	char stale_why[300];		/* why */
	bool up_to_date;		/* nothing was left to do */
	bool replaces;			/* the merge replaces an output the state does not record */
	double last_draw;
	struct helios_progress progress;
};

void helios_run_options_init(struct helios_run_options *opt)
{
	memset(opt, 0, sizeof(*opt));
	opt->concurrency = 1;
	opt->chunk = -1;
	opt->merge = true;
	opt->verify = true;
	opt->retry_delay = 1.0;
	opt->out = stdout;
	opt->progress = stderr;
	opt->who = "job run";
	opt->done_line = true;
	opt->name_replaced = true;
}

static void set_reason(char **slot, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void set_reason(char **slot, const char *fmt, ...)
{
	va_list ap;

	free(*slot);
	va_start(ap, fmt);
	if (vasprintf(slot, fmt, ap) < 0)
		*slot = NULL;
	va_end(ap);
}

static void chunk_log(const struct runner *r, int64_t i, struct helios_buf *out)
{
	run_log_chunk_path(helios_buf_str(&r->log_dir), r->job.chunks[i].id, out);
}

static void chunk_output(const struct runner *r, int64_t i, struct helios_buf *out)
{
	helios_buf_clear(out);
	helios_path_join(out, helios_buf_str(&r->dir), r->job.chunks[i].output_file);
}

/* Where chunk i's render lists the files it read (appended to out). */
static void chunk_reads(const struct runner *r, int64_t i, struct helios_buf *out)
{
	helios_buf_printf(out, "%s/chunk-%lld.reads", helios_buf_str(&r->log_dir), (long long)r->job.chunks[i].id);
}

/* --- starting processes ----------------------------------------------- */

/* Split a command and point "helios" at ourselves. */
static enum helios_status command_argv(struct runner *r, const char *command, char ***argv,
				       const char **program, struct helios_error *err)
{
	enum helios_status st = helios_quote_split(command, argv, NULL, err);

	if (st != HELIOS_OK)
		return st;
	if (!(*argv)[0]) {
		helios_quote_free(*argv);
		return helios_error_set(err, HELIOS_EINVAL, "empty command");
	}
	*program = strcmp((*argv)[0], "helios") == 0 ? r->opt->self : NULL;
	return HELIOS_OK;
}

/* Without --timeout: time for the browser's start, the page's load and
 * the encoder's end, then 10 s a frame, tens of times what a slow 1080p
 * frame takes (a 100-frame chunk: 1300 s).  Generous on purpose: stopping
 * a render that was only slow costs more than waiting for a hung one. */
#define DEFAULT_START_S 300.0
#define DEFAULT_FRAME_S 10.0

double helios_run_chunk_timeout(const struct helios_run_options *opt, int64_t frames)
{
	if (opt->timeout > 0)
		return opt->timeout;
	return DEFAULT_START_S + DEFAULT_FRAME_S * (double)(frames > 0 ? frames : 1);
}

/* Start a chunk's or the merge's command with its output going to log.
 * A chunk also gets its progress channel: a pipe on CHANNEL_FD, named in
 * its environment, so that the command's words stay the job's. */
static enum helios_status spawn_logged(struct runner *r, enum task_kind kind, int64_t item, char **argv,
				       const char *program, const char *log, double timeout, struct helios_error *err)
{
	/* A chunk's render is told its fingerprint (our renderer writes it
	 * into the output) and where to list the files it read. */
	char fingerprint_env[sizeof(HELIOS_FINGERPRINT_ENV) + HELIOS_SHA256_HEX];
	struct helios_buf reads_env;
	char *env[4] = { NULL };
	int n = 0;
	struct helios_proc_spec spec;
	struct run_pool_task *t;
	enum helios_status st;
	int fd = run_log_open(log, O_WRONLY | O_APPEND), channel[2] = { -1, -1 }, map[1][2];

	if (fd < 0)
		return helios_error_set(err, HELIOS_EIO, "cannot write '%s': %s", log, strerror(errno));
	helios_buf_init(&reads_env);
	helios_proc_spec_init(&spec);
	spec.argv = argv;
	spec.program = program;
	spec.dir = helios_buf_str(&r->dir);
	spec.stdout_fd = fd;
	spec.stderr_fd = fd;
	if (kind == TASK_CHUNK) {
		snprintf(fingerprint_env, sizeof(fingerprint_env), "%s=%s", HELIOS_FINGERPRINT_ENV,
			 r->fingerprints[item]);
		env[n++] = fingerprint_env;
		helios_buf_printf(&reads_env, "%s=", HELIOS_READS_ENV);
		chunk_reads(r, item, &reads_env);
		if (!reads_env.failed)
			env[n++] = reads_env.data;
		spec.env = env;
	}
	if (kind == TASK_CHUNK && pipe2(channel, O_CLOEXEC) == 0) {
		map[0][0] = channel[1];
		map[0][1] = CHANNEL_FD;
		spec.fds = (const int(*)[2])map;
		spec.fd_count = 1;
		env[n++] = HELIOS_PROGRESS_FD_ENV "=3";
	}
	st = run_pool_spawn(&r->pool, &spec, channel[0], timeout, &t, err);
	helios_buf_release(&reads_env);
	close(fd);
	if (channel[1] >= 0)
		close(channel[1]);
	if (st != HELIOS_OK && channel[0] >= 0)
		close(channel[0]);
	if (st == HELIOS_OK) {
		t->kind = kind;
		t->item = item;
	}
	return st;
}

static void chunk_failed(struct runner *r, int64_t i, bool retry);

static void start_chunk(struct runner *r, int64_t i)
{
	struct helios_job_chunk *c = &r->job.chunks[i];
	struct chunk_run *run = &r->runs[i];
	struct helios_buf log;
	struct helios_error err;
	enum helios_status st;
	const char *program;
	char **argv;

	run->attempts++;
	run->started = helios_progress_now();
	run->retry_at = 0;
	run->frames = -1;
	helios_progress_reader_reset(&run->report);
	helios_buf_init(&log);
	chunk_log(r, i, &log);
	st = command_argv(r, c->command, &argv, &program, &err);
	if (st != HELIOS_OK) {
		set_reason(&run->reason, "command: %s", err.text);
		helios_buf_release(&log);
		chunk_failed(r, i, false);
		return;
	}
	/* The first line of each attempt says what ran, for whoever reads the log. */
	if (run->attempts == 1) {
		int fd = run_log_open(helios_buf_str(&log), O_WRONLY | O_TRUNC);

		if (fd >= 0)
			close(fd);
	}
	run_log_line(helios_buf_str(&log), "--- helios: chunk %lld, attempt %d (timeout %g s%s): %s", (long long)c->id,
		     run->attempts, helios_run_chunk_timeout(r->opt, c->frame_count),
		     r->opt->timeout > 0 ? "" : ", the default for its frames", c->command);
	/* An earlier attempt's list is not this one's. */
	helios_buf_clear(&log);
	chunk_reads(r, i, &log);
	unlink(helios_buf_str(&log));
	helios_buf_clear(&log);
	chunk_log(r, i, &log);
	st = spawn_logged(r, TASK_CHUNK, i, argv, program, helios_buf_str(&log),
			  helios_run_chunk_timeout(r->opt, c->frame_count), &err);
	helios_quote_free(argv);
	helios_buf_release(&log);
	if (st != HELIOS_OK) {
		set_reason(&run->reason, "%s", err.text);
		chunk_failed(r, i, true);
		return;
	}
	report_chunk_started(&r->progress, c->id, c->start_frame, c->frame_count, run->attempts > 1);
}

/* Count the output's frames with ffprobe (its stdout comes to on_output). */
static bool start_check(struct runner *r, int64_t i)
{
	struct helios_proc_spec spec;
	struct run_pool_task *t;
	struct helios_argv argv;
	struct helios_buf log, output;
	struct helios_error err;
	int fds[2];
	bool ok = false;

	helios_argv_init(&argv);
	helios_buf_init(&log);
	helios_buf_init(&output);
	chunk_output(r, i, &output);
	chunk_log(r, i, &log);
	helios_probe_count_argv(&argv, r->opt->ffprobe, helios_buf_str(&output));
	if (!argv.failed && pipe2(fds, O_CLOEXEC) == 0) {
		int logfd = run_log_open(helios_buf_str(&log), O_WRONLY | O_APPEND);

		helios_proc_spec_init(&spec);
		spec.dir = helios_buf_str(&r->dir);
		spec.argv = argv.v;
		spec.stdout_fd = fds[1];
		spec.stderr_fd = logfd;
		ok = run_pool_spawn(&r->pool, &spec, fds[0], 0, &t, &err) == HELIOS_OK;
		close(fds[1]);
		if (logfd >= 0)
			close(logfd);
		if (ok) {
			t->kind = TASK_CHECK;
			t->item = i;
			helios_buf_clear(&r->runs[i].count);
		} else {
			close(fds[0]);
		}
	}
	helios_argv_release(&argv);
	helios_buf_release(&log);
	helios_buf_release(&output);
	return ok;
}

static void start_merge(struct runner *r)
{
	struct helios_buf log;
	struct helios_error err;
	enum helios_status st;
	const char *program;
	char **argv;

	r->merge_started = true;
	helios_buf_init(&log);
	run_log_merge_path(helios_buf_str(&r->log_dir), &log);
	st = command_argv(r, r->job.merge_command, &argv, &program, &err);
	if (st == HELIOS_OK) {
		run_log_line(helios_buf_str(&log), "--- helios: merge: %s", r->job.merge_command);
		st = spawn_logged(r, TASK_MERGE, -1, argv, program, helios_buf_str(&log), r->opt->timeout, &err);
		helios_quote_free(argv);
	}
	helios_buf_release(&log);
	if (st != HELIOS_OK) {
		r->merge_failed = true;
		set_reason(&r->merge_reason, "%s", err.text);
		return;
	}
	report_merge_started(&r->progress);
}

/* --- results ---------------------------------------------------------- */

static void chunk_done(struct runner *r, int64_t i)
{
	struct helios_job_chunk *c = &r->job.chunks[i];
	struct chunk_run *run = &r->runs[i];
	struct helios_state_chunk *s = &r->record.chunks[i];
	struct helios_buf output, reads;

	helios_buf_init(&output);
	helios_buf_init(&reads);
	chunk_output(r, i, &output);
	chunk_reads(r, i, &reads);
	/* What the output is made from, for the next run to compare. */
	helios_state_chunk_clear(s);
	s->status = HELIOS_CHUNK_DONE;
	if (!run_fingerprint_output_stat(&r->job, i, helios_buf_str(&r->dir), &s->size, s->mtime))
		s->size = -1;
	s->attempts = run->attempts;
	s->seconds = helios_progress_now() - run->started;
	memcpy(s->fingerprint, r->fingerprints[i], HELIOS_SHA256_HEX);
	if (!run_fingerprint_take_reads(s, helios_buf_str(&reads), helios_buf_str(&r->dir), r->hashes))
		s->fingerprint[0] = '\0';	/* out of memory: recorded, never up to date */
	helios_buf_release(&output);
	helios_buf_release(&reads);
	r->progress.chunks_done++;
	r->progress.frames_done += c->frame_count;
	run_record_save(&r->record);
	report_chunk_done(&r->progress, c->id, s->seconds);
}

static void chunk_failed(struct runner *r, int64_t i, bool retry)
{
	struct helios_job_chunk *c = &r->job.chunks[i];
	struct chunk_run *run = &r->runs[i];
	struct helios_state_chunk *s = &r->record.chunks[i];
	struct helios_buf log;

	if (retry && run->attempts <= r->opt->retries && !r->pool.stopping) {
		double delay = r->opt->retry_delay * pow(2, run->attempts - 1);

		if (delay > RETRY_DELAY_MAX)
			delay = RETRY_DELAY_MAX;
		run->retry_at = helios_progress_now() + delay;
		r->retry[r->retry_count++] = i;
		report_chunk_retry(&r->progress, c->id, run->reason, delay, run->attempts + 1, r->opt->retries + 1);
		return;
	}
	s->status = HELIOS_CHUNK_FAILED;
	s->attempts = run->attempts;
	s->seconds = helios_progress_now() - run->started;
	r->failed++;
	helios_buf_init(&log);
	chunk_log(r, i, &log);
	report_chunk_failed(&r->progress, c->id, run->reason, helios_buf_str(&log));
	helios_buf_release(&log);
	run_record_save(&r->record);
	if (!r->opt->keep_going && !r->pool.stopping) {
		report_stopping_others(&r->progress, r->pool.running);
		run_pool_stop(&r->pool, SIGTERM);
	}
}

static void chunk_exited(struct runner *r, const struct run_pool_task *t, int wstatus, const char *how)
{
	int64_t i = t->item;
	struct chunk_run *run = &r->runs[i];
	const struct helios_job_chunk *c = &r->job.chunks[i];
	struct helios_buf log, output, missing;
	int64_t size;
	char mtime[HELIOS_STATE_MTIME];

	helios_buf_init(&log);
	helios_buf_init(&output);
	helios_buf_init(&missing);
	chunk_log(r, i, &log);
	run_log_line(helios_buf_str(&log), "--- helios: %s", how);
	chunk_output(r, i, &output);
	if (t->timed_out) {
		set_reason(&run->reason, "timed out after %g s", helios_run_chunk_timeout(r->opt, r->job.chunks[i].frame_count));
		chunk_failed(r, i, true);
	} else if (t->stopped) {
		/* Stopped by us: neither done nor failed; a --resume runs it. */
	} else if (wstatus != 0) {
		set_reason(&run->reason, "%s", how);
		chunk_failed(r, i, true);
	} else if (r->opt->verify && access(helios_buf_str(&output), F_OK) != 0) {
		set_reason(&run->reason, "exited with status 0 but did not write '%s'", c->output_file);
		chunk_failed(r, i, true);
	} else if (r->opt->verify && r->sequence &&
		   !run_sequence_stat(&r->seq, helios_buf_str(&r->dir), c->start_frame, c->frame_count, &size, mtime,
				      &missing)) {
		/* One file per frame: each is counted, none is probed. */
		set_reason(&run->reason, "exited with status 0 but did not write '%s'", helios_buf_str(&missing));
		chunk_failed(r, i, true);
	} else if (!r->opt->verify || !r->opt->ffprobe || r->sequence || !start_check(r, i)) {
		chunk_done(r, i);
	}
	helios_buf_release(&log);
	helios_buf_release(&output);
	helios_buf_release(&missing);
}

static void check_exited(struct runner *r, const struct run_pool_task *t, int wstatus, const char *how)
{
	int64_t i = t->item, frames = -1;
	struct chunk_run *run = &r->runs[i];
	const struct helios_job_chunk *c = &r->job.chunks[i];
	bool counted = !run->count.failed && helios_probe_parse_count(helios_buf_str(&run->count), &frames);

	if (t->stopped) {
		return;
	} else if (wstatus != 0 || !counted) {
		set_reason(&run->reason, "ffprobe cannot read '%s' (%s)", c->output_file, wstatus ? how : "no video stream");
		chunk_failed(r, i, true);
	} else if (frames != c->frame_count) {
		set_reason(&run->reason, "'%s' has %lld video frames, expected %lld", c->output_file, (long long)frames,
			   (long long)c->frame_count);
		chunk_failed(r, i, true);
	} else {
		chunk_done(r, i);
	}
}

static void merge_exited(struct runner *r, const struct run_pool_task *t, int wstatus, const char *how)
{
	struct helios_buf log, output;

	helios_buf_init(&log);
	helios_buf_init(&output);
	run_log_merge_path(helios_buf_str(&r->log_dir), &log);
	run_log_line(helios_buf_str(&log), "--- helios: %s", how);
	helios_path_join(&output, helios_buf_str(&r->dir), r->merge_output);
	/* A sequence's merge writes nothing: its frames are its output. */
	if (wstatus == 0 && !r->sequence && access(helios_buf_str(&output), F_OK) != 0) {
		/* A merge that says it succeeded has not until the output is there. */
		r->merge_failed = true;
		set_reason(&r->merge_reason, "exited with status 0 but did not write '%s'", r->merge_output);
		report_merge_failed(&r->progress, r->merge_reason, NULL);
	} else if (wstatus == 0) {
		struct helios_state_merge *m = &r->record.merge;

		m->done = true;
		run_fingerprint_merge(&r->job, r->record.chunks, m->fingerprint);
		if (!run_fingerprint_output_stat(&r->job, -1, helios_buf_str(&r->dir), &m->size, m->mtime))
			m->size = -1;
		run_record_save(&r->record);
		report_merge_done(&r->progress, helios_progress_now() - t->started);
	} else if (!t->stopped) {
		r->merge_failed = true;
		set_reason(&r->merge_reason, "%s", how);
		report_merge_failed(&r->progress, how, helios_buf_str(&log));
	}
	helios_buf_release(&log);
	helios_buf_release(&output);
}

/* --- the pool's callbacks --------------------------------------------- */

static void on_exit_cb(struct run_pool *pool, struct run_pool_task *t, int wstatus, void *ctx)
{
	struct runner *r = ctx;
	char how[128];

	(void)pool;
	helios_proc_describe(wstatus, how, sizeof(how));
	switch ((enum task_kind)t->kind) {
	case TASK_CHUNK: chunk_exited(r, t, wstatus, how); break;
	case TASK_CHECK: check_exited(r, t, wstatus, how); break;
	case TASK_MERGE: merge_exited(r, t, wstatus, how); break;
	}
}

/* A block of a chunk's report (helios_progress_stream_write's). */
static void read_report(struct runner *r, int64_t i, const char *data, size_t len)
{
	struct chunk_run *run = &r->runs[i];
	int64_t count = r->job.chunks[i].frame_count, frame;

	if (helios_progress_reader_feed(&run->report, data, len, &frame))
		run->frames = frame < 0 ? 0 : frame > count ? count : frame;
}

static void on_output_cb(struct run_pool *pool, struct run_pool_task *t, const char *data, size_t len, void *ctx)
{
	struct runner *r = ctx;
	struct helios_buf *count;

	(void)pool;
	if (t->kind == TASK_CHUNK)
		read_report(r, t->item, data, len);
	if (t->kind != TASK_CHECK)
		return;
	count = &r->runs[t->item].count;
	if (count->len < COUNT_TEXT_MAX)
		helios_buf_append(count, data, len < COUNT_TEXT_MAX - count->len ? len : COUNT_TEXT_MAX - count->len);
}

static bool take_retry(struct runner *r, double now)
{
	for (int64_t k = 0; k < r->retry_count; k++) {
		int64_t i = r->retry[k];

		if (r->runs[i].retry_at > now)
			continue;
		r->retry[k] = r->retry[--r->retry_count];
		start_chunk(r, i);
		return true;
	}
	return false;
}

/* A retry that is due, else the next chunk, else (once every chunk is
 * done) the merge. */
static bool start_next_cb(struct run_pool *pool, void *ctx)
{
	struct runner *r = ctx;

	if (take_retry(r, helios_progress_now()))
		return true;
	while (r->next <= r->last && r->record.chunks[r->next].status == HELIOS_CHUNK_DONE)
		r->next++;
	if (r->next <= r->last) {
		start_chunk(r, r->next++);
		return true;
	}
	if (r->merge_wanted && !r->merge_started && pool->running == 0 && r->retry_count == 0 && r->failed == 0) {
		start_merge(r);
		return true;
	}
	return false;
}

static bool finished_cb(struct run_pool *pool, void *ctx)
{
	const struct runner *r = ctx;

	(void)pool;
	return r->next > r->last && r->retry_count == 0 && (!r->merge_wanted || r->merge_started || r->failed);
}

static void on_signal_cb(struct run_pool *pool, int sig, void *ctx)
{
	struct runner *r = ctx;

	report_signal(&r->progress, sig, pool->running);
}

/* Frames done inside the chunks that run (or are being checked). */
static void count_active(struct runner *r)
{
	r->progress.frames_active = 0;
	for (int i = 0; i < r->pool.cap; i++) {
		const struct run_pool_task *t = &r->pool.tasks[i];

		if (t->pid && t->kind == TASK_CHECK)
			r->progress.frames_active += r->job.chunks[t->item].frame_count;
		else if (t->pid && t->kind == TASK_CHUNK && r->runs[t->item].frames > 0)
			r->progress.frames_active += r->runs[t->item].frames;
	}
}

static void write_stream(struct runner *r, bool end)
{
	if (r->opt->stream)
		helios_progress_stream_write(r->opt->stream, r->progress.frames_done + r->progress.frames_active,
					     r->progress.frames_total, r->progress.chunks_done,
					     r->progress.chunks_total, end);
}

/* The live display: the job's bar and a row per running process; off a
 * terminal a line now and then; the stream. */
static void draw_cb(struct run_pool *pool, double now, void *ctx)
{
	struct runner *r = ctx;
	struct helios_progress_row rows[64];
	int n = 0;

	count_active(r);
	write_stream(r, false);
	if (!r->progress.tty) {
		helios_progress_plain(&r->progress, r->opt->status ? r->opt->status : r->opt->progress, r->opt->who);
		return;
	}
	for (int i = 0; i < pool->cap && n < (int)(sizeof(rows) / sizeof(rows[0])); i++) {
		const struct run_pool_task *t = &pool->tasks[i];
		const struct helios_job_chunk *c;

		if (!t->pid)
			continue;
		if (t->kind == TASK_MERGE) {
			rows[n++] = (struct helios_progress_row){ -1, 0, 0, t->started, 1, "merging", -1 };
			continue;
		}
		c = &r->job.chunks[t->item];
		rows[n++] = (struct helios_progress_row){ c->id, c->start_frame, c->frame_count,
							  r->runs[t->item].started, r->runs[t->item].attempts,
							  t->kind == TASK_CHECK ? "checking" : "running",
							  t->kind == TASK_CHECK ? -1 : r->runs[t->item].frames };
	}
	report_draw(&r->progress, rows, n);
	r->last_draw = now;
}

static void save_cb(struct run_pool *pool, double now, void *ctx)
{
	struct runner *r = ctx;

	(void)pool;
	run_record_flush_due(&r->record, now);
}

/* A retry, the record's next write, a redraw, the stream's next block. */
static double next_due_cb(struct run_pool *pool, double now, void *ctx)
{
	const struct runner *r = ctx;
	double due = run_record_due(&r->record);

	(void)pool;
	(void)now;
	for (int64_t k = 0; k < r->retry_count; k++)
		if (r->runs[r->retry[k]].retry_at < due)
			due = r->runs[r->retry[k]].retry_at;
	if (r->progress.tty && r->last_draw + DRAW_INTERVAL < due)
		due = r->last_draw + DRAW_INTERVAL;
	if (r->opt->stream && r->opt->stream->fd >= 0 &&
	    r->opt->stream->last + HELIOS_PROGRESS_STREAM_INTERVAL < due)
		due = r->opt->stream->last + HELIOS_PROGRESS_STREAM_INTERVAL;
	return due;
}

static void loop_done_cb(struct run_pool *pool, void *ctx)
{
	struct runner *r = ctx;

	(void)pool;
	if (r->record.unsaved)
		run_record_write(&r->record);
	r->progress.frames_active = 0;
	write_stream(r, true);
	helios_progress_finish(&r->progress);
}

static const struct run_pool_callbacks runner_callbacks = {
	.start_next = start_next_cb,
	.finished = finished_cb,
	.on_output = on_output_cb,
	.on_exit = on_exit_cb,
	.on_signal = on_signal_cb,
	.before_wait = draw_cb,
	.after_wait = save_cb,
	.next_due = next_due_cb,
	.loop_done = loop_done_cb,
};

/* --- dry run ---------------------------------------------------------- */

static void print_step(struct runner *r, const char *label, const char *command)
{
	struct helios_buf line;
	struct helios_error err;
	const char *program;
	char **argv;

	helios_buf_init(&line);
	if (command_argv(r, command, &argv, &program, &err) != HELIOS_OK) {
		fprintf(r->opt->out, "# %s: cannot split the command: %s\n", label, err.text);
		helios_buf_release(&line);
		return;
	}
	helios_quote_append(&line, program ? program : argv[0]);
	for (char **a = argv + 1; *a; a++) {
		helios_buf_putc(&line, ' ');
		helios_quote_append(&line, *a);
	}
	fprintf(r->opt->out, "%s\n", helios_buf_str(&line));
	helios_quote_free(argv);
	helios_buf_release(&line);
}

static void dry_run(struct runner *r)
{
	struct helios_buf line;

	helios_buf_init(&line);
	helios_buf_puts(&line, "cd ");
	helios_quote_append(&line, helios_buf_str(&r->dir));
	fprintf(r->opt->out, "%s\n", helios_buf_str(&line));
	helios_buf_release(&line);
	for (int64_t i = r->first; i <= r->last; i++) {
		char label[32];

		if (r->record.chunks[i].status == HELIOS_CHUNK_DONE)
			continue;
		snprintf(label, sizeof(label), "chunk %lld", (long long)r->job.chunks[i].id);
		print_step(r, label, r->job.chunks[i].command);
	}
	if (r->merge_wanted && !r->merge_started)
		print_step(r, "merge", r->job.merge_command);
}

/* Two runs of one job would write every chunk file twice at once.  A run
 * holds a write lock on all of <job>.logs/lock; a --chunk run only on the
 * byte of its chunk, so that workers of different chunks share a job while
 * two of one chunk, or a whole run and a worker, never meet.  POSIX record
 * locks: F_GETLK names the holder's pid, the kernel drops them when the
 * holder dies however it dies, they work on NFS, and children do not
 * inherit them. */
static enum helios_status take_lock(struct runner *r, struct helios_error *err)
{
	struct flock lock = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	struct helios_buf path;
	enum helios_status st = HELIOS_OK;

	if (r->opt->chunk >= 0) {
		lock.l_start = r->first;
		lock.l_len = 1;
	}
	helios_buf_init(&path);
	helios_buf_printf(&path, "%s/lock", helios_buf_str(&r->log_dir));
	r->lock_fd = run_log_open(helios_buf_str(&path), O_RDWR);
	if (r->lock_fd < 0) {
		st = helios_error_set(err, HELIOS_EIO, "cannot open '%s': %s", helios_buf_str(&path), strerror(errno));
	} else if (fcntl(r->lock_fd, F_SETLK, &lock) != 0) {
		struct flock holder = lock;
		char chunk[48] = "";

		if (errno != EACCES && errno != EAGAIN) {
			st = helios_error_set(err, HELIOS_EIO, "cannot lock '%s': %s", helios_buf_str(&path),
					      strerror(errno));
		} else {
			if (r->opt->chunk >= 0)
				snprintf(chunk, sizeof(chunk), "chunk %lld of ", (long long)r->job.chunks[r->first].id);
			if (fcntl(r->lock_fd, F_GETLK, &holder) == 0 && holder.l_type != F_UNLCK && holder.l_pid > 0)
				st = helios_error_set(err, HELIOS_EFAIL,
						      "%s'%s' is already being run by another helios (pid %ld)", chunk,
						      r->job_path, (long)holder.l_pid);
			else
				st = helios_error_set(err, HELIOS_EFAIL, "%s'%s' is already being run by another helios",
						      chunk, r->job_path);
		}
	}
	helios_buf_release(&path);
	return st;
}

/* Read and check the job; which chunks are this run's. */
static enum helios_status read_job(struct runner *r, struct helios_error *err)
{
	enum helios_status st = helios_job_read_file(&r->job, r->job_path, err);

	if (st == HELIOS_OK && (st = helios_job_validate(&r->job, err)) != HELIOS_OK)
		helios_error_prefix(err, "'%s'", r->job_path);
	if (st != HELIOS_OK)
		return st;
	r->first = 0;
	r->last = r->job.chunk_count - 1;
	if (r->opt->chunk >= 0) {
		if (r->opt->chunk >= r->job.chunk_count)
			return helios_error_set(err, HELIOS_EINVAL, "--chunk %lld: '%s' has chunks 0-%lld",
						(long long)r->opt->chunk, r->job_path,
						(long long)(r->job.chunk_count - 1));
		r->first = r->last = r->opt->chunk;	/* validated: ids are 0..n-1 in order */
	}
	r->merge_wanted = r->opt->merge && r->opt->chunk < 0;
	if (r->opt->merge_only)
		r->last = -1;	/* no chunk is this run's; the merge checks their outputs */
	r->merge_output = helios_job_merge_output(&r->job);
	r->sequence = run_sequence_of(r->job.output, &r->seq);
	if (!r->merge_output)
		return helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	/* The stream's out_time is the job's video time (when its caller
	 * knew no frame rate). */
	if (r->opt->stream && r->opt->stream->fps_num <= 0 && r->job.fps > 0) {
		r->opt->stream->fps_num = r->job.fps;
		r->opt->stream->fps_den = 1;
	}
	return HELIOS_OK;
}

/* The merged output: not there, the file the recorded merge wrote, or
 * another (another plan's, or no merge of this job's). */
enum merged_file { MERGED_NONE, MERGED_RECORDED, MERGED_OTHER };

static enum merged_file merged_file(struct runner *r)
{
	const struct helios_state_merge *m = &r->record.merge;
	char mtime[HELIOS_STATE_MTIME];
	int64_t size = -1;

	if (!run_fingerprint_output_stat(&r->job, -1, helios_buf_str(&r->dir), &size, mtime))
		return MERGED_NONE;
	return m->done && size == m->size && strcmp(mtime, m->mtime) == 0 ? MERGED_RECORDED : MERGED_OTHER;
}

/* Whether the merged output is the one the recorded merge wrote from
 * these chunk records. */
static bool merge_current(struct runner *r)
{
	const struct helios_state_merge *m = &r->record.merge;
	char fingerprint[HELIOS_SHA256_HEX];

	if (!m->done || !m->fingerprint[0])
		return false;
	run_fingerprint_merge(&r->job, r->record.chunks, fingerprint);
	return strcmp(fingerprint, m->fingerprint) == 0 && merged_file(r) == MERGED_RECORDED;
}

/* What is up to date (helios-job(5), FINGERPRINTS): a chunk recorded as
 * done counts only while its record holds; the merge only while its
 * output is the one it wrote from these chunks.  --merge-only refuses a
 * chunk that is not up to date: it would merge another plan's video. */
static enum helios_status load_state(struct runner *r, struct helios_error *err)
{
	/* The whole job's chunks matter to its merge; a worker's, its own. */
	int64_t from = r->opt->chunk >= 0 ? r->first : 0, to = r->opt->chunk >= 0 ? r->last : r->job.chunk_count - 1;
	int64_t kept = 0, count = to - from + 1, refused = -1;
	char why[sizeof(r->stale_why)];

	for (int64_t i = from; i <= to; i++)
		run_fingerprint_chunk(&r->job, i, helios_buf_str(&r->dir), r->hashes, r->fingerprints[i]);
	run_record_load(&r->record);
	for (int64_t i = from; i <= to; i++) {
		struct helios_state_chunk *s = &r->record.chunks[i];

		/* --force renders every chunk again, except with --merge-only,
		 * which renders none and must still refuse what is stale. */
		if (r->opt->force && !r->opt->merge_only) {
			helios_state_chunk_clear(s);
			continue;
		}
		if (run_fingerprint_current(&r->job, i, s, r->fingerprints[i], helios_buf_str(&r->dir), r->hashes,
					    r->opt->ffprobe, why, sizeof(why))) {
			kept++;
			continue;
		}
		if (refused < 0 && r->opt->merge_only) {
			refused = i;
			memcpy(r->stale_why, why, sizeof(why));
		}
		if (s->status == HELIOS_CHUNK_DONE && r->stale < 0) {
			r->stale = i;
			memcpy(r->stale_why, why, sizeof(why));
		}
		helios_state_chunk_clear(s);
	}
	if (refused >= 0) {
		struct helios_buf quoted;
		enum helios_status st;

		helios_buf_init(&quoted);
		helios_quote_append(&quoted, r->job_path);
		st = helios_error_set(err, HELIOS_EFAIL, "'%s': chunk %lld cannot be merged: %s; render it first: helios job run %s",
				      r->job_path, (long long)r->job.chunks[refused].id, r->stale_why,
				      helios_buf_str(&quoted));
		helios_buf_release(&quoted);
		return st;
	}
	if (!r->opt->force && r->opt->chunk < 0 && kept == count && merge_current(r))
		r->merge_started = true;	/* nothing to merge again */
	else
		r->replaces = r->merge_wanted && merged_file(r) == MERGED_OTHER;
	if (!r->merge_started)
		memset(&r->record.merge, 0, sizeof(r->record.merge));
	r->up_to_date = kept == count && (r->opt->chunk >= 0 || !r->merge_wanted || r->merge_started);
	if (!r->opt->dry_run && !r->up_to_date && !r->opt->merge_only && (kept > 0 || r->stale >= 0))
		report_resume(&r->progress, kept, count, r->stale >= 0 ? r->job.chunks[r->stale].id : -1,
			      r->stale_why);
	/* Said before hours of rendering, not after: a finished video that
	 * this job did not make is about to go. */
	if (!r->opt->dry_run && r->replaces && r->opt->name_replaced)
		helios_progress_event(&r->progress, "replacing '%s' (made by another plan)",
				      helios_buf_str(&r->merge_shown));
	return HELIOS_OK;
}

static enum helios_status setup(struct runner *r, struct helios_error *err)
{
	enum helios_status st;
	struct helios_buf cwd_dir;
	char *cwd;

	if ((st = read_job(r, err)) != HELIOS_OK)
		return st;
	cwd = getcwd(NULL, 0);
	if (!cwd)
		return helios_error_set(err, HELIOS_EIO, "cannot read the working directory: %s", strerror(errno));
	helios_buf_init(&cwd_dir);
	helios_path_dirname(&cwd_dir, r->job_path);
	helios_path_absolute(&r->dir, cwd, helios_buf_str(&cwd_dir));
	/* Said to the user, who may be elsewhere than the job. */
	helios_buf_clear(&cwd_dir);
	helios_path_absolute(&cwd_dir, helios_buf_str(&r->dir), r->merge_output);
	helios_path_relative(&r->merge_shown, cwd, ".", helios_buf_str(&cwd_dir));
	free(cwd);
	helios_buf_release(&cwd_dir);
	helios_job_log_dir(r->job_path, &r->log_dir);
	r->runs = calloc((size_t)r->job.chunk_count, sizeof(*r->runs));
	r->fingerprints = calloc((size_t)r->job.chunk_count, sizeof(*r->fingerprints));
	r->hashes = run_hashes_new();
	r->retry = calloc((size_t)r->job.chunk_count, sizeof(*r->retry));
	if (!run_record_init(&r->record, &r->job, r->job_path, &r->progress) || !r->runs || !r->retry ||
	    !r->fingerprints || !r->hashes ||
	    r->dir.failed || r->log_dir.failed)
		return helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	r->record.only = r->opt->chunk >= 0 ? r->first : -1;
	r->record.merge_only = r->opt->merge_only;
	r->record.dry_run = r->opt->dry_run;
	/* Beside the job, perhaps in a directory others can write to: a log
	 * directory someone else made (or a link) is refused, not used. */
	if (!r->opt->dry_run) {
		if ((st = helios_file_private_dir(helios_buf_str(&r->log_dir), 0755, err)) != HELIOS_OK) {
			helios_error_prefix(err, "log directory");
			return st;
		}
		/* Before the state is read: another run may be changing it. */
		if ((st = take_lock(r, err)) != HELIOS_OK)
			return st;
	}
	if ((st = load_state(r, err)) != HELIOS_OK)
		return st;
	r->next = r->first;
	r->progress.chunks_total = r->last - r->first + 1;
	for (int64_t i = r->first; i <= r->last; i++) {
		r->progress.frames_total += r->job.chunks[i].frame_count;
		if (r->record.chunks[i].status == HELIOS_CHUNK_DONE) {
			r->progress.chunks_done++;
			r->progress.frames_done += r->job.chunks[i].frame_count;
		}
	}
	r->progress.frames_start = r->progress.frames_done;
	return HELIOS_OK;
}

static void release(struct runner *r)
{
	if (r->runs)
		for (int64_t i = 0; i < r->job.chunk_count; i++) {
			free(r->runs[i].reason);
			helios_buf_release(&r->runs[i].count);
			helios_progress_reader_release(&r->runs[i].report);
		}
	free(r->runs);
	free(r->retry);
	free(r->fingerprints);
	run_hashes_free(r->hashes);
	free(r->merge_reason);
	free(r->merge_output);
	run_record_release(&r->record);
	helios_buf_release(&r->dir);
	helios_buf_release(&r->log_dir);
	helios_buf_release(&r->merge_shown);
	helios_job_release(&r->job);
	if (r->lock_fd >= 0)
		close(r->lock_fd);	/* drops the run's lock */
}

/* Every failure with its log. */
static void list_failures(struct runner *r)
{
	struct helios_buf log;

	helios_buf_init(&log);
	helios_progress_event(&r->progress, "failed:");
	for (int64_t i = r->first; i <= r->last; i++) {
		if (r->record.chunks[i].status != HELIOS_CHUNK_FAILED)
			continue;
		chunk_log(r, i, &log);
		helios_progress_event(&r->progress, "  chunk %lld: %s (log: %s)", (long long)r->job.chunks[i].id,
				      report_reason(r->runs[i].reason), helios_buf_str(&log));
	}
	if (r->merge_failed) {
		run_log_merge_path(helios_buf_str(&r->log_dir), &log);
		helios_progress_event(&r->progress, "  merge: %s (log: %s)", report_reason(r->merge_reason),
				      helios_buf_str(&log));
	}
	helios_buf_release(&log);
}

/* The closing lines: what was done, or every failure with its log. */
static enum helios_status summary(struct runner *r, struct helios_error *err)
{
	struct helios_progress *p = &r->progress;
	char spent[32];
	int64_t count = r->last - r->first + 1;
	bool ok = !r->failed && !r->merge_failed;

	helios_progress_clock(helios_progress_now() - p->started, spent, sizeof(spent));
	if (r->pool.signal) {
		run_record_write(&r->record);
		helios_progress_event(p, "stopped: %lld of %lld chunk%s done; state in %s (run again with --resume)",
				      (long long)p->chunks_done, (long long)count, count == 1 ? "" : "s",
				      helios_buf_str(&r->record.path));
		return helios_error_set(err, HELIOS_EFAIL, "'%s': interrupted by %s", r->job_path,
					r->pool.signal == SIGINT ? "SIGINT" : "SIGTERM");
	}
	if (ok && r->record.error)
		return helios_error_set(err, HELIOS_EIO, "'%s': the work is done, but the state is not recorded: %s",
					r->job_path, r->record.error);
	if (ok && r->up_to_date) {
		if (r->opt->chunk >= 0)
			helios_progress_event(p, "up to date: chunk %lld (nothing to do)", (long long)r->job.chunks[r->first].id);
		else
			helios_progress_event(p, "up to date: %lld chunk%s%s%s (nothing to do)",
					      (long long)r->job.chunk_count, r->job.chunk_count == 1 ? "" : "s",
					      r->merge_wanted ? " -> " : "",
					      r->merge_wanted ? helios_buf_str(&r->merge_shown) : "");
		return HELIOS_OK;
	}
	if (ok && r->opt->merge_only) {
		helios_progress_event(p, "done: merged %lld chunk%s in %s -> %s", (long long)r->job.chunk_count,
				      r->job.chunk_count == 1 ? "" : "s", spent, helios_buf_str(&r->merge_shown));
		return HELIOS_OK;
	}
	if (ok) {
		if (r->opt->done_line)
			helios_progress_event(p, "done: %lld chunk%s, %lld frames in %s%s%s", (long long)count,
					      count == 1 ? "" : "s", (long long)p->frames_total, spent,
					      r->record.merge.done ? " -> " : "",
					      r->record.merge.done ? helios_buf_str(&r->merge_shown) : "");
		return HELIOS_OK;
	}
	list_failures(r);
	if (r->failed)
		return helios_error_set(err, HELIOS_EFAIL, "'%s': %lld of %lld chunk%s failed%s", r->job_path,
					(long long)r->failed, (long long)count, count == 1 ? "" : "s",
					r->merge_wanted ? "; no merge" : "");
	return helios_error_set(err, HELIOS_EFAIL, "'%s': the merge failed", r->job_path);
}

enum helios_status helios_run_job(const char *job_path, const struct helios_run_options *opt,
				  int *signal_out, struct helios_error *err)
{
	struct runner r;
	enum helios_status st;

	*signal_out = 0;
	memset(&r, 0, sizeof(r));
	r.opt = opt;
	r.job_path = job_path;
	r.lock_fd = -1;
	r.stale = -1;
	r.record.job_fd = -1;
	helios_job_init(&r.job);
	helios_buf_init(&r.dir);
	helios_buf_init(&r.log_dir);
	helios_buf_init(&r.merge_shown);
	helios_progress_init(&r.progress, opt->progress, opt->tty && !opt->dry_run);
	st = setup(&r, err);
	if (st != HELIOS_OK || opt->dry_run) {
		if (st == HELIOS_OK)
			dry_run(&r);
		release(&r);
		return st;
	}
	if (opt->chunk >= 0 || opt->merge_only)
		r.record.job_fd = open(job_path, O_RDONLY | O_CLOEXEC);
	st = run_pool_init(&r.pool, opt->concurrency, &runner_callbacks, &r, err);
	if (st != HELIOS_OK) {
		release(&r);
		return st;
	}
	run_pool_run(&r.pool);
	st = summary(&r, err);
	*signal_out = r.pool.signal;
	run_pool_release(&r.pool);
	release(&r);
	return st;
}
