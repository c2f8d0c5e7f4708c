/* Streaming job writer: the JSON is laid out by hand, two-space indented like
 * upstream's files, and every string and decimal goes through cJSON.  Only
 * one chunk's command exists in memory at a time. */
#include "job/job.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "job/file.h"
#include "helios/path.h"

struct writer {
	FILE *f;
	struct helios_buf rec;	/* pending output, written in blocks */
	bool failed;
};

/* Append the JSON text of a string, quotes included, printed by cJSON
 * straight into the pending output (no allocation, no extra copy). */
static void put_escaped(struct writer *w, const char *s, size_t len)
{
	size_t room = 6 * len + 8;	/* worst case: every byte becomes \u00XX */
	char *end = helios_buf_space(&w->rec, room);
	cJSON item;

	if (!end || room > INT_MAX) {
		w->failed = true;
		return;
	}
	memset(&item, 0, sizeof(item));
	item.type = cJSON_String | cJSON_IsReference;
	item.valuestring = (char *)s;
	if (!cJSON_PrintPreallocated(&item, end, (int)room, 0)) {
		w->failed = true;
		return;
	}
	helios_buf_grow(&w->rec, strlen(end));
}

/* Fields are appended to w->rec; flush() writes it out. */
static void put_key(struct writer *w, const char *indent, const char *key)
{
	helios_buf_puts(&w->rec, indent);
	helios_buf_putc(&w->rec, '"');
	helios_buf_puts(&w->rec, key);
	helios_buf_puts(&w->rec, "\": ");
}

static void put_string(struct writer *w, const char *indent, const char *key, const char *value,
		       bool last)
{
	put_key(w, indent, key);
	put_escaped(w, value, strlen(value));
	helios_buf_puts(&w->rec, last ? "\n" : ",\n");
}

static void put_int(struct writer *w, const char *indent, const char *key, long long value, bool last)
{
	put_key(w, indent, key);
	helios_buf_put_int(&w->rec, value);
	helios_buf_puts(&w->rec, last ? "\n" : ",\n");
}

static void flush(struct writer *w)
{
	if (w->rec.failed)
		w->failed = true;
	else if (w->rec.len)
		fwrite(w->rec.data, 1, w->rec.len, w->f);
	helios_buf_clear(&w->rec);
}

static void put_double(struct writer *w, const char *indent, const char *key, double value, bool last)
{
	cJSON item;
	char text[64];

	memset(&item, 0, sizeof(item));
	item.type = cJSON_Number;
	/* cJSON prints valuedouble only; valueint stays 0, since (int)1e11 is
	 * undefined. */
	item.valuedouble = value;
	if (!cJSON_PrintPreallocated(&item, text, sizeof(text), 0))
		w->failed = true;
	put_key(w, indent, key);
	helios_buf_puts(&w->rec, text);
	helios_buf_puts(&w->rec, last ? "\n" : ",\n");
}

/* Part of a longer string value: its escaped text without the quotes. */
static void put_piece(struct writer *w, const struct helios_buf *piece)
{
	size_t before = w->rec.len;

	put_escaped(w, helios_buf_str(piece), piece->len);
	if (w->failed)
		return;
	/* Drop the closing quote, then the opening one. */
	memmove(w->rec.data + before, w->rec.data + before + 1, w->rec.len - before - 2);
	w->rec.len -= 2;
	w->rec.data[w->rec.len] = '\0';
}

static void write_settings(struct writer *w, const struct helios_settings *s)
{
	int last = -1;

	for (int i = 0; i < HELIOS_OPTION_COUNT; i++)
		if ((helios_options[i].flags & HELIOS_OPT_PLAN) && helios_settings_get(s, i))
			last = i;
	helios_buf_puts(&w->rec, "    \"settings\": {\n");
	for (int i = 0; i < HELIOS_OPTION_COUNT; i++)
		if ((helios_options[i].flags & HELIOS_OPT_PLAN) && helios_settings_get(s, i))
			put_string(w, "      ", helios_options[i].name, helios_settings_get(s, i), i == last);
	helios_buf_puts(&w->rec, "    }\n");
}

enum helios_status helios_job_write_stream(FILE *f, const struct helios_layout *layout,
					   const struct helios_settings *s, struct helios_error *err)
{
	const struct helios_config *cfg = layout->config;
	const struct helios_plan *plan = &cfg->plan;
	struct writer w = { .f = f };
	struct helios_buf buf;
	struct helios_chunk chunk;

	helios_buf_init(&buf);
	helios_buf_init(&w.rec);
	helios_buf_puts(&w.rec, "{\n  \"metadata\": {\n");
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
	if (cfg->from_page)
		put_string(&w, "    ", "fromPage", cfg->from_page, false);
	write_settings(&w, s);
	helios_buf_puts(&w.rec, "  },\n  \"chunks\": [\n");
	flush(&w);

	for (int64_t id = 0; id < plan->chunk_count && !w.failed; id++) {
		chunk = helios_plan_chunk(plan, id);
		helios_buf_puts(&w.rec, "    {\n");
		put_int(&w, "      ", "id", (long long)id, false);
		put_int(&w, "      ", "startFrame", (long long)chunk.start_frame, false);
		put_int(&w, "      ", "frameCount", (long long)chunk.frame_count, false);
		helios_buf_clear(&buf);
		helios_layout_chunk_output(layout, id, &buf);
		put_string(&w, "      ", "outputFile", helios_buf_str(&buf), false);
		helios_buf_clear(&buf);
		helios_layout_chunk_command(layout, &chunk, &buf);
		put_string(&w, "      ", "command", helios_buf_str(&buf), true);
		helios_buf_puts(&w.rec, id + 1 < plan->chunk_count ? "    },\n" : "    }\n");
		w.failed |= buf.failed;
		if (w.rec.len >= 1 << 16)
			flush(&w);
	}

	helios_buf_puts(&w.rec, "  ],\n  \"mergeCommand\": \"");
	helios_buf_clear(&buf);
	helios_layout_merge_head(layout, &buf);
	put_piece(&w, &buf);
	for (int64_t id = 0; id < plan->chunk_count && !w.failed; id++) {
		helios_buf_clear(&buf);
		helios_layout_merge_append(layout, id, &buf);
		put_piece(&w, &buf);
		if (w.rec.len >= 1 << 16)
			flush(&w);
	}
	helios_buf_puts(&w.rec, "\"\n}\n");
	flush(&w);
	w.failed |= buf.failed;
	helios_buf_release(&buf);
	helios_buf_release(&w.rec);
	if (w.failed)
		return helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	if (ferror(f))
		return helios_error_set(err, HELIOS_EIO, "%s", strerror(errno ? errno : EIO));
	return HELIOS_OK;
}

enum helios_status helios_job_write_atomic(const char *path, mode_t mode, helios_job_fill_fn fill,
					   void *ctx, struct helios_error *err)
{
	char *iobuf;
	struct helios_buf tmp;
	enum helios_status st;
	mode_t mask;
	FILE *f;
	int fd, saved;

	if ((st = helios_file_make_parents(path, err)) != HELIOS_OK)
		return st;
	if ((st = helios_file_replaceable(path, err)) != HELIOS_OK)
		return st;
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
	/* mkstemp creates 0600; what we write is an ordinary file for the team. */
	mask = umask(0);
	umask(mask);
	fchmod(fd, mode & ~mask);
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
	st = fill(f, ctx, err);
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

struct job_fill {
	const struct helios_layout *layout;
	const struct helios_settings *settings;
};

static enum helios_status fill_job(FILE *f, void *ctx, struct helios_error *err)
{
	const struct job_fill *job = ctx;

	return helios_job_write_stream(f, job->layout, job->settings, err);
}

enum helios_status helios_job_check_files(const struct helios_config *cfg, const char *job_path,
					  struct helios_error *err)
{
	bool local = cfg->input && !helios_path_is_url(cfg->input);

	if (local && cfg->output && helios_file_same(cfg->output, cfg->input))
		return helios_error_set(err, HELIOS_EUSAGE, "-o: '%s' is the input; the render would replace it",
					cfg->output);
	if (!job_path)
		return HELIOS_OK;
	if (local && helios_file_same(job_path, cfg->input))
		return helios_error_set(err, HELIOS_EUSAGE, "'%s' is the input; the job file would replace it",
					job_path);
	if (cfg->output && helios_file_same(job_path, cfg->output))
		return helios_error_set(err, HELIOS_EUSAGE,
					"'%s' is also the output; the merge would replace the job file", job_path);
	return HELIOS_OK;
}

enum helios_status helios_job_write_file(const char *path, const struct helios_layout *layout,
					 const struct helios_settings *s, struct helios_error *err)
{
	struct job_fill job = { layout, s };
	enum helios_status st = helios_job_check_files(layout->config, path, err);

	if (st != HELIOS_OK)
		return st;
	return helios_job_write_atomic(path, 0666, fill_job, &job, err);
}
