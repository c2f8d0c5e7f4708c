#include "pool.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proc/signals.h"
#include "run/progress.h"

#define KILL_GRACE 2.0		/* seconds from SIGTERM to SIGKILL */
#define IDLE_WAKEUP 1.0		/* seconds the loop sleeps at most */

enum helios_status run_pool_init(struct run_pool *pool, int cap, const struct run_pool_callbacks *cb,
				 void *ctx, struct helios_error *err)
{
	memset(pool, 0, sizeof(*pool));
	pool->cb = cb;
	pool->ctx = ctx;
	pool->cap = cap > 0 ? cap : 1;
	pool->wake[0] = pool->wake[1] = -1;
	pool->tasks = calloc((size_t)pool->cap, sizeof(*pool->tasks));
	if (!pool->tasks)
		return helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	for (int i = 0; i < pool->cap; i++)
		pool->tasks[i].output_fd = -1;
	if (pipe2(pool->wake, O_CLOEXEC | O_NONBLOCK) != 0) {
		free(pool->tasks);
		pool->tasks = NULL;
		return helios_error_set(err, HELIOS_EIO, "pipe: %s", strerror(errno));
	}
	/* The loop sleeps in poll on the wake pipe, which a child's end and a
	 * stop signal write to: no call of ours needs EINTR. */
	helios_signal_wake_fd(pool->wake[1]);
	helios_signal_push(SIGCHLD, helios_signal_wake, SA_RESTART | SA_NOCLDSTOP);
	helios_stop_push(HELIOS_STOP_RESTART);
	return HELIOS_OK;
}

void run_pool_release(struct run_pool *pool)
{
	if (!pool->tasks)
		return;
	helios_stop_pop(HELIOS_STOP_RESTART);
	helios_signal_pop(SIGCHLD);
	helios_signal_wake_fd(-1);
	close(pool->wake[0]);
	close(pool->wake[1]);
	for (int i = 0; i < pool->cap; i++)
		if (pool->tasks[i].output_fd >= 0)
			close(pool->tasks[i].output_fd);
	free(pool->tasks);
	pool->tasks = NULL;
}

static struct run_pool_task *free_slot(struct run_pool *pool)
{
	for (int i = 0; i < pool->cap; i++)
		if (!pool->tasks[i].pid)
			return &pool->tasks[i];
	return NULL;
}

enum helios_status run_pool_spawn(struct run_pool *pool, struct helios_proc_spec *spec, int output_fd,
				  double timeout, struct run_pool_task **task, struct helios_error *err)
{
	struct run_pool_task *t = free_slot(pool);
	enum helios_status st;
	pid_t pid;

	if (!t)
		return helios_error_set(err, HELIOS_EFAIL, "no free slot");
	spec->new_group = spec->subreaper = true;
	st = helios_proc_spawn(spec, &pid, err);
	if (st != HELIOS_OK)
		return st;
	/* Never wait on a child's output: the loop polls it. */
	if (output_fd >= 0)
		fcntl(output_fd, F_SETFL, fcntl(output_fd, F_GETFL) | O_NONBLOCK);
	memset(t, 0, sizeof(*t));
	t->pid = pid;
	t->started = helios_progress_now();
	t->deadline = timeout > 0 ? t->started + timeout : 0;
	t->output_fd = output_fd;
	pool->running++;
	*task = t;
	return HELIOS_OK;
}

void run_pool_stop(struct run_pool *pool, int sig)
{
	double now = helios_progress_now();

	pool->stopping = true;
	for (int i = 0; i < pool->cap; i++) {
		struct run_pool_task *t = &pool->tasks[i];

		if (!t->pid)
			continue;
		helios_proc_kill_tree(t->pid, sig);
		t->stopped = true;
		if (!t->kill_at)
			t->kill_at = now + KILL_GRACE;
	}
}

/* --- reading children's output ---------------------------------------- */

/* Pass on what is readable on t's output; at end of file close it.
 * last: the task has exited: read what it left and close, even when a
 * process it left behind still holds the other end. */
static void read_output(struct run_pool *pool, struct run_pool_task *t, bool last)
{
	char data[4096];

	while (t->output_fd >= 0) {
		ssize_t n = read(t->output_fd, data, sizeof(data));

		if (n > 0) {
			if (pool->cb->on_output)
				pool->cb->on_output(pool, t, data, (size_t)n, pool->ctx);
			if (!last)
				return;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN && !last)
			return;
		close(t->output_fd);
		t->output_fd = -1;
	}
}

/* --- ending children -------------------------------------------------- */

/* Kill what ended tasks left behind.  Each task is the subreaper of its own
 * descendants (run_pool_spawn) and we are theirs after it
 * (PR_SET_CHILD_SUBREAPER in run_pool_run): a child of ours that is not a
 * task can only come from a task that has ended. */
static void kill_strays(struct run_pool *pool)
{
	pid_t *keep = calloc((size_t)pool->cap, sizeof(*keep));
	int n = 0;

	if (!keep)
		return;
	for (int i = 0; i < pool->cap; i++)
		if (pool->tasks[i].pid)
			keep[n++] = pool->tasks[i].pid;
	helios_proc_kill_strays(keep, n, SIGKILL);
	free(keep);
}

/* At the end: nothing a task left may outlive the run.  Killed strays may
 * hand us their own orphans, so kill and reap until no child is left (at
 * most a second: a process in uninterruptible sleep is not waited for). */
static void end_strays(struct run_pool *pool)
{
	double until = helios_progress_now() + 1.0;

	for (;;) {
		pid_t pid;

		kill_strays(pool);
		while ((pid = waitpid(-1, NULL, WNOHANG)) > 0)
			;
		if ((pid < 0 && errno == ECHILD) || helios_progress_now() > until)
			break;
		usleep(10000);
	}
}

static void task_exited(struct run_pool *pool, struct run_pool_task *t, int wstatus)
{
	read_output(pool, t, true);
	pool->running--;
	t->pid = 0;
	pool->cb->on_exit(pool, t, wstatus, pool->ctx);
}

/* Reap every child that has exited.  WNOWAIT first: while the exited child
 * is a zombie its pid cannot be reused, so killing its group is safe, and
 * whatever it left running dies with it: by then the kernel has handed its
 * orphans to us, and they are killed as strays (their own orphans come to
 * us in turn, and go the same way when they are reaped here). */
static void reap(struct run_pool *pool)
{
	for (;;) {
		siginfo_t si;
		int wstatus;

		memset(&si, 0, sizeof(si));
		if (waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT) != 0 || si.si_pid == 0)
			return;
		for (int i = 0; i < pool->cap; i++)
			if (pool->tasks[i].pid == si.si_pid)
				kill(-si.si_pid, SIGKILL);
		kill_strays(pool);
		while (waitpid(si.si_pid, &wstatus, 0) < 0 && errno == EINTR)
			;
		for (int i = 0; i < pool->cap; i++)
			if (pool->tasks[i].pid == si.si_pid) {
				task_exited(pool, &pool->tasks[i], wstatus);
				break;
			}
	}
}

/* --- the loop --------------------------------------------------------- */

static void check_timers(struct run_pool *pool, double now)
{
	for (int i = 0; i < pool->cap; i++) {
		struct run_pool_task *t = &pool->tasks[i];

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

static void handle_signals(struct run_pool *pool)
{
	int count = helios_stop_count();

	if (count == pool->signals_seen)
		return;
	pool->signals_seen = count;
	if (!pool->signal) {
		pool->signal = helios_stop_signal();
		if (pool->cb->on_signal)
			pool->cb->on_signal(pool, pool->signal, pool->ctx);
		run_pool_stop(pool, SIGTERM);
	}
	if (count >= 2)
		run_pool_stop(pool, SIGKILL);
}

static void start_ready(struct run_pool *pool)
{
	while (!pool->stopping && pool->running < pool->cap && pool->cb->start_next(pool, pool->ctx))
		;
}

static bool finished(struct run_pool *pool)
{
	if (pool->running)
		return false;
	return pool->stopping || pool->cb->finished(pool, pool->ctx);
}

/* Milliseconds until something is due: a timeout, a kill, the caller's. */
static int next_wakeup(struct run_pool *pool, double now)
{
	double due = now + IDLE_WAKEUP;

	for (int i = 0; i < pool->cap; i++) {
		const struct run_pool_task *t = &pool->tasks[i];

		if (!t->pid)
			continue;
		if (t->deadline && !t->timed_out && t->deadline < due)
			due = t->deadline;
		if (t->kill_at && t->kill_at < due)
			due = t->kill_at;
	}
	if (pool->cb->next_due) {
		double theirs = pool->cb->next_due(pool, now, pool->ctx);

		if (theirs < due)
			due = theirs;
	}
	return due <= now ? 0 : (int)ceil((due - now) * 1000);
}

/* Wait for a signal, a child's exit or its output, or the next timer. */
static void wait_for_events(struct run_pool *pool, double now)
{
	struct pollfd pfd[1 + 64];
	struct run_pool_task *owner[1 + 64];
	char drain[64];
	int n = 1;

	pfd[0] = (struct pollfd){ pool->wake[0], POLLIN, 0 };
	for (int i = 0; i < pool->cap && n < (int)(sizeof(pfd) / sizeof(pfd[0])); i++)
		if (pool->tasks[i].pid && pool->tasks[i].output_fd >= 0) {
			owner[n] = &pool->tasks[i];
			pfd[n++] = (struct pollfd){ pool->tasks[i].output_fd, POLLIN, 0 };
		}
	if (poll(pfd, (nfds_t)n, next_wakeup(pool, now)) <= 0)
		return;
	if (pfd[0].revents)
		while (read(pool->wake[0], drain, sizeof(drain)) > 0)
			;
	for (int i = 1; i < n; i++)
		if (pfd[i].revents)
			read_output(pool, owner[i], false);
}

void run_pool_run(struct run_pool *pool)
{
	const struct run_pool_callbacks *cb = pool->cb;

	/* Orphans of our tasks' processes come to us, not to init, so that
	 * they can be ended (kill_strays). */
	prctl(PR_GET_CHILD_SUBREAPER, &pool->old_subreaper);
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	for (;;) {
		handle_signals(pool);
		start_ready(pool);
		if (finished(pool))
			break;
		if (cb->before_wait)
			cb->before_wait(pool, helios_progress_now(), pool->ctx);
		wait_for_events(pool, helios_progress_now());
		reap(pool);
		handle_signals(pool);
		check_timers(pool, helios_progress_now());
		if (cb->after_wait)
			cb->after_wait(pool, helios_progress_now(), pool->ctx);
	}
	if (cb->loop_done)
		cb->loop_done(pool, pool->ctx);
	end_strays(pool);
	prctl(PR_SET_CHILD_SUBREAPER, pool->old_subreaper);
}
