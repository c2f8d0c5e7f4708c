#include "helios/flags.h"

#include <string.h>

#define HELIOS_FLAG_ROW(prefix, id_, name_, short_, metavar_, help_) \
	{ prefix##id_, name_, short_, metavar_, help_ },
#define HELIOS_RUN_FLAG_ROW(...) HELIOS_FLAG_ROW(HELIOS_RUN_FLAG_, __VA_ARGS__)
#define HELIOS_MERGE_FLAG_ROW(...) HELIOS_FLAG_ROW(HELIOS_MERGE_FLAG_, __VA_ARGS__)
#define HELIOS_EXPORT_FLAG_ROW(...) HELIOS_FLAG_ROW(HELIOS_EXPORT_FLAG_, __VA_ARGS__)
#define HELIOS_PROBE_FLAG_ROW(...) HELIOS_FLAG_ROW(HELIOS_PROBE_FLAG_, __VA_ARGS__)

const struct helios_flag helios_run_flags[] = {
	HELIOS_RUN_FLAG_LIST(HELIOS_RUN_FLAG_ROW)
	{ 0, NULL, 0, NULL, NULL },
};

const struct helios_flag helios_merge_flags[] = {
	HELIOS_MERGE_FLAG_LIST(HELIOS_MERGE_FLAG_ROW)
	{ 0, NULL, 0, NULL, NULL },
};

const struct helios_flag helios_export_flags[] = {
	HELIOS_EXPORT_FLAG_LIST(HELIOS_EXPORT_FLAG_ROW)
	{ 0, NULL, 0, NULL, NULL },
};

const struct helios_flag helios_probe_flags[] = {
	HELIOS_PROBE_FLAG_LIST(HELIOS_PROBE_FLAG_ROW)
	{ 0, NULL, 0, NULL, NULL },
};

const struct helios_flag *helios_flag_find(const struct helios_flag *table, const char *arg)
{
	for (const struct helios_flag *f = table; f->name; f++) {
		if (arg[0] == '-' && arg[1] == '-' && strcmp(arg + 2, f->name) == 0)
			return f;
		if (f->short_name && arg[0] == '-' && arg[1] == f->short_name && !arg[2])
			return f;
	}
	return NULL;
}

/* One entry: "  -o, --output FILE" padded to column, then the help lines. */
static void flag_entry(struct helios_buf *out, const char *flag, const char *help, int column)
{
	size_t start = out->len;

	helios_buf_puts(out, flag);
	if (out->len - start + 1 > (size_t)column)
		helios_buf_printf(out, "\n%*s", column, "");
	else
		helios_buf_printf(out, "%*s", (int)(column - (out->len - start)), "");
	for (const char *p = help; *p;) {
		size_t len = strcspn(p, "\n");

		helios_buf_append(out, p, len);
		helios_buf_putc(out, '\n');
		p += len;
		if (*p == '\n' && *++p)
			helios_buf_printf(out, "%*s", column, "");
	}
}

void helios_flags_help(struct helios_buf *out, const struct helios_flag *table, int column)
{
	struct helios_buf flag;

	helios_buf_init(&flag);
	for (const struct helios_flag *f = table; f->name; f++) {
		helios_buf_clear(&flag);
		helios_buf_puts(&flag, "  ");
		if (f->short_name)
			helios_buf_printf(&flag, "-%c, ", f->short_name);
		helios_buf_printf(&flag, "--%s", f->name);
		if (f->metavar)
			helios_buf_printf(&flag, " %s", f->metavar);
		flag_entry(out, helios_buf_str(&flag), f->help, column);
	}
	flag_entry(out, "  -h, --help", "show this help", column);
	if (flag.failed)
		out->failed = true;
	helios_buf_release(&flag);
}
