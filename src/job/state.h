/* The run state of a job (<job>.state.json): which chunks are done, with
 * what output size, so that `helios job run --resume` skips them.  Lives in
 * the job module because it is JSON; written atomically. */
#ifndef HELIOS_STATE_H
#define HELIOS_STATE_H

#include <stdbool.h>
#include <stdint.h>

#include "job/job.h"
#include "helios/status.h"

enum helios_chunk_status { HELIOS_CHUNK_PENDING, HELIOS_CHUNK_DONE, HELIOS_CHUNK_FAILED };

struct helios_state_chunk {
	enum helios_chunk_status status;
	int64_t size;		/* output bytes when done */
	int attempts;		/* attempts of the last run */
	double seconds;		/* time the last attempt took */
};

/* Version of the state format we write. */
#define HELIOS_STATE_FORMAT 1

/* Write one entry per chunk that is not pending (chunks has job->chunk_count
 * entries, indexed by id).  Temporary file beside path, then rename. */
enum helios_status helios_state_write(const char *path, const struct helios_job *job,
				      const struct helios_state_chunk *chunks, bool merged,
				      struct helios_error *err);

/* Fill chunks (job->chunk_count entries) from path.  An entry is taken only
 * when its id, outputFile and command match the job's chunk, so a job that
 * was re-planned since is not mistaken for a finished one.  A missing file
 * leaves every chunk pending and is not an error. */
enum helios_status helios_state_read(const char *path, const struct helios_job *job,
				     struct helios_state_chunk *chunks, bool *merged,
				     struct helios_error *err);

/* Parse state text (as helios_state_read, from memory). */
enum helios_status helios_state_parse(const char *text, size_t len, const struct helios_job *job,
				      struct helios_state_chunk *chunks, bool *merged,
				      struct helios_error *err);

#endif
