/* The input picker's model: one directory's entries, folders first, with a
 * type-ahead filter.  Reads directories; no curses. */
#ifndef HELIOS_TUI_PICKER_H
#define HELIOS_TUI_PICKER_H

#include <stdbool.h>
#include <stddef.h>

#include "helios/buf.h"
#include "helios/status.h"

struct tui_entry {
	char *name;
	bool is_dir;
	bool is_html;		/* .html / .htm: what an input usually is */
};

struct tui_picker {
	struct helios_buf dir;		/* absolute, normalised */
	struct tui_entry *entries;	/* ".." first, then folders, then files */
	size_t count;
	size_t *shown;			/* indexes of entries matching the filter */
	size_t shown_count;
	struct helios_buf filter;	/* typed text: filter, or a path/URL */
	size_t selected;		/* index into shown */
	size_t top;
	char error[256];		/* why the directory could not be read */
};

void tui_picker_init(struct tui_picker *b);
void tui_picker_release(struct tui_picker *b);

/* List dir (absolute, or relative to cwd); clears the filter. */
enum helios_status tui_picker_open(struct tui_picker *b, const char *cwd, const char *dir);

/* Recompute the shown entries after the filter changed; keeps selection in range. */
void tui_picker_refilter(struct tui_picker *b);
void tui_picker_move(struct tui_picker *b, long delta);
const struct tui_entry *tui_picker_current(const struct tui_picker *b);

/* Enter.  Returns true and the chosen file relative to cwd in *chosen (or a
 * URL as typed) when a file was picked; false when it changed directory or
 * nothing happened. */
bool tui_picker_enter(struct tui_picker *b, const char *cwd, struct helios_buf *chosen);
/* Go to the parent directory. */
void tui_picker_up(struct tui_picker *b, const char *cwd);

#endif
