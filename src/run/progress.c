/* Drawing progress: a job's (ANSI cursor movement on a terminal, plain
 * lines elsewhere), one render's frame bar, and the machine-readable
 * stream. */
#include "run/progress.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "helios/buf.h"
#include "helios/utf8.h"

#define BAR_WIDTH 30		/* the bar's width when the terminal has room */
#define BAR_MIN 5		/* narrower than this, no bar at all */

double helios_progress_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void helios_progress_init(struct helios_progress *p, FILE *out, bool tty)
{
	memset(p, 0, sizeof(*p));
	p->out = out;
	p->tty = tty;
	p->started = helios_progress_now();
	p->last_plain = p->started;
}

bool helios_progress_live(int fd)
{
	const char *term = getenv("TERM");

	return isatty(fd) && term && *term && strcmp(term, "dumb") != 0;
}

static void size_of_terminal(int fd, int *cols, int *rows)
{
	struct winsize ws;
	const char *env;

	*cols = 80;
	*rows = 24;
	if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
		*cols = ws.ws_col;
		*rows = ws.ws_row > 0 ? ws.ws_row : 24;
		return;
	}
	if ((env = getenv("COLUMNS")) && atoi(env) > 0)
		*cols = atoi(env);
	if ((env = getenv("LINES")) && atoi(env) > 0)
		*rows = atoi(env);
}

int helios_progress_columns(int fd)
{
	int cols, rows;

	size_of_terminal(fd, &cols, &rows);
	return cols;
}

void helios_progress_clock(double seconds, char *buf, size_t size)
{
	long s = seconds < 0 ? 0 : (long)(seconds + 0.5);

	if (s >= 3600)
		snprintf(buf, size, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
	else
		snprintf(buf, size, "%ld:%02ld", s / 60, s % 60);
}

void helios_progress_speed(const struct helios_progress *p, double *fps, double *eta)
{
	double spent = helios_progress_now() - p->started;
	int64_t done = p->frames_done + p->frames_active;
	int64_t ours = done - p->frames_start;

	*fps = spent > 0 && ours > 0 ? (double)ours / spent : 0;
	if (done >= p->frames_total)
		*eta = 0;
	else
		*eta = *fps > 0 ? (double)(p->frames_total - done) / *fps : -1;
}

/* A bar of width cells, done of total filled. */
static void bar_text(char *bar, int width, int64_t done, int64_t total)
{
	int filled = total > 0 ? (int)((int64_t)width * done / total) : 0;

	for (int i = 0; i < width; i++)
		bar[i] = i < filled ? '#' : '.';
	bar[width] = '\0';
}

/* "[####....] " + rest, the bar as wide as the terminal leaves room for
 * (cols - 1: the last column would wrap on some terminals). */
static void bar_line(char *line, size_t size, int cols, int64_t done, int64_t total, const char *rest)
{
	char bar[BAR_WIDTH + 1];
	int width = cols - 1 - (int)strlen(rest) - 3;

	if (width > BAR_WIDTH)
		width = BAR_WIDTH;
	if (width < BAR_MIN) {
		snprintf(line, size, "%s", rest);
		return;
	}
	bar_text(bar, width, done, total);
	snprintf(line, size, "[%s] %s", bar, rest);
}

/* Move to the first line of the live block and erase it and what follows. */
static void erase_block(struct helios_progress *p, struct helios_buf *b)
{
	if (p->drawn > 1)
		helios_buf_printf(b, "\033[%dA", p->drawn - 1);
	if (p->drawn > 0)
		helios_buf_puts(b, "\r\033[J");
	p->drawn = 0;
}

static void flush_buf(struct helios_progress *p, struct helios_buf *b)
{
	if (b->len)
		fwrite(b->data, 1, b->len, p->out);
	fflush(p->out);
	helios_buf_release(b);
}

void helios_progress_event(struct helios_progress *p, const char *fmt, ...)
{
	struct helios_buf b;
	va_list ap;
	char *line;
	int n;

	helios_buf_init(&b);
	if (p->tty)
		erase_block(p, &b);
	va_start(ap, fmt);
	n = vasprintf(&line, fmt, ap);
	if (n >= 0) {
		/* An event may quote a chunk's log, which the page wrote to:
		 * shown, never obeyed by the terminal. */
		helios_utf8_escape(&b, line, (size_t)n);
		helios_buf_putc(&b, '\n');
		free(line);
	}
	va_end(ap);
	flush_buf(p, &b);
	if (p->tty && !p->finished)
		helios_progress_draw(p);
}

/* Append one line cut to the terminal's width, so that nothing wraps and
 * the cursor arithmetic stays right. */
static void put_line(struct helios_buf *b, const char *text, int cols, bool last)
{
	size_t len = strlen(text);

	if (cols > 1 && len > (size_t)(cols - 1))
		len = (size_t)(cols - 1);
	helios_buf_append(b, text, len);
	helios_buf_puts(b, "\033[K");
	if (!last)
		helios_buf_putc(b, '\n');
}

static void eta_text(double eta, bool started, char *buf, size_t size)
{
	if (eta >= 0 && started)
		helios_progress_clock(eta, buf, size);
	else
		snprintf(buf, size, "--:--");
}

/* One running chunk (or the merge) under the bar. */
static void row_line(const struct helios_progress_row *r, double now, char *line, size_t size)
{
	char since[32], attempt[32] = "", frames[64] = "";

	helios_progress_clock(now - r->started, since, sizeof(since));
	if (r->attempt > 1)
		snprintf(attempt, sizeof(attempt), ", attempt %d", r->attempt);
	if (r->frames_done >= 0 && r->id >= 0)
		snprintf(frames, sizeof(frames), "  %lld/%lld", (long long)r->frames_done, (long long)r->frame_count);
	if (r->id < 0)
		snprintf(line, size, "  merge     %s %s", r->what, since);
	else
		snprintf(line, size, "  chunk %-4lld frames %lld-%lld  %s %s%s%s", (long long)r->id,
			 (long long)r->first_frame, (long long)(r->first_frame + r->frame_count - 1), r->what, since,
			 frames, attempt);
}

void helios_progress_draw(struct helios_progress *p)
{
	struct helios_buf b;
	char line[512], rest[256], elapsed[32], eta[32];
	double now = helios_progress_now(), fps, left;
	int64_t done = p->frames_done + p->frames_active;
	int cols, rows, shown;

	if (!p->tty)
		return;
	size_of_terminal(fileno(p->out), &cols, &rows);
	helios_buf_init(&b);
	erase_block(p, &b);
	helios_progress_clock(now - p->started, elapsed, sizeof(elapsed));
	helios_progress_speed(p, &fps, &left);
	eta_text(left, done > 0, eta, sizeof(eta));
	snprintf(rest, sizeof(rest), "%lld/%lld chunks  %lld/%lld frames  %.1f fps  %s elapsed  ETA %s",
		 (long long)p->chunks_done, (long long)p->chunks_total, (long long)done, (long long)p->frames_total,
		 fps, elapsed, eta);
	bar_line(line, sizeof(line), cols, done, p->frames_total, rest);
	/* Leave room for the bar and the cursor's line on a short terminal. */
	shown = p->row_count < rows - 2 ? p->row_count : (rows > 3 ? rows - 3 : 0);
	put_line(&b, line, cols, shown == 0 && p->row_count == 0);
	for (int i = 0; i < shown; i++) {
		row_line(&p->rows[i], now, line, sizeof(line));
		put_line(&b, line, cols, i == shown - 1 && shown == p->row_count);
	}
	p->drawn = 1 + shown;
	if (shown < p->row_count) {
		snprintf(line, sizeof(line), "  ... and %d more", p->row_count - shown);
		put_line(&b, line, cols, true);
		p->drawn++;
	}
	flush_buf(p, &b);
}

void helios_progress_finish(struct helios_progress *p)
{
	if (!p->tty || p->finished)
		return;
	p->rows = NULL;
	p->row_count = 0;
	helios_progress_draw(p);
	fputc('\n', p->out);
	fflush(p->out);
	p->drawn = 0;
	p->finished = true;
}

/* "render: 120/300 frames, 24.1 fps, ETA 0:07" */
static void plain_line(FILE *out, const char *who, int64_t done, int64_t total, const char *chunks, double fps,
		       double eta)
{
	char left[32];

	eta_text(eta, done > 0, left, sizeof(left));
	fprintf(out, "%s: %lld/%lld frames%s, %.1f fps, ETA %s\n", who, (long long)done, (long long)total, chunks,
		fps, left);
	fflush(out);
}

bool helios_progress_plain(struct helios_progress *p, FILE *out, const char *who)
{
	double now = helios_progress_now(), fps, eta;
	char chunks[64] = "";

	if (p->tty || now - p->last_plain < HELIOS_PROGRESS_PLAIN_MS / 1000.0)
		return false;
	p->last_plain = now;
	if (p->chunks_total > 0)
		snprintf(chunks, sizeof(chunks), " (%lld/%lld chunks)", (long long)p->chunks_done,
			 (long long)p->chunks_total);
	helios_progress_speed(p, &fps, &eta);
	plain_line(out, who, p->frames_done + p->frames_active, p->frames_total, chunks, fps, eta);
	return true;
}

void helios_progress_frames_init(struct helios_progress_frames *f, FILE *out, bool tty)
{
	memset(f, 0, sizeof(*f));
	f->out = out;
	f->tty = tty;
	f->last_ms = -1000;
}

static int64_t elapsed_ms(const struct timespec *since)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (int64_t)(now.tv_sec - since->tv_sec) * 1000 + (now.tv_nsec - since->tv_nsec) / 1000000;
}

void helios_progress_frames(void *ctx, int64_t done, int64_t total)
{
	struct helios_progress_frames *p = ctx;
	char line[256], rest[128];
	int64_t ms, eta;
	double fps;
	int cols;

	p->done = done;
	p->total = total;
	if (p->stream)
		helios_progress_stream_write(p->stream, done, total, 0, 0, false);
	if (p->channel)
		helios_progress_stream_write(p->channel, done, total, 0, 0, false);
	/* Speed from the first frame on: the browser's start is not frame time. */
	if (done == 1)
		clock_gettime(CLOCK_MONOTONIC, &p->start);
	ms = elapsed_ms(&p->start);
	fps = ms > 0 ? (double)(done - 1) * 1000 / (double)ms : 0;
	eta = fps > 0 ? (int64_t)((double)(total - done) / fps) : 0;

	if (!p->tty) {
		/* A line now and then; the summary says the rest. */
		if (done == 1 || done == total || ms - (p->last_ms < 0 ? 0 : p->last_ms) < HELIOS_PROGRESS_PLAIN_MS)
			return;
		p->last_ms = ms;
		plain_line(p->out, "render", done, total, "", fps, (double)eta);
		return;
	}
	/* At most ten redraws a second, and always the last one. */
	if (done < total && ms - p->last_ms < 100)
		return;
	p->last_ms = ms;
	cols = helios_progress_columns(fileno(p->out));
	snprintf(rest, sizeof(rest), "%lld/%lld frames  %5.1f fps  ETA %lld:%02lld", (long long)done,
		 (long long)total, fps, (long long)(eta / 60), (long long)(eta % 60));
	bar_line(line, sizeof(line), cols, done, total, rest);
	if (cols > 1 && strlen(line) > (size_t)(cols - 1))
		line[cols - 1] = '\0';
	fprintf(p->out, "\r%s\033[K", line);
	if (done == total)
		fputc('\n', p->out);
}

void helios_progress_frames_end(struct helios_progress_frames *p)
{
	struct helios_progress_stream *streams[] = { p->stream, p->channel };

	for (size_t i = 0; i < sizeof(streams) / sizeof(streams[0]); i++)
		if (streams[i]) {
			helios_progress_stream_write(streams[i], p->done, p->total, 0, 0, true);
			helios_progress_stream_close(streams[i]);
		}
}

void helios_progress_frames_clear(struct helios_progress_frames *p)
{
	if (p->tty && p->last_ms > -1000)
		fputs("\r\033[K", p->out);
}

void helios_progress_render_summary(FILE *out, int64_t frames, double video_seconds, double seconds,
				    const char *output, long long bytes)
{
	char took[32], size[32];

	helios_progress_clock(seconds, took, sizeof(took));
	if (bytes >= 10 * 1000 * 1000)
		snprintf(size, sizeof(size), "%.1f MB", (double)bytes / 1e6);
	else if (bytes >= 1000)
		snprintf(size, sizeof(size), "%.0f kB", (double)bytes / 1e3);
	else
		snprintf(size, sizeof(size), "%lld bytes", bytes);
	fprintf(out, "done: %lld frames (%.3f s) in %s, %.1f fps -> %s (%s)\n", (long long)frames, video_seconds,
		took, seconds > 0 ? (double)frames / seconds : 0.0, output, size);
}

/* --- the machine-readable stream ---------------------------------------- */

void helios_progress_stream_init(struct helios_progress_stream *s, double fps_num, double fps_den)
{
	memset(s, 0, sizeof(*s));
	s->fd = -1;
	s->started = helios_progress_now();
	s->fps_num = fps_num;
	s->fps_den = fps_den > 0 ? fps_den : 1;
}

bool helios_progress_stream_open(struct helios_progress_stream *s, const char *target)
{
	if (strcmp(target, "-") == 0) {
		s->fd = STDOUT_FILENO;
		s->own = false;
		return true;
	}
	s->fd = open(target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	s->own = s->fd >= 0;
	return s->fd >= 0;
}

bool helios_progress_stream_from_env(struct helios_progress_stream *s)
{
	const char *env = getenv(HELIOS_PROGRESS_FD_ENV);
	char *end;
	long fd;

	if (!env)
		return false;
	fd = strtol(env, &end, 10);
	unsetenv(HELIOS_PROGRESS_FD_ENV);
	/* Not one we were given (a stray variable): leave it alone. */
	if (*end || fd < 3 || fd > 1023 || fcntl((int)fd, F_GETFD) < 0)
		return false;
	fcntl((int)fd, F_SETFD, FD_CLOEXEC);
	s->fd = (int)fd;
	s->own = true;
	return true;
}

/* All of it, or the stream ends: a reader that went away is not our
 * failure, so its SIGPIPE is held back and taken here, not delivered. */
static void stream_put(struct helios_progress_stream *s, const char *text, size_t len)
{
	static const struct timespec no_wait = { 0, 0 };
	sigset_t pipe_set, old;

	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	sigprocmask(SIG_BLOCK, &pipe_set, &old);
	while (len > 0 && s->fd >= 0) {
		ssize_t n = write(s->fd, text, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (errno == EPIPE && !sigismember(&old, SIGPIPE))
				sigtimedwait(&pipe_set, NULL, &no_wait);
			helios_progress_stream_close(s);
			break;
		}
		text += n;
		len -= (size_t)n;
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
}

void helios_progress_stream_write(struct helios_progress_stream *s, int64_t frame, int64_t total_frames,
				  int64_t chunks_done, int64_t chunks_total, bool end)
{
	struct helios_buf b;
	double now = helios_progress_now(), elapsed = now - s->started;
	double video = (double)frame * s->fps_den / (s->fps_num > 0 ? s->fps_num : 30);
	long long us = llround(video * 1e6);

	if (s->fd < 0 || (!end && s->last > 0 && now - s->last < HELIOS_PROGRESS_STREAM_INTERVAL))
		return;
	s->last = now;
	helios_buf_init(&b);
	helios_buf_printf(&b, "frame=%lld\ntotal_frames=%lld\nfps=%.2f\n", (long long)frame,
			  (long long)total_frames, elapsed > 0 ? (double)frame / elapsed : 0.0);
	helios_buf_printf(&b, "out_time_us=%lld\nout_time=%02lld:%02lld:%02lld.%06lld\n", us, us / 3600000000LL,
			  us / 60000000LL % 60, us / 1000000LL % 60, us % 1000000LL);
	helios_buf_printf(&b, "speed=%.3gx\nelapsed=%.3f\n", elapsed > 0 ? video / elapsed : 0.0, elapsed);
	if (chunks_total > 0)
		helios_buf_printf(&b, "chunks_done=%lld\nchunks_total=%lld\n", (long long)chunks_done,
				  (long long)chunks_total);
	helios_buf_printf(&b, "progress=%s\n", end ? "end" : "continue");
	if (!b.failed)
		stream_put(s, b.data, b.len);
	helios_buf_release(&b);
}

void helios_progress_stream_close(struct helios_progress_stream *s)
{
	if (s->fd >= 0 && s->own)
		close(s->fd);
	s->fd = -1;
}

/* --- reading a stream ------------------------------------------------------ */

void helios_progress_reader_init(struct helios_progress_reader *r)
{
	memset(r, 0, sizeof(*r));
	helios_buf_init(&r->line);
}

void helios_progress_reader_release(struct helios_progress_reader *r)
{
	helios_buf_release(&r->line);
}

void helios_progress_reader_reset(struct helios_progress_reader *r)
{
	helios_buf_clear(&r->line);
	r->frame = 0;
}

/* One line: a block's frame= counts when its progress= line comes. */
static bool reader_line(struct helios_progress_reader *r, const char *line, int64_t *frame)
{
	if (strncmp(line, "frame=", 6) == 0) {
		r->frame = strtoll(line + 6, NULL, 10);
		return false;
	}
	if (strncmp(line, "progress=", 9) != 0)
		return false;
	*frame = r->frame;
	return true;
}

bool helios_progress_reader_feed(struct helios_progress_reader *r, const char *data, size_t len, int64_t *frame)
{
	bool block = false;

	for (size_t k = 0; k < len; k++) {
		if (data[k] != '\n') {
			if (r->line.len < HELIOS_PROGRESS_LINE_MAX)
				helios_buf_putc(&r->line, data[k]);
			continue;
		}
		if (!r->line.failed && r->line.len < HELIOS_PROGRESS_LINE_MAX)
			block = reader_line(r, helios_buf_str(&r->line), frame) || block;
		helios_buf_clear(&r->line);
	}
	return block;
}
