#include "record.h"

#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helios/path.h"
#include "run/run.h"

/* The state file is rewritten whole, so with thousands of short chunks
 * writing it after every one would cost O(n^2); chunks that finish within
 * this many seconds of the last write share the next one. */
#define SAVE_INTERVAL 0.2

bool run_record_init(struct run_record *rec, const struct helios_job *job, const char *job_path,
		     struct helios_progress *progress)
{
	memset(rec, 0, sizeof(*rec));
	rec->job = job;
	rec->only = -1;
	rec->job_fd = -1;
	rec->progress = progress;
	helios_buf_init(&rec->path);
	helios_run_state_path(job_path, &rec->path);
	rec->chunks = calloc((size_t)job->chunk_count, sizeof(*rec->chunks));
	return rec->chunks && !rec->path.failed;
}

void run_record_release(struct run_record *rec)
{
	free(rec->chunks);
	free(rec->error);
	helios_buf_release(&rec->path);
	if (rec->job_fd >= 0)
		close(rec->job_fd);
	rec->chunks = NULL;
	rec->error = NULL;
	rec->job_fd = -1;
}

/* With --chunk, other workers may be recording theirs into the same file:
 * take a lock, merge our one entry into what is there.  --merge-only keeps
 * every entry the workers recorded and adds "merged". */
static enum helios_status write_shared(struct run_record *rec, struct helios_error *err)
{
	const struct helios_job *job = rec->job;
	struct helios_state_chunk *disk = calloc((size_t)job->chunk_count, sizeof(*disk));
	bool merged = false;
	enum helios_status st;

	if (!disk)
		return HELIOS_OK;	/* as before: nothing written, nothing said */
	if (rec->job_fd >= 0)
		flock(rec->job_fd, LOCK_EX);
	if (helios_state_read(helios_buf_str(&rec->path), job, disk, &merged, err) != HELIOS_OK)
		memset(disk, 0, (size_t)job->chunk_count * sizeof(*disk));
	if (rec->only >= 0)
		disk[rec->only] = rec->chunks[rec->only];
	st = helios_state_write(helios_buf_str(&rec->path), job, disk, rec->merge_only && rec->merged, err);
	if (rec->job_fd >= 0)
		flock(rec->job_fd, LOCK_UN);
	free(disk);
	return st;
}

void run_record_write(struct run_record *rec)
{
	struct helios_error err;
	enum helios_status st;

	rec->unsaved = false;
	rec->last_save = helios_progress_now();
	if (rec->dry_run)
		return;
	if (rec->only >= 0 || rec->merge_only)
		st = write_shared(rec, &err);
	else
		st = helios_state_write(helios_buf_str(&rec->path), rec->job, rec->chunks, rec->merged, &err);
	/* --resume depends on the file: a run that could not record it failed. */
	if (st != HELIOS_OK && !rec->error) {
		helios_progress_event(rec->progress, "helios: %s", err.text);
		rec->error = strdup(err.text);
	}
}

void run_record_save(struct run_record *rec)
{
	rec->unsaved = true;
	if (helios_progress_now() - rec->last_save >= SAVE_INTERVAL)
		run_record_write(rec);
}

double run_record_due(const struct run_record *rec)
{
	return rec->unsaved ? rec->last_save + SAVE_INTERVAL : 1e300;
}

void run_record_flush_due(struct run_record *rec, double now)
{
	if (rec->unsaved && now - rec->last_save >= SAVE_INTERVAL)
		run_record_write(rec);
}

int64_t run_record_load(struct run_record *rec, const char *dir, int64_t first, int64_t last,
			const char *merge_output, bool *all_merged)
{
	const struct helios_job *job = rec->job;
	struct helios_buf output;
	struct helios_error err;
	bool merged = false;
	int64_t kept = 0;

	*all_merged = false;
	if (helios_state_read(helios_buf_str(&rec->path), job, rec->chunks, &merged, &err) != HELIOS_OK) {
		helios_progress_event(rec->progress, "helios: warning: %s; running every chunk", err.text);
		memset(rec->chunks, 0, (size_t)job->chunk_count * sizeof(*rec->chunks));
		return -1;
	}
	helios_buf_init(&output);
	for (int64_t i = 0; i < job->chunk_count; i++) {
		struct helios_state_chunk *s = &rec->chunks[i];
		struct stat st;

		helios_buf_clear(&output);
		helios_path_join(&output, dir, job->chunks[i].output_file);
		if (s->status == HELIOS_CHUNK_DONE &&
		    (stat(helios_buf_str(&output), &st) != 0 || st.st_size != s->size))
			s->status = HELIOS_CHUNK_PENDING;
		if (s->status != HELIOS_CHUNK_DONE)
			memset(s, 0, sizeof(*s));
		else if (i >= first && i <= last)
			kept++;
	}
	/* Everything done and merged, and the merged file still there: nothing to do. */
	if (merged && kept == job->chunk_count) {
		helios_buf_clear(&output);
		helios_path_join(&output, dir, merge_output);
		*all_merged = access(helios_buf_str(&output), F_OK) == 0;
	}
	helios_buf_release(&output);
	return kept;
}
