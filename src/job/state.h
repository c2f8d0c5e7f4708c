/* The run state of a job (<job>.state.json): which chunks are done, with
 * what fingerprint and output, so that `helios job run` skips what is up to
 * date (helios-job(5), FINGERPRINTS).  Lives in the job module because it
 * is JSON; written atomically. */
#ifndef HELIOS_STATE_H
#define HELIOS_STATE_H

#include <stdbool.h>
#include <stdint.h>

#include "helios/buf.h"
#include "job/job.h"
#include "helios/sha256.h"
#include "helios/status.h"

enum helios_chunk_status { HELIOS_CHUNK_PENDING, HELIOS_CHUNK_DONE, HELIOS_CHUNK_FAILED };

/* A file the render read (the page served it): path relative to the job's
 * directory, and the SHA-256 of its content then. */
struct helios_state_read {
	char *path;
	char sha256[HELIOS_SHA256_HEX];
};

/* The longest "SECONDS.NANOSECONDS" modification time. */
#define HELIOS_STATE_MTIME 32

struct helios_state_chunk {
	enum helios_chunk_status status;
	int64_t size;		/* output bytes when done */
	int attempts;		/* attempts of the last run */
	double seconds;		/* time the last attempt took */
	/* What the output was made from (done only): the chunk's fingerprint
	 * ("" unknown, as in a version 1 file), the output's modification time
	 * ("" unknown) and the files the render read (malloc'ed). */
	char fingerprint[HELIOS_SHA256_HEX];
	char mtime[HELIOS_STATE_MTIME];
	struct helios_state_read *reads;
	size_t read_count;
};

/* The merge, once done: the fingerprint of everything it merged, and the
 * merged output's size and modification time then. */
struct helios_state_merge {
	bool done;
	char fingerprint[HELIOS_SHA256_HEX];
	int64_t size;
	char mtime[HELIOS_STATE_MTIME];
};

/* Version of the state format we write (1: no fingerprints; read, but its
 * chunks are never up to date). */
#define HELIOS_STATE_FORMAT 2

/* Free a chunk's reads and make it pending (every field zero). */
void helios_state_chunk_clear(struct helios_state_chunk *c);
void helios_state_chunks_clear(struct helios_state_chunk *chunks, int64_t count);

/* Add a read to c; false when out of memory. */
bool helios_state_chunk_add_read(struct helios_state_chunk *c, const char *path, const char *sha256);

/* Copy src over dst (whose reads are freed first); false when out of memory. */
bool helios_state_chunk_copy(struct helios_state_chunk *dst, const struct helios_state_chunk *src);

/* Write one entry per chunk that is not pending (chunks has job->chunk_count
 * entries, indexed by id).  Temporary file beside path, then rename. */
/* Paths beside the job file: "<job without .json>.state.json" and
 * "<job without .json>.logs" (pure). */
void helios_job_state_path(const char *job_path, struct helios_buf *out);
void helios_job_log_dir(const char *job_path, struct helios_buf *out);

enum helios_status helios_state_write(const char *path, const struct helios_job *job,
				      const struct helios_state_chunk *chunks, const struct helios_state_merge *merge,
				      struct helios_error *err);

/* Fill chunks (job->chunk_count entries) from path.  An entry is taken only
 * when its id, outputFile and command match the job's chunk, so a job that
 * was re-planned since is not mistaken for a finished one.  A missing file
 * leaves every chunk pending and is not an error.  chunks must hold no reads
 * (fresh, or cleared): they are overwritten. */
enum helios_status helios_state_read(const char *path, const struct helios_job *job,
				     struct helios_state_chunk *chunks, struct helios_state_merge *merge,
				     struct helios_error *err);

/* Parse state text (as helios_state_read, from memory). */
enum helios_status helios_state_parse(const char *text, size_t len, const struct helios_job *job,
				      struct helios_state_chunk *chunks, struct helios_state_merge *merge,
				      struct helios_error *err);

#endif
