/* Files of a TUI session: restoring settings from a job file and saving the
 * job.  File I/O but no curses, so the unit tests cover it. */
#ifndef HELIOS_TUI_SESSION_H
#define HELIOS_TUI_SESSION_H

#include <stdbool.h>
#include <stddef.h>

#include "helios/options.h"
#include "helios/status.h"
#include "state.h"

/*
 * Read the job file at path into *out (initialised by the caller): the
 * settings in its metadata, and its input and output made relative to cwd
 * again (the file stores them relative to its own directory); the job file
 * path is path itself.  A file without settings (upstream's) gives what its
 * metadata says (size, fps, frames, chunk count) and defaults otherwise; then
 * notice says so.
 */
enum helios_status tui_session_load(struct helios_settings *out, const char *cwd, const char *path,
				    char *notice, size_t notice_size, struct helios_error *err);

/* Write the job to the job file path, exactly as `helios render … --emit-job`
 * does (same layout inputs, same writer, atomic).  Refuses while a value is
 * invalid or the input file is missing.  Clears the dirty flag on success,
 * and the file becomes the session's own.  A failure's message says
 * "cannot …" ("cannot save: …", "cannot write …"), ready to show. */
enum helios_status tui_session_save(struct tui_state *st, struct helios_error *err);

/* Look at the local input now: st->input_problem says why a save would
 * refuse it, or is empty. */
void tui_session_check_input(struct tui_state *st);

/* The file at path (a job just loaded) is the session's own. */
void tui_session_own(struct tui_state *st, const char *path);

/* True when saving would replace a file that is not the job this session
 * loaded or saved: the user is asked first.  False when the save would be
 * refused for another reason, which it then gives. */
bool tui_session_replaces_other(const struct tui_state *st);

#endif
