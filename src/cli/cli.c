/* What every helios subcommand shares: messages, exit codes, option values
 * and the getopt loop over a flag table (helios/flags.h). */
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export/export.h"
#include "helios/guess.h"
#include "helios/utf8.h"

void cli_error(const char *fmt, ...)
{
	struct helios_buf shown;
	va_list ap;
	char *text;
	int len;

	va_start(ap, fmt);
	len = vasprintf(&text, fmt, ap);
	va_end(ap);
	if (len < 0) {
		fputs("helios: out of memory\n", stderr);
		return;
	}
	/* A message may quote what a page, a program or a file name holds:
	 * one line on the terminal, never an escape sequence. */
	helios_buf_init(&shown);
	helios_utf8_escape(&shown, text, (size_t)len);
	free(text);
	fprintf(stderr, "helios: %s\n", shown.failed ? "out of memory" : helios_buf_str(&shown));
	helios_buf_release(&shown);
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

/* "parallel, make, k8s or slurm": the export formats, for messages. */
void cli_export_formats(char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int i = 0; i < HELIOS_EXPORT_FORMAT_COUNT && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s%s", i == 0 ? "" : i + 1 < HELIOS_EXPORT_FORMAT_COUNT ? ", " : " or ",
					 helios_export_format_name((enum helios_export_format)i));
}

int cli_flag_value(const char *command, const struct helios_flag *f, const char *text, struct helios_flag_value *v)
{
	struct helios_error err;
	enum helios_export_format format;
	char formats[128];

	if (helios_flag_check(f, text, v, &err) != HELIOS_OK) {
		cli_error("%s: --%s: '%s': %s", command, f->name, text, err.text);
		return HELIOS_EXIT_USAGE;
	}
	if (f->type == HELIOS_TYPE_EXPORT && !helios_export_parse_format(text, &format)) {
		cli_export_formats(formats, sizeof(formats));
		cli_error("%s: --%s: '%s': unknown format (use %s)", command, f->name, text, formats);
		return HELIOS_EXIT_USAGE;
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

void cli_getopt_init(struct cli_getopt *g, const char *command, const struct helios_flag *table)
{
	size_t n = 0, k = 0;

	g->command = command;
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

/* Say why getopt_long returned c (':' or '?'). */
static void getopt_error(const struct cli_getopt *g, int c, char **argv)
{
	const char *command = g->command;
	const char *arg = argv[optind - 1], *names[32], *near;
	size_t n = flag_names(g->table, names, 32, false), len, at;
	struct helios_buf list;

	/* getopt names a long flag by its id in optopt, a short one by its letter. */
	if (optopt > 255) {
		for (const struct helios_flag *f = g->table; f->name; f++)
			if (f->id == optopt)
				cli_error("%s: --%s: %s", command, f->name, c == ':' ? "missing value" : "takes no value");
		return;
	}
	if (c == ':') {
		cli_error("%s: -%c: missing value", command, optopt);
		return;
	}
	if (optopt) {
		cli_error("%s: unknown option '-%c' (see 'helios %s --help')", command, optopt, command);
		return;
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
		return;
	}
	n = flag_names(g->table, names, 32, true);
	near = helios_guess_nearest(names, n, arg, len);
	if (near)
		cli_error("%s: unknown option '--%.*s' (did you mean --%s?)", command, (int)len, arg, near);
	else
		cli_error("%s: unknown option '--%.*s' (see 'helios %s --help')", command, (int)len, arg, command);
}

int cli_getopt_next(struct cli_getopt *g, int argc, char **argv)
{
	const struct helios_flag *flag = NULL;
	int c = getopt_long(argc, argv, g->shorts, g->longs, NULL);

	if (c == -1)
		return -1;
	for (const struct helios_flag *f = g->table; f->name && !flag && c != ':' && c != '?'; f++)
		if (f->id == c || (c < 256 && f->short_name == c))
			flag = f;
	if (!flag) {
		getopt_error(g, c, argv);
		return CLI_GETOPT_FAILED;
	}
	memset(&g->value, 0, sizeof(g->value));
	if (flag->metavar && cli_flag_value(g->command, flag, optarg, &g->value))
		return CLI_GETOPT_FAILED;
	return flag->id;
}

const char *cli_nearest(const char *const *names, size_t n, const char *typed)
{
	return helios_guess_nearest(names, n, typed, strlen(typed));
}
