/* Progress on stderr: of a job run, and of one render's frames.
 *
 * A job run.  On a terminal: a bar for the whole job and one
 * line per running chunk, redrawn in place.  Elsewhere: one plain line per
 * event, nothing redrawn, so a log file reads well. */
#ifndef HELIOS_PROGRESS_H
#define HELIOS_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

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

/* One render's frames: on a terminal a bar, the speed and the time left,
 * redrawn in place at most ten times a second; elsewhere (a CI log, a pipe)
 * the same as a plain line every PROGRESS_PLAIN_MS. */
struct helios_progress_frames {
	FILE *out;
	bool tty;
	struct timespec start;	/* when the first frame was done */
	int64_t last_ms;	/* when the bar or line was last written; -1000: never */
};

#define HELIOS_PROGRESS_PLAIN_MS 5000

void helios_progress_frames_init(struct helios_progress_frames *f, FILE *out, bool tty);

/* done of total frames are done (ctx: a helios_progress_frames; the
 * renderer's progress callback). */
void helios_progress_frames(void *ctx, int64_t done, int64_t total);

/* Erase the bar, when one was drawn, so that a message takes its place. */
void helios_progress_frames_clear(struct helios_progress_frames *f);

/* The line after a render: "done: 60 frames (2.000 s) in 0:01, 43.1 fps ->
 * clock.mp4 (412 kB)"; seconds is the wall time of the whole render. */
void helios_progress_render_summary(FILE *out, int64_t frames, double video_seconds, double seconds,
				    const char *output, long long bytes);

/* "1:05", "1:02:03" */
void helios_progress_clock(double seconds, char *buf, size_t size);

#endif
