/* What every helios subcommand shares: messages, exit codes, option values
 * and the getopt loop over a flag table (helios/flags.h). */
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "helios/guess.h"
#include "helios/number.h"

void cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("helios: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_fail(enum helios_status status, const struct helios_error *err)
{
	cli_error("%s", err->text);
	return helios_status_exit_code(status);
}

void cli_error_in(const char *command, const char *text)
{
	size_t n = strlen(command);

	if (strncmp(text, command, n) == 0 && text[n] == ':')
		cli_error("%s", text);
	else
		cli_error("%s: %s", command, text);
}

int cli_fail_in(const char *command, enum helios_status status, const struct helios_error *err)
{
	cli_error_in(command, err->text);
	return helios_status_exit_code(status);
}

int cli_int_option(const char *command, const char *flag, const char *text, int64_t min,
		   int64_t max, int64_t *out)
{
	struct helios_error err;

	if (helios_number_parse_int(text, min, max, out, &err) != HELIOS_OK) {
		cli_error("%s: --%s: '%s': %s", command, flag, text, err.text);
		return EXIT_USAGE;
	}
	return 0;
}

int cli_wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			return 0;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return 1;
	}
	return 0;
}

void cli_getopt_init(struct cli_getopt *g, const struct helios_flag *table)
{
	size_t n = 0, k = 0;

	g->table = table;
	g->shorts[k++] = ':';
	for (const struct helios_flag *f = table; f->name && n + 1 < sizeof(g->longs) / sizeof(g->longs[0]); f++) {
		g->longs[n++] = (struct option){ f->name, f->metavar ? required_argument : no_argument, NULL, f->id };
		if (f->short_name && k + 3 < sizeof(g->shorts)) {
			g->shorts[k++] = f->short_name;
			if (f->metavar)
				g->shorts[k++] = ':';
		}
	}
	g->longs[n] = (struct option){ NULL, 0, NULL, 0 };
	g->shorts[k] = '\0';
	optind = 1;
	opterr = 0;
}

int cli_getopt_next(struct cli_getopt *g, int argc, char **argv)
{
	int c;

	c = getopt_long(argc, argv, g->shorts, g->longs, NULL);

	if (c > 0 && c < 256 && c != ':' && c != '?')
		for (const struct helios_flag *f = g->table; f->name; f++)
			if (f->short_name == c)
				return f->id;
	return c;
}

/* The table's long names, "help" after them when with_help; the count. */
static size_t flag_names(const struct helios_flag *table, const char **names, size_t max, bool with_help)
{
	size_t n = 0;

	for (const struct helios_flag *f = table; f->name && n + 1 < max; f++)
		names[n++] = f->name;
	if (with_help)
		names[n++] = "help";
	return n;
}

int cli_getopt_error(const char *command, const struct cli_getopt *g, int c, char **argv)
{
	const char *arg = argv[optind - 1], *names[32], *near;
	size_t n = flag_names(g->table, names, 32, false), len, at;
	struct helios_buf list;

	/* getopt names a long flag by its id in optopt, a short one by its letter. */
	if (optopt > 255) {
		for (const struct helios_flag *f = g->table; f->name; f++)
			if (f->id == optopt)
				cli_error("%s: --%s: %s", command, f->name, c == ':' ? "missing value" : "takes no value");
		return EXIT_USAGE;
	}
	if (c == ':') {
		cli_error("%s: -%c: missing value", command, optopt);
		return EXIT_USAGE;
	}
	if (optopt) {
		cli_error("%s: unknown option '-%c' (see 'helios %s --help')", command, optopt, command);
		return EXIT_USAGE;
	}
	/* getopt_long has taken an unambiguous prefix already: this one is
	 * ambiguous or matches nothing. */
	arg += arg[0] == '-' && arg[1] == '-' ? 2 : 0;
	len = strcspn(arg, "=");
	if (helios_guess_match(names, n, arg, len, &at) == HELIOS_GUESS_AMBIGUOUS) {
		helios_buf_init(&list);
		helios_guess_candidates(names, n, arg, len, "--", &list);
		cli_error("%s: --%.*s: ambiguous: could be %s", command, (int)len, arg, helios_buf_str(&list));
		helios_buf_release(&list);
		return EXIT_USAGE;
	}
	n = flag_names(g->table, names, 32, true);
	near = helios_guess_nearest(names, n, arg, len);
	if (near)
		cli_error("%s: unknown option '--%.*s' (did you mean --%s?)", command, (int)len, arg, near);
	else
		cli_error("%s: unknown option '--%.*s' (see 'helios %s --help')", command, (int)len, arg, command);
	return EXIT_USAGE;
}

const char *cli_nearest(const char *const *names, size_t n, const char *typed)
{
	return helios_guess_nearest(names, n, typed, strlen(typed));
}

void cli_print_help(const char *head, const struct helios_flag *table, int column, const char *tail)
{
	struct helios_buf text;

	helios_buf_init(&text);
	helios_buf_puts(&text, head);
	helios_flags_help(&text, table, column);
	helios_buf_puts(&text, tail);
	fputs(helios_buf_str(&text), stdout);
	helios_buf_release(&text);
}
