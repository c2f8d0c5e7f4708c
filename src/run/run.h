/* `helios job run`: the local executor.  Chunks run as child processes (a
 * process group each, never through a shell), at most `concurrency` at a
 * time, with retries, timeouts, per-chunk logs, output checks, a state file
 * for --resume, and the merge at the end. */
#ifndef HELIOS_RUN_H
#define HELIOS_RUN_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "helios/buf.h"
#include "run/progress.h"
#include "helios/status.h"

struct helios_run_options {
	int concurrency;	/* chunks at a time, >= 1 */
	int64_t chunk;		/* run only the chunk with this id (no merge); -1: all */
	bool merge;		/* run mergeCommand once every chunk is done */
	bool merge_only;	/* run no chunk, only mergeCommand (the exports' merge step) */
	int retries;		/* further attempts after a chunk fails */
	double timeout;		/* seconds one attempt may take; 0: a chunk's default, no limit for the merge */
	bool resume;		/* what every run does: skip what is up to date */
	bool force;		/* render every chunk and merge, up to date or not */
	bool keep_going;	/* after a failure, let the other chunks finish */
	bool dry_run;		/* print each step's argv to `out`, run nothing */
	bool verify;		/* check each output (exists; frame count with ffprobe) */
	double retry_delay;	/* seconds before the first retry; doubles each time */
	const char *self;	/* program for commands named "helios" */
	const char *ffprobe;	/* NULL: no frame count check */
	FILE *out;		/* --dry-run's listing */
	FILE *progress;		/* progress and events */
	bool tty;		/* progress is a terminal: draw the live display */
	/* Off a terminal, a line on the frames every HELIOS_PROGRESS_PLAIN_MS
	 * goes here (NULL: to progress), starting with who ("job run"). */
	FILE *status;
	const char *who;
	bool done_line;		/* end with "done: N chunks, F frames -> OUTPUT" */
	bool name_replaced;	/* say when the merge will replace an output of another plan */
	struct helios_progress_stream *stream;	/* --progress-file; NULL: none */
};

/* Seconds one attempt of a chunk of `frames` frames may take: --timeout
 * when given, else a generous bound from the plan (a start-up allowance
 * and a slow frame's time for each frame), so that a chunk whose command
 * hangs (a page that keeps its renderer waiting, a renderer with no
 * bounds of its own) still ends and the run goes on. */
double helios_run_chunk_timeout(const struct helios_run_options *opt, int64_t frames);

/* Defaults: concurrency 1, all chunks, merge, no retries, no --timeout
 * (the chunks' own: helios_run_chunk_timeout),
 * verify, retry_delay 1 s, out stdout, progress stderr, who "job run",
 * the done line, naming a replaced output, no stream.
 *
 * Every chunk command gets a pipe as its descriptor 3, named by
 * $HELIOS_PROGRESS_FD (run/progress.h), on which a `helios render`
 * reports its frames as they are done; the command's words stay as the
 * job file has them. */
void helios_run_options_init(struct helios_run_options *opt);

/* Run the job file.  HELIOS_EFAIL when a chunk or the merge failed (the
 * summary naming each failed chunk and its log has been printed to
 * opt->progress).  SIGINT and SIGTERM stop every child process group; the
 * state is recorded and *signal_out is set to the signal (0 otherwise). */
enum helios_status helios_run_job(const char *job_path, const struct helios_run_options *opt,
				  int *signal_out, struct helios_error *err);

#endif
