#include "state.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helios/codec.h"
#include "helios/number.h"
#include "helios/path.h"

static const char *const split_names[] = {
	[TUI_SPLIT_COUNT] = "count",
	[TUI_SPLIT_FRAMES] = "frames per chunk",
	[TUI_SPLIT_SECONDS] = "seconds per chunk",
};

static const enum helios_option_id split_options[] = {
	[TUI_SPLIT_COUNT] = HELIOS_OPTION_CONCURRENCY,
	[TUI_SPLIT_FRAMES] = HELIOS_OPTION_CHUNK_SIZE,
	[TUI_SPLIT_SECONDS] = HELIOS_OPTION_CHUNK_DURATION,
};

const char *tui_split_method_name(enum tui_split_method m)
{
	return split_names[m];
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static void set_string(char **slot, const char *s)
{
	char *copy = dup_or_null(s);

	free(*slot);
	*slot = copy;
}

/* The form follows the option table; the split options become two rows. */
static void build_fields(struct tui_state *st)
{
	st->field_count = 0;
	for (int i = 0; i < HELIOS_OPTION_COUNT; i++) {
		struct tui_field *f = &st->fields[st->field_count];

		if (i == HELIOS_OPTION_CHUNK_SIZE || i == HELIOS_OPTION_CHUNK_DURATION ||
		    (helios_options[i].flags & HELIOS_OPT_RUN))
			continue;
		if (i == HELIOS_OPTION_CONCURRENCY) {
			f->kind = TUI_FIELD_SPLIT_METHOD;
			f->option = HELIOS_OPTION_COUNT;
			f++;
			st->field_count++;
			f->kind = TUI_FIELD_SPLIT_VALUE;
			f->option = HELIOS_OPTION_CONCURRENCY;
		} else {
			f->kind = TUI_FIELD_OPTION;
			f->option = (enum helios_option_id)i;
		}
		st->field_count++;
	}
}

static void clear_errors(struct tui_state *st)
{
	for (int i = 0; i < HELIOS_OPTION_COUNT; i++) {
		set_string(&st->invalid[i], NULL);
		set_string(&st->error[i], NULL);
	}
}

static void split_from_settings(struct tui_state *st)
{
	if (helios_settings_is_set(&st->settings, HELIOS_OPTION_CHUNK_SIZE))
		st->split = TUI_SPLIT_FRAMES;
	else if (helios_settings_is_set(&st->settings, HELIOS_OPTION_CHUNK_DURATION))
		st->split = TUI_SPLIT_SECONDS;
	else
		st->split = TUI_SPLIT_COUNT;
}

enum helios_status tui_state_init(struct tui_state *st, const char *cwd,
				  const struct helios_settings *settings)
{
	memset(st, 0, sizeof(*st));
	helios_settings_init(&st->settings);
	helios_settings_init(&st->saved);
	helios_buf_init(&st->edit);
	build_fields(st);
	st->cwd = strdup(cwd);
	if (!st->cwd)
		return HELIOS_ENOMEM;
	return tui_state_set_settings(st, settings);
}

static void release_plan(struct tui_state *st)
{
	if (st->planned)
		helios_layout_release(&st->layout);
	st->planned = false;
}

void tui_state_release(struct tui_state *st)
{
	release_plan(st);
	clear_errors(st);
	helios_settings_release(&st->settings);
	helios_settings_release(&st->saved);
	helios_buf_release(&st->edit);
	free(st->edit_orig);
	free(st->edit_orig_invalid);
	free(st->cwd);
	memset(st, 0, sizeof(*st));
}

enum helios_status tui_state_set_settings(struct tui_state *st, const struct helios_settings *s)
{
	enum helios_status rc = HELIOS_OK;

	if (s)
		rc = helios_settings_copy(&st->settings, s);
	st->editing = false;
	st->save_after_edit = false;
	clear_errors(st);
	split_from_settings(st);
	if (rc == HELIOS_OK)
		rc = helios_settings_copy(&st->saved, &st->settings);
	st->selected = 0;
	st->table_top = 0;
	tui_state_replan(st);
	return rc;
}

static void plan_failed(struct tui_state *st, enum helios_option_id id, const char *text)
{
	st->plan_error_set = true;
	st->plan_bad = id;
	snprintf(st->plan_error.text, sizeof(st->plan_error.text), "%s", text);
}

static bool same_text(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

void tui_state_mark_saved(struct tui_state *st)
{
	if (helios_settings_copy(&st->saved, &st->settings) == HELIOS_OK)
		st->dirty = false;
}

/* "[modified]" means different from the saved settings: a value changed
 * and changed back is not a change, nor is a default given as itself. */
static bool differs_from_saved(const struct tui_state *st)
{
	for (int i = 0; i < HELIOS_OPTION_COUNT; i++)
		if (st->invalid[i] || !same_text(helios_settings_get(&st->settings, (enum helios_option_id)i),
						 helios_settings_get(&st->saved, (enum helios_option_id)i)))
			return true;
	return false;
}

void tui_state_replan(struct tui_state *st)
{
	enum helios_option_id bad = HELIOS_OPTION_COUNT;
	struct helios_error err;

	st->dirty = differs_from_saved(st);
	release_plan(st);
	st->plan_error_set = false;
	for (int i = 0; i < HELIOS_OPTION_COUNT; i++) {
		if (st->invalid[i]) {
			plan_failed(st, (enum helios_option_id)i, st->error[i]);
			return;
		}
	}
	err.text[0] = '\0';
	if (helios_config_resolve(&st->settings, &st->cfg, &bad, &err) != HELIOS_OK) {
		plan_failed(st, bad, err.text);
		return;
	}
	if (helios_layout_make(&st->layout, &st->cfg, st->cwd, st->cfg.job_path, &err) != HELIOS_OK) {
		plan_failed(st, st->cfg.job_path ? HELIOS_OPTION_EMIT_JOB : HELIOS_OPTION_OUTPUT,
			    err.text);
		return;
	}
	st->planned = true;
	tui_state_select(st, st->selected);
}

/* --- rows --- */

enum helios_option_id tui_field_option(const struct tui_state *st, int field)
{
	const struct tui_field *f = &st->fields[field];

	switch (f->kind) {
	case TUI_FIELD_SPLIT_METHOD:
		return HELIOS_OPTION_COUNT;
	case TUI_FIELD_SPLIT_VALUE:
		return split_options[st->split];
	case TUI_FIELD_OPTION:
		break;
	}
	return f->option;
}

const char *tui_field_label(const struct tui_state *st, int field)
{
	enum helios_option_id id = tui_field_option(st, field);

	if (st->fields[field].kind == TUI_FIELD_SPLIT_METHOD)
		return "Split by";
	return helios_options[id].label;
}

/* The planner renders nothing: the job file is where saving writes, not
 * render's "exit without rendering". */
const char tui_job_file_help[] =
	"the job file that saving (F2) writes; without it, the first save asks for a path";

const char *tui_field_help(const struct tui_state *st, int field)
{
	enum helios_option_id id = tui_field_option(st, field);

	if (st->fields[field].kind == TUI_FIELD_SPLIT_METHOD)
		return "how to split: into a number of chunks, or into chunks of a number of "
		       "frames or seconds (Left/Right to change)";
	if (helios_options[id].flags & HELIOS_OPT_JOB)
		return tui_job_file_help;
	return helios_options[id].help;
}

enum tui_edit_style tui_field_style(const struct tui_state *st, int field)
{
	enum helios_option_id id = tui_field_option(st, field);

	if (id == HELIOS_OPTION_COUNT)
		return TUI_EDIT_CHOICE;
	switch (helios_options[id].type) {
	case HELIOS_TYPE_INT:
	case HELIOS_TYPE_DECIMAL:
	case HELIOS_TYPE_FPS:
		return TUI_EDIT_NUMBER;
	case HELIOS_TYPE_WORD:
		return TUI_EDIT_CHOICE;
	case HELIOS_TYPE_FLAG:
		return TUI_EDIT_TOGGLE;
	case HELIOS_TYPE_VCODEC:
	case HELIOS_TYPE_ACODEC:
		return TUI_EDIT_CODEC;
	case HELIOS_TYPE_INPUT:
	case HELIOS_TYPE_PATH:
	case HELIOS_TYPE_DIR:
	case HELIOS_TYPE_URL:
	case HELIOS_TYPE_TEXT:
	case HELIOS_TYPE_JSON:
	case HELIOS_TYPE_EXPORT:	/* no render option is one */
		break;
	}
	return TUI_EDIT_TEXT;
}

const char *tui_field_value(const struct tui_state *st, int field, bool *is_default)
{
	enum helios_option_id id = tui_field_option(st, field);
	const char *v;

	if (is_default)
		*is_default = false;
	if (id == HELIOS_OPTION_COUNT)
		return split_names[st->split];
	if (st->editing && st->edit_option == id)
		return helios_buf_str(&st->edit);
	if (st->invalid[id])
		return st->invalid[id];
	if (helios_options[id].type == HELIOS_TYPE_FLAG)
		return helios_settings_is_set(&st->settings, id) ? "yes" : "no";
	if (helios_settings_is_set(&st->settings, id))
		return st->settings.text[id];
	if (is_default)
		*is_default = true;
	v = helios_options[id].default_text;
	return v ? v : "";
}

const char *tui_field_error(const struct tui_state *st, int field)
{
	enum helios_option_id id = tui_field_option(st, field);

	if (id == HELIOS_OPTION_COUNT)
		return NULL;
	if (st->error[id])
		return st->error[id];
	if (st->plan_error_set && st->plan_bad == id)
		return st->plan_error.text;
	if (id == HELIOS_OPTION_INPUT && st->input_problem[0])
		return st->input_problem;
	return NULL;
}

bool tui_field_warning(const struct tui_state *st, int field, struct helios_buf *out)
{
	enum helios_option_id id = tui_field_option(st, field);

	if (id == HELIOS_OPTION_COUNT || !st->planned || tui_field_error(st, field))
		return false;
	return helios_config_warning(&st->cfg, id, out);
}

int tui_field_of_option(const struct tui_state *st, enum helios_option_id id)
{
	for (int i = 0; i < st->field_count; i++)
		if (tui_field_option(st, i) == id)
			return i;
	return -1;
}

/* --- focus --- */

void tui_state_focus_move(struct tui_state *st, int delta)
{
	int n = st->field_count;

	if (st->editing)
		tui_state_edit_commit(st);
	st->focus = ((st->focus + delta) % n + n) % n;
}

void tui_state_focus_set(struct tui_state *st, int field)
{
	if (field < 0 || field >= st->field_count)
		return;
	if (st->editing && field != st->focus)
		tui_state_edit_commit(st);
	st->focus = field;
}

/* --- setting values --- */

/* Store text for id, or remember it as invalid with the message. */
static bool apply(struct tui_state *st, enum helios_option_id id, const char *text)
{
	struct helios_error err;
	bool needed = id == split_options[st->split] && id != HELIOS_OPTION_CONCURRENCY;

	if (needed && (!text || !*text)) {
		/* Unsetting it would silently fall back to a split by count. */
		helios_error_set(&err, HELIOS_EINVAL, "%s: needs a value",
				 helios_option_flag(&helios_options[id]));
		set_string(&st->invalid[id], "");
		set_string(&st->error[id], err.text);
		return false;
	}
	if (helios_settings_set(&st->settings, id, text, &err) != HELIOS_OK) {
		set_string(&st->invalid[id], text);
		set_string(&st->error[id], err.text);
		return false;
	}
	set_string(&st->invalid[id], NULL);
	set_string(&st->error[id], NULL);
	return true;
}

bool tui_state_set_option(struct tui_state *st, enum helios_option_id id, const char *text)
{
	bool ok = apply(st, id, text);

	tui_state_replan(st);
	return ok;
}

/* --- the edit line --- */

bool tui_state_edit_begin(struct tui_state *st)
{
	enum tui_edit_style style = tui_field_style(st, st->focus);
	enum helios_option_id id = tui_field_option(st, st->focus);
	const char *start;

	/* A codec is typed only after "other…" in its list. */
	if (style != TUI_EDIT_TEXT && style != TUI_EDIT_NUMBER && style != TUI_EDIT_CODEC)
		return false;
	start = tui_field_value(st, st->focus, NULL);
	st->editing = true;
	st->edit_option = id;
	set_string(&st->edit_orig, st->settings.text[id]);
	set_string(&st->edit_orig_invalid, st->invalid[id]);
	helios_buf_clear(&st->edit);
	helios_buf_puts(&st->edit, start);
	st->cursor = st->edit.len;
	return true;
}

/* Apply the edit line as it stands: the preview follows every keystroke. */
static void edit_changed(struct tui_state *st)
{
	const char *text = helios_buf_str(&st->edit);

	apply(st, st->edit_option, text);
	tui_state_replan(st);
}

void tui_state_edit_insert(struct tui_state *st, const char *text)
{
	size_t n = strlen(text);
	struct helios_buf next;

	if (!st->editing || n == 0)
		return;
	helios_buf_init(&next);
	helios_buf_append(&next, st->edit.data ? st->edit.data : "", st->cursor);
	helios_buf_append(&next, text, n);
	helios_buf_puts(&next, helios_buf_str(&st->edit) + st->cursor);
	if (next.failed) {
		helios_buf_release(&next);
		return;
	}
	helios_buf_release(&st->edit);
	st->edit = next;
	st->cursor += n;
	edit_changed(st);
}

/* UTF-8: continuation bytes are 10xxxxxx. */
static bool is_continuation(char c)
{
	return ((unsigned char)c & 0xC0) == 0x80;
}

static size_t prev_char(const struct tui_state *st, size_t at)
{
	const char *s = helios_buf_str(&st->edit);

	if (at == 0)
		return 0;
	at--;
	while (at > 0 && is_continuation(s[at]))
		at--;
	return at;
}

static size_t next_char(const struct tui_state *st, size_t at)
{
	const char *s = helios_buf_str(&st->edit);

	if (at >= st->edit.len)
		return st->edit.len;
	at++;
	while (at < st->edit.len && is_continuation(s[at]))
		at++;
	return at;
}

static void erase(struct tui_state *st, size_t from, size_t to)
{
	if (from >= to)
		return;
	memmove(st->edit.data + from, st->edit.data + to, st->edit.len - to + 1);
	st->edit.len -= to - from;
	st->cursor = from;
	edit_changed(st);
}

void tui_state_edit_backspace(struct tui_state *st)
{
	if (st->editing)
		erase(st, prev_char(st, st->cursor), st->cursor);
}

void tui_state_edit_delete(struct tui_state *st)
{
	if (st->editing)
		erase(st, st->cursor, next_char(st, st->cursor));
}

void tui_state_edit_left(struct tui_state *st)
{
	st->cursor = prev_char(st, st->cursor);
}

void tui_state_edit_right(struct tui_state *st)
{
	st->cursor = next_char(st, st->cursor);
}

void tui_state_edit_home(struct tui_state *st)
{
	st->cursor = 0;
}

void tui_state_edit_end(struct tui_state *st)
{
	st->cursor = st->edit.len;
}

void tui_state_edit_clear(struct tui_state *st)
{
	if (st->editing)
		erase(st, 0, st->edit.len);
}

void tui_state_edit_commit(struct tui_state *st)
{
	if (!st->editing)
		return;
	st->editing = false;
	st->save_after_edit = false;
}

void tui_state_edit_cancel(struct tui_state *st)
{
	enum helios_option_id id = st->edit_option;

	if (!st->editing)
		return;
	st->editing = false;
	st->save_after_edit = false;
	/* The original text was accepted once, so setting it again succeeds. */
	helios_settings_set(&st->settings, id, st->edit_orig, NULL);
	set_string(&st->invalid[id], st->edit_orig_invalid);
	if (!st->edit_orig_invalid)
		set_string(&st->error[id], NULL);
	tui_state_replan(st);
}

/* --- stepping --- */

static void step_int(struct tui_state *st, enum helios_option_id id, int delta)
{
	const struct helios_option *o = &helios_options[id];
	const char *text = helios_settings_get(&st->settings, id);
	int64_t v;
	char buf[32];

	if (!text || helios_number_parse_int(text, INT64_MIN, INT64_MAX, &v, NULL) != HELIOS_OK)
		v = delta > 0 ? o->min - delta : o->min;
	v += delta;
	if (v < o->min)
		v = o->min;
	if (v > o->max)
		v = o->max;
	snprintf(buf, sizeof(buf), "%lld", (long long)v);
	tui_state_set_option(st, id, buf);
}

/* Decimals and frame rates step by whole units and stay above zero. */
static void step_ratio(struct tui_state *st, enum helios_option_id id, int delta)
{
	const char *text = helios_settings_get(&st->settings, id);
	struct helios_ratio r = { 0, 1 };
	char buf[64];

	if (text && helios_number_parse_decimal(text, &r, NULL) != HELIOS_OK &&
	    helios_number_parse_fps(text, &r, NULL) != HELIOS_OK)
		r = (struct helios_ratio){ 0, 1 };
	if (r.num + (int64_t)delta * r.den <= 0)
		return;
	r.num += (int64_t)delta * r.den;
	helios_ratio_format(r, buf, sizeof(buf));
	tui_state_set_option(st, id, buf);
}

/*
 * FPS steps through the rates video uses, the NTSC ones exact (23.976 is
 * 24000/1001); beyond them, or from a rate between two of them that is not
 * one, by whole frames as other numbers do.  Any rate can still be typed.
 */
static const struct helios_ratio common_fps[] = {
	{ 24000, 1001 }, { 24, 1 }, { 25, 1 }, { 30000, 1001 }, { 30, 1 }, { 50, 1 }, { 60000, 1001 }, { 60, 1 },
};

static void step_fps(struct tui_state *st, enum helios_option_id id, int delta)
{
	const char *text = helios_settings_get(&st->settings, id);
	size_t n = sizeof(common_fps) / sizeof(common_fps[0]);
	struct helios_ratio r;
	char buf[64];

	if (!text || helios_number_parse_fps(text, &r, NULL) != HELIOS_OK) {
		step_ratio(st, id, delta);
		return;
	}
	/* r is a valid rate, so num and den fit in 31 bits: no overflow below. */
	for (size_t k = 0; k < n; k++) {
		size_t i = delta > 0 ? k : n - 1 - k;
		__int128 cmp = (__int128)common_fps[i].num * r.den - (__int128)r.num * common_fps[i].den;

		if ((delta > 0 && cmp > 0) || (delta < 0 && cmp < 0)) {
			helios_ratio_format(common_fps[i], buf, sizeof(buf));
			tui_state_set_option(st, id, buf);
			return;
		}
	}
	/* Past the list: the next whole rate (from 23.976 down, 23). */
	r.num = delta > 0 ? r.num / r.den + 1 : (r.num + r.den - 1) / r.den - 1;
	if (r.num <= 0)
		return;
	snprintf(buf, sizeof(buf), "%lld", (long long)r.num);
	tui_state_set_option(st, id, buf);
}

static void cycle_word(struct tui_state *st, enum helios_option_id id, int delta)
{
	const char *const *choices = helios_options[id].choices;
	const char *cur = helios_settings_get(&st->settings, id);
	int n = 0, at = 0;

	while (choices[n])
		n++;
	for (int i = 0; i < n; i++)
		if (cur && strcmp(cur, choices[i]) == 0)
			at = i;
	at = ((at + delta) % n + n) % n;
	tui_state_set_option(st, id, choices[at]);
}

/* Codecs cycle through "(container default)" and every encoder of the kind. */
static void cycle_codec(struct tui_state *st, enum helios_option_id id, int delta)
{
	enum helios_codec_kind kind = helios_options[id].type == HELIOS_TYPE_VCODEC ? HELIOS_CODEC_VIDEO
										      : HELIOS_CODEC_AUDIO;
	const char *cur = helios_settings_get(&st->settings, id);
	int list[64], n = 0, at = 0;

	list[n++] = -1;
	for (size_t i = 0; i < helios_codec_count && n < 64; i++) {
		if (helios_codecs[i].kind != kind)
			continue;
		if (cur && strcmp(cur, helios_codecs[i].name) == 0)
			at = n;
		list[n++] = (int)i;
	}
	at = ((at + delta) % n + n) % n;
	tui_state_set_option(st, id, list[at] < 0 ? NULL : helios_codecs[list[at]].name);
}

bool tui_state_step(struct tui_state *st, int delta)
{
	enum helios_option_id id = tui_field_option(st, st->focus);

	if (st->editing)
		tui_state_edit_commit(st);
	if (id == HELIOS_OPTION_COUNT) {
		tui_state_set_split_method(st, (enum tui_split_method)(((int)st->split + delta % 3 + 3) % 3));
		return true;
	}
	switch (helios_options[id].type) {
	case HELIOS_TYPE_INT:
		step_int(st, id, delta);
		return true;
	case HELIOS_TYPE_DECIMAL:
		step_ratio(st, id, delta);
		return true;
	case HELIOS_TYPE_FPS:
		step_fps(st, id, delta);
		return true;
	case HELIOS_TYPE_WORD:
		cycle_word(st, id, delta);
		return true;
	case HELIOS_TYPE_FLAG:
		tui_state_set_option(st, id, helios_settings_is_set(&st->settings, id) ? NULL : "1");
		return true;
	case HELIOS_TYPE_VCODEC:
	case HELIOS_TYPE_ACODEC:
		cycle_codec(st, id, delta);
		return true;
	case HELIOS_TYPE_INPUT:
	case HELIOS_TYPE_PATH:
	case HELIOS_TYPE_DIR:
	case HELIOS_TYPE_URL:
	case HELIOS_TYPE_TEXT:
	case HELIOS_TYPE_JSON:
	case HELIOS_TYPE_EXPORT:
		break;
	}
	return false;
}

/* Switching the split keeps the chunks about the same size: the value of the
 * new method starts from the largest chunk of the current plan. */
void tui_state_set_split_method(struct tui_state *st, enum tui_split_method m)
{
	int64_t smallest = 1, largest = 1;
	char buf[64];

	if (st->planned)
		helios_plan_extremes(&st->cfg.plan, &smallest, &largest);
	for (int i = 0; i < 3; i++) {
		set_string(&st->invalid[split_options[i]], NULL);
		set_string(&st->error[split_options[i]], NULL);
	}
	helios_settings_set(&st->settings, HELIOS_OPTION_CHUNK_SIZE, NULL, NULL);
	helios_settings_set(&st->settings, HELIOS_OPTION_CHUNK_DURATION, NULL, NULL);
	if (m == TUI_SPLIT_FRAMES) {
		snprintf(buf, sizeof(buf), "%lld", (long long)largest);
		helios_settings_set(&st->settings, HELIOS_OPTION_CHUNK_SIZE, buf, NULL);
	} else if (m == TUI_SPLIT_SECONDS) {
		double seconds = 1;

		/* A starting value only: whole seconds are easy to step. */
		if (st->planned)
			seconds = ceil((double)largest * (double)st->cfg.fps.den / (double)st->cfg.fps.num);
		snprintf(buf, sizeof(buf), "%.0f", seconds >= 1 ? seconds : 1);
		helios_settings_set(&st->settings, HELIOS_OPTION_CHUNK_DURATION, buf, NULL);
	}
	st->split = m;
	tui_state_replan(st);
}

/* --- chunk table --- */

void tui_state_select(struct tui_state *st, int64_t chunk)
{
	int64_t n = st->planned ? st->cfg.plan.chunk_count : 1;

	if (chunk >= n)
		chunk = n - 1;
	if (chunk < 0)
		chunk = 0;
	st->selected = chunk;
}

bool tui_state_select_frame(struct tui_state *st, int64_t frame, struct helios_error *err)
{
	const struct helios_plan *p = &st->cfg.plan;

	if (!st->planned) {
		helios_error_set(err, HELIOS_EINVAL, "no plan to search: fix the settings first");
		return false;
	}
	if (frame < p->start_frame || frame - p->start_frame >= p->total_frames) {
		helios_error_set(err, HELIOS_EINVAL, "frame %lld is not rendered: the plan has frames %lld-%lld",
				 (long long)frame, (long long)p->start_frame,
				 (long long)(p->start_frame + p->total_frames - 1));
		return false;
	}
	tui_state_select(st, helios_plan_chunk_of_frame(p, frame));
	return true;
}

void tui_state_select_move(struct tui_state *st, int64_t delta)
{
	int64_t to = st->selected;

	/* Saturate instead of overflowing on INT64 jumps (End). */
	if (delta > 0 && to > INT64_MAX - delta)
		to = INT64_MAX;
	else if (delta < 0 && to < INT64_MIN - delta)
		to = 0;
	else
		to += delta;
	tui_state_select(st, to);
}

void tui_state_scroll(struct tui_state *st, int64_t rows)
{
	int64_t n = st->planned ? st->cfg.plan.chunk_count : 0;

	if (rows < 1)
		rows = 1;
	if (st->selected < st->table_top)
		st->table_top = st->selected;
	if (st->selected >= st->table_top + rows)
		st->table_top = st->selected - rows + 1;
	if (st->table_top > n - rows)
		st->table_top = n - rows;
	if (st->table_top < 0)
		st->table_top = 0;
}

bool tui_state_can_save(const struct tui_state *st, struct helios_error *err)
{
	if (!st->planned) {
		helios_error_set(err, HELIOS_EINVAL, "cannot save: %s", st->plan_error.text);
		return false;
	}
	if (!st->cfg.job_path) {
		helios_error_set(err, HELIOS_EUSAGE, "cannot save: no job file path");
		return false;
	}
	return true;
}

void tui_state_message(struct tui_state *st, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(st->message, sizeof(st->message), fmt, ap);
	va_end(ap);
}

/* --- the probe --- */

void tui_state_probe_begin(struct tui_state *st)
{
	st->probe = TUI_PROBE_RUNNING;
	st->probe_spin = 0;
}

void tui_state_probe_tick(struct tui_state *st)
{
	st->probe_spin++;
}

void tui_state_probe_end(struct tui_state *st, const struct helios_probe_report *report, const char *why)
{
	if (report) {
		st->report = *report;
		st->probe = TUI_PROBE_DONE;
		return;
	}
	st->probe = TUI_PROBE_FAILED;
	snprintf(st->probe_error, sizeof(st->probe_error), "%s", why ? why : "failed");
}

void tui_state_probe_cancelled(struct tui_state *st)
{
	/* Figures of an earlier probe stay good: only a run in flight ends. */
	st->probe = st->report.cores > 0 ? TUI_PROBE_DONE : TUI_PROBE_NONE;
	tui_state_message(st, "probe cancelled");
}

bool tui_state_adopt_page(struct tui_state *st)
{
	char duration[64], fps[64];
	const struct helios_probe_report *r = &st->report;

	if (st->report.cores < 1) {
		tui_state_message(st, "no probe yet: press p to probe the page");
		return false;
	}
	if (r->duration <= 0 && r->fps <= 0) {
		tui_state_message(st, "the page declares no duration or fps%s",
				  r->has_helios ? "" : " (it has no window.helios)");
		return false;
	}
	snprintf(duration, sizeof(duration), "%.15g", r->duration);
	snprintf(fps, sizeof(fps), "%.15g", r->fps);
	if (r->duration > 0)
		tui_state_set_option(st, HELIOS_OPTION_DURATION, duration);
	if (r->fps > 0)
		tui_state_set_option(st, HELIOS_OPTION_FPS, fps);
	tui_state_message(st, "from the page:%s%s%s%s%s", r->duration > 0 ? " duration " : "",
			  r->duration > 0 ? duration : "", r->duration > 0 && r->fps > 0 ? "," : "",
			  r->fps > 0 ? " fps " : "", r->fps > 0 ? fps : "");
	return true;
}

void tui_state_workers_step(struct tui_state *st, int64_t delta)
{
	int64_t w = tui_state_workers(st) + delta;

	st->workers = w < 1 ? 1 : w > 10000000 ? 10000000 : w;
}

int64_t tui_state_workers(const struct tui_state *st)
{
	if (st->workers > 0)
		return st->workers;
	return st->planned ? st->cfg.plan.chunk_count : 1;
}
