/* POSIX shell quoting of arguments and the inverse splitter.  Commands in a
 * job file are quoted here and split here again by `helios job run`, which
 * never involves a shell. */
#ifndef HELIOS_QUOTE_H
#define HELIOS_QUOTE_H

#include <stdbool.h>

#include "helios/buf.h"
#include "helios/status.h"

/* True when arg must be quoted to stay one word under /bin/sh. */
bool helios_quote_needed(const char *arg);

/* Append arg, single-quoted only where needed ('' for the empty string;
 * an embedded ' becomes '\''). */
void helios_quote_append(struct helios_buf *out, const char *arg);

/* Split a command line the way /bin/sh splits words (no expansion): blanks
 * separate words; single quotes, double quotes (with \\ \" \$ \` escapes)
 * and backslash escapes are understood.  *argv_out is a NULL-terminated
 * malloc'ed array of malloc'ed strings; free it with helios_quote_free. */
enum helios_status helios_quote_split(const char *line, char ***argv_out, int *argc_out,
				      struct helios_error *err);
void helios_quote_free(char **argv);

#endif
