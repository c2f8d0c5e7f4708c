/* Image sequences in the runner and the merge: a chunk's output is its
 * frames' files, and the "merge" of a sequence writes nothing; it checks
 * that every frame is there once (helios-job(5), IMAGE SEQUENCES). */
#ifndef HELIOS_RUN_SEQUENCE_H
#define HELIOS_RUN_SEQUENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "helios/sequence.h"
#include "helios/status.h"
#include "job/state.h"
#include "run/merge.h"

/* Whether output (a job's or a merge's) is an image sequence; *seq then
 * points into output. */
bool run_sequence_of(const char *output, struct helios_sequence *seq);

/* The files of frames [first, first + count) as one output: their sizes
 * added, the latest modification time, so that a frame missing, replaced
 * or edited changes the record.  false when a frame is missing (its name,
 * as the pattern gives it, in missing when not NULL).  Relative names are
 * taken from dir. */
bool run_sequence_stat(const struct helios_sequence *seq, const char *dir, int64_t first, int64_t count,
		       int64_t *size, char mtime[HELIOS_STATE_MTIME], struct helios_buf *missing);

/* The chunks' frame ranges from a merge's inputs, each the last frame of
 * its chunk, the first starting at start: every input a name of seq,
 * each after the one before.  last[i] gets input i's frame.  Pure. */
enum helios_status run_sequence_ranges(const struct helios_sequence *seq, char *const *inputs, int count,
				       int64_t start, int64_t *last, struct helios_error *err);

/* helios merge of a sequence: the inputs' ranges, then every frame's file
 * there (from the working directory).  Re-encoding flags are refused. */
enum helios_status run_sequence_merge(const struct helios_merge_options *opt, const struct helios_sequence *seq,
				      struct helios_error *err);

#endif
