#include "helios/guess.h"

#include <string.h>

/* Names longer than this are never suggested (no option is near it). */
#define NAME_MAX_LEN 63

enum helios_guess_match helios_guess_match(const char *const *names, size_t n, const char *typed,
					   size_t len, size_t *index)
{
	const char *found = NULL;

	for (size_t i = 0; i < n; i++)
		if (strlen(names[i]) == len && strncmp(names[i], typed, len) == 0) {
			*index = i;
			return HELIOS_GUESS_EXACT;
		}
	for (size_t i = 0; len > 0 && i < n; i++) {
		if (strncmp(names[i], typed, len) != 0)
			continue;
		if (found && strcmp(found, names[i]) != 0)
			return HELIOS_GUESS_AMBIGUOUS;
		if (!found)
			*index = i;
		found = names[i];
	}
	return found ? HELIOS_GUESS_PREFIX : HELIOS_GUESS_NONE;
}

void helios_guess_candidates(const char *const *names, size_t n, const char *typed, size_t len,
			     const char *prefix, struct helios_buf *out)
{
	bool first = true;

	for (size_t i = 0; i < n; i++) {
		bool seen = false;

		if (strncmp(names[i], typed, len) != 0)
			continue;
		for (size_t k = 0; k < i && !seen; k++)
			seen = strcmp(names[k], names[i]) == 0;
		if (seen)
			continue;
		helios_buf_printf(out, "%s%s%s", first ? "" : ", ", prefix, names[i]);
		first = false;
	}
}

/* Optimal string alignment distance of a[0..la) and b[0..lb), both at most
 * NAME_MAX_LEN bytes: three rows of the table are enough. */
static size_t distance(const char *a, size_t la, const char *b, size_t lb)
{
	size_t rows[3][NAME_MAX_LEN + 1];
	size_t *before = rows[0], *prev = rows[1], *cur = rows[2];

	for (size_t j = 0; j <= lb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t *t;

		cur[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] != b[j - 1];
			size_t d = prev[j] + 1;

			if (cur[j - 1] + 1 < d)
				d = cur[j - 1] + 1;
			if (prev[j - 1] + cost < d)
				d = prev[j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && before[j - 2] + 1 < d)
				d = before[j - 2] + 1;
			cur[j] = d;
		}
		t = before;
		before = prev;
		prev = cur;
		cur = t;
	}
	return prev[lb];
}

const char *helios_guess_nearest(const char *const *names, size_t n, const char *typed, size_t len)
{
	const char *best = NULL;
	size_t best_d = (size_t)-1;

	if (len == 0 || len > NAME_MAX_LEN)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		size_t ln = strlen(names[i]), d, limit;

		if (ln > NAME_MAX_LEN)
			continue;
		limit = ln <= 4 ? 1 : ln <= 8 ? 2 : 3;
		d = distance(typed, len, names[i], ln);
		if (d <= limit && d < best_d) {
			best = names[i];
			best_d = d;
		}
	}
	return best;
}
