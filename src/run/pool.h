/* A pool of child process groups driven by one poll loop, in the manner of
 * git's run_processes_parallel: the caller says what to start next, hears
 * what the children write on a descriptor of its choosing and how they
 * exit; the pool knows nothing of chunks or jobs.  It owns the signals
 * (SIGCHLD, SIGINT, SIGTERM only write a byte to a pipe, the loop does the
 * work), the timeouts, and the end of everything a child leaves behind. */
#ifndef HELIOS_RUN_POOL_H
#define HELIOS_RUN_POOL_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "proc/proc.h"
#include "helios/status.h"

/* One child process (group) the pool waits for. */
struct run_pool_task {
	pid_t pid;		/* 0: a free slot */
	int kind;		/* the caller's: what this process is */
	int64_t item;		/* the caller's: which one */
	double started;		/* monotonic seconds */
	double deadline;	/* the pool stops it here (timed_out); 0: never */
	double kill_at;		/* SIGKILL follows a SIGTERM here; 0: not signalled */
	int output_fd;		/* read by the pool for on_output; -1: none */
	bool timed_out;		/* stopped for its deadline */
	bool stopped;		/* stopped by run_pool_stop */
};

struct run_pool;

struct run_pool_callbacks {
	/* A slot is free and the pool is not stopping: start what comes next
	 * with run_pool_spawn.  False when nothing is to start now. */
	bool (*start_next)(struct run_pool *pool, void *ctx);
	/* All children exited (or none was started): is the work over? */
	bool (*finished)(struct run_pool *pool, void *ctx);
	/* Bytes a task wrote on its output_fd (may be NULL). */
	void (*on_output)(struct run_pool *pool, struct run_pool_task *t, const char *data, size_t len,
			  void *ctx);
	/* A task exited (its slot is free again; output_fd is drained and
	 * closed); wstatus as waitpid gives it. */
	void (*on_exit)(struct run_pool *pool, struct run_pool_task *t, int wstatus, void *ctx);
	/* The first SIGINT or SIGTERM, before the pool stops its children. */
	void (*on_signal)(struct run_pool *pool, int sig, void *ctx);
	/* Before each wait and after it (may be NULL): a redraw, a save. */
	void (*before_wait)(struct run_pool *pool, double now, void *ctx);
	void (*after_wait)(struct run_pool *pool, double now, void *ctx);
	/* The earliest time the caller wants the loop awake (may be NULL). */
	double (*next_due)(struct run_pool *pool, double now, void *ctx);
	/* Once, when the loop ends, before the leftovers are ended (may be NULL). */
	void (*loop_done)(struct run_pool *pool, void *ctx);
};

struct run_pool {
	const struct run_pool_callbacks *cb;
	void *ctx;
	struct run_pool_task *tasks;
	int cap, running;
	bool stopping;		/* start nothing new */
	int signal;		/* the SIGINT/SIGTERM that stopped us; 0: none */
	int signals_seen;
	int wake[2];
	int old_subreaper;
};

/* At most cap processes at a time.  Installs the signal handlers (kept
 * until run_pool_release). */
enum helios_status run_pool_init(struct run_pool *pool, int cap, const struct run_pool_callbacks *cb,
				 void *ctx, struct helios_error *err);
void run_pool_release(struct run_pool *pool);

/* Run until finished says so, or until stopped and every child exited;
 * then end whatever the children left running. */
void run_pool_run(struct run_pool *pool);

/* Start spec's program in a free slot, as the leader of a process group
 * that is the subreaper of its descendants.  timeout > 0: stop it after
 * that many seconds.  output_fd (ours, or -1) is read for on_output and
 * closed when the task ends, by the pool.  *task is the slot's task. */
enum helios_status run_pool_spawn(struct run_pool *pool, struct helios_proc_spec *spec, int output_fd,
				  double timeout, struct run_pool_task **task, struct helios_error *err);

/* Send sig to every task's tree and start nothing new; SIGKILL follows
 * after a grace period. */
void run_pool_stop(struct run_pool *pool, int sig);

#endif
