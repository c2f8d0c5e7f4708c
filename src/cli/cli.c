/* What every helios subcommand shares: messages, exit codes, option values
 * and the getopt loop over a flag table (helios/flags.h). */
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

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
	int c = getopt_long(argc, argv, g->shorts, g->longs, NULL);

	if (c > 0 && c < 256 && c != ':' && c != '?')
		for (const struct helios_flag *f = g->table; f->name; f++)
			if (f->short_name == c)
				return f->id;
	return c;
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
