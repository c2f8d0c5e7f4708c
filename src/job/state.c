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

static void drop_reads(struct helios_state_chunk *c)
{
	for (size_t i = 0; i < c->read_count; i++)
		free(c->reads[i].path);
	free(c->reads);
	c->reads = NULL;
	c->read_count = 0;
}

void helios_state_chunk_clear(struct helios_state_chunk *c)
{
	drop_reads(c);
	memset(c, 0, sizeof(*c));
}

void helios_state_chunks_clear(struct helios_state_chunk *chunks, int64_t count)
{
	for (int64_t i = 0; i < count; i++)
		helios_state_chunk_clear(&chunks[i]);
}

bool helios_state_chunk_add_read(struct helios_state_chunk *c, const char *path, const char *sha256)
{
	struct helios_state_read *more = realloc(c->reads, (c->read_count + 1) * sizeof(*more));
	char *copy = strdup(path);

	if (more)
		c->reads = more;
	if (!more || !copy) {
		free(copy);
		return false;
	}
	more[c->read_count].path = copy;
	snprintf(more[c->read_count].sha256, sizeof(more->sha256), "%s", sha256);
	c->read_count++;
	return true;
}

bool helios_state_chunk_copy(struct helios_state_chunk *dst, const struct helios_state_chunk *src)
{
	helios_state_chunk_clear(dst);
	*dst = *src;
	dst->reads = NULL;
	dst->read_count = 0;
	for (size_t i = 0; i < src->read_count; i++)
		if (!helios_state_chunk_add_read(dst, src->reads[i].path, src->reads[i].sha256))
			return false;
	return true;
}

static void write_entries(FILE *f, const struct helios_job *job, const struct helios_state_chunk *chunks,
			  const struct helios_state_merge *merge)
{
	bool first = true;

	fprintf(f, "{\n  \"formatVersion\": %d,\n  \"merged\": %s,\n", HELIOS_STATE_FORMAT,
		merge->done ? "true" : "false");
	if (merge->done)
		fprintf(f, "  \"merge\": { \"fingerprint\": \"%s\", \"size\": %lld, \"mtime\": \"%s\" },\n",
			merge->fingerprint, (long long)merge->size, merge->mtime);
	fputs("  \"chunks\": [", f);
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
		if (c->status == HELIOS_CHUNK_DONE) {
			fprintf(f, ",\n      \"fingerprint\": \"%s\", \"mtime\": \"%s\", \"reads\": [", c->fingerprint,
				c->mtime);
			for (size_t r = 0; r < c->read_count; r++) {
				fprintf(f, "%s\n        { \"sha256\": \"%s\", \"path\": ", r ? "," : "",
					c->reads[r].sha256);
				put_string(f, c->reads[r].path);
				fputs(" }", f);
			}
			fputs(c->read_count ? " ]" : "]", f);
		}
		fputs(" }", f);
		first = false;
	}
	fputs(first ? "]\n}\n" : "\n  ]\n}\n", f);
}

enum helios_status helios_state_write(const char *path, const struct helios_job *job,
				      const struct helios_state_chunk *chunks, const struct helios_state_merge *merge,
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
	write_entries(f, job, chunks, merge);
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

/* A text field of a fixed size: fingerprints must be hex, times digits and
 * one dot; anything else is "" (unknown, so never up to date). */
static void take_hex(char *out, const cJSON *obj, const char *name)
{
	const char *v = string_of(obj, name);

	snprintf(out, HELIOS_SHA256_HEX, "%s", v && helios_sha256_is_hex(v) ? v : "");
}

static void take_mtime(char *out, const cJSON *obj, const char *name)
{
	const char *v = string_of(obj, name);

	out[0] = '\0';
	if (v && strlen(v) < HELIOS_STATE_MTIME && v[0] && strspn(v, "0123456789.") == strlen(v) &&
	    strchr(v, '.') == strrchr(v, '.'))
		strcpy(out, v);
}

/* The reads of an entry; a damaged list makes the whole record unknown. */
static bool take_reads(struct helios_state_chunk *c, const cJSON *list)
{
	const cJSON *item;

	if (!cJSON_IsArray(list))
		return false;
	cJSON_ArrayForEach(item, list) {
		const char *path = string_of(item, "path"), *hash = string_of(item, "sha256");

		if (!path || !*path || !hash || !helios_sha256_is_hex(hash) ||
		    !helios_state_chunk_add_read(c, path, hash))
			return false;
	}
	return true;
}

static void take_merge(struct helios_state_merge *merge, const cJSON *root)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(root, "merge");

	merge->done = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(root, "merged"));
	if (!cJSON_IsObject(m))
		return;
	take_hex(merge->fingerprint, m, "fingerprint");
	take_mtime(merge->mtime, m, "mtime");
	merge->size = whole_of(m, "size", 0, INT64_MAX / 2, -1);
}

enum helios_status helios_state_parse(const char *text, size_t len, const struct helios_job *job,
				      struct helios_state_chunk *chunks, struct helios_state_merge *merge,
				      struct helios_error *err)
{
	const cJSON *list, *item;
	cJSON *root;
	double version;

	for (int64_t i = 0; i < job->chunk_count; i++)
		memset(&chunks[i], 0, sizeof(chunks[i]));
	memset(merge, 0, sizeof(*merge));
	merge->size = -1;
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
	take_merge(merge, root);
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
		helios_state_chunk_clear(c);	/* a second entry for one id: the last counts */
		for (int s = 0; s < 3; s++)
			if (strcmp(status, status_names[s]) == 0)
				c->status = (enum helios_chunk_status)s;
		c->size = whole_of(item, "size", 0, INT64_MAX / 2, -1);
		c->attempts = (int)whole_of(item, "attempts", 0, INT_MAX, 0);
		/* Written back with %.3f: inf would make the next file invalid JSON. */
		seconds = number_of(item, "seconds", 0);
		c->seconds = isfinite(seconds) && seconds >= 0 ? seconds : 0;
		if (c->status != HELIOS_CHUNK_DONE)
			continue;
		take_hex(c->fingerprint, item, "fingerprint");
		take_mtime(c->mtime, item, "mtime");
		if (cJSON_GetObjectItemCaseSensitive(item, "reads") &&
		    !take_reads(c, cJSON_GetObjectItemCaseSensitive(item, "reads"))) {
			drop_reads(c);
			c->fingerprint[0] = '\0';
		}
		if (!c->fingerprint[0])
			drop_reads(c);	/* reads of no known plan */
	}
	cJSON_Delete(root);
	return HELIOS_OK;
}

enum helios_status helios_state_read(const char *path, const struct helios_job *job,
				     struct helios_state_chunk *chunks, struct helios_state_merge *merge,
				     struct helios_error *err)
{
	struct helios_buf text;
	enum helios_status st;

	if (access(path, F_OK) != 0 && errno == ENOENT) {
		/* No state yet: nothing is done. */
		for (int64_t i = 0; i < job->chunk_count; i++)
			memset(&chunks[i], 0, sizeof(chunks[i]));
		memset(merge, 0, sizeof(*merge));
		merge->size = -1;
		return HELIOS_OK;
	}
	helios_buf_init(&text);
	st = helios_job_read_text(path, &text, err);
	if (st == HELIOS_OK) {
		st = helios_state_parse(helios_buf_str(&text), text.len, job, chunks, merge, err);
		if (st != HELIOS_OK)
			helios_error_prefix(err, "'%s'", path);
	}
	helios_buf_release(&text);
	return st;
}

/* "<dir>/job.json" -> "<dir>/job" + suffix. */
static void beside_job(const char *job_path, const char *suffix, struct helios_buf *out)
{
	const char *slash = strrchr(job_path, '/');
	const char *base = slash ? slash + 1 : job_path;
	size_t len = strlen(job_path);

	if (len - (size_t)(base - job_path) > 5 && strcmp(job_path + len - 5, ".json") == 0)
		len -= 5;
	helios_buf_clear(out);
	helios_buf_append(out, job_path, len);
	helios_buf_puts(out, suffix);
}

void helios_job_state_path(const char *job_path, struct helios_buf *out)
{
	beside_job(job_path, ".state.json", out);
}

void helios_job_log_dir(const char *job_path, struct helios_buf *out)
{
	beside_job(job_path, ".logs", out);
}
