/* The job runner: a pool of child process groups driven by one poll loop.
 * Signals (SIGCHLD, SIGINT, SIGTERM) only write a byte to a pipe; the loop
 * does all the work, so nothing subtle happens inside a handler. */
#include "helios/run.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helios/file.h"
#include "helios/job.h"
#include "helios/path.h"
#include "helios/probe.h"
#include "helios/proc.h"
#include "helios/progress.h"
#include "helios/quote.h"
#include "helios/state.h"

#include "log.h"

#define KILL_GRACE 2.0		/* seconds from SIGTERM to SIGKILL */
#define RETRY_DELAY_MAX 60.0	/* the growing retry delay stops growing here */
#define TAIL_LINES 10		/* log lines shown when a chunk fails */
#define DRAW_INTERVAL 0.25	/* seconds between redraws on a terminal */
/* The state file is rewritten whole, so with thousands of short chunks
 * writing it after every one would cost O(n^2); chunks that finish within
 * this many seconds of the last write share the next one. */
#define SAVE_INTERVAL 0.2

enum task_kind { TASK_CHUNK, TASK_CHECK, TASK_MERGE };

/* One child process (group) we are waiting for. */
struct task {
	pid_t pid;		/* 0: free slot */
	enum task_kind kind;
	int64_t chunk;		/* index in job.chunks; -1 for the merge */
	double started;
	double deadline;	/* --timeout ends the attempt here; 0: none */
	double kill_at;		/* SIGKILL follows a SIGTERM here; 0: not signalled */
	int pipe_fd;		/* TASK_CHECK: ffprobe's stdout */
	bool timed_out;		/* we stopped it for --timeout */
	bool stopped;		/* we stopped it (interrupt, another chunk failed) */
};

/* What this run knows about a chunk beyond the state file. */
struct chunk_run {
	int attempts;		/* started in this run */
	double retry_at;	/* > 0: waiting to be retried then */
	double started;		/* the last attempt */
	char *reason;		/* why the last attempt failed (malloc'ed) */
};

struct runner {
	const struct helios_run_options *opt;
	const char *job_path;
	struct helios_job job;
	struct helios_buf dir;		/* job directory, absolute: the children's cwd */
	struct helios_buf state_path;	/* as the user names it (relative to our cwd) */
	struct helios_buf log_dir;
	struct helios_state_chunk *state;	/* per chunk, indexed like job.chunks */
	struct chunk_run *runs;
	struct task *tasks;
	int task_cap, running;
	int64_t first, last;		/* chunks this run is about */
	int64_t next;			/* next chunk never started */
	int64_t *retry;			/* chunks waiting for a retry */
	int64_t retry_count;
	int64_t failed;
	bool merge_wanted, merge_started, merged, merge_failed;
	char *merge_reason;
	char *merge_output;		/* the merge command's OUTPUT, relative to dir */
	bool stopping;			/* start nothing new */
	int signal;			/* SIGINT/SIGTERM that stopped us */
	sig_atomic_t signals_seen;
	int job_fd;			/* locked while --chunk updates the state file */
	int lock_fd;			/* <job>.logs/lock, held for the whole run */
	double last_draw;
	double last_save;		/* when the state file was last written */
	bool unsaved;			/* a chunk finished since */
	char *state_error;		/* why the state file could not be written (malloc'ed) */
	struct helios_progress progress;
};

/* Set by the handlers; read by the loop. */
static volatile sig_atomic_t last_signal, signal_count;
static int wake_fd = -1;

static void on_signal(int sig)
{
	int saved = errno;
	ssize_t r;

	if (sig != SIGCHLD) {
		last_signal = sig;
		signal_count++;
	}
	if (wake_fd >= 0)
		r = write(wake_fd, "", 1);
	(void)r;
	errno = saved;
}

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
}

/* "<dir>/job.json" -> "<dir>/job" + suffix. */
static void beside_job(const char *job_path, const char *suffix, struct helios_buf *out)
{
	const char *slash = strrchr(job_path, '/');
	const char *base = slash ? slash + 1 : job_path;
	size_t len = strlen(job_path);

	if (len - (size_t)(base - job_path) > 5 && strcmp(job_path + len - 5, ".json") == 0)
		len -= 5;
	helios_buf_clear(out);
	helios_buf_append(out, job_path, len);
	helios_buf_puts(out, suffix);
}

void helios_run_state_path(const char *job_path, struct helios_buf *out)
{
	beside_job(job_path, ".state.json", out);
}

void helios_run_log_dir(const char *job_path, struct helios_buf *out)
{
	beside_job(job_path, ".logs", out);
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

static const char *reason_of(const char *reason)
{
	return reason ? reason : "failed";
}

/* --- paths ------------------------------------------------------------ */

static void chunk_log(const struct runner *r, int64_t i, struct helios_buf *out)
{
	helios_buf_clear(out);
	helios_buf_printf(out, "%s/chunk-%lld.log", helios_buf_str(&r->log_dir), (long long)r->job.chunks[i].id);
}

static void merge_log(const struct runner *r, struct helios_buf *out)
{
	helios_buf_clear(out);
	helios_buf_printf(out, "%s/merge.log", helios_buf_str(&r->log_dir));
}

static void chunk_output(const struct runner *r, int64_t i, struct helios_buf *out)
{
	helios_buf_clear(out);
	helios_path_join(out, helios_buf_str(&r->dir), r->job.chunks[i].output_file);
}

/* --- state ------------------------------------------------------------ */

/* Record the state.  With --chunk, other workers may be recording theirs
 * into the same file: take a lock, merge our one entry into what is there.
 * --merge-only keeps every entry the workers recorded and adds "merged". */
static void write_state(struct runner *r)
{
	struct helios_error err;
	enum helios_status st;

	r->unsaved = false;
	r->last_save = helios_progress_now();
	if (r->opt->dry_run)
		return;
	if (r->opt->chunk >= 0 || r->opt->merge_only) {
		struct helios_state_chunk *disk = calloc((size_t)r->job.chunk_count, sizeof(*disk));
		bool merged = false;

		if (!disk)
			return;
		if (r->job_fd >= 0)
			flock(r->job_fd, LOCK_EX);
		if (helios_state_read(helios_buf_str(&r->state_path), &r->job, disk, &merged, &err) != HELIOS_OK)
			memset(disk, 0, (size_t)r->job.chunk_count * sizeof(*disk));
		if (r->opt->chunk >= 0)
			disk[r->first] = r->state[r->first];
		st = helios_state_write(helios_buf_str(&r->state_path), &r->job, disk,
					r->opt->merge_only && r->merged, &err);
		if (r->job_fd >= 0)
			flock(r->job_fd, LOCK_UN);
		free(disk);
	} else {
		st = helios_state_write(helios_buf_str(&r->state_path), &r->job, r->state, r->merged, &err);
	}
	/* --resume depends on the file: a run that could not record it failed. */
	if (st != HELIOS_OK && !r->state_error) {
		helios_progress_event(&r->progress, "helios: %s", err.text);
		set_reason(&r->state_error, "%s", err.text);
	}
}

/* Record the state now, or within SAVE_INTERVAL (see there). */
static void save_state(struct runner *r)
{
	r->unsaved = true;
	if (helios_progress_now() - r->last_save >= SAVE_INTERVAL)
		write_state(r);
}

/* --- logs ------------------------------------------------------------- */

/* Show the last lines of a log under an event. */
static void show_tail(struct runner *r, const char *path)
{
	char block[4096];
	const char *lines[TAIL_LINES];
	int count = run_log_tail(path, block, sizeof(block), lines, TAIL_LINES);

	for (int i = 0; i < count; i++)
		helios_progress_event(&r->progress, "  | %s", lines[i]);
}

/* --- starting processes ----------------------------------------------- */

static struct task *free_task(struct runner *r)
{
	for (int i = 0; i < r->task_cap; i++)
		if (!r->tasks[i].pid)
			return &r->tasks[i];
	return NULL;
}

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

static enum helios_status spawn_logged(struct runner *r, struct task *t, char **argv, const char *program,
				       const char *log, bool truncate, struct helios_error *err)
{
	struct helios_proc_spec spec;
	enum helios_status st;
	int fd = run_log_open(log, O_WRONLY | (truncate ? O_TRUNC : O_APPEND));

	if (fd < 0)
		return helios_error_set(err, HELIOS_EIO, "cannot write '%s': %s", log, strerror(errno));
	helios_proc_spec_init(&spec);
	spec.argv = argv;
	spec.program = program;
	spec.dir = helios_buf_str(&r->dir);
	spec.new_group = spec.subreaper = true;
	spec.stdout_fd = fd;
	spec.stderr_fd = fd;
	st = helios_proc_spawn(&spec, &t->pid, err);
	close(fd);
	if (st == HELIOS_OK) {
		t->started = helios_progress_now();
		t->deadline = r->opt->timeout > 0 ? t->started + r->opt->timeout : 0;
		t->kill_at = 0;
		t->pipe_fd = -1;
		t->timed_out = t->stopped = false;
		r->running++;
	}
	return st;
}

static void chunk_failed(struct runner *r, int64_t i, bool retry);

static void start_chunk(struct runner *r, int64_t i)
{
	struct helios_job_chunk *c = &r->job.chunks[i];
	struct chunk_run *run = &r->runs[i];
	struct task *t = free_task(r);
	struct helios_buf log;
	struct helios_error err;
	enum helios_status st;
	const char *program;
	char **argv;

	run->attempts++;
	run->started = helios_progress_now();
	run->retry_at = 0;
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
	run_log_line(helios_buf_str(&log), "--- helios: chunk %lld, attempt %d: %s", (long long)c->id,
		 run->attempts, c->command);
	t->kind = TASK_CHUNK;
	t->chunk = i;
	st = spawn_logged(r, t, argv, program, helios_buf_str(&log), false, &err);
	helios_quote_free(argv);
	helios_buf_release(&log);
	if (st != HELIOS_OK) {
		set_reason(&run->reason, "%s", err.text);
		chunk_failed(r, i, true);
		return;
	}
	if (!r->progress.tty)
		helios_progress_event(&r->progress, "chunk %lld: started (frames %lld-%lld%s)", (long long)c->id,
				      (long long)c->start_frame, (long long)(c->start_frame + c->frame_count - 1),
				      run->attempts > 1 ? ", retry" : "");
}

/* Count the output's frames with ffprobe, in the chunk's slot. */
static bool start_check(struct runner *r, struct task *t, int64_t i)
{
	struct helios_proc_spec spec;
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
		spec.new_group = spec.subreaper = true;
		spec.argv = argv.v;
		spec.stdout_fd = fds[1];
		spec.stderr_fd = logfd;
		ok = helios_proc_spawn(&spec, &t->pid, &err) == HELIOS_OK;
		close(fds[1]);
		if (logfd >= 0)
			close(logfd);
		if (ok) {
			t->kind = TASK_CHECK;
			t->chunk = i;
			t->pipe_fd = fds[0];
			t->started = helios_progress_now();
			t->deadline = t->kill_at = 0;
			t->timed_out = t->stopped = false;
			r->running++;
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
	struct task *t = free_task(r);
	struct helios_buf log;
	struct helios_error err;
	enum helios_status st;
	const char *program;
	char **argv;

	r->merge_started = true;
	helios_buf_init(&log);
	merge_log(r, &log);
	st = command_argv(r, r->job.merge_command, &argv, &program, &err);
	if (st == HELIOS_OK) {
		run_log_line(helios_buf_str(&log), "--- helios: merge: %s", r->job.merge_command);
		t->kind = TASK_MERGE;
		t->chunk = -1;
		st = spawn_logged(r, t, argv, program, helios_buf_str(&log), false, &err);
		helios_quote_free(argv);
	}
	helios_buf_release(&log);
	if (st != HELIOS_OK) {
		r->merge_failed = true;
		set_reason(&r->merge_reason, "%s", err.text);
		return;
	}
	if (!r->progress.tty)
		helios_progress_event(&r->progress, "merge: started");
}

/* --- finishing -------------------------------------------------------- */

static void stop_all(struct runner *r, int sig)
{
	double now = helios_progress_now();

	r->stopping = true;
	for (int i = 0; i < r->task_cap; i++) {
		struct task *t = &r->tasks[i];

		if (!t->pid)
			continue;
		helios_proc_kill_tree(t->pid, sig);
		t->stopped = true;
		if (!t->kill_at)
			t->kill_at = now + KILL_GRACE;
	}
}

static void chunk_done(struct runner *r, int64_t i)
{
	struct helios_job_chunk *c = &r->job.chunks[i];
	struct chunk_run *run = &r->runs[i];
	struct helios_state_chunk *s = &r->state[i];
	struct helios_buf output;
	struct stat st;

	helios_buf_init(&output);
	chunk_output(r, i, &output);
	s->status = HELIOS_CHUNK_DONE;
	s->size = stat(helios_buf_str(&output), &st) == 0 ? (int64_t)st.st_size : -1;
	s->attempts = run->attempts;
	s->seconds = helios_progress_now() - run->started;
	helios_buf_release(&output);
	r->progress.chunks_done++;
	r->progress.frames_done += c->frame_count;
	save_state(r);
	if (!r->progress.tty)
		helios_progress_event(&r->progress, "chunk %lld: done in %.1f s [%lld/%lld chunks, %lld/%lld frames]",
				      (long long)c->id, s->seconds, (long long)r->progress.chunks_done,
				      (long long)r->progress.chunks_total, (long long)r->progress.frames_done,
				      (long long)r->progress.frames_total);
}

static void chunk_failed(struct runner *r, int64_t i, bool retry)
{
	struct helios_job_chunk *c = &r->job.chunks[i];
	struct chunk_run *run = &r->runs[i];
	struct helios_buf log;

	if (retry && run->attempts <= r->opt->retries && !r->stopping) {
		double delay = r->opt->retry_delay * pow(2, run->attempts - 1);

		if (delay > RETRY_DELAY_MAX)
			delay = RETRY_DELAY_MAX;
		run->retry_at = helios_progress_now() + delay;
		r->retry[r->retry_count++] = i;
		helios_progress_event(&r->progress, "chunk %lld: %s; retrying in %.1f s (attempt %d of %d)",
				      (long long)c->id, reason_of(run->reason), delay, run->attempts + 1,
				      r->opt->retries + 1);
		return;
	}
	r->state[i].status = HELIOS_CHUNK_FAILED;
	r->state[i].attempts = run->attempts;
	r->state[i].seconds = helios_progress_now() - run->started;
	r->failed++;
	helios_buf_init(&log);
	chunk_log(r, i, &log);
	helios_progress_event(&r->progress, "chunk %lld: failed: %s; last lines of %s:", (long long)c->id,
			      reason_of(run->reason), helios_buf_str(&log));
	show_tail(r, helios_buf_str(&log));
	helios_buf_release(&log);
	save_state(r);
	if (!r->opt->keep_going && !r->stopping) {
		if (r->running)
			helios_progress_event(&r->progress, "stopping %d running chunk%s (--keep-going lets them finish)",
					      r->running, r->running == 1 ? "" : "s");
		stop_all(r, SIGTERM);
	}
}

/* Read the frame count ffprobe printed. */
static bool read_count(int fd, int64_t *frames)
{
	char text[256];
	size_t len = 0;
	ssize_t n;

	while (len < sizeof(text) - 1 && (n = read(fd, text + len, sizeof(text) - 1 - len)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return false;
		}
		len += (size_t)n;
	}
	text[len] = '\0';
	return helios_probe_parse_count(text, frames);
}

static void task_exited(struct runner *r, struct task *t, int wstatus)
{
	int64_t i = t->chunk;
	struct chunk_run *run = i >= 0 ? &r->runs[i] : NULL;
	struct helios_buf log, output;
	char how[128];
	int64_t frames = -1;
	bool counted;

	helios_buf_init(&log);
	helios_buf_init(&output);
	helios_proc_describe(wstatus, how, sizeof(how));
	r->running--;
	t->pid = 0;
	switch (t->kind) {
	case TASK_CHUNK:
		chunk_log(r, i, &log);
		run_log_line(helios_buf_str(&log), "--- helios: %s", how);
		chunk_output(r, i, &output);
		if (t->timed_out) {
			set_reason(&run->reason, "timed out after %g s", r->opt->timeout);
			chunk_failed(r, i, true);
		} else if (t->stopped) {
			/* Stopped by us: neither done nor failed; a --resume runs it. */
		} else if (wstatus != 0) {
			set_reason(&run->reason, "%s", how);
			chunk_failed(r, i, true);
		} else if (r->opt->verify && access(helios_buf_str(&output), F_OK) != 0) {
			set_reason(&run->reason, "exited with status 0 but did not write '%s'",
				   r->job.chunks[i].output_file);
			chunk_failed(r, i, true);
		} else if (!r->opt->verify || !r->opt->ffprobe || !start_check(r, t, i)) {
			chunk_done(r, i);
		}
		break;
	case TASK_CHECK:
		counted = read_count(t->pipe_fd, &frames);
		close(t->pipe_fd);
		t->pipe_fd = -1;
		if (t->stopped) {
			break;
		} else if (wstatus != 0 || !counted) {
			set_reason(&run->reason, "ffprobe cannot read '%s' (%s)", r->job.chunks[i].output_file,
				   wstatus ? how : "no video stream");
			chunk_failed(r, i, true);
		} else if (frames != r->job.chunks[i].frame_count) {
			set_reason(&run->reason, "'%s' has %lld video frames, expected %lld",
				   r->job.chunks[i].output_file, (long long)frames,
				   (long long)r->job.chunks[i].frame_count);
			chunk_failed(r, i, true);
		} else {
			chunk_done(r, i);
		}
		break;
	case TASK_MERGE:
		merge_log(r, &log);
		run_log_line(helios_buf_str(&log), "--- helios: %s", how);
		helios_path_join(&output, helios_buf_str(&r->dir), r->merge_output);
		if (wstatus == 0 && access(helios_buf_str(&output), F_OK) != 0) {
			/* A merge that says it succeeded has not until the output is there. */
			r->merge_failed = true;
			set_reason(&r->merge_reason, "exited with status 0 but did not write '%s'", r->merge_output);
			helios_progress_event(&r->progress, "merge: failed: %s", r->merge_reason);
		} else if (wstatus == 0) {
			r->merged = true;
			save_state(r);
			if (!r->progress.tty)
				helios_progress_event(&r->progress, "merge: done in %.1f s",
						      helios_progress_now() - t->started);
		} else if (!t->stopped) {
			r->merge_failed = true;
			set_reason(&r->merge_reason, "%s", how);
			helios_progress_event(&r->progress, "merge: failed: %s; last lines of %s:", how,
					      helios_buf_str(&log));
			show_tail(r, helios_buf_str(&log));
		}
		break;
	}
	helios_buf_release(&log);
	helios_buf_release(&output);
}

/* Kill what ended tasks left behind.  Each task is the subreaper of its own
 * descendants (helios_proc_spawn with new_group) and we are theirs after it
 * (PR_SET_CHILD_SUBREAPER in helios_run_job): a child of ours that is not a
 * task can only come from a task that has ended. */
static void kill_strays(struct runner *r)
{
	pid_t *keep = calloc((size_t)r->task_cap, sizeof(*keep));
	int n = 0;

	if (!keep)
		return;
	for (int i = 0; i < r->task_cap; i++)
		if (r->tasks[i].pid)
			keep[n++] = r->tasks[i].pid;
	helios_proc_kill_strays(keep, n, SIGKILL);
	free(keep);
}

/* At the end: nothing a chunk left may outlive the run.  Killed strays may
 * hand us their own orphans, so kill and reap until no child is left (at
 * most a second: a process in uninterruptible sleep is not waited for). */
static void end_strays(struct runner *r)
{
	double until = helios_progress_now() + 1.0;

	for (;;) {
		pid_t pid;

		kill_strays(r);
		while ((pid = waitpid(-1, NULL, WNOHANG)) > 0)
			;
		if ((pid < 0 && errno == ECHILD) || helios_progress_now() > until)
			break;
		usleep(10000);
	}
}

/* Reap every child that has exited.  WNOWAIT first: while the exited child
 * is a zombie its pid cannot be reused, so killing its group is safe, and
 * whatever it left running dies with it: by then the kernel has handed its
 * orphans to us, and they are killed as strays (their own orphans come to
 * us in turn, and go the same way when they are reaped here). */
static void reap(struct runner *r)
{
	for (;;) {
		siginfo_t si;
		int wstatus;

		memset(&si, 0, sizeof(si));
		if (waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT) != 0 || si.si_pid == 0)
			return;
		for (int i = 0; i < r->task_cap; i++)
			if (r->tasks[i].pid == si.si_pid)
				kill(-si.si_pid, SIGKILL);
		kill_strays(r);
		while (waitpid(si.si_pid, &wstatus, 0) < 0 && errno == EINTR)
			;
		for (int i = 0; i < r->task_cap; i++)
			if (r->tasks[i].pid == si.si_pid) {
				task_exited(r, &r->tasks[i], wstatus);
				break;
			}
	}
}

/* --- the loop --------------------------------------------------------- */

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

static void start_ready(struct runner *r)
{
	double now = helios_progress_now();

	while (!r->stopping && r->running < r->opt->concurrency) {
		if (take_retry(r, now))
			continue;
		while (r->next <= r->last && r->state[r->next].status == HELIOS_CHUNK_DONE)
			r->next++;
		if (r->next > r->last)
			break;
		start_chunk(r, r->next++);
	}
	if (!r->stopping && r->merge_wanted && !r->merge_started && r->running == 0 && r->retry_count == 0 &&
	    r->next > r->last && r->failed == 0)
		start_merge(r);
}

static bool finished(const struct runner *r)
{
	if (r->running)
		return false;
	if (r->stopping)
		return true;
	return r->next > r->last && r->retry_count == 0 &&
	       (!r->merge_wanted || r->merge_started || r->failed);
}

/* Milliseconds until something is due: a retry, a timeout, a kill, a redraw. */
static int next_wakeup(const struct runner *r, double now)
{
	double due = now + 1.0;

	for (int64_t k = 0; k < r->retry_count; k++)
		if (r->runs[r->retry[k]].retry_at < due)
			due = r->runs[r->retry[k]].retry_at;
	for (int i = 0; i < r->task_cap; i++) {
		const struct task *t = &r->tasks[i];

		if (!t->pid)
			continue;
		if (t->deadline && !t->timed_out && t->deadline < due)
			due = t->deadline;
		if (t->kill_at && t->kill_at < due)
			due = t->kill_at;
	}
	if (r->unsaved && r->last_save + SAVE_INTERVAL < due)
		due = r->last_save + SAVE_INTERVAL;
	if (r->progress.tty && r->last_draw + DRAW_INTERVAL < due)
		due = r->last_draw + DRAW_INTERVAL;
	return due <= now ? 0 : (int)ceil((due - now) * 1000);
}

static void check_timers(struct runner *r, double now)
{
	for (int i = 0; i < r->task_cap; i++) {
		struct task *t = &r->tasks[i];

		if (!t->pid)
			continue;
		if (t->deadline && !t->timed_out && now >= t->deadline && !t->stopped) {
			t->timed_out = true;
			helios_proc_kill_tree(t->pid, SIGTERM);
			t->kill_at = now + KILL_GRACE;
		} else if (t->kill_at && now >= t->kill_at) {
			helios_proc_kill_tree(t->pid, SIGKILL);
			t->kill_at = now + KILL_GRACE;
		}
	}
}

static void handle_signals(struct runner *r)
{
	sig_atomic_t count = signal_count;

	if (count == r->signals_seen)
		return;
	r->signals_seen = count;
	if (!r->signal) {
		r->signal = last_signal;
		helios_progress_event(&r->progress, "%s: stopping %d running process%s (again to kill at once)",
				      r->signal == SIGINT ? "interrupted" : "terminated", r->running,
				      r->running == 1 ? "" : "es");
		stop_all(r, SIGTERM);
	}
	if (count >= 2)
		stop_all(r, SIGKILL);
}

static void draw(struct runner *r, double now)
{
	struct helios_progress_row rows[64];
	int n = 0;

	if (!r->progress.tty)
		return;
	for (int i = 0; i < r->task_cap && n < (int)(sizeof(rows) / sizeof(rows[0])); i++) {
		const struct task *t = &r->tasks[i];

		if (!t->pid)
			continue;
		if (t->kind == TASK_MERGE) {
			rows[n++] = (struct helios_progress_row){ -1, 0, 0, t->started, 1, "merging" };
		} else {
			const struct helios_job_chunk *c = &r->job.chunks[t->chunk];

			rows[n++] = (struct helios_progress_row){ c->id, c->start_frame, c->frame_count,
								  r->runs[t->chunk].started,
								  r->runs[t->chunk].attempts,
								  t->kind == TASK_CHECK ? "checking" : "running" };
		}
	}
	/* Slots are reused in any order; show the chunks by id. */
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && rows[j - 1].id > rows[j].id; j--) {
			struct helios_progress_row tmp = rows[j];

			rows[j] = rows[j - 1];
			rows[j - 1] = tmp;
		}
	r->progress.rows = rows;
	r->progress.row_count = n;
	helios_progress_draw(&r->progress);
	r->progress.rows = NULL;
	r->progress.row_count = 0;
	r->last_draw = now;
}

static void loop(struct runner *r, int wake_read)
{
	for (;;) {
		struct pollfd pfd = { wake_read, POLLIN, 0 };
		char drain[64];
		double now;

		handle_signals(r);
		start_ready(r);
		if (finished(r))
			break;
		now = helios_progress_now();
		draw(r, now);
		if (poll(&pfd, 1, next_wakeup(r, now)) > 0)
			while (read(wake_read, drain, sizeof(drain)) > 0)
				;
		reap(r);
		handle_signals(r);
		check_timers(r, helios_progress_now());
		if (r->unsaved && helios_progress_now() - r->last_save >= SAVE_INTERVAL)
			write_state(r);
	}
	if (r->unsaved)
		write_state(r);
	helios_progress_finish(&r->progress);
}

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

		if (r->state[i].status == HELIOS_CHUNK_DONE)
			continue;
		snprintf(label, sizeof(label), "chunk %lld", (long long)r->job.chunks[i].id);
		print_step(r, label, r->job.chunks[i].command);
	}
	if (r->merge_wanted && !r->merge_started)
		print_step(r, "merge", r->job.merge_command);
}

/* --- setup ------------------------------------------------------------ */

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

/* --resume: a chunk counts as done when the state says so and its output
 * is still there with the recorded size. */
static void load_state(struct runner *r)
{
	struct helios_buf output;
	struct helios_error err;
	bool merged = false;
	int64_t kept = 0;

	if (!r->opt->resume)
		return;
	if (helios_state_read(helios_buf_str(&r->state_path), &r->job, r->state, &merged, &err) != HELIOS_OK) {
		helios_progress_event(&r->progress, "helios: warning: %s; running every chunk", err.text);
		memset(r->state, 0, (size_t)r->job.chunk_count * sizeof(*r->state));
		return;
	}
	helios_buf_init(&output);
	for (int64_t i = 0; i < r->job.chunk_count; i++) {
		struct stat st;

		chunk_output(r, i, &output);
		if (r->state[i].status == HELIOS_CHUNK_DONE &&
		    (stat(helios_buf_str(&output), &st) != 0 || st.st_size != r->state[i].size))
			r->state[i].status = HELIOS_CHUNK_PENDING;
		if (r->state[i].status != HELIOS_CHUNK_DONE)
			memset(&r->state[i], 0, sizeof(r->state[i]));
		else if (i >= r->first && i <= r->last)
			kept++;
	}
	/* Everything done and merged, and the merged file still there: nothing to do. */
	if (merged && kept == r->job.chunk_count) {
		helios_buf_clear(&output);
		helios_path_join(&output, helios_buf_str(&r->dir), r->merge_output);
		if (access(helios_buf_str(&output), F_OK) == 0)
			r->merged = r->merge_started = true;
	}
	helios_buf_release(&output);
	if (!r->opt->dry_run)
		helios_progress_event(&r->progress, "resume: %lld of %lld chunk%s already done", (long long)kept,
				      (long long)(r->last - r->first + 1), r->last == r->first ? "" : "s");
}

static enum helios_status setup(struct runner *r, struct helios_error *err)
{
	enum helios_status st;
	struct helios_buf cwd_dir;
	char *cwd;

	st = helios_job_read_file(&r->job, r->job_path, err);
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
	if (!r->merge_output)
		return helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	cwd = getcwd(NULL, 0);
	if (!cwd)
		return helios_error_set(err, HELIOS_EIO, "cannot read the working directory: %s", strerror(errno));
	helios_buf_init(&cwd_dir);
	helios_path_dirname(&cwd_dir, r->job_path);
	helios_path_absolute(&r->dir, cwd, helios_buf_str(&cwd_dir));
	free(cwd);
	helios_buf_release(&cwd_dir);
	helios_run_state_path(r->job_path, &r->state_path);
	helios_run_log_dir(r->job_path, &r->log_dir);
	r->state = calloc((size_t)r->job.chunk_count, sizeof(*r->state));
	r->runs = calloc((size_t)r->job.chunk_count, sizeof(*r->runs));
	r->retry = calloc((size_t)r->job.chunk_count, sizeof(*r->retry));
	r->task_cap = r->opt->concurrency > 0 ? r->opt->concurrency : 1;
	r->tasks = calloc((size_t)r->task_cap, sizeof(*r->tasks));
	if (!r->state || !r->runs || !r->retry || !r->tasks || r->dir.failed || r->state_path.failed ||
	    r->log_dir.failed)
		return helios_error_set(err, HELIOS_ENOMEM, "out of memory");
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
	load_state(r);
	r->next = r->first;
	r->progress.chunks_total = r->last - r->first + 1;
	for (int64_t i = r->first; i <= r->last; i++) {
		r->progress.frames_total += r->job.chunks[i].frame_count;
		if (r->state[i].status == HELIOS_CHUNK_DONE) {
			r->progress.chunks_done++;
			r->progress.frames_done += r->job.chunks[i].frame_count;
		}
	}
	return HELIOS_OK;
}

static void release(struct runner *r)
{
	if (r->runs)
		for (int64_t i = 0; i < r->job.chunk_count; i++)
			free(r->runs[i].reason);
	free(r->runs);
	free(r->state);
	free(r->retry);
	free(r->tasks);
	free(r->merge_reason);
	free(r->merge_output);
	free(r->state_error);
	helios_buf_release(&r->dir);
	helios_buf_release(&r->state_path);
	helios_buf_release(&r->log_dir);
	helios_job_release(&r->job);
	if (r->job_fd >= 0)
		close(r->job_fd);
	if (r->lock_fd >= 0)
		close(r->lock_fd);	/* drops the run's lock */
}

/* The closing lines: what was done, or every failure with its log. */
static enum helios_status summary(struct runner *r, struct helios_error *err)
{
	struct helios_progress *p = &r->progress;
	struct helios_buf log;
	char spent[32];
	int64_t count = r->last - r->first + 1;

	helios_progress_clock(helios_progress_now() - p->started, spent, sizeof(spent));
	if (r->signal) {
		write_state(r);
		helios_progress_event(p, "stopped: %lld of %lld chunk%s done; state in %s (run again with --resume)",
				      (long long)p->chunks_done, (long long)count, count == 1 ? "" : "s",
				      helios_buf_str(&r->state_path));
		return helios_error_set(err, HELIOS_EFAIL, "'%s': interrupted by %s", r->job_path,
					r->signal == SIGINT ? "SIGINT" : "SIGTERM");
	}
	if (!r->failed && !r->merge_failed && r->state_error)
		return helios_error_set(err, HELIOS_EIO, "'%s': the work is done, but the state is not recorded: %s",
					r->job_path, r->state_error);
	if (!r->failed && !r->merge_failed && r->opt->merge_only) {
		helios_progress_event(p, "done: merged %lld chunk%s in %s -> %s", (long long)r->job.chunk_count,
				      r->job.chunk_count == 1 ? "" : "s", spent, r->merge_output);
		return HELIOS_OK;
	}
	if (!r->failed && !r->merge_failed) {
		helios_progress_event(p, "done: %lld chunk%s, %lld frames in %s%s%s", (long long)count,
				      count == 1 ? "" : "s", (long long)p->frames_total, spent,
				      r->merged ? " -> " : "", r->merged ? r->merge_output : "");
		return HELIOS_OK;
	}
	helios_buf_init(&log);
	helios_progress_event(p, "failed:");
	for (int64_t i = r->first; i <= r->last; i++) {
		if (r->state[i].status != HELIOS_CHUNK_FAILED)
			continue;
		chunk_log(r, i, &log);
		helios_progress_event(p, "  chunk %lld: %s (log: %s)", (long long)r->job.chunks[i].id,
				      reason_of(r->runs[i].reason), helios_buf_str(&log));
	}
	if (r->merge_failed) {
		merge_log(r, &log);
		helios_progress_event(p, "  merge: %s (log: %s)", reason_of(r->merge_reason), helios_buf_str(&log));
	}
	helios_buf_release(&log);
	if (r->failed)
		return helios_error_set(err, HELIOS_EFAIL, "'%s': %lld of %lld chunk%s failed%s", r->job_path,
					(long long)r->failed, (long long)count, count == 1 ? "" : "s",
					r->merge_wanted ? "; no merge" : "");
	return helios_error_set(err, HELIOS_EFAIL, "'%s': the merge failed", r->job_path);
}

enum helios_status helios_run_job(const char *job_path, const struct helios_run_options *opt,
				  int *signal_out, struct helios_error *err)
{
	struct sigaction act, old_int, old_term, old_chld;
	struct runner r;
	enum helios_status st;
	int wake[2], subreaper = 0;

	*signal_out = 0;
	memset(&r, 0, sizeof(r));
	r.opt = opt;
	r.job_path = job_path;
	r.job_fd = -1;
	r.lock_fd = -1;
	helios_job_init(&r.job);
	helios_buf_init(&r.dir);
	helios_buf_init(&r.state_path);
	helios_buf_init(&r.log_dir);
	helios_progress_init(&r.progress, opt->progress, opt->tty && !opt->dry_run);
	st = setup(&r, err);
	if (st != HELIOS_OK || opt->dry_run) {
		if (st == HELIOS_OK)
			dry_run(&r);
		release(&r);
		return st;
	}
	if (opt->chunk >= 0 || opt->merge_only)
		r.job_fd = open(job_path, O_RDONLY | O_CLOEXEC);
	if (pipe2(wake, O_CLOEXEC | O_NONBLOCK) != 0) {
		release(&r);
		return helios_error_set(err, HELIOS_EIO, "pipe: %s", strerror(errno));
	}
	wake_fd = wake[1];
	last_signal = 0;
	signal_count = 0;
	memset(&act, 0, sizeof(act));
	act.sa_handler = on_signal;
	sigemptyset(&act.sa_mask);
	act.sa_flags = SA_RESTART | SA_NOCLDSTOP;
	sigaction(SIGCHLD, &act, &old_chld);
	sigaction(SIGINT, &act, &old_int);
	sigaction(SIGTERM, &act, &old_term);

	/* Orphans of our chunks' processes come to us, not to init, so that
	 * they can be ended (kill_strays). */
	prctl(PR_GET_CHILD_SUBREAPER, &subreaper);
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	loop(&r, wake[0]);
	end_strays(&r);
	prctl(PR_SET_CHILD_SUBREAPER, subreaper);
	st = summary(&r, err);
	*signal_out = r.signal;

	sigaction(SIGCHLD, &old_chld, NULL);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	wake_fd = -1;
	close(wake[0]);
	close(wake[1]);
	release(&r);
	return st;
}
