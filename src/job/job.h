/* Job files: streaming writer, reader (ours and upstream's) and validator.
 * This module is the only one that includes cJSON. */
#ifndef HELIOS_JOB_H
#define HELIOS_JOB_H

#include <stdbool.h>
#include <stdint.h>

#include "helios/buf.h"
#include <stdio.h>
#include <sys/types.h>

#include "helios/layout.h"
#include "helios/options.h"
#include "helios/status.h"

/* Major version of the format we write (metadata.formatVersion).  Files
 * without it are upstream's and are read as version 0. */
#define HELIOS_JOB_FORMAT 1

/* Stream the job to f: memory use does not depend on the number of chunks. */
enum helios_status helios_job_write_stream(FILE *f, const struct helios_layout *layout,
					   const struct helios_settings *s, struct helios_error *err);

/* Writes the contents of a file to f; returns a status and fills err. */
typedef enum helios_status (*helios_job_fill_fn)(FILE *f, void *ctx, struct helios_error *err);

/* Read a whole file into text (appended).  A missing file is HELIOS_EINVAL
 * (the user named it), other failures HELIOS_EIO; err says "'path': why". */
enum helios_status helios_job_read_text(const char *path, struct helios_buf *text,
					struct helios_error *err);

/* Write any file atomically: fill() writes into a temporary file beside
 * path (permissions mode, less the umask), which is then renamed to path.
 * On any failure the temporary file is removed and an earlier file at path
 * is kept; the message names path. */
enum helios_status helios_job_write_atomic(const char *path, mode_t mode, helios_job_fill_fn fill,
					   void *ctx, struct helios_error *err);

/* Files of a plan that would destroy one another: the output (-o) when it
 * is the local input, and job_path (NULL: none) when it is the input or the
 * output.  Compared by identity (helios_file_same), not by spelling:
 * HELIOS_EUSAGE naming the path. */
enum helios_status helios_job_check_files(const struct helios_config *cfg, const char *job_path,
					  struct helios_error *err);

/* Write atomically: a temporary file beside path, then rename.  On any
 * failure the temporary file is removed and an earlier file at path is kept.
 * Refused first when helios_job_check_files refuses path. */
enum helios_status helios_job_write_file(const char *path, const struct helios_layout *layout,
					 const struct helios_settings *s, struct helios_error *err);

struct helios_job_chunk {
	int64_t id;
	int64_t start_frame;
	int64_t frame_count;
	char *output_file;
	char *command;
};

struct helios_job {
	int format_version;		/* 0: upstream file */
	char *input;			/* NULL when the file does not say */
	char *input_file;		/* metadata.inputFile: the local input behind --base-url */
	char *output;
	int64_t total_frames;
	int64_t start_frame;
	double fps;
	int64_t width, height;
	double duration;
	struct helios_job_chunk *chunks;
	int64_t chunk_count;
	char *merge_command;
	/* metadata.settings: the options that shaped the plan (ours only). */
	struct helios_settings settings;
	bool has_settings;
	/* The whole metadata object as compact JSON (a chunk's fingerprint
	 * covers it); NULL only for a job that was not read from a file. */
	char *metadata;
};

void helios_job_init(struct helios_job *job);
void helios_job_release(struct helios_job *job);

/* Parse text: missing or mistyped fields are reported with their JSON path
 * ("chunks[3].frameCount: missing"); unknown fields are ignored. */
enum helios_status helios_job_parse(struct helios_job *job, const char *text, size_t len,
				    struct helios_error *err);
enum helios_status helios_job_read_file(struct helios_job *job, const char *path,
					struct helios_error *err);

/* Check the invariants of a plan (ids in order, >= 1 frame, contiguous,
 * exact cover, distinct outputs, merge lists every output in order) and
 * that it can run to the end: every chunk command is `helios render …` and
 * the merge `helios merge OUTPUT INPUTS…` (argv[0] "helios" or a path to a
 * program named helios), each splits, and no output name holds a line
 * break (the merge's concat list cannot). */
enum helios_status helios_job_validate(const struct helios_job *job, struct helios_error *err);

/* The OUTPUT of a validated job's merge command, malloc'ed (NULL when out
 * of memory). */
char *helios_job_merge_output(const struct helios_job *job);

/* The input of the first chunk's `helios render` command, malloc'ed; NULL
 * when it names none (or out of memory). */
char *helios_job_chunk_input(const struct helios_job *job);

/* The same of one command (a chunk's). */
char *helios_job_command_input(const char *command);

/* True when a chunk command uses a flag that only our renderer accepts. */
bool helios_job_needs_helios_renderer(const struct helios_job *job);

/* Those flags of the first chunk command, as typed and separated by ", "
 * ("--replay, --fps 30000/1001": a fraction upstream cannot read); empty
 * when upstream's renderer runs the job. */
void helios_job_renderer_flags(const struct helios_job *job, struct helios_buf *out);

#endif
