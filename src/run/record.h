/* The runner's record of a job: the state file (<job>.state.json) that
 * --resume reads, kept in step with what the run does.  The format itself
 * is the job module's (job/state.h); this is when and how it is written. */
#ifndef HELIOS_RUN_RECORD_H
#define HELIOS_RUN_RECORD_H

#include <stdbool.h>
#include <stdint.h>

#include "helios/buf.h"
#include "job/job.h"
#include "run/progress.h"
#include "job/state.h"

struct run_record {
	const struct helios_job *job;
	struct helios_buf path;		/* as the user names it (relative to our cwd) */
	struct helios_state_chunk *chunks;	/* per chunk, indexed like job->chunks */
	struct helios_state_merge merge;	/* the merge, once done */
	int64_t only;			/* --chunk: this run records only this index; -1: all */
	bool merge_only;		/* --merge-only: keep what the workers recorded */
	bool dry_run;			/* record nothing */
	int job_fd;			/* locked while a shared state file is updated; -1 */
	double last_save;		/* when the file was last written */
	bool unsaved;			/* something changed since */
	char *error;			/* why the file could not be written (malloc'ed) */
	struct helios_progress *progress;	/* where a failure to write is said */
};

/* Paths beside the job; entries all pending.  False when out of memory. */
bool run_record_init(struct run_record *rec, const struct helios_job *job, const char *job_path,
		     struct helios_progress *progress);
void run_record_release(struct run_record *rec);

/* Write the file now. */
void run_record_write(struct run_record *rec);

/* Something changed: write now, or within SAVE_INTERVAL (see record.c). */
void run_record_save(struct run_record *rec);

/* When a pending write is due (run_record_flush_due writes it then); a
 * time far ahead when nothing is pending. */
double run_record_due(const struct run_record *rec);
void run_record_flush_due(struct run_record *rec, double now);

/* Read what the state file records (every chunk pending when it cannot be
 * read, said as a warning); the runner then decides what is up to date. */
void run_record_load(struct run_record *rec);

#endif
