/* The TUI's data model: the settings being edited, the form's focus and edit
 * line, per-field errors, the dirty flag and the plan made from them.  No
 * curses and no file system here: the drawing code reads this struct, the
 * key handlers call these functions, and the unit tests do both without a
 * terminal.  Every change re-plans through the same core the CLI uses. */
#ifndef HELIOS_TUI_STATE_H
#define HELIOS_TUI_STATE_H

#include <stdbool.h>
#include <stdint.h>

#include "helios/buf.h"
#include "helios/config.h"
#include "helios/layout.h"
#include "helios/options.h"
#include "job/probe_report.h"
#include "helios/status.h"

/* A form row.  Most rows edit one option; the three split options are shown
 * as a "split by" choice and one value row that edits whichever of
 * --concurrency, --chunk-size or --chunk-duration the choice selects. */
enum tui_field_kind { TUI_FIELD_OPTION, TUI_FIELD_SPLIT_METHOD, TUI_FIELD_SPLIT_VALUE };

enum tui_split_method { TUI_SPLIT_COUNT, TUI_SPLIT_FRAMES, TUI_SPLIT_SECONDS };

/* The background probe of the page, as the preview shows it (the child
 * process itself is the main loop's, tui/probe.c). */
enum tui_probe_status { TUI_PROBE_NONE, TUI_PROBE_RUNNING, TUI_PROBE_DONE, TUI_PROBE_FAILED };

/* How a row is changed: typed text, a cycled choice, a toggle, or a picker. */
enum tui_edit_style { TUI_EDIT_TEXT, TUI_EDIT_NUMBER, TUI_EDIT_CHOICE, TUI_EDIT_TOGGLE,
		      TUI_EDIT_CODEC };

struct tui_field {
	enum tui_field_kind kind;
	enum helios_option_id option;	/* TUI_FIELD_OPTION only */
};

#define TUI_FIELD_MAX HELIOS_OPTION_COUNT

struct tui_state {
	struct helios_settings settings;	/* what is in force (always valid values) */
	char *cwd;				/* absolute; job paths are made from it */

	struct tui_field fields[TUI_FIELD_MAX];
	int field_count;
	int focus;				/* index into fields */
	enum tui_split_method split;

	/* Text that failed helios_settings_set, per option, and why.  While any
	 * is present there is no plan and nothing can be saved. */
	char *invalid[HELIOS_OPTION_COUNT];
	char *error[HELIOS_OPTION_COUNT];

	/* The edit line: applied to the settings on every keystroke, so the
	 * preview is live; Esc puts back what was there before. */
	bool editing;
	struct helios_buf edit;
	size_t cursor;				/* byte offset in edit, on a character start */
	enum helios_option_id edit_option;
	char *edit_orig;			/* settings text before the edit (NULL: unset) */
	char *edit_orig_invalid;
	bool save_after_edit;			/* the edit is the "save to where?" prompt */

	bool dirty;				/* differs from saved (or has invalid text) */
	struct helios_settings saved;		/* as loaded, started with or last saved */

	/* The job file this session loaded or last saved, by device and
	 * inode (session.c fills it): F2 asks before replacing any other. */
	bool own_job;
	uint64_t own_dev, own_ino;

	/* The plan of the current settings. */
	bool planned;
	struct helios_config cfg;
	struct helios_layout layout;
	struct helios_error plan_error;		/* why there is no plan */
	bool plan_error_set;
	enum helios_option_id plan_bad;		/* the option plan_error is about */

	int64_t selected;			/* chunk shown in full */
	int64_t table_top;			/* first chunk row of the table */

	char message[512];			/* one line for the status bar */
	/* Why the local input cannot be read (no such file, a directory), as
	 * a save would refuse it; "" when it can.  session.c looks before
	 * every draw, so the row is marked as soon as it is named. */
	char input_problem[1024];

	/* What the last probe measured: the page's own duration and fps and the
	 * cost figures the ETA is computed from on every change. */
	enum tui_probe_status probe;
	int probe_spin;				/* spinner frame while running */
	struct helios_probe_report report;	/* TUI_PROBE_DONE */
	char probe_error[256];			/* TUI_PROBE_FAILED */
	int64_t workers;			/* for the ETA; 0: one per chunk */
};

/* cwd: absolute working directory (copied).  The settings are copied too. */
enum helios_status tui_state_init(struct tui_state *st, const char *cwd,
				  const struct helios_settings *settings);
void tui_state_release(struct tui_state *st);

/* Replace all settings (after loading a job file); clears errors and edits. */
enum helios_status tui_state_set_settings(struct tui_state *st, const struct helios_settings *s);

/* Re-plan from the settings; called by every function that changes them. */
void tui_state_replan(struct tui_state *st);
/* The settings as they stand are what the job file holds now. */
void tui_state_mark_saved(struct tui_state *st);

/* --- form rows --- */

/* The option a row edits now (the split row follows the split method);
 * HELIOS_OPTION_COUNT for the split method row. */
enum helios_option_id tui_field_option(const struct tui_state *st, int field);
const char *tui_field_label(const struct tui_state *st, int field);
/* What a row means, as shown under the form. */
const char *tui_field_help(const struct tui_state *st, int field);
/* --emit-job as the planner reads it (the form and --help). */
extern const char tui_job_file_help[];
enum tui_edit_style tui_field_style(const struct tui_state *st, int field);
/* The text shown for a row: invalid text, the set value, the default or "". */
const char *tui_field_value(const struct tui_state *st, int field, bool *is_default);
/* The message to show beside a row, or NULL. */
const char *tui_field_error(const struct tui_state *st, int field);
/* The warning for a row that is valid but may fail on a worker (an encoder
 * helios does not know), as `helios render` prints it; false when none. */
bool tui_field_warning(const struct tui_state *st, int field, struct helios_buf *out);
int tui_field_of_option(const struct tui_state *st, enum helios_option_id id);
const char *tui_split_method_name(enum tui_split_method m);

/* --- focus --- */
void tui_state_focus_move(struct tui_state *st, int delta);	/* wraps around */
void tui_state_focus_set(struct tui_state *st, int field);

/* --- editing the focused row --- */

/* Start editing the focused text or number row; false for other rows. */
bool tui_state_edit_begin(struct tui_state *st);
void tui_state_edit_insert(struct tui_state *st, const char *text);
void tui_state_edit_backspace(struct tui_state *st);
void tui_state_edit_delete(struct tui_state *st);
void tui_state_edit_left(struct tui_state *st);
void tui_state_edit_right(struct tui_state *st);
void tui_state_edit_home(struct tui_state *st);
void tui_state_edit_end(struct tui_state *st);
void tui_state_edit_clear(struct tui_state *st);
/* Enter: keep the value (an invalid one stays shown with its error). */
void tui_state_edit_commit(struct tui_state *st);
/* Esc: put back the value from before the edit. */
void tui_state_edit_cancel(struct tui_state *st);

/* --- changing values without typing --- */

/* Left/Right, +/-: numbers step by delta, choices and codecs cycle, toggles
 * flip.  False when the focused row cannot be stepped (paths). */
bool tui_state_step(struct tui_state *st, int delta);
/* Set an option from a picker; false (with the error on the row) when invalid. */
bool tui_state_set_option(struct tui_state *st, enum helios_option_id id, const char *text);
void tui_state_set_split_method(struct tui_state *st, enum tui_split_method m);

/* --- the chunk table --- */
void tui_state_select(struct tui_state *st, int64_t chunk);
void tui_state_select_move(struct tui_state *st, int64_t delta);
/* Select the chunk that renders frame (a composition frame number); false,
 * with why in err, when the plan has no such frame. */
bool tui_state_select_frame(struct tui_state *st, int64_t frame, struct helios_error *err);
/* Keep the selected chunk inside a table of `rows` visible rows. */
void tui_state_scroll(struct tui_state *st, int64_t rows);

/* True when nothing stops a save; otherwise why, in err. */
bool tui_state_can_save(const struct tui_state *st, struct helios_error *err);

/* --- the probe --- */
void tui_state_probe_begin(struct tui_state *st);
void tui_state_probe_tick(struct tui_state *st);
/* The probe ended: with its report, or (report NULL) with why it failed. */
void tui_state_probe_end(struct tui_state *st, const struct helios_probe_report *report, const char *why);
void tui_state_probe_cancelled(struct tui_state *st);
/* Take --duration and --fps from the page's declarations; false (with a
 * message) when there is no probe or it declared neither. */
bool tui_state_adopt_page(struct tui_state *st);
/* Workers for the ETA: step by delta (1 at least); and the count in force. */
void tui_state_workers_step(struct tui_state *st, int64_t delta);
int64_t tui_state_workers(const struct tui_state *st);

void tui_state_message(struct tui_state *st, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
