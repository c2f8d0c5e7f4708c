/* <job>.state.json: written by hand (streaming, cheap enough to rewrite
 * after every chunk), read with cJSON. */
#include "job/state.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const status_names[] = { "pending", "done", "failed" };

static void put_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(f, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", f);
		else if (*p < 0x20)
			fprintf(f, "\\u%04x", *p);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

static void write_entries(FILE *f, const struct helios_job *job, const struct helios_state_chunk *chunks,
			  bool merged)
{
	bool first = true;

	fprintf(f, "{\n  \"formatVersion\": %d,\n  \"merged\": %s,\n  \"chunks\": [", HELIOS_STATE_FORMAT,
		merged ? "true" : "false");
	for (int64_t i = 0; i < job->chunk_count; i++) {
		const struct helios_state_chunk *c = &chunks[i];

		if (c->status == HELIOS_CHUNK_PENDING)
			continue;
		fprintf(f, "%s\n    { \"id\": %lld, \"status\": \"%s\", \"size\": %lld, \"attempts\": %d, "
			"\"seconds\": %.3f, \"outputFile\": ", first ? "" : ",", (long long)job->chunks[i].id,
			status_names[c->status], (long long)c->size, c->attempts, c->seconds);
		put_string(f, job->chunks[i].output_file);
		fputs(", \"command\": ", f);
		put_string(f, job->chunks[i].command);
		fputs(" }", f);
		first = false;
	}
	fputs(first ? "]\n}\n" : "\n  ]\n}\n", f);
}

enum helios_status helios_state_write(const char *path, const struct helios_job *job,
				      const struct helios_state_chunk *chunks, bool merged,
				      struct helios_error *err)
{
	struct helios_buf tmp;
	enum helios_status st = HELIOS_OK;
	FILE *f;
	int fd;

	helios_buf_init(&tmp);
	helios_buf_printf(&tmp, "%s.tmp.XXXXXX", path);
	if (tmp.failed)
		return helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	fd = mkstemp(tmp.data);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		st = helios_error_set(err, HELIOS_EIO, "cannot write '%s': %s", path, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(tmp.data);
		}
		helios_buf_release(&tmp);
		return st;
	}
	fchmod(fd, 0644);
	write_entries(f, job, chunks, merged);
	errno = 0;
	if (ferror(f) | fclose(f))
		st = helios_error_set(err, HELIOS_EIO, "cannot write '%s': %s", path,
				      strerror(errno ? errno : EIO));
	else if (rename(tmp.data, path) != 0)
		st = helios_error_set(err, HELIOS_EIO, "cannot write '%s': %s", path, strerror(errno));
	if (st != HELIOS_OK)
		unlink(tmp.data);
	helios_buf_release(&tmp);
	return st;
}

static const char *string_of(const cJSON *obj, const char *name)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, name);

	return cJSON_IsString(item) ? item->valuestring : NULL;
}

static double number_of(const cJSON *obj, const char *name, double fallback)
{
	const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, name);

	return cJSON_IsNumber(item) ? item->valuedouble : fallback;
}

/* A whole number in [min, max], else fallback: a hand-edited or damaged
 * file may hold 1e300, and converting that to an integer is undefined. */
static int64_t whole_of(const cJSON *obj, const char *name, int64_t min, int64_t max,
			int64_t fallback)
{
	double v = number_of(obj, name, (double)fallback);

	if (!(v == floor(v) && v >= (double)min && v <= (double)max))
		return fallback;
	return (int64_t)v;
}

enum helios_status helios_state_parse(const char *text, size_t len, const struct helios_job *job,
				      struct helios_state_chunk *chunks, bool *merged,
				      struct helios_error *err)
{
	const cJSON *list, *item;
	cJSON *root;
	double version;

	for (int64_t i = 0; i < job->chunk_count; i++)
		memset(&chunks[i], 0, sizeof(chunks[i]));
	*merged = false;
	root = cJSON_ParseWithLength(text, len);
	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		return helios_error_set(err, HELIOS_EFORMAT, "not a run state file");
	}
	version = number_of(root, "formatVersion", 0);
	if (version < 1 || version > HELIOS_STATE_FORMAT) {
		cJSON_Delete(root);
		return helios_error_set(err, HELIOS_EFORMAT, "formatVersion %g: not one this helios reads",
					version);
	}
	*merged = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(root, "merged"));
	list = cJSON_GetObjectItemCaseSensitive(root, "chunks");
	cJSON_ArrayForEach(item, list) {
		int64_t i = whole_of(item, "id", 0, HELIOS_MAX_FRAMES, -1);
		const char *status = string_of(item, "status");
		const char *output = string_of(item, "outputFile");
		const char *command = string_of(item, "command");
		struct helios_state_chunk *c;
		double seconds;

		if (i < 0 || i >= job->chunk_count || !status || !output || !command)
			continue;
		if (job->chunks[i].id != i || strcmp(job->chunks[i].output_file, output) != 0 ||
		    strcmp(job->chunks[i].command, command) != 0)
			continue;
		c = &chunks[i];
		for (int s = 0; s < 3; s++)
			if (strcmp(status, status_names[s]) == 0)
				c->status = (enum helios_chunk_status)s;
		c->size = whole_of(item, "size", 0, INT64_MAX / 2, -1);
		c->attempts = (int)whole_of(item, "attempts", 0, INT_MAX, 0);
		/* Written back with %.3f: inf would make the next file invalid JSON. */
		seconds = number_of(item, "seconds", 0);
		c->seconds = isfinite(seconds) && seconds >= 0 ? seconds : 0;
	}
	cJSON_Delete(root);
	return HELIOS_OK;
}

enum helios_status helios_state_read(const char *path, const struct helios_job *job,
				     struct helios_state_chunk *chunks, bool *merged,
				     struct helios_error *err)
{
	struct helios_buf text;
	enum helios_status st;

	if (access(path, F_OK) != 0 && errno == ENOENT) {
		/* No state yet: nothing is done. */
		for (int64_t i = 0; i < job->chunk_count; i++)
			memset(&chunks[i], 0, sizeof(chunks[i]));
		*merged = false;
		return HELIOS_OK;
	}
	helios_buf_init(&text);
	st = helios_job_read_text(path, &text, err);
	if (st == HELIOS_OK) {
		st = helios_state_parse(helios_buf_str(&text), text.len, job, chunks, merged, err);
		if (st != HELIOS_OK)
			helios_error_prefix(err, "'%s'", path);
	}
	helios_buf_release(&text);
	return st;
}
