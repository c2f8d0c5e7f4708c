/* Drawing: the whole screen is redrawn from the state after every key.  Only
 * what is visible is computed (the plan gives any chunk in O(1)), so a
 * million chunks draw as fast as four. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "helios/codec.h"
#include "helios/layout.h"
#include "helios/path.h"
#include "helios/utf8.h"
#include "helios/cost.h"
#include "ui.h"

static bool use_color;

void tui_draw_init_colors(bool color)
{
	use_color = color && has_colors();
	if (!use_color)
		return;
	start_color();
	use_default_colors();
	init_pair(TUI_PAINT_TITLE, COLOR_BLACK, COLOR_CYAN);
	init_pair(TUI_PAINT_ERROR, COLOR_RED, -1);
	init_pair(TUI_PAINT_DEFAULT, -1, -1);
	init_pair(TUI_PAINT_HTML, COLOR_GREEN, -1);
	init_pair(TUI_PAINT_DIR, COLOR_BLUE, -1);
	init_pair(TUI_PAINT_CHUNK_A, COLOR_CYAN, -1);
	init_pair(TUI_PAINT_CHUNK_B, COLOR_BLUE, -1);
	init_pair(TUI_PAINT_HEADING, COLOR_YELLOW, -1);
	init_pair(TUI_PAINT_OK, COLOR_GREEN, -1);
	init_pair(TUI_PAINT_WARNING, COLOR_YELLOW, -1);
}

/* Colour where wanted, and an attribute that reads the same without it. */
static attr_t paint(enum tui_paint p)
{
	static const attr_t mono[TUI_PAINT_COUNT] = {
		[TUI_PAINT_TITLE] = A_REVERSE, [TUI_PAINT_ERROR] = A_BOLD,
		[TUI_PAINT_DEFAULT] = A_DIM, [TUI_PAINT_HTML] = A_BOLD,
		[TUI_PAINT_DIR] = A_BOLD, [TUI_PAINT_CHUNK_A] = A_NORMAL,
		[TUI_PAINT_CHUNK_B] = A_NORMAL, [TUI_PAINT_HEADING] = A_BOLD,
		[TUI_PAINT_OK] = A_NORMAL, [TUI_PAINT_WARNING] = A_NORMAL,
	};

	if (!use_color)
		return mono[p];
	if (p == TUI_PAINT_DEFAULT)
		return A_DIM;
	return COLOR_PAIR(p) | (p == TUI_PAINT_HEADING || p == TUI_PAINT_ERROR ? A_BOLD : 0);
}

/* --- text of any width --- */

/* Bytes and columns of the next character of s; unprintable ones (the
 * rule `helios job show` follows too) show as '?'. */
static size_t next_glyph(const char *s, int *cols, bool *printable)
{
	long cp;
	size_t n = helios_utf8_next(s, 4, &cp);	/* s ends in NUL, no continuation byte */
	int w = helios_utf8_is_control(cp) ? -1 : wcwidth((wchar_t)cp);

	*printable = w >= 0;
	*cols = w >= 0 ? w : 1;
	return n;
}

/* Draw s at (y, x) in at most width columns; returns the columns used. */
static int put(int y, int x, int width, const char *s, attr_t attr)
{
	int used = 0;

	if (width <= 0)
		return 0;
	move(y, x);
	attron(attr);
	while (*s) {
		int cols;
		bool printable;
		size_t n = next_glyph(s, &cols, &printable);

		if (used + cols > width)
			break;
		if (printable)
			addnstr(s, (int)n);
		else
			addch('?');
		used += cols;
		s += n;
	}
	attroff(attr);
	return used;
}

/* Bytes of s that fit in width columns. */
static size_t fit(const char *s, size_t len, int width)
{
	size_t at = 0;
	int used = 0;

	while (at < len && s[at]) {
		int cols;
		bool printable;
		size_t n = next_glyph(s + at, &cols, &printable);

		if (used + cols > width)
			break;
		used += cols;
		at += n;
	}
	return at;
}

static int text_width(const char *s)
{
	int w = 0;

	while (*s) {
		int cols;
		bool printable;

		s += next_glyph(s, &cols, &printable);
		w += cols;
	}
	return w;
}

/* Like put, but text that does not fit ends in "…" instead of just stopping. */
static void put_cut(int y, int x, int width, const char *s, attr_t attr)
{
	if (text_width(s) <= width) {
		put(y, x, width, s, attr);
		return;
	}
	put(y, x, width - 1, s, attr);
	put(y, x + width - 1, 1, "\xe2\x80\xa6", attr);
}

/*
 * Like put_cut, but a name that does not fit loses its middle: a quarter of
 * the room keeps its start, the rest its end, where names differ
 * (output_part_9.mp4 and output_part_10.mp4 stay told apart in a narrow
 * column: "ou…art_9.mp4", "ou…rt_10.mp4").  Returns the columns used.
 */
static int put_mid(int y, int x, int width, const char *s, attr_t attr)
{
	int total = text_width(s), tail, head, used;
	const char *end = s;

	if (total <= width)
		return put(y, x, width, s, attr);
	if (width < 3) {
		put_cut(y, x, width, s, attr);
		return width;
	}
	head = (width - 1) / 4 > 0 ? (width - 1) / 4 : 1;
	tail = width - 1 - head;
	/* The end: skip characters until what is left fits the tail. */
	while (*end && total > tail) {
		int cols;
		bool printable;

		end += next_glyph(end, &cols, &printable);
		total -= cols;
	}
	used = put(y, x, head, s, attr);
	put(y, x + used, 1, "\xe2\x80\xa6", attr);
	return used + 1 + put(y, x + used + 1, tail, end, attr);
}

static void put_n(int y, int x, int width, const char *s, size_t len, attr_t attr)
{
	char *copy = strndup(s, len);

	if (copy) {
		put(y, x, width, copy, attr);
		free(copy);
	}
}

/*
 * Word-wrap s into width columns.  Draws at most max_lines lines from (y, x)
 * (none when max_lines is 0) and returns the number of lines s needs.  When
 * it needs more than it gets, the last line drawn ends in "…" so nothing is
 * cut silently.
 */
static int wrap(const char *s, int y, int x, int width, int max_lines, attr_t attr)
{
	size_t len = strlen(s), at = 0;
	int lines = 0;

	if (width < 2)
		return 0;
	while (at < len || lines == 0) {
		size_t n = fit(s + at, len - at, width), next;

		if (n == 0 && at < len)
			n = 1;
		next = at + n;
		if (at + n < len) {
			size_t sp = n;

			while (sp > 0 && s[at + sp - 1] != ' ')
				sp--;
			if (sp > 0) {
				n = sp - 1;
				next = at + sp;
			}
		}
		if (lines < max_lines) {
			bool last = lines == max_lines - 1 && next < len;

			if (last) {
				size_t m = fit(s + at, n, width - 1);

				put_n(y + lines, x, width - 1, s + at, m, attr);
				put(y + lines, x + width - 1, 1, "\xe2\x80\xa6", paint(TUI_PAINT_ERROR));
			} else {
				put_n(y + lines, x, width, s + at, n, attr);
			}
		}
		lines++;
		at = next;
		if (at >= len)
			break;
	}
	return lines;
}

/* Wide line-drawing characters: they read back as themselves from the
 * screen (the replay dump), unlike ACS ones. */
static void hline_at(int y, int x, int width)
{
	mvhline_set(y, x, WACS_HLINE, width);
}

static void vline_at(int y, int x, int height)
{
	mvvline_set(y, x, WACS_VLINE, height);
}

/* --- the form --- */

/* What a field shows without a value: the table's unset text, or its
 * renderer fallback; a codec names the container's default once the output
 * names a container. */
static const char *unset_text(const struct tui_state *st, enum helios_option_id id, char *buf,
			      size_t size)
{
	const struct helios_option *opt = &helios_options[id];
	const struct helios_container *c = helios_container_for_path(
		helios_settings_get(&st->settings, HELIOS_OPTION_OUTPUT));

	if ((opt->type == HELIOS_TYPE_VCODEC || opt->type == HELIOS_TYPE_ACODEC) && c) {
		const char *name = opt->type == HELIOS_TYPE_VCODEC ? c->default_video : c->default_audio;

		/* Images hold no sound. */
		snprintf(buf, size, name ? "(default: %s)" : "(none: %s holds no sound)", name ? name : c->name);
		return buf;
	}
	if (opt->unset)
		return opt->unset;
	if (!opt->fallback)
		return "(not set)";
	snprintf(buf, size, "(default: %s)", opt->fallback);
	return buf;
}

/* Columns of a form row before its value: marks, then the label. */
#define FORM_LABEL_WIDTH 18
#define FORM_VALUE_X (3 + FORM_LABEL_WIDTH)

/* The text a row shows when it is not being edited. */
static const char *shown_value(const struct tui_state *st, int field, char *buf, size_t size,
			       bool *is_default)
{
	enum helios_option_id id = tui_field_option(st, field);
	const char *value = tui_field_value(st, field, is_default);

	if (id != HELIOS_OPTION_COUNT && *is_default && !*value)
		return unset_text(st, id, buf, size);
	return value;
}

/*
 * The form's width: at least 40 columns, and as wide as its widest value up
 * to two fifths of the screen, so that on a wide terminal a path is whole
 * while a narrow one keeps its room for the preview.
 */
static int form_width(const struct tui_state *st)
{
	int widest = 0, most = COLS * 2 / 5, w;
	char buf[64];
	bool is_default;

	for (int f = 0; f < st->field_count; f++) {
		w = text_width(shown_value(st, f, buf, sizeof(buf), &is_default));
		widest = w > widest ? w : widest;
	}
	w = FORM_VALUE_X + widest + 1;
	if (w > most)
		w = most;
	return w < 40 ? 40 : w;
}

/* Values whose end says the most (a file name, a URL's page). */
static bool is_path_type(enum helios_option_type type)
{
	return type == HELIOS_TYPE_INPUT || type == HELIOS_TYPE_PATH || type == HELIOS_TYPE_DIR ||
	       type == HELIOS_TYPE_URL;
}

static void draw_field(struct tui_ui *ui, int field, int y, int width)
{
	struct tui_state *st = ui->st;
	enum helios_option_id id = tui_field_option(st, field);
	const char *error = tui_field_error(st, field);
	bool focused = field == st->focus, is_default = false;
	const char *value;
	attr_t row = focused ? A_REVERSE : 0, vattr = row;
	int lw = FORM_LABEL_WIDTH, vx = 3 + lw, vw = width - vx - 1;
	char buf[64];
	struct helios_buf warning;
	bool warned;

	helios_buf_init(&warning);
	warned = tui_field_warning(st, field, &warning);
	helios_buf_release(&warning);
	if (focused)
		mvhline(y, 0, ' ' | A_REVERSE, width);
	/* '!' cannot be saved; '*' is saved with a warning. */
	put(y, 0, 1, error ? "!" : warned ? "*" : " ",
	    (error ? paint(TUI_PAINT_ERROR) : warned ? paint(TUI_PAINT_WARNING) : 0) | row);
	put(y, 1, 1, focused ? ">" : " ", row);
	put(y, 3, lw - 1, tui_field_label(st, field), row);
	if (st->editing && focused) {
		/* Scroll the line so the cursor stays visible. */
		const char *text = helios_buf_str(&st->edit);
		char *before = strndup(text, st->cursor);
		int cw = before ? text_width(before) : 0;
		size_t skip = 0;

		free(before);
		while (cw >= vw && text[skip]) {
			int cols;
			bool printable;

			skip += next_glyph(text + skip, &cols, &printable);
			cw -= cols;
		}
		mvhline(y, vx, ' ', vw);
		put(y, vx, vw, text + skip, A_UNDERLINE | (error ? paint(TUI_PAINT_ERROR) : 0));
		move(y, vx + cw);
		return;
	}
	if (error)
		vattr |= paint(TUI_PAINT_ERROR);
	value = shown_value(st, field, buf, sizeof(buf), &is_default);
	if (is_default)
		vattr |= paint(TUI_PAINT_DEFAULT);
	if (focused && text_width(value) > vw)
		ui->focus_cut = true;
	if (id != HELIOS_OPTION_COUNT && is_path_type(helios_options[id].type))
		put_mid(y, vx, vw, value, vattr);
	else
		put_cut(y, vx, vw, value, vattr);
}

static void draw_form(struct tui_ui *ui, int top, int rows, int width)
{
	struct tui_state *st = ui->st;
	int fields = st->field_count, shown = rows - 3 < fields ? rows - 3 : fields;
	int first = ui->geo.form_first, y, cursor_y = -1, cursor_x = 0, n;
	const char *error, *help;
	struct helios_buf warning;

	if (shown < 1)
		shown = 1;
	if (st->focus < first)
		first = st->focus;
	if (st->focus >= first + shown)
		first = st->focus - shown + 1;
	if (first > fields - shown)
		first = fields - shown;
	if (first < 0)
		first = 0;
	ui->geo.form_first = first;
	ui->geo.form_y = top;
	ui->geo.form_rows = shown;
	ui->geo.form_width = width;
	ui->focus_cut = false;
	for (int i = 0; i < shown && first + i < fields; i++) {
		draw_field(ui, first + i, top + i, width);
		if (first + i == st->focus && st->editing)
			getyx(stdscr, cursor_y, cursor_x);
	}
	y = top + shown;
	hline_at(y, 0, width);
	/* The form scrolls: say how many rows are out of sight, and where. */
	if (first > 0 || first + shown < fields) {
		char more[64];

		if (first > 0 && first + shown < fields)
			snprintf(more, sizeof(more), " \xe2\x86\x91 %d above, \xe2\x86\x93 %d below ", first,
				 fields - first - shown);
		else if (first > 0)
			snprintf(more, sizeof(more), " \xe2\x86\x91 %d more above ", first);
		else
			snprintf(more, sizeof(more), " \xe2\x86\x93 %d more below ", fields - first - shown);
		put(y, 2, width - 4, more, paint(TUI_PAINT_HEADING));
	}
	y++;
	/* Under the form: the focused row's error or warning, or what the
	 * row means. */
	error = tui_field_error(st, st->focus);
	helios_buf_init(&warning);
	helios_buf_puts(&warning, "warning: ");
	if (error) {
		n = wrap(error, y, 1, width - 2, top + rows - y, paint(TUI_PAINT_ERROR));
	} else if (tui_field_warning(st, st->focus, &warning)) {
		n = wrap(helios_buf_str(&warning), y, 1, width - 2, top + rows - y, paint(TUI_PAINT_WARNING));
	} else {
		help = tui_field_help(st, st->focus);
		n = wrap(help, y, 1, width - 2, top + rows - y, paint(TUI_PAINT_DEFAULT));
	}
	if (n > top + rows - y)
		ui->focus_cut = true;
	helios_buf_release(&warning);
	if (cursor_y >= 0)
		move(cursor_y, cursor_x);
}

/* --- the preview --- */

static int digits(int64_t v)
{
	int n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

static double seconds_of(const struct helios_config *cfg, int64_t frames)
{
	return (double)frames * (double)cfg->fps.den / (double)cfg->fps.num;
}

/* Two sentences, each wrapped onto at most two lines; returns the lines used. */
static int draw_summary(struct tui_state *st, int y, int x, int width)
{
	const struct helios_plan *p = &st->cfg.plan;
	int64_t smallest, largest;
	char line[256];
	int n;

	helios_plan_extremes(p, &smallest, &largest);
	snprintf(line, sizeof(line), "%lld frames, %.3f s at %s fps, frames %lld-%lld",
		 (long long)p->total_frames, seconds_of(&st->cfg, p->total_frames), st->cfg.fps_text,
		 (long long)p->start_frame, (long long)(p->start_frame + p->total_frames - 1));
	n = wrap(line, y, x, width, 2, A_BOLD);
	n = n < 2 ? n : 2;
	if (smallest == largest)
		snprintf(line, sizeof(line), "%lld chunk%s of %lld frames", (long long)p->chunk_count,
			 p->chunk_count == 1 ? "" : "s", (long long)largest);
	else
		snprintf(line, sizeof(line), "%lld chunks: smallest %lld, largest %lld frames",
			 (long long)p->chunk_count, (long long)smallest, (long long)largest);
	if (p->chunk_count < p->requested)
		snprintf(line + strlen(line), sizeof(line) - strlen(line), " (%lld asked)",
			 (long long)p->requested);
	return n + (wrap(line, y + n, x, width, 2, 0) < 2 ? 1 : 2);
}

/* Seconds as a person reads them: "8.4 s", "3m07s", "2h05m". */
static void duration_text(double s, char *out, size_t size)
{
	long t = (long)(s + 0.5);

	if (s < 60)
		snprintf(out, size, "%.1f s", s);
	else if (t < 3600)
		snprintf(out, size, "%ldm%02lds", t / 60, t % 60);
	else
		snprintf(out, size, "%ldh%02ldm", t / 3600, t % 3600 / 60);
}

/* The probe's line or two: what it is doing, or what the page declares and
 * what the plan costs by its figures (recomputed on every change). */
static int draw_cost(struct tui_state *st, int y, int x, int width)
{
	static const char spinner[] = "|/-\\";
	const struct helios_probe_report *r = &st->report;
	const struct helios_plan *p = &st->cfg.plan;
	int64_t workers = tui_state_workers(st), smallest, largest;
	char line[320], wall[32], here[32], chunk[32];

	switch (st->probe) {
	case TUI_PROBE_NONE:
		put(y, x, width, "Cost unknown: p probes the page", paint(TUI_PAINT_DEFAULT));
		return 1;
	case TUI_PROBE_RUNNING:
		snprintf(line, sizeof(line), "Probing the page %c  (Esc cancels)", spinner[st->probe_spin % 4]);
		put(y, x, width, line, paint(TUI_PAINT_HEADING));
		return 1;
	case TUI_PROBE_FAILED:
		snprintf(line, sizeof(line), "Probe failed: %s", st->probe_error);
		return wrap(line, y, x, width, 2, paint(TUI_PAINT_ERROR)) < 2 ? 1 : 2;
	case TUI_PROBE_DONE:
		break;
	}
	if (r->duration > 0 || r->fps > 0) {
		char d[32] = "", f[32] = "";

		if (r->duration > 0)
			snprintf(d, sizeof(d), "%.6g s", r->duration);
		if (r->fps > 0)
			snprintf(f, sizeof(f), "%.6g fps", r->fps);
		snprintf(line, sizeof(line), "Page: %s%s%s (a adopts)", d, *d && *f ? " at " : "", f);
	} else {
		snprintf(line, sizeof(line), "Page: %s", r->has_helios ? "declares no duration or fps"
								     : "no window.helios (give duration and fps)");
	}
	put_cut(y, x, width, line, paint(TUI_PAINT_OK));
	helios_plan_extremes(p, &smallest, &largest);
	duration_text(helios_cost_wall(p, &r->cost, workers), wall, sizeof(wall));
	duration_text(helios_cost_wall_here(p, &r->cost, workers, r->cores), here, sizeof(here));
	duration_text(helios_cost_chunk(&r->cost, largest), chunk, sizeof(chunk));
	snprintf(line, sizeof(line), "ETA %s on %lld worker%s ({ }), here %s; %s a chunk", wall,
		 (long long)workers, workers == 1 ? "" : "s", here, chunk);
	put_cut(y + 1, x, width, line, 0);
	return 2;
}

/*
 * A bar as wide as the pane, each column standing for an equal share of the
 * frames.  With room for them, every boundary gets a mark and its frame
 * number; with more chunks than half the columns the bar is a solid band
 * (marks would merge) and the labels are boundaries spread along it.
 */
static void draw_timeline(struct tui_state *st, int y, int x, int width)
{
	const struct helios_plan *p = &st->cfg.plan;
	int bw = width - 1, label_end = 0;
	bool dense = p->chunk_count > bw / 2;
	int64_t prev = -1;
	char label[32];

	if (bw < 2)
		return;
	for (int c = 0; c < bw; c++) {
		int64_t frame = p->start_frame + (int64_t)((__int128)c * p->total_frames / bw);
		int64_t id = helios_plan_chunk_of_frame(p, frame);
		bool boundary = id != prev && (!dense || c == 0 || c - label_end >= 2);
		attr_t a = paint(id % 2 ? TUI_PAINT_CHUNK_B : TUI_PAINT_CHUNK_A);
		chtype ch = dense ? '#' : id % 2 ? '-' : '=';

		if (id == st->selected || (dense && id < st->selected &&
					   st->selected < helios_plan_chunk_of_frame(p, frame + 1 +
						(int64_t)((__int128)p->total_frames / bw))))
			a |= A_REVERSE;
		if (boundary) {
			struct helios_chunk chunk = helios_plan_chunk(p, dense ? helios_plan_chunk_of_frame(p, frame) : id);
			int len = snprintf(label, sizeof(label), "%lld", (long long)chunk.start_frame);

			if (c >= label_end && c + len <= bw) {
				put(y + 1, x + c, len, label, paint(TUI_PAINT_DEFAULT));
				label_end = c + len + 1;
				if (dense)
					ch = '|';
			}
		}
		if (!dense && boundary)
			ch = '|';
		mvaddch(y, x + c, ch | a);
		prev = id;
	}
	mvaddch(y, x + bw, '|');
	{
		int len = snprintf(label, sizeof(label), "%lld",
				   (long long)(p->start_frame + p->total_frames));

		if (bw + 1 - len >= label_end)
			put(y + 1, x + bw + 1 - len, len, label, paint(TUI_PAINT_DEFAULT));
	}
}

static void draw_table(struct tui_state *st, int y, int x, int width, int rows)
{
	const struct helios_plan *p = &st->cfg.plan;
	int64_t smallest, largest, last = p->start_frame + p->total_frames - 1;
	int iw = digits(p->chunk_count - 1), fw = digits(last), cw, rw;
	struct helios_buf out, row;
	char line[512];

	helios_plan_extremes(p, &smallest, &largest);
	if (iw < 2)
		iw = 2;
	cw = digits(largest) < 6 ? 6 : digits(largest);
	/* The frames column is as wide as its widest visible range. */
	tui_state_scroll(st, rows - 1);
	rw = 6;
	for (int r = 0; r < rows - 1 && st->table_top + r < p->chunk_count; r++) {
		struct helios_chunk ch = helios_plan_chunk(p, st->table_top + r);
		int w = digits(ch.start_frame) + 1 + digits(ch.start_frame + ch.frame_count - 1);

		rw = w > rw ? w : rw;
	}
	(void)fw;
	snprintf(line, sizeof(line), "%*s  %-*s  %*s  %8s  %s", iw, "id", rw, "frames", cw, "count",
		 "seconds", "output");
	put(y, x, width, line, paint(TUI_PAINT_HEADING));
	tui_state_scroll(st, rows - 1);
	helios_buf_init(&out);
	helios_buf_init(&row);
	for (int r = 0; r < rows - 1 && st->table_top + r < p->chunk_count; r++) {
		int64_t id = st->table_top + r;
		struct helios_chunk ch = helios_plan_chunk(p, id);
		char range[64];
		attr_t a = id == st->selected ? A_REVERSE : 0;

		snprintf(range, sizeof(range), "%lld-%lld", (long long)ch.start_frame,
			 (long long)(ch.start_frame + ch.frame_count - 1));
		helios_buf_clear(&out);
		helios_layout_chunk_output(&st->layout, id, &out);
		helios_buf_clear(&row);
		helios_buf_printf(&row, "%*lld  %-*s  %*lld  %8.2f  ", iw, (long long)id, rw, range, cw,
				  (long long)ch.frame_count, seconds_of(&st->cfg, ch.frame_count));
		if (a)
			mvhline(y + 1 + r, x, ' ' | A_REVERSE, width);
		/* The numbers, then the output in what is left, shortened in
		 * the middle: the chunk's own part of the name is at its end. */
		if (text_width(helios_buf_str(&row)) >= width) {
			put_cut(y + 1 + r, x, width, helios_buf_str(&row), a);
			continue;
		}
		put_mid(y + 1 + r, x + text_width(helios_buf_str(&row)), width - text_width(helios_buf_str(&row)),
			helios_buf_str(&out), a);
		put(y + 1 + r, x, width, helios_buf_str(&row), a);
	}
	helios_buf_release(&out);
	helios_buf_release(&row);
}

/* The merge command in full up to a size; beyond it, the middle is left out
 * and the heading says so. */
#define MERGE_FULL_MAX 64

static void merge_text(const struct tui_state *st, struct helios_buf *out, bool *elided)
{
	int64_t n = st->cfg.plan.chunk_count;

	helios_layout_merge_head(&st->layout, out);
	*elided = n > MERGE_FULL_MAX;
	for (int64_t id = 0; id < n; id++) {
		if (*elided && id == 3) {
			helios_buf_printf(out, " \xe2\x80\xa6 (%lld more) \xe2\x80\xa6", (long long)(n - 4));
			id = n - 1;
		}
		helios_layout_merge_append(&st->layout, id, out);
	}
}

struct section {
	char heading[128];
	struct helios_buf text;
	int need, got;
};

static void draw_preview(struct tui_ui *ui, int top, int rows, int x, int width)
{
	struct tui_state *st = ui->st;
	struct section sec[3];
	struct helios_chunk ch;
	int y = top, bottom = top + rows, left, table_rows;
	bool elided;

	ui->geo.table_rows = 0;
	if (!st->planned) {
		put(y, x, width, "No plan can be made:", paint(TUI_PAINT_ERROR));
		wrap(st->plan_error.text, y + 1, x, width, rows - 1, paint(TUI_PAINT_ERROR));
		return;
	}
	y += draw_summary(st, y, x, width);
	y += draw_cost(st, y, x, width);
	draw_timeline(st, y, x, width);
	y += 2;

	for (int i = 0; i < 3; i++)
		helios_buf_init(&sec[i].text);
	ch = helios_plan_chunk(&st->cfg.plan, st->selected);
	snprintf(sec[0].heading, sizeof(sec[0].heading), "Chunk %lld command:", (long long)st->selected);
	helios_layout_chunk_command(&st->layout, &ch, &sec[0].text);
	merge_text(st, &sec[1].text, &elided);
	if (elided)
		snprintf(sec[1].heading, sizeof(sec[1].heading), "Merge command (%lld inputs, middle not shown):",
			 (long long)st->cfg.plan.chunk_count);
	else
		snprintf(sec[1].heading, sizeof(sec[1].heading), "Merge command:");
	snprintf(sec[2].heading, sizeof(sec[2].heading), "Same as:");
	helios_layout_cli_command(&st->settings, &sec[2].text);

	/* The table keeps at least 4 rows; the texts share the rest in order. */
	left = bottom - y - 4;
	for (int i = 0; i < 3; i++) {
		int later = 2 * (2 - i), cap;

		sec[i].need = 1 + wrap(helios_buf_str(&sec[i].text), 0, 0, width, 0, 0);
		cap = left - later;
		if (cap < 2)
			cap = 2;
		sec[i].got = sec[i].need < cap ? sec[i].need : cap;
		if (sec[i].got > left)
			sec[i].got = left > 0 ? left : 0;
		left -= sec[i].got;
	}
	table_rows = bottom - y - (sec[0].got + sec[1].got + sec[2].got);
	ui->geo.table_y = y + 1;
	ui->geo.table_rows = table_rows - 1;
	draw_table(st, y, x, width, table_rows);
	ui->geo.table_top = st->table_top;
	y += table_rows;
	for (int i = 0; i < 3; i++) {
		if (sec[i].got < 1)
			continue;
		put(y, x, width, sec[i].heading, paint(TUI_PAINT_HEADING));
		wrap(helios_buf_str(&sec[i].text), y + 1, x, width, sec[i].got - 1, 0);
		y += sec[i].got;
	}
	for (int i = 0; i < 3; i++)
		helios_buf_release(&sec[i].text);
}

/* --- overlays --- */

static void frame(int y, int x, int h, int w, const char *title)
{
	for (int r = 0; r < h; r++)
		mvhline(y + r, x, ' ', w);
	mvadd_wch(y, x, WACS_ULCORNER);
	mvadd_wch(y, x + w - 1, WACS_URCORNER);
	mvadd_wch(y + h - 1, x, WACS_LLCORNER);
	mvadd_wch(y + h - 1, x + w - 1, WACS_LRCORNER);
	hline_at(y, x + 1, w - 2);
	hline_at(y + h - 1, x + 1, w - 2);
	vline_at(y + 1, x, h - 2);
	vline_at(y + 1, x + w - 1, h - 2);
	put_cut(y, x + 2, w - 4, title, A_BOLD);
}

/* Lines of the help screen's text at width w (headings included). */
static int help_lines(int w)
{
	int line = 0;

	for (int c = 0; c < tui_context_count; c++) {
		line++;
		for (const struct tui_key *k = tui_keys; k->names; k++)
			if (k->contexts & tui_contexts[c])
				line += wrap(k->help, 0, 0, w - 27, 0, 0);
	}
	return line;
}

static void draw_help(struct tui_ui *ui)
{
	int h = LINES - 2, w = COLS - 4, y = 1, x = 2, rows = h - 3, line = 0, last;
	char title[96];

	/* It stops at its end: the last line at the bottom, no further. */
	last = help_lines(w) - rows;
	if (ui->help_top > last)
		ui->help_top = last;
	if (ui->help_top < 0)
		ui->help_top = 0;
	snprintf(title, sizeof(title), " Keys (Esc, q or F1 closes; Up/Down scroll)%s ",
		 last <= 0 ? "" : ui->help_top >= last ? " \xe2\x80\x94 end" : " \xe2\x86\x93 more");
	frame(y, x, h, w, title);
	for (int c = 0; c < tui_context_count; c++) {
		int row = line - ui->help_top;

		if (row >= 0 && row < rows)
			put(y + 1 + row, x + 2, w - 4, tui_context_title(tui_contexts[c]),
			    paint(TUI_PAINT_HEADING));
		line++;
		for (const struct tui_key *k = tui_keys; k->names; k++) {
			if (!(k->contexts & tui_contexts[c]))
				continue;
			int n = wrap(k->help, 0, 0, w - 27, 0, 0);

			row = line - ui->help_top;
			if (row >= 0 && row + n <= rows) {
				put(y + 1 + row, x + 4, 20, k->names, A_BOLD);
				wrap(k->help, y + 1 + row, x + 25, w - 27, n, 0);
			}
			line += n;
		}
	}
	put(y + h - 2, x + 2, w - 4, "Mouse: click a field to select it, a chunk row to show its command.",
	    paint(TUI_PAINT_DEFAULT));
}

static void draw_files(struct tui_ui *ui)
{
	struct tui_picker *b = &ui->picker;
	int h = LINES - 4, w = COLS - 8, y = 2, x = 4, rows = h - 5;
	char title[512];

	struct helios_buf rel;

	/* Below the working directory, say where relative to it (as the Input
	 * field will); elsewhere the absolute path. */
	helios_buf_init(&rel);
	helios_path_relative(&rel, ui->st->cwd, ".", helios_buf_str(&b->dir));
	snprintf(title, sizeof(title), " Input: %s ",
		 strncmp(helios_buf_str(&rel), "..", 2) == 0 ? helios_buf_str(&b->dir)
							      : helios_buf_str(&rel));
	helios_buf_release(&rel);
	frame(y, x, h, w, title);
	put(y + 1, x + 2, 16, "Filter or path:", 0);
	put(y + 1, x + 18, w - 20, helios_buf_str(&b->filter), A_UNDERLINE);
	if (b->selected < b->top)
		b->top = b->selected;
	if (b->selected >= b->top + (size_t)rows)
		b->top = b->selected - (size_t)rows + 1;
	ui->geo.list_y = y + 2;
	ui->geo.list_rows = rows;
	ui->geo.list_x = x + 1;
	ui->geo.list_width = w - 2;
	ui->geo.list_top = b->top;
	if (b->error[0])
		put(y + 2, x + 2, w - 4, b->error, paint(TUI_PAINT_ERROR));
	else if (!b->shown_count)
		put(y + 2, x + 2, w - 4, "(nothing matches: Enter takes the text as a path or URL)",
		    paint(TUI_PAINT_DEFAULT));
	for (int r = 0; r < rows && b->top + (size_t)r < b->shown_count; r++) {
		size_t i = b->top + (size_t)r;
		const struct tui_entry *e = &b->entries[b->shown[i]];
		attr_t a = e->is_dir ? paint(TUI_PAINT_DIR) : e->is_html ? paint(TUI_PAINT_HTML) : 0;
		int used;

		if (i == b->selected) {
			a |= A_REVERSE;
			mvhline(y + 2 + r, x + 1, ' ' | A_REVERSE, w - 2);
		}
		used = put_mid(y + 2 + r, x + 2, w - 5, e->name, a);
		if (e->is_dir)
			put(y + 2 + r, x + 2 + used, 1, "/", a);
	}
	put(y + h - 2, x + 2, w - 4,
	    "Enter open/choose  Backspace/Left up  type to filter or give a path/URL  Esc cancel",
	    paint(TUI_PAINT_DEFAULT));
	move(y + 1, x + 18 + text_width(helios_buf_str(&b->filter)));
}

static void draw_codecs(struct tui_ui *ui)
{
	struct tui_state *st = ui->st;
	const struct helios_option *o = &helios_options[ui->codec_option];
	enum helios_codec_kind kind = o->type == HELIOS_TYPE_VCODEC ? HELIOS_CODEC_VIDEO
								       : HELIOS_CODEC_AUDIO;
	const char *out = helios_settings_get(&st->settings, HELIOS_OPTION_OUTPUT);
	const struct helios_container *c = helios_container_for_path(out);
	int n = 2, h, w = COLS - 8, y, x = 4, r = 0;
	char title[128], line[256];

	for (size_t i = 0; i < helios_codec_count; i++)
		n += helios_codecs[i].kind == kind;
	h = n + 4;
	y = (LINES - h) / 2;
	snprintf(title, sizeof(title), " %s for %s ", o->label, out);
	frame(y, x, h, w, title);
	ui->geo.list_y = y + 1;
	ui->geo.list_rows = n;
	ui->geo.list_x = x + 1;
	ui->geo.list_width = w - 2;
	ui->geo.list_top = 0;
	for (int i = -1; i < (int)helios_codec_count; i++) {
		const struct helios_codec *k = i >= 0 ? &helios_codecs[i] : NULL;
		bool fits = !k || !c || helios_codec_fits(k, c);
		attr_t a = fits ? 0 : paint(TUI_PAINT_DEFAULT);

		if (k && k->kind != kind)
			continue;
		if (i == ui->codec_selected) {
			a |= A_REVERSE;
			mvhline(y + 1 + r, x + 1, ' ' | A_REVERSE, w - 2);
		}
		if (!k)
			snprintf(line, sizeof(line), "%-12s %s", "(default)",
				 !c ? "the container's default"
				 : kind == HELIOS_CODEC_VIDEO ? c->default_video
				 : c->default_audio ? c->default_audio : "none: images hold no sound");
		else
			snprintf(line, sizeof(line), "%-12s %s%s%s", k->name, k->description,
				 fits ? "" : "  [not in ", fits ? "" : c->name);
		if (!fits)
			strncat(line, "]", sizeof(line) - strlen(line) - 1);
		put(y + 1 + r, x + 2, w - 4, line, a);
		r++;
	}
	{
		/* Last: any other encoder, typed on the row. */
		attr_t a = 0;
		const char *cur = helios_settings_get(&st->settings, ui->codec_option);

		if (ui->codec_selected == (int)helios_codec_count) {
			a = A_REVERSE;
			mvhline(y + 1 + r, x + 1, ' ' | A_REVERSE, w - 2);
		}
		/* Padded by hand: "…" is one column in three bytes. */
		snprintf(line, sizeof(line), "%s       %s%s%s", "other\xe2\x80\xa6",
			 "type an encoder's name (the workers' ffmpeg must have it)",
			 cur && !helios_codec_find(cur) ? ": now " : "", cur && !helios_codec_find(cur) ? cur : "");
		put_cut(y + 1 + r, x + 2, w - 4, line, a);
	}
	put(y + h - 2, x + 2, w - 4, "Enter choose  Esc cancel  (marked ones do not fit the container)",
	    paint(TUI_PAINT_DEFAULT));
}

/* The focused field in full: what its row and the lines under the form
 * may have cut. */
static void draw_field_info(struct tui_ui *ui)
{
	struct tui_state *st = ui->st;
	int w = COLS - 8, x = 4, tw = w - 4, y, h, nv, nm;
	const char *error = tui_field_error(st, st->focus), *value, *msg;
	struct helios_buf warning;
	char buf[64], title[128];
	bool is_default;
	attr_t mattr = 0;

	helios_buf_init(&warning);
	helios_buf_puts(&warning, "warning: ");
	value = shown_value(st, st->focus, buf, sizeof(buf), &is_default);
	if (!*value)
		value = "(empty)";
	if (error) {
		msg = error;
		mattr = paint(TUI_PAINT_ERROR);
	} else if (tui_field_warning(st, st->focus, &warning)) {
		msg = helios_buf_str(&warning);
		mattr = paint(TUI_PAINT_WARNING);
	} else {
		msg = tui_field_help(st, st->focus);
	}
	/* As tall as its text, centred; a text taller than the screen ends in "…". */
	nv = wrap(value, 0, 0, tw, 0, 0);
	nm = wrap(msg, 0, 0, tw, 0, 0);
	h = nv + nm + 3;
	if (h > LINES - 2)
		h = LINES - 2;
	y = (LINES - h) / 2;
	snprintf(title, sizeof(title), " %s (any key closes) ", tui_field_label(st, st->focus));
	frame(y, x, h, w, title);
	/* The value first, leaving the message a line at least. */
	if (nv > h - 4)
		nv = h - 4 > 1 ? h - 4 : 1;
	wrap(value, y + 1, x + 2, tw, nv, is_default ? paint(TUI_PAINT_DEFAULT) : A_BOLD);
	wrap(msg, y + 2 + nv, x + 2, tw, h - 3 - nv, mattr);
	helios_buf_release(&warning);
}

static void draw_quit(struct tui_ui *ui)
{
	int w = 56, h = 6, y = (LINES - h) / 2, x = (COLS - w) / 2;
	const char *job = ui->st->cfg.job_path;
	char line[128];

	if (!ui->st->planned)
		job = helios_settings_get(&ui->st->settings, HELIOS_OPTION_EMIT_JOB);
	frame(y, x, h, w, " Unsaved changes ");
	snprintf(line, sizeof(line), "Save to %s before quitting?", job ? job : "a job file");
	put(y + 1, x + 2, w - 4, "The settings changed since the last save.", 0);
	put(y + 2, x + 2, w - 4, line, 0);
	put(y + 4, x + 2, w - 4, "y save and quit   n quit without saving   Esc stay", A_BOLD);
}

static void draw_title(struct tui_ui *ui)
{
	struct tui_state *st = ui->st;
	const char *job = helios_settings_get(&st->settings, HELIOS_OPTION_EMIT_JOB);
	const char *right = "F1 help  F2 save  F10 quit ";
	int rw = (int)strlen(right);

	attron(paint(TUI_PAINT_TITLE));
	mvhline(0, 0, ' ', COLS);
	attroff(paint(TUI_PAINT_TITLE));
	const char *label = " helios-tui  job: ", *mark = st->dirty ? "  [modified]" : "";
	int room = COLS - rw - 1 - (int)strlen(label) - (int)strlen(mark), used;

	/* The job's path loses its middle; "[modified]" always shows. */
	put(0, 0, (int)strlen(label), label, paint(TUI_PAINT_TITLE) | A_BOLD);
	used = put_mid(0, (int)strlen(label), room, job ? job : "(not set)", paint(TUI_PAINT_TITLE) | A_BOLD);
	put(0, (int)strlen(label) + used, (int)strlen(mark), mark, paint(TUI_PAINT_TITLE) | A_BOLD);
	put(0, COLS - rw, rw, right, paint(TUI_PAINT_TITLE));
}

static void draw_status(struct tui_ui *ui)
{
	struct tui_state *st = ui->st;
	const char *hint;

	if (ui->view == TUI_VIEW_REPLACE) {
		char ask[512];

		snprintf(ask, sizeof(ask), "'%s' is not the job loaded or saved here: replace it? (y/n)",
			 st->cfg.job_path);
		put_cut(LINES - 1, 0, COLS, ask, paint(TUI_PAINT_WARNING) | A_BOLD);
		return;
	}
	if (ui->prompt != TUI_PROMPT_NONE) {
		char ask[96];

		snprintf(ask, sizeof(ask), "%s %s", ui->prompt == TUI_PROMPT_FIND ? "Find the chunk of frame:" : "Go to chunk:",
			 ui->prompt_text);
		put(LINES - 1, 0, COLS, ask, A_BOLD);
		put(LINES - 1, text_width(ask) + 2, COLS - text_width(ask) - 2, "(Enter go, Esc close)",
		    paint(TUI_PAINT_DEFAULT));
		move(LINES - 1, text_width(ask));
		curs_set(1);
		return;
	}
	if (st->message[0]) {
		put_cut(LINES - 1, 0, COLS, st->message,
			ui->message_error ? paint(TUI_PAINT_ERROR) : paint(TUI_PAINT_OK));
		return;
	}
	if (st->editing && st->save_after_edit)
		hint = "Job file path to save to: Enter saves, Esc cancels";
	else if (st->editing)
		hint = "Enter keep  Esc cancel  Ctrl-U clear  Left/Right move";
	else if (ui->focus_cut)
		hint = "i shows the field in full  Enter edit/pick  Left/Right step  F2 save  ? help";
	else
		hint = "Enter edit/pick  Left/Right step  [ ] PgUp PgDn chunks  F2 save  ? help  q quit";
	put(LINES - 1, 0, COLS, hint, paint(TUI_PAINT_DEFAULT));
}

void tui_draw(struct tui_ui *ui)
{
	int fw, body = LINES - 2, cy, cx;
	char line[128];

	erase();
	curs_set(0);
	if (COLS < TUI_MIN_COLS || LINES < TUI_MIN_LINES) {
		snprintf(line, sizeof(line), "Terminal too small: %dx%d.", COLS, LINES);
		put(LINES / 2 - 1, 0, COLS, line, A_BOLD);
		snprintf(line, sizeof(line), "helios-tui needs at least %dx%d.", TUI_MIN_COLS,
			 TUI_MIN_LINES);
		put(LINES / 2, 0, COLS, line, 0);
		put(LINES / 2 + 1, 0, COLS, "Enlarge the window, or press q to quit.", 0);
		ui->geo.form_rows = ui->geo.table_rows = 0;
		wnoutrefresh(stdscr);
		return;
	}
	fw = form_width(ui->st);
	draw_title(ui);
	draw_preview(ui, 1, body, fw + 1, COLS - fw - 1);
	vline_at(1, fw, body);
	draw_form(ui, 1, body, fw);
	getyx(stdscr, cy, cx);
	draw_status(ui);
	switch (ui->view) {
	case TUI_VIEW_HELP:
		draw_help(ui);
		break;
	case TUI_VIEW_FILES:
		draw_files(ui);
		curs_set(1);
		wnoutrefresh(stdscr);
		return;
	case TUI_VIEW_CODECS:
		draw_codecs(ui);
		break;
	case TUI_VIEW_QUIT:
		draw_quit(ui);
		break;
	case TUI_VIEW_FIELD:
		draw_field_info(ui);
		break;
	case TUI_VIEW_REPLACE:	/* the question is the status line */
	case TUI_VIEW_MAIN:
		if (ui->st->editing) {
			move(cy, cx);
			curs_set(1);
		}
		break;
	}
	wnoutrefresh(stdscr);
}
