#include "run/fingerprint.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helios/path.h"
#include "helios/quote.h"
#include "proc/proc.h"
#include "run/probe.h"
#include "run/sequence.h"

/* Chunks of one job mostly read the same files: a thousand chunks of a
 * page that loads fifty files hash fifty files, not fifty thousand. */
#define BUCKETS 1024

struct hash_entry {
	struct hash_entry *next;
	bool ok;			/* the file could be read */
	char sha256[HELIOS_SHA256_HEX];
	char path[];
};

struct run_hashes {
	struct hash_entry *bucket[BUCKETS];
};

struct run_hashes *run_hashes_new(void)
{
	return calloc(1, sizeof(struct run_hashes));
}

void run_hashes_free(struct run_hashes *h)
{
	if (!h)
		return;
	for (size_t b = 0; b < BUCKETS; b++)
		while (h->bucket[b]) {
			struct hash_entry *e = h->bucket[b];

			h->bucket[b] = e->next;
			free(e);
		}
	free(h);
}

static size_t bucket_of(const char *path)
{
	uint32_t v = 2166136261u;	/* FNV-1a */

	for (const unsigned char *p = (const unsigned char *)path; *p; p++)
		v = (v ^ *p) * 16777619u;
	return v % BUCKETS;
}

static bool hash_content(const char *path, char out[HELIOS_SHA256_HEX])
{
	struct helios_sha256 c;
	char block[1 << 16];
	struct stat st;
	ssize_t n;
	/* O_NONBLOCK: a FIFO planted in the root must not stop the run. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return false;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return false;
	}
	helios_sha256_init(&c);
	while ((n = read(fd, block, sizeof(block))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			close(fd);
			return false;
		}
		helios_sha256_update(&c, block, (size_t)n);
	}
	close(fd);
	helios_sha256_hex(&c, out);
	return true;
}

bool run_hashes_file(struct run_hashes *h, const char *path, char out[HELIOS_SHA256_HEX])
{
	size_t b = bucket_of(path), len = strlen(path);
	struct hash_entry *e;

	for (e = h ? h->bucket[b] : NULL; e; e = e->next)
		if (strcmp(e->path, path) == 0)
			break;
	if (!e && (e = malloc(sizeof(*e) + len + 1))) {
		memcpy(e->path, path, len + 1);
		e->ok = hash_content(path, e->sha256);
		if (h) {
			e->next = h->bucket[b];
			h->bucket[b] = e;
		}
	}
	if (!e)
		return hash_content(path, out);	/* out of memory: hash it uncached */
	if (e->ok)
		memcpy(out, e->sha256, HELIOS_SHA256_HEX);
	else
		out[0] = '\0';
	if (!h) {
		bool ok = e->ok;

		free(e);
		return ok;
	}
	return e->ok;
}

static void field_string(struct helios_sha256 *c, const char *s)
{
	helios_sha256_field(c, s ? s : "", s ? strlen(s) : 0);
}

/* The content of the chunk's input file: the command's input when it is a
 * local file, else (--base-url) the local file behind the URL. */
static void field_input(struct helios_sha256 *c, const struct helios_job *job, int64_t i, const char *dir,
			struct run_hashes *h)
{
	char *input = helios_job_command_input(job->chunks[i].command);
	const char *local = input && !helios_path_is_url(input) ? input : job->input_file;
	char hex[HELIOS_SHA256_HEX] = "";
	struct helios_buf path;

	helios_buf_init(&path);
	if (local) {
		helios_path_join(&path, dir, local);
		if (!path.failed)
			run_hashes_file(h, helios_buf_str(&path), hex);
	}
	field_string(c, "input");
	field_string(c, hex);
	helios_buf_release(&path);
	free(input);
}

void run_fingerprint_chunk(const struct helios_job *job, int64_t i, const char *dir, struct run_hashes *h,
			   char out[HELIOS_SHA256_HEX])
{
	struct helios_sha256 c;
	char **argv;

	helios_sha256_init(&c);
	field_string(&c, "helios chunk 1");
	/* Words, not the text: quoting the same argv differently changes nothing. */
	field_string(&c, "command");
	if (helios_quote_split(job->chunks[i].command, &argv, NULL, NULL) == HELIOS_OK) {
		for (char **a = argv; *a; a++)
			field_string(&c, *a);
		helios_quote_free(argv);
	} else {
		field_string(&c, job->chunks[i].command);
	}
	field_string(&c, "metadata");
	field_string(&c, job->metadata);
	field_input(&c, job, i, dir, h);
	helios_sha256_hex(&c, out);
}

void run_fingerprint_merge(const struct helios_job *job, const struct helios_state_chunk *chunks,
			   char out[HELIOS_SHA256_HEX])
{
	struct helios_sha256 c;
	char size[32];

	helios_sha256_init(&c);
	field_string(&c, "helios merge 1");
	field_string(&c, job->merge_command);
	field_string(&c, job->metadata);
	for (int64_t i = 0; i < job->chunk_count; i++) {
		const struct helios_state_chunk *s = &chunks[i];

		snprintf(size, sizeof(size), "%lld", (long long)s->size);
		field_string(&c, s->fingerprint);
		field_string(&c, s->mtime);
		field_string(&c, size);
		for (size_t r = 0; r < s->read_count; r++) {
			field_string(&c, s->reads[r].path);
			field_string(&c, s->reads[r].sha256);
		}
	}
	helios_sha256_hex(&c, out);
}

bool run_fingerprint_stat(const char *path, int64_t *size, char mtime[HELIOS_STATE_MTIME])
{
	struct stat st;

	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return false;
	*size = (int64_t)st.st_size;
	snprintf(mtime, HELIOS_STATE_MTIME, "%lld.%09ld", (long long)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec);
	return true;
}

bool run_fingerprint_tag(const char *ffprobe, const char *path, char out[HELIOS_SHA256_HEX])
{
	struct helios_argv argv;
	struct helios_buf text, msg, file;
	struct helios_error err;
	const char *tag;
	int wstatus = 0;
	bool found = false;

	helios_argv_init(&argv);
	helios_buf_init(&text);
	helios_buf_init(&msg);
	helios_buf_init(&file);
	helios_probe_file_arg(&file, path);
	helios_argv_push(&argv, ffprobe);
	helios_argv_push(&argv, "-v");
	helios_argv_push(&argv, "error");
	helios_argv_push(&argv, "-show_entries");
	helios_argv_push(&argv, "format_tags=comment");
	helios_argv_push(&argv, "-of");
	helios_argv_push(&argv, "default=noprint_wrappers=1:nokey=1");
	helios_argv_push(&argv, helios_buf_str(&file));
	if (!argv.failed && !file.failed &&
	    helios_proc_capture(argv.v, &text, &msg, &wstatus, NULL, &err) == HELIOS_OK && wstatus == 0 &&
	    (tag = strstr(helios_buf_str(&text), HELIOS_FINGERPRINT_TAG))) {
		tag += strlen(HELIOS_FINGERPRINT_TAG);
		snprintf(out, HELIOS_SHA256_HEX, "%.64s", tag);
		found = helios_sha256_is_hex(out);
	}
	helios_argv_release(&argv);
	helios_buf_release(&text);
	helios_buf_release(&msg);
	helios_buf_release(&file);
	return found;
}

bool run_fingerprint_output_stat(const struct helios_job *job, int64_t i, const char *dir, int64_t *size,
				 char mtime[HELIOS_STATE_MTIME])
{
	struct helios_sequence seq;
	struct helios_buf path;
	bool ok;

	if (run_sequence_of(job->output, &seq)) {
		if (i < 0)
			return run_sequence_stat(&seq, dir, job->start_frame, job->total_frames, size, mtime, NULL);
		return run_sequence_stat(&seq, dir, job->chunks[i].start_frame, job->chunks[i].frame_count, size,
					 mtime, NULL);
	}
	helios_buf_init(&path);
	if (i >= 0) {
		helios_path_join(&path, dir, job->chunks[i].output_file);
	} else {
		char *output = helios_job_merge_output(job);

		helios_path_join(&path, dir, output ? output : "");
		free(output);
	}
	ok = !path.failed && run_fingerprint_stat(helios_buf_str(&path), size, mtime);
	helios_buf_release(&path);
	return ok;
}

static bool made_by_our_renderer(const char *command)
{
	char **argv;
	bool ours;

	if (helios_quote_split(command, &argv, NULL, NULL) != HELIOS_OK)
		return false;
	ours = argv[0] && strcmp(argv[0], "helios") == 0;
	helios_quote_free(argv);
	return ours;
}

bool run_fingerprint_current(const struct helios_job *job, int64_t i, const struct helios_state_chunk *s,
			     const char *fingerprint, const char *dir, struct run_hashes *h,
			     const char *ffprobe, char *why, size_t why_size)
{
	struct helios_buf path;
	char mtime[HELIOS_STATE_MTIME], hex[HELIOS_SHA256_HEX];
	int64_t size = -1;
	bool current = false;

	struct helios_sequence seq;
	/* Images carry no tag: their sizes and times are the record. */
	bool tagged = !run_sequence_of(job->output, &seq);

	helios_buf_init(&path);
	helios_path_join(&path, dir, job->chunks[i].output_file);
	if (s->status != HELIOS_CHUNK_DONE && run_fingerprint_output_stat(job, i, dir, &size, mtime))
		snprintf(why, why_size, "'%s' is not recorded as made by this plan", job->chunks[i].output_file);
	else if (s->status != HELIOS_CHUNK_DONE)
		snprintf(why, why_size, "it was never rendered");
	else if (!run_fingerprint_output_stat(job, i, dir, &size, mtime))
		snprintf(why, why_size, "its output is missing");
	else if (strcmp(s->fingerprint, fingerprint) != 0)
		snprintf(why, why_size, "its output is from another plan (the command, the job's settings or the input changed)");
	else if (size != s->size || strcmp(mtime, s->mtime) != 0)
		snprintf(why, why_size, "its output changed after it was rendered");
	else if (ffprobe && tagged && made_by_our_renderer(job->chunks[i].command) &&
		 !(run_fingerprint_tag(ffprobe, helios_buf_str(&path), hex) && strcmp(hex, fingerprint) == 0))
		snprintf(why, why_size, "its output does not carry the chunk's fingerprint");
	else
		current = true;
	for (size_t r = 0; current && r < s->read_count; r++) {
		helios_buf_clear(&path);
		helios_path_join(&path, dir, s->reads[r].path);
		if (!run_hashes_file(h, helios_buf_str(&path), hex) || strcmp(hex, s->reads[r].sha256) != 0) {
			snprintf(why, why_size, "'%s', which the page loaded, changed", s->reads[r].path);
			current = false;
		}
	}
	helios_buf_release(&path);
	return current;
}

bool run_fingerprint_take_reads(struct helios_state_chunk *s, const char *reads_file, const char *dir,
				struct run_hashes *h)
{
	struct helios_buf text, path;
	struct helios_error err;
	char hex[HELIOS_SHA256_HEX];
	bool ok = true;

	helios_buf_init(&text);
	helios_buf_init(&path);
	if (helios_job_read_text(reads_file, &text, &err) == HELIOS_OK) {
		for (size_t at = 0; ok && at < text.len;) {
			const char *name = text.data + at;
			size_t len = strnlen(name, text.len - at);

			if (at + len == text.len)
				break;	/* no NUL: cut short, not a whole name */
			at += len + 1;
			if (!len)
				continue;
			helios_buf_clear(&path);
			helios_path_join(&path, dir, name);
			/* A file gone since it was served cannot be checked: no hash
			 * matches "", so the chunk is never up to date. */
			if (!run_hashes_file(h, helios_buf_str(&path), hex))
				hex[0] = '\0';
			ok = !path.failed && helios_state_chunk_add_read(s, name, hex);
		}
	}
	helios_buf_release(&text);
	helios_buf_release(&path);
	return ok;
}
