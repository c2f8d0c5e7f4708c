#include "helios/flags.h"

#include <stdio.h>
#include <string.h>

#define HELIOS_FLAG_ROW(prefix, id_, name_, short_, type_, min_, max_, choices_, default_, metavar_, help_) \
	{ prefix##id_, name_, short_, type_, min_, max_, choices_, default_, metavar_, help_ },
#define HELIOS_RUN_FLAG_ROW(...) HELIOS_FLAG_ROW(HELIOS_RUN_FLAG_, __VA_ARGS__)
#define HELIOS_MERGE_FLAG_ROW(...) HELIOS_FLAG_ROW(HELIOS_MERGE_FLAG_, __VA_ARGS__)
#define HELIOS_EXPORT_FLAG_ROW(...) HELIOS_FLAG_ROW(HELIOS_EXPORT_FLAG_, __VA_ARGS__)
#define HELIOS_PROBE_FLAG_ROW(...) HELIOS_FLAG_ROW(HELIOS_PROBE_FLAG_, __VA_ARGS__)

const struct helios_flag helios_run_flags[] = {
	HELIOS_RUN_FLAG_LIST(HELIOS_RUN_FLAG_ROW)
	{ 0 },
};

const struct helios_flag helios_merge_flags[] = {
	HELIOS_MERGE_FLAG_LIST(HELIOS_MERGE_FLAG_ROW)
	{ 0 },
};

const struct helios_flag helios_export_flags[] = {
	HELIOS_EXPORT_FLAG_LIST(HELIOS_EXPORT_FLAG_ROW)
	{ 0 },
};

const struct helios_flag helios_probe_flags[] = {
	HELIOS_PROBE_FLAG_LIST(HELIOS_PROBE_FLAG_ROW)
	{ 0 },
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

enum helios_status helios_flag_check(const struct helios_flag *f, const char *text, struct helios_flag_value *v,
				     struct helios_error *err)
{
	struct helios_ratio r;
	struct helios_buf list;

	memset(v, 0, sizeof(*v));
	v->text = text;
	switch (f->type) {
	case HELIOS_TYPE_INT:
		return helios_number_parse_int(text, f->min, f->max, &v->number, err);
	case HELIOS_TYPE_DECIMAL:
		if (helios_number_parse_decimal(text, &r, err) != HELIOS_OK)
			return HELIOS_EINVAL;
		v->seconds = helios_ratio_to_double(r);
		if (v->seconds <= (double)f->min)
			return helios_error_set(err, HELIOS_EINVAL, "must be more than %lld", (long long)f->min);
		return HELIOS_OK;
	case HELIOS_TYPE_FPS:
		return helios_number_parse_fps(text, &r, err);
	case HELIOS_TYPE_WORD:
		for (const char *const *w = f->choices; w && *w; w++)
			if (strcmp(*w, text) == 0)
				return HELIOS_OK;
		helios_buf_init(&list);
		for (const char *const *w = f->choices; w && *w; w++)
			helios_buf_printf(&list, "%s%s", w == f->choices ? "" : ", ", *w);
		helios_error_set(err, HELIOS_EINVAL, "not one of: %s", list.failed ? "?" : helios_buf_str(&list));
		helios_buf_release(&list);
		return HELIOS_EINVAL;
	default:
		return HELIOS_OK;
	}
}

void helios_help_entry(struct helios_buf *out, const char *flag, const char *help, const char *def, int column)
{
	size_t start = out->len, col = (size_t)column, len;
	char def_text[128];
	const char *p = help, *word;
	bool def_done = !def;

	helios_buf_puts(out, flag);
	if (out->len - start >= (size_t)column)
		helios_buf_printf(out, "\n%*s", column, "");
	else
		helios_buf_printf(out, "%*s", (int)((size_t)column - (out->len - start)), "");
	if (def)
		snprintf(def_text, sizeof(def_text), "(default: %s)", def);
	for (;;) {
		while (*p == ' ')
			p++;
		if (*p == '\n') {
			helios_buf_printf(out, "\n%*s", column, "");
			col = (size_t)column;
			p++;
			continue;
		}
		if (*p) {
			word = p;
			len = strcspn(p, " \n");
			p += len;
		} else if (!def_done) {
			word = def_text;	/* one word: a default is never split */
			len = strlen(def_text);
			def_done = true;
		} else {
			break;
		}
		if (col > (size_t)column && col + 1 + len > HELIOS_HELP_WIDTH) {
			helios_buf_printf(out, "\n%*s", column, "");
			col = (size_t)column;
		} else if (col > (size_t)column) {
			helios_buf_putc(out, ' ');
			col++;
		}
		helios_buf_append(out, word, len);
		col += len;
	}
	helios_buf_putc(out, '\n');
}

void helios_flags_help(struct helios_buf *out, const struct helios_flag *table, int column, bool align_long)
{
	struct helios_buf flag;

	helios_buf_init(&flag);
	for (const struct helios_flag *f = table; f->name; f++) {
		helios_buf_clear(&flag);
		if (f->short_name)
			helios_buf_printf(&flag, "  -%c, ", f->short_name);
		else
			helios_buf_puts(&flag, align_long ? "      " : "  ");
		helios_buf_printf(&flag, "--%s", f->name);
		if (f->metavar)
			helios_buf_printf(&flag, " %s", f->metavar);
		helios_help_entry(out, helios_buf_str(&flag), f->help, f->default_text, column);
	}
	if (flag.failed)
		out->failed = true;
	helios_buf_release(&flag);
}
