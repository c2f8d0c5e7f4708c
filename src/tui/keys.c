/* The key table: bindings, the help screen and the man page's key list all
 * come from here. */
#include <stdio.h>
#include <string.h>

#include "ui.h"

#define CTRL(c) ((c) & 0x1f)
#define ESC 27

const struct tui_key tui_keys[] = {
	{ TUI_CTX_FORM, TUI_ACT_FOCUS_PREV, "Up, Shift-Tab, k", "previous field", { KEY_UP, KEY_BTAB, 'k' } },
	{ TUI_CTX_FORM, TUI_ACT_FOCUS_NEXT, "Down, Tab, j", "next field", { KEY_DOWN, '\t', 'j' } },
	{ TUI_CTX_FORM, TUI_ACT_ACTIVATE, "Enter",
	  "edit the field; open the file picker (Input) or the codec list; cycle a choice",
	  { '\n', '\r', KEY_ENTER } },
	{ TUI_CTX_FORM, TUI_ACT_STEP_DOWN, "Left, -", "step a number down, previous choice",
	  { KEY_LEFT, '-' } },
	{ TUI_CTX_FORM, TUI_ACT_STEP_UP, "Right, +, Space", "step a number up, next choice",
	  { KEY_RIGHT, '+', ' ' } },
	{ TUI_CTX_FORM, TUI_ACT_RESET, "Delete, Backspace", "reset the field to its default",
	  { KEY_DC, KEY_BACKSPACE, 127, CTRL('H') } },
	{ TUI_CTX_FORM, TUI_ACT_CHUNK_PREV, "[", "select the previous chunk", { '[' } },
	{ TUI_CTX_FORM, TUI_ACT_CHUNK_NEXT, "]", "select the next chunk", { ']' } },
	{ TUI_CTX_FORM | TUI_CTX_EDIT, TUI_ACT_PAGE_UP, "PgUp", "scroll the chunk table up a page",
	  { KEY_PPAGE } },
	{ TUI_CTX_FORM | TUI_CTX_EDIT, TUI_ACT_PAGE_DOWN, "PgDn", "scroll the chunk table down a page",
	  { KEY_NPAGE } },
	{ TUI_CTX_FORM, TUI_ACT_CHUNK_FIRST, "Home", "select the first chunk", { KEY_HOME } },
	{ TUI_CTX_FORM, TUI_ACT_CHUNK_LAST, "End", "select the last chunk", { KEY_END } },
	{ TUI_CTX_FORM, TUI_ACT_FIND, "/", "find the chunk that renders a frame: type its number, Enter",
	  { '/' } },
	{ TUI_CTX_FORM, TUI_ACT_GOTO, ":, g", "go to a chunk: type its id, Enter", { ':', 'g' } },
	{ TUI_CTX_FORM, TUI_ACT_PROBE, "p",
	  "probe the page in the background: its own duration and fps, and what a chunk costs",
	  { 'p' } },
	{ TUI_CTX_FORM, TUI_ACT_PROBE_CANCEL, "Esc", "cancel a probe that is running", { ESC } },
	{ TUI_CTX_FORM, TUI_ACT_ADOPT, "a", "take the duration and fps the probe found on the page",
	  { 'a' } },
	{ TUI_CTX_FORM, TUI_ACT_WORKERS_DOWN, "{", "one worker fewer for the ETA", { '{' } },
	{ TUI_CTX_FORM, TUI_ACT_WORKERS_UP, "}", "one worker more for the ETA", { '}' } },
	{ TUI_CTX_FORM | TUI_CTX_EDIT, TUI_ACT_SAVE, "F2, Ctrl-S",
	  "save the job file (asks for a path when there is none)", { KEY_F(2), CTRL('S') } },
	{ TUI_CTX_FORM, TUI_ACT_FIELD_INFO, "i",
	  "show the field in full: its whole value and its error, warning or meaning (any key closes)",
	  { 'i' } },
	{ TUI_CTX_FORM, TUI_ACT_HELP, "F1, ?", "show this help", { KEY_F(1), '?' } },
	{ TUI_CTX_FORM, TUI_ACT_QUIT, "F10, q, Ctrl-Q, Ctrl-C",
	  "quit (asks first when there are unsaved changes)", { KEY_F(10), 'q', CTRL('Q'), CTRL('C') } },
	{ TUI_CTX_EDIT, TUI_ACT_QUIT, "F10, Ctrl-Q, Ctrl-C", "quit (asks first when there are unsaved changes)",
	  { KEY_F(10), CTRL('Q'), CTRL('C') } },
	{ TUI_CTX_FORM, TUI_ACT_NONE, "other keys", "say that ? lists the keys", { 0 } },
	{ TUI_CTX_FORM | TUI_CTX_EDIT, TUI_ACT_REDRAW, "Ctrl-L", "redraw the screen", { CTRL('L') } },

	{ TUI_CTX_EDIT, TUI_ACT_EDIT_ACCEPT, "Enter", "keep the value (Up, Down and Tab keep it too)",
	  { '\n', '\r', KEY_ENTER } },
	{ TUI_CTX_EDIT, TUI_ACT_FOCUS_PREV, "Up, Shift-Tab", "keep the value, previous field",
	  { KEY_UP, KEY_BTAB } },
	{ TUI_CTX_EDIT, TUI_ACT_FOCUS_NEXT, "Down, Tab", "keep the value, next field",
	  { KEY_DOWN, '\t' } },
	{ TUI_CTX_EDIT, TUI_ACT_EDIT_CANCEL, "Esc", "put back the value from before the edit",
	  { ESC } },
	{ TUI_CTX_EDIT, TUI_ACT_EDIT_LEFT, "Left", "cursor left", { KEY_LEFT } },
	{ TUI_CTX_EDIT, TUI_ACT_EDIT_RIGHT, "Right", "cursor right", { KEY_RIGHT } },
	{ TUI_CTX_EDIT, TUI_ACT_EDIT_HOME, "Home, Ctrl-A", "start of the line", { KEY_HOME, CTRL('A') } },
	{ TUI_CTX_EDIT, TUI_ACT_EDIT_END, "End, Ctrl-E", "end of the line", { KEY_END, CTRL('E') } },
	{ TUI_CTX_EDIT, TUI_ACT_EDIT_BACKSPACE, "Backspace", "delete the character before the cursor",
	  { KEY_BACKSPACE, 127, CTRL('H') } },
	{ TUI_CTX_EDIT, TUI_ACT_EDIT_DELETE, "Delete", "delete the character under the cursor",
	  { KEY_DC } },
	{ TUI_CTX_EDIT, TUI_ACT_EDIT_CLEAR, "Ctrl-U", "clear the line", { CTRL('U') } },

	{ TUI_CTX_LIST, TUI_ACT_LIST_UP, "Up", "previous entry", { KEY_UP } },
	{ TUI_CTX_LIST, TUI_ACT_LIST_DOWN, "Down", "next entry", { KEY_DOWN } },
	{ TUI_CTX_LIST, TUI_ACT_LIST_PAGE_UP, "PgUp", "a page up", { KEY_PPAGE } },
	{ TUI_CTX_LIST, TUI_ACT_LIST_PAGE_DOWN, "PgDn", "a page down", { KEY_NPAGE } },
	{ TUI_CTX_LIST, TUI_ACT_LIST_CHOOSE, "Enter",
	  "open the folder or choose the entry; a typed path or URL is taken as it is",
	  { '\n', '\r', KEY_ENTER } },
	{ TUI_CTX_LIST, TUI_ACT_LIST_PARENT, "Left", "files: go to the parent folder (like ..)",
	  { KEY_LEFT } },
	{ TUI_CTX_LIST, TUI_ACT_LIST_BACKSPACE, "Backspace",
	  "files: delete a typed character; with none, go to the parent folder",
	  { KEY_BACKSPACE, 127, CTRL('H') } },
	{ TUI_CTX_LIST, TUI_ACT_LIST_CLEAR, "Ctrl-U", "files: clear the typed text", { CTRL('U') } },
	{ TUI_CTX_LIST, TUI_ACT_NONE, "other characters",
	  "files: filter the list as you type (type-ahead), or type a path or URL (~/ is your home)",
	  { 0 } },
	{ TUI_CTX_LIST, TUI_ACT_LIST_CANCEL, "Esc, F10, Ctrl-C", "close the list without choosing",
	  { ESC, KEY_F(10), CTRL('C') } },

	{ TUI_CTX_PROMPT, TUI_ACT_PROMPT_ACCEPT, "Enter", "go there", { '\n', '\r', KEY_ENTER } },
	{ TUI_CTX_PROMPT, TUI_ACT_PROMPT_CANCEL, "Esc, Ctrl-C", "close the prompt", { ESC, CTRL('C') } },
	{ TUI_CTX_PROMPT, TUI_ACT_EDIT_BACKSPACE, "Backspace", "delete the last digit",
	  { KEY_BACKSPACE, 127, CTRL('H') } },
	{ TUI_CTX_PROMPT, TUI_ACT_EDIT_CLEAR, "Ctrl-U", "clear the number", { CTRL('U') } },

	{ TUI_CTX_QUIT, TUI_ACT_QUIT_SAVE, "y, s", "save, then quit", { 'y', 'Y', 's', 'S' } },
	{ TUI_CTX_QUIT, TUI_ACT_QUIT_DISCARD, "n, d", "quit without saving", { 'n', 'N', 'd', 'D' } },
	{ TUI_CTX_QUIT, TUI_ACT_QUIT_STAY, "Esc, c", "stay", { ESC, 'c', 'C' } },

	{ TUI_CTX_REPLACE, TUI_ACT_REPLACE_YES, "y", "replace the file with this job", { 'y', 'Y' } },
	{ TUI_CTX_REPLACE, TUI_ACT_REPLACE_NO, "n, Esc", "keep the file; nothing is saved",
	  { 'n', 'N', ESC } },
	{ 0, TUI_ACT_NONE, NULL, NULL, { 0 } },
};

const unsigned tui_contexts[] = { TUI_CTX_FORM, TUI_CTX_EDIT, TUI_CTX_PROMPT, TUI_CTX_LIST, TUI_CTX_QUIT,
				  TUI_CTX_REPLACE };
const int tui_context_count = 6;

const char *tui_context_title(unsigned context)
{
	switch (context) {
	case TUI_CTX_FORM:
		return "Form and preview";
	case TUI_CTX_EDIT:
		return "Editing a field";
	case TUI_CTX_PROMPT:
		return "Finding a frame (/) or going to a chunk (:, g)";
	case TUI_CTX_LIST:
		return "File picker and codec list";
	case TUI_CTX_QUIT:
		return "Quit with unsaved changes";
	case TUI_CTX_REPLACE:
		return "Saving over a file that is not this session's job";
	}
	return "";
}

enum tui_action tui_key_action(unsigned context, int code)
{
	for (const struct tui_key *k = tui_keys; k->names; k++) {
		if (!(k->contexts & context))
			continue;
		for (int i = 0; i < 5 && k->codes[i]; i++)
			if (k->codes[i] == code)
				return k->action;
	}
	return TUI_ACT_NONE;
}

/* man(7) needs a backslash before a leading '.' or '\'' and every '\' or '-'. */
static void man_text(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\e", out);
		else if (*s == '-')
			fputs("\\-", out);
		else
			fputc(*s, out);
	}
}

void tui_keys_print_man(FILE *out)
{
	for (int c = 0; c < tui_context_count; c++) {
		fprintf(out, ".SS %s\n", tui_context_title(tui_contexts[c]));
		for (const struct tui_key *k = tui_keys; k->names; k++) {
			if (!(k->contexts & tui_contexts[c]))
				continue;
			fputs(".TP\n.B ", out);
			man_text(out, k->names);
			fputc('\n', out);
			man_text(out, k->help);
			fputc('\n', out);
		}
	}
}

static const struct {
	const char *name;
	int code;
} named_keys[] = {
	{ "Up", KEY_UP }, { "Down", KEY_DOWN }, { "Left", KEY_LEFT }, { "Right", KEY_RIGHT },
	{ "Tab", '\t' }, { "BTab", KEY_BTAB }, { "Enter", '\n' }, { "Esc", ESC },
	{ "PgUp", KEY_PPAGE }, { "PgDn", KEY_NPAGE }, { "Home", KEY_HOME }, { "End", KEY_END },
	{ "BS", KEY_BACKSPACE }, { "Del", KEY_DC }, { "Space", ' ' },
};

int tui_key_code(const char *name)
{
	int n;

	for (size_t i = 0; i < sizeof(named_keys) / sizeof(named_keys[0]); i++)
		if (strcmp(name, named_keys[i].name) == 0)
			return named_keys[i].code;
	if (name[0] == 'F' && sscanf(name + 1, "%d", &n) == 1 && n >= 1 && n <= 12)
		return KEY_F(n);
	if (strncmp(name, "C-", 2) == 0 && name[2] && !name[3])
		return CTRL(name[2]);
	return -1;
}
