/* Streaming job writer: the JSON is laid out by hand, two-space indented like
 * upstream's files, and every string and decimal goes through cJSON.  Only
 * one chunk's command exists in memory at a time. */
#include "helios/job.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helios/path.h"

struct writer {
	FILE *f;
	char *scratch;		/* escaped text of one value */
	size_t scratch_size;
	bool failed;
};

/* The JSON text of a string, quotes included, from cJSON without allocating. */
static const char *escape(struct writer *w, const char *s, size_t len)
{
	cJSON item;
	size_t need = 6 * len + 8;	/* worst case: every byte becomes \u00XX */

	if (w->failed)
		return "\"\"";
	if (need > w->scratch_size) {
		char *p = realloc(w->scratch, need);

		if (!p) {
			w->failed = true;
			return "\"\"";
		}
		w->scratch = p;
		w->scratch_size = need;
	}
	memset(&item, 0, sizeof(item));
	item.type = cJSON_String | cJSON_IsReference;
	item.valuestring = (char *)s;
	if (!cJSON_PrintPreallocated(&item, w->scratch, (int)w->scratch_size, 0)) {
		w->failed = true;
		return "\"\"";
	}
	return w->scratch;
}

static void put_string(struct writer *w, const char *indent, const char *key, const char *value,
		       bool last)
{
	fprintf(w->f, "%s\"%s\": %s%s\n", indent, key, escape(w, value, strlen(value)), last ? "" : ",");
}

static void put_int(struct writer *w, const char *indent, const char *key, long long value, bool last)
{
	fprintf(w->f, "%s\"%s\": %lld%s\n", indent, key, value, last ? "" : ",");
}

static void put_double(struct writer *w, const char *indent, const char *key, double value, bool last)
{
	cJSON item;
	char text[64];

	memset(&item, 0, sizeof(item));
	item.type = cJSON_Number;
	item.valuedouble = value;
	item.valueint = (int)value;
	if (!cJSON_PrintPreallocated(&item, text, sizeof(text), 0))
		w->failed = true;
	fprintf(w->f, "%s\"%s\": %s%s\n", indent, key, text, last ? "" : ",");
}

/* Part of a longer string value: its escaped text without the quotes. */
static void put_piece(struct writer *w, const struct helios_buf *piece)
{
	const char *text = escape(w, helios_buf_str(piece), piece->len);
	size_t len = strlen(text);

	fwrite(text + 1, 1, len - 2, w->f);
}

static void write_settings(struct writer *w, const struct helios_settings *s)
{
	int last = -1;

	for (int i = 0; i < HELIOS_OPTION_COUNT; i++)
		if ((helios_options[i].flags & HELIOS_OPT_PLAN) && helios_settings_get(s, i))
			last = i;
	fputs("    \"settings\": {\n", w->f);
	for (int i = 0; i < HELIOS_OPTION_COUNT; i++)
		if ((helios_options[i].flags & HELIOS_OPT_PLAN) && helios_settings_get(s, i))
			put_string(w, "      ", helios_options[i].name, helios_settings_get(s, i), i == last);
	fputs("    }\n", w->f);
}

enum helios_status helios_job_write_stream(FILE *f, const struct helios_layout *layout,
					   const struct helios_settings *s, struct helios_error *err)
{
	const struct helios_config *cfg = layout->config;
	const struct helios_plan *plan = &cfg->plan;
	struct writer w = { f, NULL, 0, false };
	struct helios_buf buf;
	struct helios_chunk chunk;

	helios_buf_init(&buf);
	fputs("{\n  \"metadata\": {\n", f);
	put_string(&w, "    ", "input", layout->input, false);
	put_string(&w, "    ", "output", layout->output, false);
	put_int(&w, "    ", "totalFrames", (long long)plan->total_frames, false);
	put_int(&w, "    ", "startFrame", (long long)plan->start_frame, false);
	put_double(&w, "    ", "fps", helios_ratio_to_double(cfg->fps), false);
	put_int(&w, "    ", "width", (long long)cfg->width, false);
	put_int(&w, "    ", "height", (long long)cfg->height, false);
	put_double(&w, "    ", "duration",
		   (double)plan->total_frames / helios_ratio_to_double(cfg->fps), false);
	put_int(&w, "    ", "formatVersion", HELIOS_JOB_FORMAT, false);
	if (layout->input_file)
		put_string(&w, "    ", "inputFile", layout->input_file, false);
	write_settings(&w, s);
	fputs("  },\n  \"chunks\": [\n", f);

	for (int64_t id = 0; id < plan->chunk_count && !w.failed; id++) {
		chunk = helios_plan_chunk(plan, id);
		fputs("    {\n", f);
		put_int(&w, "      ", "id", (long long)id, false);
		put_int(&w, "      ", "startFrame", (long long)chunk.start_frame, false);
		put_int(&w, "      ", "frameCount", (long long)chunk.frame_count, false);
		helios_buf_clear(&buf);
		helios_layout_chunk_output(layout, id, &buf);
		put_string(&w, "      ", "outputFile", helios_buf_str(&buf), false);
		helios_buf_clear(&buf);
		helios_layout_chunk_command(layout, &chunk, &buf);
		put_string(&w, "      ", "command", helios_buf_str(&buf), true);
		fputs(id + 1 < plan->chunk_count ? "    },\n" : "    }\n", f);
		w.failed |= buf.failed;
	}

	fputs("  ],\n  \"mergeCommand\": \"", f);
	helios_buf_clear(&buf);
	helios_layout_merge_head(layout, &buf);
	put_piece(&w, &buf);
	for (int64_t id = 0; id < plan->chunk_count && !w.failed; id++) {
		helios_buf_clear(&buf);
		helios_layout_merge_append(layout, id, &buf);
		put_piece(&w, &buf);
	}
	fputs("\"\n}\n", f);
	w.failed |= buf.failed;
	helios_buf_release(&buf);
	free(w.scratch);
	if (w.failed)
		return helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	if (ferror(f))
		return helios_error_set(err, HELIOS_EIO, "%s", strerror(errno ? errno : EIO));
	return HELIOS_OK;
}

enum helios_status helios_job_write_file(const char *path, const struct helios_layout *layout,
					 const struct helios_settings *s, struct helios_error *err)
{
	char *iobuf;
	struct helios_buf tmp;
	enum helios_status st;
	mode_t mask;
	FILE *f;
	int fd, saved;

	helios_buf_init(&tmp);
	helios_buf_printf(&tmp, "%s.tmp.XXXXXX", path);
	if (tmp.failed)
		return helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	fd = mkstemp(tmp.data);
	if (fd < 0) {
		saved = errno;
		helios_buf_release(&tmp);
		return helios_error_set(err, saved == ENOENT || saved == ENOTDIR ? HELIOS_EINVAL : HELIOS_EIO,
					"cannot write '%s': %s", path,
					saved == ENOENT ? "directory does not exist" : strerror(saved));
	}
	/* mkstemp creates 0600; a job file is an ordinary file for the team. */
	mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	f = fdopen(fd, "w");
	if (!f) {
		saved = errno;
		close(fd);
		unlink(tmp.data);
		helios_buf_release(&tmp);
		return helios_error_set(err, HELIOS_EIO, "cannot write '%s': %s", path, strerror(saved));
	}
	iobuf = malloc(1 << 16);
	if (iobuf)
		setvbuf(f, iobuf, _IOFBF, 1 << 16);
	st = helios_job_write_stream(f, layout, s, err);
	errno = 0;
	if (fclose(f) != 0 && st == HELIOS_OK)
		st = helios_error_set(err, HELIOS_EIO, "%s", strerror(errno));
	free(iobuf);
	if (st == HELIOS_OK && rename(tmp.data, path) != 0)
		st = helios_error_set(err, HELIOS_EIO, "%s", strerror(errno));
	if (st != HELIOS_OK) {
		unlink(tmp.data);
		helios_error_prefix(err, "cannot write '%s'", path);
	}
	helios_buf_release(&tmp);
	return st;
}
