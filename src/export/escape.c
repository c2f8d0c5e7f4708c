/* Quoting for the export targets' own syntax, and the pieces every format
 * shares: the chunk and merge commands, the header comment. */
#include "escape.h"

#include <string.h>

#include "helios/path.h"
#include "helios/quote.h"

enum helios_status helios_export_make_name(struct helios_buf *out, const char *name,
					   struct helios_error *err)
{
	size_t len = strlen(name);
	const char *bad = strpbrk(name, "\n\t;|\\");

	if (bad) {
		static const char *const why[] = { "a newline", "a tab", "';'", "'|'", "a backslash" };

		return helios_error_set(err, HELIOS_EINVAL,
					"make cannot name a file whose path holds %s: '%s'",
					why[strchr("\n\t;|\\", *bad) - "\n\t;|\\"], name);
	}
	/* "lib(member)" is an archive member to make, whatever the escaping. */
	if (len && name[len - 1] == ')' && strchr(name, '('))
		return helios_error_set(err, HELIOS_EINVAL,
					"make cannot name a file whose path ends in '(...)': '%s'", name);
	for (const char *p = name; *p; p++) {
		switch (*p) {
		case '$':
			helios_buf_puts(out, "$$");
			break;
		case '%':
			helios_buf_puts(out, "$(percent)");
			break;
		case '=':
			helios_buf_puts(out, "$(equals)");
			break;
		case ' ': case '#': case ':': case '*': case '?': case '[':
			helios_buf_putc(out, '\\');
			/* fall through */
		default:
			helios_buf_putc(out, *p);
		}
	}
	return HELIOS_OK;
}

void helios_export_yaml_string(struct helios_buf *out, const char *s)
{
	helios_buf_putc(out, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\') {
			helios_buf_putc(out, '\\');
			helios_buf_putc(out, (char)*p);
		} else if (*p == '\n') {
			helios_buf_puts(out, "\\n");
		} else if (*p == '\t') {
			helios_buf_puts(out, "\\t");
		} else if (*p < 0x20 || *p == 0x7f) {
			helios_buf_printf(out, "\\x%02x", *p);
		} else {
			helios_buf_putc(out, (char)*p);
		}
	}
	helios_buf_putc(out, '"');
}

void helios_export_dns_label(struct helios_buf *out, const char *text, size_t max)
{
	size_t start = out->len, n = 0;
	bool dash = false;

	for (const unsigned char *p = (const unsigned char *)text; *p && n < max; p++) {
		unsigned char c = *p;

		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (dash && n > 0) {
				if (n + 2 > max)
					break;	/* no room for '-' and a word */
				helios_buf_putc(out, '-');
				n++;
			}
			dash = false;
			helios_buf_putc(out, (char)c);
			n++;
		} else {
			dash = true;	/* runs of anything else become one '-' between words */
		}
	}
	if (out->len == start)
		helios_buf_puts(out, "helios");
}

void export_sh_start(struct helios_buf *out)
{
	helios_buf_puts(out, "#!/bin/sh\n# shellcheck disable=SC2016 # a quoted '$' is part of a path\n");
}

void export_comment_text(struct helios_buf *out, const char *text)
{
	for (const unsigned char *p = (const unsigned char *)text; *p; p++)
		helios_buf_putc(out, *p < 0x20 || *p == 0x7f ? '?' : (char)*p);
}

void export_header(struct helios_buf *out, const struct export_format *format, const char *prefix,
		   const char *what, const struct helios_job *job, const struct helios_export_options *o)
{
	helios_buf_printf(out, "%s%s for the helios job ", prefix, what);
	export_comment_text(out, o->job_path);
	helios_buf_printf(out, " (%lld chunk%s), written by\n%s`helios job export --to %s`.\n",
			  (long long)job->chunk_count, job->chunk_count == 1 ? "" : "s", prefix,
			  format->name);
}

void export_chunk_command(struct helios_buf *out, const char *job_path, const char *id, int64_t retries)
{
	helios_buf_puts(out, "helios job run ");
	helios_quote_append(out, job_path);
	helios_buf_printf(out, " --chunk %s --no-merge", id);
	if (retries > 0)
		helios_buf_printf(out, " --retries %lld", (long long)retries);
}

void export_job_dir(struct helios_buf *out, const char *job_path)
{
	helios_path_dirname(out, job_path);
}

void export_merge_command(struct helios_buf *out, const char *job_path)
{
	helios_buf_puts(out, "helios job run ");
	helios_quote_append(out, job_path);
	helios_buf_puts(out, " --merge-only");
}

void export_base_name(struct helios_buf *out, const struct helios_job *job,
		      const struct helios_export_options *o, size_t max)
{
	const char *path = job->output ? job->output : o->job_path;
	const char *name = strrchr(path, '/');
	struct helios_buf stem;
	const char *ext;

	helios_buf_init(&stem);
	helios_path_split_ext(name ? name + 1 : path, &stem, &ext);
	helios_export_dns_label(out, helios_buf_str(&stem), max);
	out->failed |= stem.failed;
	helios_buf_release(&stem);
}

void export_double_dollars(struct helios_buf *out, const char *text)
{
	for (const char *p = text; *p; p++) {
		if (*p == '$')
			helios_buf_putc(out, '$');
		helios_buf_putc(out, *p);
	}
}

void export_file_path(const struct export_format *format, const char *out_path, int i,
		      struct helios_buf *out)
{
	struct helios_buf stem;
	const char *ext;

	if (i == 0 || !out_path) {
		helios_buf_puts(out, out_path ? out_path : "-");
		return;
	}
	helios_buf_init(&stem);
	helios_path_split_ext(out_path, &stem, &ext);
	helios_buf_puts(out, helios_buf_str(&stem));
	helios_buf_puts(out, format->suffix[i]);
	out->failed |= stem.failed;
	helios_buf_release(&stem);
}
