/* The curses side of helios-tui.  This is the only header that includes
 * curses: every file that draws or reads keys includes it, the model
 * (state, session, picker) never does. */
#ifndef HELIOS_TUI_UI_H
#define HELIOS_TUI_UI_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <curses.h>
#include <stdbool.h>
#include <stdint.h>

#include "picker.h"
#include "probe.h"
#include "state.h"

/* The status line's prompt for a number: a frame to find, a chunk to go to. */
enum tui_prompt { TUI_PROMPT_NONE, TUI_PROMPT_FIND, TUI_PROMPT_GOTO };

/* What the screen shows on top of the form and preview. */
enum tui_view { TUI_VIEW_MAIN, TUI_VIEW_HELP, TUI_VIEW_FILES, TUI_VIEW_CODECS, TUI_VIEW_QUIT,
		TUI_VIEW_REPLACE, TUI_VIEW_FIELD };

/* The smallest screen everything fits on. */
#define TUI_MIN_COLS 80
#define TUI_MIN_LINES 24

/* Colour pairs (attributes only under NO_COLOR / --no-color). */
enum tui_paint { TUI_PAINT_TITLE = 1, TUI_PAINT_ERROR, TUI_PAINT_DEFAULT, TUI_PAINT_HTML,
		 TUI_PAINT_DIR, TUI_PAINT_CHUNK_A, TUI_PAINT_CHUNK_B, TUI_PAINT_HEADING,
		 TUI_PAINT_OK, TUI_PAINT_WARNING, TUI_PAINT_COUNT };

/* Where things were drawn, for mouse clicks. */
struct tui_geometry {
	int form_y, form_rows, form_first;	/* first screen row, visible rows, first field */
	int form_width;
	int table_y, table_rows;		/* first chunk row on screen, rows */
	int64_t table_top;
	int list_y, list_rows, list_x, list_width;	/* picker list */
	size_t list_top;
};

struct tui_ui {
	struct tui_state *st;
	enum tui_view view;
	bool color;
	bool mouse;
	bool quit;
	bool quit_after_save;			/* TUI_VIEW_REPLACE came from "save, then quit" */
	bool message_error;			/* st->message is an error */
	struct tui_picker picker;
	enum helios_option_id codec_option;	/* the list being picked from */
	int codec_selected;			/* index into helios_codecs, -1: default */
	int help_top;
	enum tui_prompt prompt;
	char prompt_text[24];			/* the digits typed */
	bool focus_cut;				/* the focused row or its message was cut */
	struct tui_geometry geo;
	struct tui_probe probe;			/* the background probe's child */
};

/* Intent of a handled key: what the main loop does next. */
enum { TUI_HANDLED = 0x1, TUI_REDRAW = 0x2, TUI_QUIT = 0x4 };

/* --- keys.c: the one key table --- */

enum tui_context { TUI_CTX_FORM = 0x1, TUI_CTX_EDIT = 0x2, TUI_CTX_LIST = 0x4,
		   TUI_CTX_QUIT = 0x8, TUI_CTX_REPLACE = 0x10, TUI_CTX_PROMPT = 0x20 };

enum tui_action {
	TUI_ACT_NONE,
	TUI_ACT_FOCUS_PREV, TUI_ACT_FOCUS_NEXT, TUI_ACT_ACTIVATE, TUI_ACT_STEP_DOWN,
	TUI_ACT_STEP_UP, TUI_ACT_RESET, TUI_ACT_CHUNK_PREV, TUI_ACT_CHUNK_NEXT,
	TUI_ACT_PAGE_UP, TUI_ACT_PAGE_DOWN, TUI_ACT_CHUNK_FIRST, TUI_ACT_CHUNK_LAST,
	TUI_ACT_SAVE, TUI_ACT_HELP, TUI_ACT_QUIT, TUI_ACT_REDRAW, TUI_ACT_FIELD_INFO,
	TUI_ACT_FIND, TUI_ACT_GOTO, TUI_ACT_PROMPT_ACCEPT, TUI_ACT_PROMPT_CANCEL, TUI_ACT_LIST_CLEAR,
	TUI_ACT_PROBE, TUI_ACT_PROBE_CANCEL, TUI_ACT_ADOPT, TUI_ACT_WORKERS_DOWN, TUI_ACT_WORKERS_UP,
	TUI_ACT_EDIT_ACCEPT, TUI_ACT_EDIT_CANCEL, TUI_ACT_EDIT_LEFT, TUI_ACT_EDIT_RIGHT,
	TUI_ACT_EDIT_HOME, TUI_ACT_EDIT_END, TUI_ACT_EDIT_BACKSPACE, TUI_ACT_EDIT_DELETE,
	TUI_ACT_EDIT_CLEAR,
	TUI_ACT_LIST_UP, TUI_ACT_LIST_DOWN, TUI_ACT_LIST_PAGE_UP, TUI_ACT_LIST_PAGE_DOWN,
	TUI_ACT_LIST_CHOOSE, TUI_ACT_LIST_PARENT, TUI_ACT_LIST_BACKSPACE, TUI_ACT_LIST_CANCEL,
	TUI_ACT_QUIT_SAVE, TUI_ACT_QUIT_DISCARD, TUI_ACT_QUIT_STAY,
	TUI_ACT_REPLACE_YES, TUI_ACT_REPLACE_NO,
};

struct tui_key {
	unsigned contexts;
	enum tui_action action;
	const char *names;	/* as the help screen and the man page show them */
	const char *help;
	int codes[5];		/* curses key codes, 0-terminated */
};

extern const struct tui_key tui_keys[];

/* The action bound to code in context, TUI_ACT_NONE when none. */
enum tui_action tui_key_action(unsigned context, int code);
/* Section title of a context ("Form", "Editing a field", …). */
const char *tui_context_title(unsigned context);
extern const unsigned tui_contexts[];
extern const int tui_context_count;
/* The key list in man(7) markup, for helios-tui(1). */
void tui_keys_print_man(FILE *out);
/* A key name in a replay script ("Down", "F2", "C-s") to its code; -1 if unknown. */
int tui_key_code(const char *name);

/* --- draw.c --- */
void tui_draw_init_colors(bool color);
void tui_draw(struct tui_ui *ui);

/* --- input.c --- */
/* Handle one key (code from wget_wch; is_char: a character, not a KEY_*). */
int tui_handle_key(struct tui_ui *ui, int code, bool is_char);
int tui_handle_mouse(struct tui_ui *ui, const MEVENT *ev);
/* While a probe runs: collect its output; once it ends, give the state its
 * report or its error.  Returns TUI_REDRAW when the screen changed. */
int tui_handle_probe(struct tui_ui *ui);

#endif
