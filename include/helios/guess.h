/* What a user meant by a name they typed: the one rule for abbreviated long
 * options (an unambiguous prefix stands for its option, an ambiguous one is
 * refused naming the candidates) and "did you mean" for a mistyped option or
 * subcommand.  Every helios subcommand and helios-tui use it.  Pure. */
#ifndef HELIOS_GUESS_H
#define HELIOS_GUESS_H

#include <stddef.h>

#include "helios/buf.h"

enum helios_guess_match {
	HELIOS_GUESS_EXACT,	/* *index is the name typed */
	HELIOS_GUESS_PREFIX,	/* typed is the start of exactly one name: *index */
	HELIOS_GUESS_AMBIGUOUS,	/* the start of several names */
	HELIOS_GUESS_NONE,
};

/* Match typed (len bytes, no "--") against names[0..n).  Names that are
 * the same string count once. */
enum helios_guess_match helios_guess_match(const char *const *names, size_t n, const char *typed,
					   size_t len, size_t *index);

/* The names typed is a prefix of, as "--a, --b" (prefix "--"), in table order. */
void helios_guess_candidates(const char *const *names, size_t n, const char *typed, size_t len,
			     const char *prefix, struct helios_buf *out);

/* The name nearest typed by edit distance (insertions, deletions,
 * substitutions and swaps of two neighbours), when near enough to be a
 * typo: at most 1 edit for names up to 4 bytes, 2 up to 8, 3 beyond.
 * NULL when none is. */
const char *helios_guess_nearest(const char *const *names, size_t n, const char *typed, size_t len);

#endif
