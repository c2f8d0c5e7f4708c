#include "helios/quote.h"

#include <stdlib.h>
#include <string.h>

/* Characters that are never special to /bin/sh in any position of a word
 * (apart from a leading '=' or '~', handled below). */
static bool is_safe(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       strchr("_@%+=:,./-", c) != NULL;
}

bool helios_quote_needed(const char *arg)
{
	if (!*arg || *arg == '~' || *arg == '=')
		return true;
	for (const unsigned char *p = (const unsigned char *)arg; *p; p++)
		if (!is_safe(*p))
			return true;
	return false;
}

void helios_quote_append(struct helios_buf *out, const char *arg)
{
	if (!helios_quote_needed(arg)) {
		helios_buf_puts(out, arg);
		return;
	}
	/* Single quotes, but a quote or a backslash is written outside them,
	 * escaped: /bin/sh keeps a backslash inside single quotes, while
	 * upstream's runner (its parseCommand) reads it as an escape there
	 * too.  Written as \' and \\ between quoted runs, both read them alike. */
	helios_buf_putc(out, '\'');
	for (const char *p = arg; *p; p++) {
		if (*p == '\'')
			helios_buf_puts(out, "'\\''");
		else if (*p == '\\')
			helios_buf_puts(out, "'\\\\'");
		else
			helios_buf_putc(out, *p);
	}
	helios_buf_putc(out, '\'');
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

struct words {
	char **argv;
	int argc;
	int cap;
};

static bool push_word(struct words *w, struct helios_buf *word)
{
	char *s;

	if (w->argc + 2 > w->cap) {
		int cap = w->cap ? w->cap * 2 : 16;
		char **argv = realloc(w->argv, (size_t)cap * sizeof(*argv));

		if (!argv)
			return false;
		w->argv = argv;
		w->cap = cap;
	}
	s = helios_buf_take(word);
	if (!s)
		return false;
	w->argv[w->argc++] = s;
	w->argv[w->argc] = NULL;
	return true;
}

enum helios_status helios_quote_split(const char *line, char ***argv_out, int *argc_out,
				      struct helios_error *err)
{
	struct words w = { NULL, 0, 0 };
	struct helios_buf word;
	bool in_word = false;
	const char *p = line;
	enum helios_status st = HELIOS_OK;

	helios_buf_init(&word);
	while (*p) {
		char c = *p;

		if (is_blank(c)) {
			if (in_word && !push_word(&w, &word))
				goto nomem;
			in_word = false;
			p++;
			continue;
		}
		in_word = true;
		if (c == '\'') {
			const char *end = strchr(p + 1, '\'');

			if (!end) {
				st = helios_error_set(err, HELIOS_EINVAL, "unterminated single quote");
				goto fail;
			}
			helios_buf_append(&word, p + 1, (size_t)(end - p - 1));
			p = end + 1;
		} else if (c == '"') {
			p++;
			while (*p && *p != '"') {
				if (*p == '\\' && p[1] && strchr("\\\"$`\n", p[1])) {
					if (p[1] != '\n')	/* backslash-newline joins lines */
						helios_buf_putc(&word, p[1]);
					p += 2;
				} else {
					helios_buf_putc(&word, *p++);
				}
			}
			if (*p != '"') {
				st = helios_error_set(err, HELIOS_EINVAL, "unterminated double quote");
				goto fail;
			}
			p++;
		} else if (c == '\\') {
			if (!p[1]) {
				st = helios_error_set(err, HELIOS_EINVAL, "backslash at the end");
				goto fail;
			}
			if (p[1] != '\n')
				helios_buf_putc(&word, p[1]);
			p += 2;
		} else {
			helios_buf_putc(&word, c);
			p++;
		}
		/* An empty quoted word still counts: '' is an argument. */
		if (!word.data)
			helios_buf_append(&word, "", 0);
	}
	if (in_word && !push_word(&w, &word))
		goto nomem;
	if (word.failed)
		goto nomem;
	if (!w.argv) {
		w.argv = calloc(1, sizeof(*w.argv));
		if (!w.argv)
			goto nomem;
	}
	helios_buf_release(&word);
	*argv_out = w.argv;
	if (argc_out)
		*argc_out = w.argc;
	return HELIOS_OK;
nomem:
	st = helios_error_set(err, HELIOS_ENOMEM, "out of memory");
fail:
	helios_buf_release(&word);
	helios_quote_free(w.argv);
	return st;
}

void helios_quote_free(char **argv)
{
	if (!argv)
		return;
	for (char **p = argv; *p; p++)
		free(*p);
	free(argv);
}
