/* Progress on stderr: of a job run, and of one render's frames; and the
 * machine-readable progress stream (--progress-file).
 *
 * A job run.  On a terminal: a bar for the whole job and one
 * line per running chunk, redrawn in place.  Elsewhere (a pipe, a file, a
 * terminal without cursor movement such as TERM=dumb): one plain line per
 * event, nothing redrawn, so a log file reads well. */
#ifndef HELIOS_PROGRESS_H
#define HELIOS_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "helios/buf.h"

struct helios_progress_row {
	int64_t id;
	int64_t first_frame, frame_count;
	double started;		/* monotonic seconds */
	int attempt;		/* 1 for the first */
	const char *what;	/* "running", "checking", "merging" */
	int64_t frames_done;	/* as the chunk reports it; -1: it does not */
};

struct helios_progress {
	FILE *out;
	bool tty;
	bool finished;		/* the live block is gone for good: events print plainly */
	int drawn;		/* lines of the live block now on screen */
	double started;
	int64_t chunks_total, chunks_done;
	int64_t frames_total, frames_done;	/* frames_done: of finished chunks */
	int64_t frames_active;		/* done inside running chunks */
	int64_t frames_start;		/* done before this run (resumed): not its speed */
	double last_plain;		/* when helios_progress_plain last printed */
	/* Rows shown under the bar; the runner refills them before each draw. */
	struct helios_progress_row *rows;
	int row_count;
};

/* Seconds on the monotonic clock. */
double helios_progress_now(void);

void helios_progress_init(struct helios_progress *p, FILE *out, bool tty);

/* Whether progress on fd may be drawn in place: a terminal whose TERM
 * moves the cursor (not "dumb", not unset). */
bool helios_progress_live(int fd);

/* Columns of the terminal on fd: the tty's, else $COLUMNS, else 80. */
int helios_progress_columns(int fd);

/* Frames per second of this run and seconds left (-1: unknown yet). */
void helios_progress_speed(const struct helios_progress *p, double *fps, double *eta);

/* Off a terminal: "<who>: 120/300 frames, 24.1 fps, ETA 0:07" on out (and the
 * chunks when chunks_total > 0) every HELIOS_PROGRESS_PLAIN_MS; call it
 * often, it says when it is time (returns whether it printed). */
bool helios_progress_plain(struct helios_progress *p, FILE *out, const char *who);

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
	/* Also written to, when not NULL: --progress-file, the runner's channel. */
	struct helios_progress_stream *stream, *channel;
	int64_t done, total;	/* the last call's */
	struct timespec start;	/* when the first frame was done */
	int64_t last_ms;	/* when the bar or line was last written; -1000: never */
};

#define HELIOS_PROGRESS_PLAIN_MS 5000

void helios_progress_frames_init(struct helios_progress_frames *f, FILE *out, bool tty);

/* done of total frames are done (ctx: a helios_progress_frames; the
 * renderer's progress callback). */
void helios_progress_frames(void *ctx, int64_t done, int64_t total);

/* The render is over: the streams' last blocks (progress=end), and they
 * are closed. */
void helios_progress_frames_end(struct helios_progress_frames *f);

/* Erase the bar, when one was drawn, so that a message takes its place. */
void helios_progress_frames_clear(struct helios_progress_frames *f);

/* The line after a render: "done: 60 frames (2.000 s) in 0:01, 43.1 fps ->
 * clock.mp4 (412 kB)"; seconds is the wall time of the whole render. */
void helios_progress_render_summary(FILE *out, int64_t frames, double video_seconds, double seconds,
				    const char *output, long long bytes);

/* The machine-readable stream, in ffmpeg's -progress convention: blocks of
 * key=value lines, each ending in "progress=continue", the last one in
 * "progress=end".  Keys: frame, total_frames, fps, out_time_us, out_time
 * (HH:MM:SS.micro), speed ("1.25x"), elapsed (seconds), and for a render
 * in chunks chunks_done and chunks_total.  The same blocks carry a chunk's
 * frames to the runner (HELIOS_PROGRESS_FD). */
struct helios_progress_stream {
	int fd;			/* -1: none */
	bool own;		/* opened here: closed by _close */
	double started;		/* monotonic seconds */
	double last;		/* when the last block was written; 0: never */
	double fps_num, fps_den;	/* the video's frame rate, for out_time; 0: unknown (30) */
};

/* Seconds between blocks (the last one is always written). */
#define HELIOS_PROGRESS_STREAM_INTERVAL 0.5

/* The variable naming the descriptor on which a chunk's `helios render`
 * reports its frames to the runner that started it. */
#define HELIOS_PROGRESS_FD_ENV "HELIOS_PROGRESS_FD"

void helios_progress_stream_init(struct helios_progress_stream *s, double fps_num, double fps_den);

/* Write to target: "-" is standard output, anything else a file created
 * or truncated (a FIFO or /dev/fd/N works too).  errno is set on failure. */
bool helios_progress_stream_open(struct helios_progress_stream *s, const char *target);

/* Write to the descriptor the runner passed in $HELIOS_PROGRESS_FD, when
 * there is one (and unset it, so that our own children do not inherit it). */
bool helios_progress_stream_from_env(struct helios_progress_stream *s);

/* A block, when HELIOS_PROGRESS_STREAM_INTERVAL has passed since the last
 * or end is set.  chunks_total 0: no chunk fields.  A reader that went
 * away ends the stream quietly: the render goes on. */
void helios_progress_stream_write(struct helios_progress_stream *s, int64_t frame, int64_t total_frames,
				  int64_t chunks_done, int64_t chunks_total, bool end);

void helios_progress_stream_close(struct helios_progress_stream *s);

/* Reading such a stream (the runner, from its chunks): feed it what was
 * read, in any pieces; it says when a block ended, and its frame. */
struct helios_progress_reader {
	struct helios_buf line;	/* a line not yet ended */
	int64_t frame;		/* frame= of the block being read */
};

/* A longer line is not one of ours: ignored. */
#define HELIOS_PROGRESS_LINE_MAX 4096

void helios_progress_reader_init(struct helios_progress_reader *r);
void helios_progress_reader_release(struct helios_progress_reader *r);
/* A new writer (another attempt): forget what was half read. */
void helios_progress_reader_reset(struct helios_progress_reader *r);
/* True when a block ended in data; *frame is then its frame. */
bool helios_progress_reader_feed(struct helios_progress_reader *r, const char *data, size_t len, int64_t *frame);

/* "1:05", "1:02:03" */
void helios_progress_clock(double seconds, char *buf, size_t size);

#endif
