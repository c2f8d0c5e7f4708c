/* Key and mouse handlers: look the key up in the key table for the current
 * view, change the state, and return what the main loop should do. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "helios/codec.h"
#include "helios/path.h"
#include "session.h"
#include "ui.h"

static void error_message(struct tui_ui *ui, const char *text)
{
	tui_state_message(ui->st, "%s", text);
	ui->message_error = true;
}

/* A typed character as UTF-8. */
static bool encode(int code, char *out)
{
	mbstate_t ps;
	size_t n;

	memset(&ps, 0, sizeof(ps));
	n = wcrtomb(out, (wchar_t)code, &ps);
	if (n == (size_t)-1)
		return false;
	out[n] = '\0';
	return true;
}

static bool printable(int code, bool is_char)
{
	return is_char && code >= 32 && code != 127;
}

/* --- saving --- */

/* Save, or start the "save to where?" prompt on the job row, or ask
 * before replacing a file that is not the session's job (unless replace).
 * True when saved. */
static bool save(struct tui_ui *ui, bool replace)
{
	struct tui_state *st = ui->st;
	struct helios_error err;
	int row;

	if (st->editing)
		tui_state_edit_commit(st);
	if (!helios_settings_get(&st->settings, HELIOS_OPTION_EMIT_JOB) &&
	    !st->invalid[HELIOS_OPTION_EMIT_JOB]) {
		row = tui_field_of_option(st, HELIOS_OPTION_EMIT_JOB);
		tui_state_focus_set(st, row);
		tui_state_edit_begin(st);
		tui_state_edit_insert(st, "job.json");
		st->save_after_edit = true;
		return false;
	}
	if (!replace && tui_session_replaces_other(st)) {
		ui->view = TUI_VIEW_REPLACE;
		return false;
	}
	if (tui_session_save(st, &err) != HELIOS_OK) {
		error_message(ui, err.text);
		return false;
	}
	ui->message_error = false;
	return true;
}

static int quit(struct tui_ui *ui)
{
	if (ui->st->dirty) {
		ui->view = TUI_VIEW_QUIT;
		return TUI_HANDLED | TUI_REDRAW;
	}
	ui->quit = true;
	return TUI_QUIT;
}

/* --- pickers --- */

static void open_files(struct tui_ui *ui)
{
	struct tui_state *st = ui->st;
	const char *input = helios_settings_get(&st->settings, HELIOS_OPTION_INPUT);
	struct helios_buf dir;

	helios_buf_init(&dir);
	if (input && !helios_path_is_url(input))
		helios_path_dirname(&dir, input);
	else
		helios_buf_puts(&dir, ".");
	if (tui_picker_open(&ui->picker, st->cwd, helios_buf_str(&dir)) != HELIOS_OK)
		tui_picker_open(&ui->picker, st->cwd, ".");
	helios_buf_release(&dir);
	/* Start on the current input. */
	if (input) {
		const char *base = strrchr(input, '/');

		base = base ? base + 1 : input;
		for (size_t i = 0; i < ui->picker.shown_count; i++)
			if (strcmp(ui->picker.entries[ui->picker.shown[i]].name, base) == 0)
				ui->picker.selected = i;
	}
	ui->view = TUI_VIEW_FILES;
}

static int files_key(struct tui_ui *ui, int code, bool is_char)
{
	struct tui_picker *b = &ui->picker;
	struct helios_buf chosen;
	char text[16];
	int page = ui->geo.list_rows > 1 ? ui->geo.list_rows - 1 : 1;

	switch (tui_key_action(TUI_CTX_LIST, code)) {
	case TUI_ACT_LIST_UP:
		tui_picker_move(b, -1);
		break;
	case TUI_ACT_LIST_DOWN:
		tui_picker_move(b, 1);
		break;
	case TUI_ACT_LIST_PAGE_UP:
		tui_picker_move(b, -page);
		break;
	case TUI_ACT_LIST_PAGE_DOWN:
		tui_picker_move(b, page);
		break;
	case TUI_ACT_LIST_CHOOSE:
		helios_buf_init(&chosen);
		if (tui_picker_enter(b, ui->st->cwd, &chosen)) {
			if (!tui_state_set_option(ui->st, HELIOS_OPTION_INPUT, helios_buf_str(&chosen)))
				error_message(ui, ui->st->error[HELIOS_OPTION_INPUT]);
			ui->view = TUI_VIEW_MAIN;
		}
		helios_buf_release(&chosen);
		break;
	case TUI_ACT_LIST_PARENT:
		tui_picker_up(b, ui->st->cwd);
		break;
	case TUI_ACT_LIST_BACKSPACE:
		if (b->filter.len) {
			size_t at = b->filter.len - 1;

			while (at > 0 && ((unsigned char)b->filter.data[at] & 0xC0) == 0x80)
				at--;
			b->filter.len = at;
			b->filter.data[at] = '\0';
			tui_picker_refilter(b);
		} else {
			tui_picker_up(b, ui->st->cwd);
		}
		break;
	case TUI_ACT_LIST_CLEAR:
		helios_buf_clear(&b->filter);
		tui_picker_refilter(b);
		break;
	case TUI_ACT_LIST_CANCEL:
		ui->view = TUI_VIEW_MAIN;
		break;
	default:
		if (printable(code, is_char) && encode(code, text)) {
			helios_buf_puts(&b->filter, text);
			tui_picker_refilter(b);
		}
		break;
	}
	return TUI_HANDLED | TUI_REDRAW;
}

static enum helios_codec_kind codec_kind(enum helios_option_id id)
{
	return helios_options[id].type == HELIOS_TYPE_VCODEC ? HELIOS_CODEC_VIDEO : HELIOS_CODEC_AUDIO;
}

static void open_codecs(struct tui_ui *ui, enum helios_option_id id)
{
	const char *cur = helios_settings_get(&ui->st->settings, id);

	ui->codec_option = id;
	/* An encoder outside the table was typed: start on "other…". */
	ui->codec_selected = cur ? (int)helios_codec_count : -1;
	for (size_t i = 0; cur && i < helios_codec_count; i++)
		if (strcmp(helios_codecs[i].name, cur) == 0)
			ui->codec_selected = (int)i;
	ui->view = TUI_VIEW_CODECS;
}

/* Next row of the list of the option's kind from `from` in direction dir:
 * -1 is "(default)", helios_codec_count is "other…". */
static int codec_step(struct tui_ui *ui, int from, int dir)
{
	enum helios_codec_kind kind = codec_kind(ui->codec_option);

	for (int i = from + dir; i >= -1 && i <= (int)helios_codec_count; i += dir)
		if (i == -1 || i == (int)helios_codec_count || helios_codecs[i].kind == kind)
			return i;
	return from;
}

static void choose_codec(struct tui_ui *ui)
{
	int i = ui->codec_selected;

	tui_state_focus_set(ui->st, tui_field_of_option(ui->st, ui->codec_option));
	ui->view = TUI_VIEW_MAIN;
	/* "other…": type an encoder's name on the row, as any text. */
	if (i == (int)helios_codec_count) {
		tui_state_edit_begin(ui->st);
		return;
	}
	tui_state_set_option(ui->st, ui->codec_option, i < 0 ? NULL : helios_codecs[i].name);
}

static int codecs_key(struct tui_ui *ui, int code)
{
	switch (tui_key_action(TUI_CTX_LIST, code)) {
	case TUI_ACT_LIST_UP:
	case TUI_ACT_LIST_PAGE_UP:
		ui->codec_selected = codec_step(ui, ui->codec_selected, -1);
		break;
	case TUI_ACT_LIST_DOWN:
	case TUI_ACT_LIST_PAGE_DOWN:
		ui->codec_selected = codec_step(ui, ui->codec_selected, 1);
		break;
	case TUI_ACT_LIST_CHOOSE:
		choose_codec(ui);
		break;
	case TUI_ACT_LIST_CANCEL:
	case TUI_ACT_LIST_PARENT:
	case TUI_ACT_LIST_BACKSPACE:
		ui->view = TUI_VIEW_MAIN;
		break;
	default:
		break;
	}
	return TUI_HANDLED | TUI_REDRAW;
}

/* --- the prompt: / finds a frame's chunk, : or g goes to a chunk --- */

static void open_prompt(struct tui_ui *ui, enum tui_prompt kind)
{
	ui->prompt = kind;
	ui->prompt_text[0] = '\0';
}

static void accept_prompt(struct tui_ui *ui)
{
	struct tui_state *st = ui->st;
	struct helios_error err;
	char *end;
	long long n;

	errno = 0;
	n = strtoll(ui->prompt_text, &end, 10);
	if (!ui->prompt_text[0] || *end || errno) {
		ui->prompt = TUI_PROMPT_NONE;
		return;
	}
	if (ui->prompt == TUI_PROMPT_FIND) {
		if (tui_state_select_frame(st, n, &err))
			tui_state_message(st, "frame %lld is in chunk %lld", n, (long long)st->selected);
		else
			error_message(ui, err.text);
	} else if (!st->planned || n >= st->cfg.plan.chunk_count) {
		tui_state_message(st, "no chunk %lld: the plan has %lld (0-%lld)", n,
				  st->planned ? (long long)st->cfg.plan.chunk_count : 0LL,
				  st->planned ? (long long)st->cfg.plan.chunk_count - 1 : 0LL);
		ui->message_error = true;
	} else {
		tui_state_select(st, n);
	}
	ui->prompt = TUI_PROMPT_NONE;
}

static int prompt_key(struct tui_ui *ui, int code, bool is_char)
{
	size_t len = strlen(ui->prompt_text);

	switch (tui_key_action(TUI_CTX_PROMPT, code)) {
	case TUI_ACT_PROMPT_ACCEPT:
		accept_prompt(ui);
		break;
	case TUI_ACT_PROMPT_CANCEL:
		ui->prompt = TUI_PROMPT_NONE;
		break;
	case TUI_ACT_EDIT_BACKSPACE:
		if (len)
			ui->prompt_text[len - 1] = '\0';
		break;
	case TUI_ACT_EDIT_CLEAR:
		ui->prompt_text[0] = '\0';
		break;
	default:
		if (is_char && code >= '0' && code <= '9' && len + 1 < sizeof(ui->prompt_text)) {
			ui->prompt_text[len] = (char)code;
			ui->prompt_text[len + 1] = '\0';
		} else {
			error_message(ui, "digits only: Enter goes there, Esc closes");
		}
		break;
	}
	return TUI_HANDLED | TUI_REDRAW;
}

/* --- the form --- */

static int edit_key(struct tui_ui *ui, int code, bool is_char)
{
	struct tui_state *st = ui->st;
	char text[16];

	switch (tui_key_action(TUI_CTX_EDIT, code)) {
	case TUI_ACT_EDIT_ACCEPT:
		if (st->save_after_edit) {
			tui_state_edit_commit(st);
			save(ui, false);
		} else {
			tui_state_edit_commit(st);
		}
		break;
	case TUI_ACT_FOCUS_PREV:
		tui_state_focus_move(st, -1);
		break;
	case TUI_ACT_FOCUS_NEXT:
		tui_state_focus_move(st, 1);
		break;
	case TUI_ACT_EDIT_CANCEL:
		tui_state_edit_cancel(st);
		break;
	case TUI_ACT_EDIT_LEFT:
		tui_state_edit_left(st);
		break;
	case TUI_ACT_EDIT_RIGHT:
		tui_state_edit_right(st);
		break;
	case TUI_ACT_EDIT_HOME:
		tui_state_edit_home(st);
		break;
	case TUI_ACT_EDIT_END:
		tui_state_edit_end(st);
		break;
	case TUI_ACT_EDIT_BACKSPACE:
		tui_state_edit_backspace(st);
		break;
	case TUI_ACT_EDIT_DELETE:
		tui_state_edit_delete(st);
		break;
	case TUI_ACT_EDIT_CLEAR:
		tui_state_edit_clear(st);
		break;
	case TUI_ACT_SAVE:
		save(ui, false);
		break;
	case TUI_ACT_QUIT:
		tui_state_edit_commit(st);
		return quit(ui);
	case TUI_ACT_PAGE_UP:
	case TUI_ACT_PAGE_DOWN:
		tui_state_select_move(st, (tui_key_action(TUI_CTX_EDIT, code) == TUI_ACT_PAGE_UP ? -1 : 1) *
						  (ui->geo.table_rows > 1 ? ui->geo.table_rows : 1));
		break;
	case TUI_ACT_REDRAW:
		clearok(curscr, TRUE);
		break;
	default:
		if (printable(code, is_char) && encode(code, text))
			tui_state_edit_insert(st, text);
		break;
	}
	return TUI_HANDLED | TUI_REDRAW;
}

static void activate(struct tui_ui *ui)
{
	struct tui_state *st = ui->st;
	enum helios_option_id id = tui_field_option(st, st->focus);

	switch (tui_field_style(st, st->focus)) {
	case TUI_EDIT_TEXT:
		if (id == HELIOS_OPTION_INPUT)
			open_files(ui);
		else
			tui_state_edit_begin(st);
		break;
	case TUI_EDIT_NUMBER:
		tui_state_edit_begin(st);
		break;
	case TUI_EDIT_CHOICE:
	case TUI_EDIT_TOGGLE:
		tui_state_step(st, 1);
		break;
	case TUI_EDIT_CODEC:
		open_codecs(ui, id);
		break;
	}
}

static void reset_field(struct tui_state *st)
{
	enum helios_option_id id = tui_field_option(st, st->focus);

	if (id == HELIOS_OPTION_COUNT)
		tui_state_set_split_method(st, TUI_SPLIT_COUNT);
	else if (id == HELIOS_OPTION_CHUNK_SIZE || id == HELIOS_OPTION_CHUNK_DURATION)
		tui_state_set_split_method(st, TUI_SPLIT_COUNT);
	else
		tui_state_set_option(st, id, NULL);
}

static void start_probe(struct tui_ui *ui)
{
	struct helios_error err;

	if (!ui->st->planned) {
		error_message(ui, "fix the settings first: the probe measures the plan they make");
		return;
	}
	if (!tui_probe_start(&ui->probe, &ui->st->settings, &err)) {
		error_message(ui, err.text);
		return;
	}
	tui_state_probe_begin(ui->st);
}

int tui_handle_probe(struct tui_ui *ui)
{
	struct helios_probe_report report;
	struct helios_error err;
	bool ok;

	if (!tui_probe_running(&ui->probe))
		return 0;
	if (!tui_probe_poll(&ui->probe, &ok, &report, &err)) {
		tui_state_probe_tick(ui->st);
		return TUI_REDRAW;
	}
	tui_state_probe_end(ui->st, ok ? &report : NULL, ok ? NULL : err.text);
	return TUI_REDRAW;
}

static int form_key(struct tui_ui *ui, int code, bool is_char)
{
	struct tui_state *st = ui->st;
	int64_t page = ui->geo.table_rows > 1 ? ui->geo.table_rows : 1;
	char text[16];

	switch (tui_key_action(TUI_CTX_FORM, code)) {
	case TUI_ACT_FOCUS_PREV:
		tui_state_focus_move(st, -1);
		break;
	case TUI_ACT_FOCUS_NEXT:
		tui_state_focus_move(st, 1);
		break;
	case TUI_ACT_ACTIVATE:
		activate(ui);
		break;
	case TUI_ACT_STEP_DOWN:
		tui_state_step(st, -1);
		break;
	case TUI_ACT_STEP_UP:
		tui_state_step(st, 1);
		break;
	case TUI_ACT_RESET:
		reset_field(st);
		break;
	case TUI_ACT_CHUNK_PREV:
		tui_state_select_move(st, -1);
		break;
	case TUI_ACT_CHUNK_NEXT:
		tui_state_select_move(st, 1);
		break;
	case TUI_ACT_PAGE_UP:
		tui_state_select_move(st, -page);
		break;
	case TUI_ACT_PAGE_DOWN:
		tui_state_select_move(st, page);
		break;
	case TUI_ACT_CHUNK_FIRST:
		tui_state_select(st, 0);
		break;
	case TUI_ACT_CHUNK_LAST:
		tui_state_select(st, INT64_MAX);
		break;
	case TUI_ACT_SAVE:
		save(ui, false);
		break;
	case TUI_ACT_HELP:
		ui->view = TUI_VIEW_HELP;
		ui->help_top = 0;
		break;
	case TUI_ACT_FIELD_INFO:
		ui->view = TUI_VIEW_FIELD;
		break;
	case TUI_ACT_FIND:
		open_prompt(ui, TUI_PROMPT_FIND);
		break;
	case TUI_ACT_GOTO:
		open_prompt(ui, TUI_PROMPT_GOTO);
		break;
	case TUI_ACT_QUIT:
		return quit(ui);
	case TUI_ACT_REDRAW:
		clearok(curscr, TRUE);
		break;
	case TUI_ACT_PROBE:
		start_probe(ui);
		break;
	case TUI_ACT_PROBE_CANCEL:
		if (tui_probe_running(&ui->probe)) {
			tui_probe_cancel(&ui->probe);
			tui_state_probe_cancelled(st);
		}
		break;
	case TUI_ACT_ADOPT:
		tui_state_adopt_page(st);
		break;
	case TUI_ACT_WORKERS_DOWN:
		tui_state_workers_step(st, -1);
		break;
	case TUI_ACT_WORKERS_UP:
		tui_state_workers_step(st, 1);
		break;
	default:
		/* Typing a number on a number row starts a fresh value. */
		if (printable(code, is_char) && tui_field_style(st, st->focus) == TUI_EDIT_NUMBER &&
		    ((code >= '0' && code <= '9') || code == '.') && encode(code, text)) {
			tui_state_edit_begin(st);
			tui_state_edit_clear(st);
			tui_state_edit_insert(st, text);
		} else {
			/* Nothing is silently ignored. */
			tui_state_message(st, "no action on that key here: ? lists the keys");
		}
		break;
	}
	return TUI_HANDLED | TUI_REDRAW;
}

static int quit_key(struct tui_ui *ui, int code)
{
	switch (tui_key_action(TUI_CTX_QUIT, code)) {
	case TUI_ACT_QUIT_SAVE:
		ui->view = TUI_VIEW_MAIN;
		if (save(ui, false)) {
			ui->quit = true;
			return TUI_QUIT;
		}
		ui->quit_after_save = ui->view == TUI_VIEW_REPLACE;
		break;
	case TUI_ACT_QUIT_DISCARD:
		ui->quit = true;
		return TUI_QUIT;
	case TUI_ACT_QUIT_STAY:
		ui->view = TUI_VIEW_MAIN;
		break;
	default:
		break;
	}
	return TUI_HANDLED | TUI_REDRAW;
}

static int replace_key(struct tui_ui *ui, int code)
{
	bool then_quit = ui->quit_after_save;

	switch (tui_key_action(TUI_CTX_REPLACE, code)) {
	case TUI_ACT_REPLACE_YES:
		ui->view = TUI_VIEW_MAIN;
		ui->quit_after_save = false;
		if (save(ui, true) && then_quit) {
			ui->quit = true;
			return TUI_QUIT;
		}
		break;
	case TUI_ACT_REPLACE_NO:
		ui->view = TUI_VIEW_MAIN;
		ui->quit_after_save = false;
		tui_state_message(ui->st, "not saved: '%s' is kept as it was", ui->st->cfg.job_path);
		break;
	default:
		break;
	}
	return TUI_HANDLED | TUI_REDRAW;
}

int tui_handle_key(struct tui_ui *ui, int code, bool is_char)
{
	if (!is_char && code == KEY_RESIZE)
		return TUI_REDRAW;
	/* A character key arrives as its code; the table lists ASCII codes and
	 * KEY_* values, which do not overlap in the ranges used. */
	ui->st->message[0] = '\0';
	ui->message_error = false;
	if (COLS < TUI_MIN_COLS || LINES < TUI_MIN_LINES) {
		if (tui_key_action(TUI_CTX_FORM, code) == TUI_ACT_QUIT)
			return quit(ui);
		if (ui->view == TUI_VIEW_QUIT)
			return quit_key(ui, code);
		if (ui->view == TUI_VIEW_REPLACE)
			return replace_key(ui, code);
		return TUI_REDRAW;
	}
	switch (ui->view) {
	case TUI_VIEW_HELP:
		if (!is_char && code == KEY_UP)
			ui->help_top--;
		else if (!is_char && code == KEY_DOWN)
			ui->help_top++;
		else if (!is_char && code == KEY_NPAGE)
			ui->help_top += LINES / 2;
		else if (!is_char && code == KEY_PPAGE)
			ui->help_top -= LINES / 2;
		else
			ui->view = TUI_VIEW_MAIN;
		return TUI_HANDLED | TUI_REDRAW;
	case TUI_VIEW_FIELD:
		ui->view = TUI_VIEW_MAIN;
		return TUI_HANDLED | TUI_REDRAW;
	case TUI_VIEW_FILES:
		return files_key(ui, code, is_char);
	case TUI_VIEW_CODECS:
		return codecs_key(ui, code);
	case TUI_VIEW_QUIT:
		return quit_key(ui, code);
	case TUI_VIEW_REPLACE:
		return replace_key(ui, code);
	case TUI_VIEW_MAIN:
		break;
	}
	if (ui->prompt != TUI_PROMPT_NONE)
		return prompt_key(ui, code, is_char);
	if (ui->st->editing)
		return edit_key(ui, code, is_char);
	return form_key(ui, code, is_char);
}

int tui_handle_mouse(struct tui_ui *ui, const MEVENT *ev)
{
	struct tui_geometry *g = &ui->geo;
	struct tui_state *st = ui->st;
	int row;

	if (ev->bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
		/* The wheel: three rows at a time, in the chunk table or a list. */
		bool up = ev->bstate & BUTTON4_PRESSED;

		if (ui->view == TUI_VIEW_MAIN) {
			tui_state_select_move(st, up ? -3 : 3);
			return TUI_HANDLED | TUI_REDRAW;
		}
		if (ui->view != TUI_VIEW_FILES && ui->view != TUI_VIEW_CODECS)
			return 0;
		for (int i = 0; i < 3; i++)
			tui_handle_key(ui, up ? KEY_UP : KEY_DOWN, false);
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (!(ev->bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED)))
		return 0;
	if (ui->view == TUI_VIEW_FILES || ui->view == TUI_VIEW_CODECS) {
		row = ev->y - g->list_y;
		if (row < 0 || row >= g->list_rows || ev->x < g->list_x ||
		    ev->x >= g->list_x + g->list_width)
			return 0;
		if (ui->view == TUI_VIEW_FILES) {
			size_t i = g->list_top + (size_t)row;

			if (i < ui->picker.shown_count) {
				bool again = i == ui->picker.selected;

				ui->picker.selected = i;
				if (again || (ev->bstate & BUTTON1_DOUBLE_CLICKED))
					return files_key(ui, '\n', true);
			}
		} else {
			int i = -1;

			for (int r = 0; r < row; r++)
				i = codec_step(ui, i, 1);
			ui->codec_selected = i;
			choose_codec(ui);
		}
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (ui->view != TUI_VIEW_MAIN)
		return 0;
	row = ev->y - g->form_y;
	if (ev->x < g->form_width && row >= 0 && row < g->form_rows) {
		tui_state_focus_set(st, g->form_first + row);
		return TUI_HANDLED | TUI_REDRAW;
	}
	row = ev->y - g->table_y;
	if (ev->x > g->form_width && row >= 0 && row < g->table_rows) {
		tui_state_select(st, g->table_top + row);
		return TUI_HANDLED | TUI_REDRAW;
	}
	return 0;
}
