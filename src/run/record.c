#include "record.h"

#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>


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
	helios_job_state_path(job_path, &rec->path);
	rec->chunks = calloc((size_t)job->chunk_count, sizeof(*rec->chunks));
	return rec->chunks && !rec->path.failed;
}

void run_record_release(struct run_record *rec)
{
	if (rec->chunks)
		helios_state_chunks_clear(rec->chunks, rec->job->chunk_count);
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
	struct helios_state_merge merge;
	enum helios_status st;

	if (!disk)
		return HELIOS_OK;	/* as before: nothing written, nothing said */
	if (rec->job_fd >= 0)
		flock(rec->job_fd, LOCK_EX);
	if (helios_state_read(helios_buf_str(&rec->path), job, disk, &merge, err) != HELIOS_OK) {
		helios_state_chunks_clear(disk, job->chunk_count);
		memset(&merge, 0, sizeof(merge));
	}
	if (rec->only >= 0) {
		/* A chunk made again: the merged output no longer holds it. */
		if (!helios_state_chunk_copy(&disk[rec->only], &rec->chunks[rec->only]))
			helios_state_chunk_clear(&disk[rec->only]);
		if (rec->chunks[rec->only].status == HELIOS_CHUNK_DONE)
			memset(&merge, 0, sizeof(merge));
	}
	if (rec->merge_only)
		merge = rec->merge;
	st = helios_state_write(helios_buf_str(&rec->path), job, disk, &merge, err);
	if (rec->job_fd >= 0)
		flock(rec->job_fd, LOCK_UN);
	helios_state_chunks_clear(disk, job->chunk_count);
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
		st = helios_state_write(helios_buf_str(&rec->path), rec->job, rec->chunks, &rec->merge, &err);
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

void run_record_load(struct run_record *rec)
{
	const struct helios_job *job = rec->job;
	struct helios_error err;

	helios_state_chunks_clear(rec->chunks, job->chunk_count);
	if (helios_state_read(helios_buf_str(&rec->path), job, rec->chunks, &rec->merge, &err) != HELIOS_OK) {
		helios_progress_event(rec->progress, "helios: warning: %s; running every chunk", err.text);
		helios_state_chunks_clear(rec->chunks, job->chunk_count);
		memset(&rec->merge, 0, sizeof(rec->merge));
	}
}
