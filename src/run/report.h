/* What the runner says about a job while it runs: one function per event,
 * worded here, drawn by the progress module (run/progress.h).  Lines
 * that a terminal's live display makes redundant are said only elsewhere. */
#ifndef HELIOS_RUN_REPORT_H
#define HELIOS_RUN_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "run/progress.h"

void report_chunk_started(struct helios_progress *p, int64_t id, int64_t first, int64_t count, bool retry);
void report_chunk_done(struct helios_progress *p, int64_t id, double seconds);
void report_chunk_retry(struct helios_progress *p, int64_t id, const char *reason, double delay, int attempt,
			int attempts);
/* With the last lines of its log. */
void report_chunk_failed(struct helios_progress *p, int64_t id, const char *reason, const char *log);
void report_stopping_others(struct helios_progress *p, int running);
void report_merge_started(struct helios_progress *p);
void report_merge_done(struct helios_progress *p, double seconds);
/* log: show its last lines; NULL: not. */
void report_merge_failed(struct helios_progress *p, const char *reason, const char *log);
void report_signal(struct helios_progress *p, int sig, int running);
/* kept of count chunks are up to date; stale (-1: none) is the first that
 * was recorded done but is not, and why. */
void report_resume(struct helios_progress *p, int64_t kept, int64_t count, int64_t stale, const char *why);

/* Redraw the live display with these rows (any order: shown by id). */
void report_draw(struct helios_progress *p, struct helios_progress_row *rows, int n);

/* "failed" for a reason nobody gave. */
const char *report_reason(const char *reason);

#endif
