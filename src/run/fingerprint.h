/* A chunk's identity (helios-job(5), FINGERPRINTS): what its output was
 * made from, so that a run renders again exactly the chunks whose output
 * is missing or from another plan, as make does, and never merges one.
 *
 * The fingerprint is the SHA-256 of the chunk command's words, the job's
 * metadata (its render settings) and the content of the input file.  Our
 * renderer writes it into the output (the comment tag), and records the
 * files the page loaded; the runner keeps both in the state file.  A chunk
 * is up to date when its recorded fingerprint is the current one, its
 * output has the recorded size and modification time (and, made by our
 * renderer, carries the fingerprint), and every file it read still has the
 * recorded content. */
#ifndef HELIOS_RUN_FINGERPRINT_H
#define HELIOS_RUN_FINGERPRINT_H

#include <stdbool.h>
#include <stddef.h>

#include "helios/fingerprint.h"
#include "helios/sha256.h"
#include "job/job.h"
#include "job/state.h"

/* Content hashes of files, each read once per run. */
struct run_hashes;

struct run_hashes *run_hashes_new(void);
void run_hashes_free(struct run_hashes *h);

/* The SHA-256 of a file's content (path absolute, or relative to our
 * working directory); false when it cannot be read. */
bool run_hashes_file(struct run_hashes *h, const char *path, char out[HELIOS_SHA256_HEX]);

/* Chunk i's fingerprint; dir is the job's directory. */
void run_fingerprint_chunk(const struct helios_job *job, int64_t i, const char *dir, struct run_hashes *h,
			   char out[HELIOS_SHA256_HEX]);

/* The merge's: its command, the metadata, and each chunk's record. */
void run_fingerprint_merge(const struct helios_job *job, const struct helios_state_chunk *chunks,
			   char out[HELIOS_SHA256_HEX]);

/* A file's size and modification time ("SECONDS.NANOSECONDS"); false when
 * it is not there. */
bool run_fingerprint_stat(const char *path, int64_t *size, char mtime[HELIOS_STATE_MTIME]);

/* The same of chunk i's output (i < 0: the merge's), as a whole: an image
 * sequence's frames of the chunk (of the job) taken together
 * (run_sequence_stat); false when it, or one of its frames, is missing. */
bool run_fingerprint_output_stat(const struct helios_job *job, int64_t i, const char *dir, int64_t *size,
				 char mtime[HELIOS_STATE_MTIME]);

/* The fingerprint in a media file's comment tag, by ffprobe; false when
 * it has none. */
bool run_fingerprint_tag(const char *ffprobe, const char *path, char out[HELIOS_SHA256_HEX]);

/* Whether chunk i's record s is up to date for fingerprint; when not, why
 * (a phrase: "its output is missing", "'img/b.png' changed") in why.
 * ffprobe (NULL: no check) reads the output's tag, which only our
 * renderer writes (tag: the chunk's program is helios). */
bool run_fingerprint_current(const struct helios_job *job, int64_t i, const struct helios_state_chunk *s,
			     const char *fingerprint, const char *dir, struct run_hashes *h,
			     const char *ffprobe, char *why, size_t why_size);

/* Record in s the files listed in a render's reads file (relative to dir,
 * or absolute), each with its content's hash now; false when out of
 * memory.  A file that is not there (no render wrote it) lists nothing. */
bool run_fingerprint_take_reads(struct helios_state_chunk *s, const char *reads_file, const char *dir,
				struct run_hashes *h);

#endif
