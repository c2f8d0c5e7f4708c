/* Drawing progress: a job's (ANSI cursor movement on a terminal, plain
 * lines elsewhere) and one render's frame bar. */
#include "helios/progress.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "helios/buf.h"

#define BAR_WIDTH 30

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
}

void helios_progress_clock(double seconds, char *buf, size_t size)
{
	long s = seconds < 0 ? 0 : (long)(seconds + 0.5);

	if (s >= 3600)
		snprintf(buf, size, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
	else
		snprintf(buf, size, "%ld:%02ld", s / 60, s % 60);
}

static void size_of_terminal(FILE *out, int *cols, int *rows)
{
	struct winsize ws;

	*cols = 80;
	*rows = 24;
	if (ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
		*cols = ws.ws_col;
		*rows = ws.ws_row;
	}
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

	helios_buf_init(&b);
	if (p->tty)
		erase_block(p, &b);
	va_start(ap, fmt);
	if (vasprintf(&line, fmt, ap) >= 0) {
		helios_buf_puts(&b, line);
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

void helios_progress_draw(struct helios_progress *p)
{
	struct helios_buf b;
	char line[512], elapsed[32], eta[32], bar[BAR_WIDTH + 1];
	double now = helios_progress_now(), spent = now - p->started;
	int cols, rows, shown, filled;

	if (!p->tty)
		return;
	size_of_terminal(p->out, &cols, &rows);
	helios_buf_init(&b);
	erase_block(p, &b);
	filled = p->frames_total ? (int)(BAR_WIDTH * p->frames_done / p->frames_total) : 0;
	memset(bar, '#', (size_t)filled);
	memset(bar + filled, '.', (size_t)(BAR_WIDTH - filled));
	bar[BAR_WIDTH] = '\0';
	helios_progress_clock(spent, elapsed, sizeof(elapsed));
	if (p->frames_done > 0 && p->frames_done < p->frames_total)
		helios_progress_clock(spent * (double)(p->frames_total - p->frames_done) / (double)p->frames_done,
				      eta, sizeof(eta));
	else
		snprintf(eta, sizeof(eta), "%s", p->frames_done ? "0:00" : "--:--");
	snprintf(line, sizeof(line), "[%s] %lld/%lld chunks  %lld/%lld frames  %s elapsed  ETA %s", bar,
		 (long long)p->chunks_done, (long long)p->chunks_total, (long long)p->frames_done,
		 (long long)p->frames_total, elapsed, eta);
	/* Leave room for the bar and the cursor's line on a short terminal. */
	shown = p->row_count < rows - 2 ? p->row_count : (rows > 3 ? rows - 3 : 0);
	put_line(&b, line, cols, shown == 0 && p->row_count == 0);
	for (int i = 0; i < shown; i++) {
		const struct helios_progress_row *r = &p->rows[i];
		char since[32], attempt[32] = "";

		helios_progress_clock(now - r->started, since, sizeof(since));
		if (r->attempt > 1)
			snprintf(attempt, sizeof(attempt), ", attempt %d", r->attempt);
		if (r->id < 0)
			snprintf(line, sizeof(line), "  merge     %s %s", r->what, since);
		else
			snprintf(line, sizeof(line), "  chunk %-4lld frames %lld-%lld  %s %s%s", (long long)r->id,
				 (long long)r->first_frame, (long long)(r->first_frame + r->frame_count - 1),
				 r->what, since, attempt);
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
	int filled = (int)(done * BAR_WIDTH / total);
	int64_t ms, eta;
	double fps;
	char bar[BAR_WIDTH + 1];

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
		fprintf(p->out, "render: %lld/%lld frames, %.1f fps, ETA %lld:%02lld\n", (long long)done,
			(long long)total, fps, (long long)(eta / 60), (long long)(eta % 60));
		fflush(p->out);
		return;
	}
	/* At most ten redraws a second, and always the last one. */
	if (done < total && ms - p->last_ms < 100)
		return;
	p->last_ms = ms;
	for (int i = 0; i < BAR_WIDTH; i++)
		bar[i] = i < filled ? '#' : '.';
	bar[BAR_WIDTH] = '\0';
	fprintf(p->out, "\r[%s] %lld/%lld frames  %5.1f fps  ETA %lld:%02lld \033[K", bar, (long long)done,
		(long long)total, fps, (long long)(eta / 60), (long long)(eta % 60));
	if (done == total)
		fputc('\n', p->out);
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
