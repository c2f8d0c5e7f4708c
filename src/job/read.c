/* Job reader: our files and upstream's.  Unknown fields are ignored; a
 * missing or mistyped field is reported with its JSON path. */
#include "job/job.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helios/utf8.h"

void helios_job_init(struct helios_job *job)
{
	memset(job, 0, sizeof(*job));
	helios_settings_init(&job->settings);
}

void helios_job_release(struct helios_job *job)
{
	for (int64_t i = 0; i < job->chunk_count; i++) {
		free(job->chunks[i].output_file);
		free(job->chunks[i].command);
	}
	free(job->chunks);
	free(job->input);
	free(job->input_file);
	free(job->output);
	free(job->merge_command);
	free(job->metadata);
	helios_settings_release(&job->settings);
	helios_job_init(job);
}

/* A field looked up by name; path is the parent's JSON path for messages. */
static const cJSON *field(const cJSON *parent, const char *path, const char *name, bool required,
			  struct helios_error *err, enum helios_status *st)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(parent, name);

	if (!item && required && *st == HELIOS_OK)
		*st = helios_error_set(err, HELIOS_EFORMAT, "%s%s%s: missing", path, *path ? "." : "", name);
	return item;
}

static double number(const cJSON *item, const char *path, const char *name, struct helios_error *err,
		     enum helios_status *st)
{
	if (!item)
		return 0;
	if (!cJSON_IsNumber(item)) {
		if (*st == HELIOS_OK)
			*st = helios_error_set(err, HELIOS_EFORMAT, "%s.%s: not a number", path, name);
		return 0;
	}
	return item->valuedouble;
}

static int64_t whole(const cJSON *item, const char *path, const char *name, struct helios_error *err,
		     enum helios_status *st)
{
	double v = number(item, path, name, err, st);

	/* Checked even after an earlier error: converting 1e400 (inf) or 1e300
	 * to an integer is undefined. */
	if (!(v == floor(v) && v >= -(double)HELIOS_MAX_FRAMES && v <= (double)HELIOS_MAX_FRAMES)) {
		if (*st == HELIOS_OK)
			*st = helios_error_set(err, HELIOS_EFORMAT,
					       "%s.%s: %g is not a whole number in range", path, name, v);
		return 0;
	}
	return (int64_t)v;
}

static char *string(const cJSON *item, const char *path, const char *name, struct helios_error *err,
		    enum helios_status *st)
{
	char *s;

	if (!item || *st != HELIOS_OK)
		return NULL;
	if (!cJSON_IsString(item)) {
		*st = helios_error_set(err, HELIOS_EFORMAT, "%s%s%s: not a string", path, *path ? "." : "",
				       name);
		return NULL;
	}
	s = strdup(item->valuestring);
	if (!s)
		*st = helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	return s;
}

static void read_settings(struct helios_job *job, const cJSON *settings, struct helios_error *err,
			  enum helios_status *st)
{
	const cJSON *item;

	if (!settings)
		return;
	if (!cJSON_IsObject(settings)) {
		*st = helios_error_set(err, HELIOS_EFORMAT, "metadata.settings: not an object");
		return;
	}
	job->has_settings = true;
	cJSON_ArrayForEach(item, settings) {
		const struct helios_option *opt = helios_option_find(item->string);

		if (!opt || !(opt->flags & HELIOS_OPT_PLAN))
			continue;	/* a newer writer's setting: ignored */
		if (!cJSON_IsString(item)) {
			*st = helios_error_set(err, HELIOS_EFORMAT, "metadata.settings.%s: not a string",
					       item->string);
			return;
		}
		if (helios_settings_set(&job->settings, opt->id, item->valuestring, err) != HELIOS_OK) {
			helios_error_prefix(err, "metadata.settings");
			*st = HELIOS_EFORMAT;
			return;
		}
	}
}

static void read_chunks(struct helios_job *job, const cJSON *chunks, struct helios_error *err,
			enum helios_status *st)
{
	const cJSON *item;
	int64_t n = 0;
	char path[64];

	if (!cJSON_IsArray(chunks)) {
		*st = helios_error_set(err, HELIOS_EFORMAT, "chunks: not an array");
		return;
	}
	job->chunk_count = 0;
	n = cJSON_GetArraySize(chunks);
	job->chunks = calloc(n ? (size_t)n : 1, sizeof(*job->chunks));
	if (!job->chunks) {
		*st = helios_error_set(err, HELIOS_ENOMEM, "out of memory");
		return;
	}
	cJSON_ArrayForEach(item, chunks) {
		struct helios_job_chunk *c = &job->chunks[job->chunk_count];

		snprintf(path, sizeof(path), "chunks[%lld]", (long long)job->chunk_count);
		if (!cJSON_IsObject(item)) {
			*st = helios_error_set(err, HELIOS_EFORMAT, "%s: not an object", path);
			return;
		}
		job->chunk_count++;
		c->id = whole(field(item, path, "id", true, err, st), path, "id", err, st);
		c->start_frame = whole(field(item, path, "startFrame", true, err, st), path, "startFrame",
				       err, st);
		c->frame_count = whole(field(item, path, "frameCount", true, err, st), path, "frameCount",
				       err, st);
		c->output_file = string(field(item, path, "outputFile", true, err, st), path, "outputFile",
					err, st);
		c->command = string(field(item, path, "command", true, err, st), path, "command", err, st);
		if (*st != HELIOS_OK)
			return;
	}
}

/* Line and byte (1-based) of offset in text, for messages. */
static void position(const char *text, size_t offset, size_t *line, size_t *column)
{
	*line = 1;
	*column = 1;
	for (size_t i = 0; i < offset; i++, (*column)++)
		if (text[i] == '\n') {
			(*line)++;
			*column = 0;
		}
}

enum helios_status helios_job_parse(struct helios_job *job, const char *text, size_t len,
				    struct helios_error *err)
{
	size_t line, column, bad;
	int64_t format_version;
	enum helios_status st = HELIOS_OK;
	const char *end = NULL;
	const cJSON *meta, *version;
	cJSON *root;

	helios_job_release(job);
	/* JSON text is UTF-8, and every string of a job ends up on a command
	 * line, in a file name or on a terminal that expects it. */
	bad = helios_utf8_check(text, len);
	if (bad < len) {
		position(text, bad, &line, &column);
		return helios_error_set(err, HELIOS_EFORMAT, "%s (line %zu, byte %zu)",
					text[bad] ? "not UTF-8 text" : "a NUL byte", line, column);
	}
	root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	if (!root) {
		position(text, end && (size_t)(end - text) <= len ? (size_t)(end - text) : 0, &line, &column);
		return helios_error_set(err, HELIOS_EFORMAT, "not valid JSON (line %zu, byte %zu)", line,
					column);
	}
	/* cJSON stops after the first value; whatever follows is not ours to guess at. */
	while (end < text + len && strchr(" \t\r\n", *end))
		end++;
	if (end < text + len) {
		cJSON_Delete(root);
		position(text, (size_t)(end - text), &line, &column);
		return helios_error_set(err, HELIOS_EFORMAT, "text after the JSON object (line %zu, byte %zu)",
					line, column);
	}
	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		return helios_error_set(err, HELIOS_EFORMAT, "the top level is not an object");
	}
	meta = field(root, "", "metadata", true, err, &st);
	if (meta && !cJSON_IsObject(meta))
		st = helios_error_set(err, HELIOS_EFORMAT, "metadata: not an object");
	if (st == HELIOS_OK) {
		version = field(meta, "metadata", "formatVersion", false, err, &st);
		/* Compared before it is narrowed: 2^32 + 1 must not read as 1. */
		format_version = whole(version, "metadata", "formatVersion", err, &st);
		if (st == HELIOS_OK && format_version > HELIOS_JOB_FORMAT)
			st = helios_error_set(err, HELIOS_EFORMAT,
					      "metadata.formatVersion: %lld: written by a newer helios (this one reads up to %d)",
					      (long long)format_version, HELIOS_JOB_FORMAT);
		else if (st == HELIOS_OK && format_version < 0)
			st = helios_error_set(err, HELIOS_EFORMAT, "metadata.formatVersion: %lld: not a version",
					      (long long)format_version);
		job->format_version = (int)format_version;
		job->total_frames = whole(field(meta, "metadata", "totalFrames", true, err, &st),
					  "metadata", "totalFrames", err, &st);
		job->fps = number(field(meta, "metadata", "fps", true, err, &st), "metadata", "fps", err, &st);
		job->width = whole(field(meta, "metadata", "width", true, err, &st), "metadata", "width", err, &st);
		job->height = whole(field(meta, "metadata", "height", true, err, &st), "metadata", "height",
				    err, &st);
		job->duration = number(field(meta, "metadata", "duration", true, err, &st), "metadata",
				       "duration", err, &st);
		job->start_frame = whole(field(meta, "metadata", "startFrame", false, err, &st), "metadata",
					 "startFrame", err, &st);
		job->input = string(field(meta, "metadata", "input", false, err, &st), "metadata", "input",
				    err, &st);
		job->output = string(field(meta, "metadata", "output", false, err, &st), "metadata",
				     "output", err, &st);
		job->input_file = string(field(meta, "metadata", "inputFile", false, err, &st), "metadata",
					 "inputFile", err, &st);
		if (st == HELIOS_OK)
			read_settings(job, field(meta, "metadata", "settings", false, err, &st), err, &st);
		/* Whitespace and escapes as cJSON prints them: the same settings
		 * give the same text however the file was written. */
		if (st == HELIOS_OK && !(job->metadata = cJSON_PrintUnformatted(meta)))
			st = helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	}
	if (st == HELIOS_OK) {
		const cJSON *chunks = field(root, "", "chunks", true, err, &st);

		if (chunks)
			read_chunks(job, chunks, err, &st);
	}
	if (st == HELIOS_OK)
		job->merge_command = string(field(root, "", "mergeCommand", true, err, &st), "",
					    "mergeCommand", err, &st);
	if (st == HELIOS_OK && !cJSON_GetObjectItemCaseSensitive(meta, "startFrame") && job->chunk_count)
		job->start_frame = job->chunks[0].start_frame;
	/* Upstream's job files name neither: its compositionUrl, else the
	 * commands, say what they render and merge into. */
	if (st == HELIOS_OK && !job->input)
		job->input = string(field(meta, "metadata", "compositionUrl", false, err, &st), "metadata",
				    "compositionUrl", err, &st);
	if (st == HELIOS_OK && !job->input)
		job->input = helios_job_chunk_input(job);
	if (st == HELIOS_OK && !job->output)
		job->output = helios_job_merge_output(job);
	cJSON_Delete(root);
	if (st != HELIOS_OK)
		helios_job_release(job);
	return st;
}

enum helios_status helios_job_read_text(const char *path, struct helios_buf *text,
					struct helios_error *err)
{
	char block[1 << 16];
	enum helios_status st = HELIOS_OK;
	struct stat sb;
	size_t n;
	FILE *f;
	/* O_NONBLOCK: opening a FIFO would otherwise wait for a writer forever. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return helios_error_set(err, errno == ENOENT ? HELIOS_EINVAL : HELIOS_EIO, "'%s': %s",
					path, strerror(errno));
	if (fstat(fd, &sb) != 0) {
		st = helios_error_set(err, HELIOS_EIO, "'%s': %s", path, strerror(errno));
		close(fd);
		return st;
	}
	if (!S_ISREG(sb.st_mode)) {
		close(fd);
		return helios_error_set(err, HELIOS_EINVAL, "'%s': not a regular file", path);
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	f = fdopen(fd, "rb");
	if (!f) {
		st = helios_error_set(err, HELIOS_ENOMEM, "'%s': %s", path, strerror(errno));
		close(fd);
		return st;
	}
	while ((n = fread(block, 1, sizeof(block), f)) > 0)
		helios_buf_append(text, block, n);
	if (ferror(f))
		st = helios_error_set(err, HELIOS_EIO, "'%s': %s", path, strerror(errno));
	else if (text->failed)
		st = helios_error_set(err, HELIOS_ENOMEM, "'%s': out of memory", path);
	fclose(f);
	return st;
}

enum helios_status helios_job_read_file(struct helios_job *job, const char *path,
					struct helios_error *err)
{
	struct helios_buf text;
	enum helios_status st;

	helios_buf_init(&text);
	st = helios_job_read_text(path, &text, err);
	if (st == HELIOS_OK) {
		st = helios_job_parse(job, helios_buf_str(&text), text.len, err);
		if (st != HELIOS_OK)
			helios_error_prefix(err, "'%s'", path);
	}
	helios_buf_release(&text);
	return st;
}
