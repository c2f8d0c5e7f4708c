/* Progress of a job run.  On a terminal: a bar for the whole job and one
 * line per running chunk, redrawn in place.  Elsewhere: one plain line per
 * event, nothing redrawn, so a log file reads well. */
#ifndef HELIOS_PROGRESS_H
#define HELIOS_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct helios_progress_row {
	int64_t id;
	int64_t first_frame, frame_count;
	double started;		/* monotonic seconds */
	int attempt;		/* 1 for the first */
	const char *what;	/* "running", "checking", "merging" */
};

struct helios_progress {
	FILE *out;
	bool tty;
	bool finished;		/* the live block is gone for good: events print plainly */
	int drawn;		/* lines of the live block now on screen */
	double started;
	int64_t chunks_total, chunks_done;
	int64_t frames_total, frames_done;
	/* Rows shown under the bar; the runner refills them before each draw. */
	struct helios_progress_row *rows;
	int row_count;
};

/* Seconds on the monotonic clock. */
double helios_progress_now(void);

void helios_progress_init(struct helios_progress *p, FILE *out, bool tty);

/* A line about something that happened ("chunk 3: done in 1.2 s").  On a
 * terminal it is printed above the live block. */
void helios_progress_event(struct helios_progress *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Redraw the live block (terminal only; nothing otherwise). */
void helios_progress_draw(struct helios_progress *p);

/* Leave the bar on screen as the last word on progress; later events are
 * plain lines below it. */
void helios_progress_finish(struct helios_progress *p);

/* "1:05", "1:02:03" */
void helios_progress_clock(double seconds, char *buf, size_t size);

#endif
