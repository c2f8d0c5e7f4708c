/* Image sequences: an output such as "frames/f_%05d.png" names one file
 * per composition frame.  The name's frame number is a printf-style %d or
 * %0Nd in the file name (not in a directory), the only '%' there, so that
 * chunks of one render write disjoint files of one sequence.  Pure. */
#ifndef HELIOS_SEQUENCE_H
#define HELIOS_SEQUENCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "helios/buf.h"
#include "helios/status.h"

struct helios_sequence {
	const char *pattern;	/* borrowed: "frames/f_%05d.png" */
	size_t at, len;		/* where the number's directive is: "%05d" */
	int digits;		/* 0: as many as the number has */
};

/* Whether pattern names a sequence: exactly one %d or %0Nd (N 1-9) in its
 * last component and no other '%' anywhere.  false: *seq is untouched. */
bool helios_sequence_parse(const char *pattern, struct helios_sequence *seq);

/* Whether path holds a '%' at all (a sequence, or a mistyped one). */
bool helios_sequence_has_directive(const char *path);

/* The file of frame (>= 0), appended to out: "frames/f_00042.png". */
void helios_sequence_name(const struct helios_sequence *seq, int64_t frame, struct helios_buf *out);

/* The frame number a name of the sequence holds: false when name is not
 * one (other text around the number, no digits, a different padding). */
bool helios_sequence_frame_of(const struct helios_sequence *seq, const char *name, int64_t *frame);

/* --frame: composition frames to render on their own, in ascending order
 * without repeats: "45" or "0,45,90", at most HELIOS_SEQUENCE_MAX_STILLS.
 * Fills frames (room for that many; NULL: only check) and *count. */
#define HELIOS_SEQUENCE_MAX_STILLS 10000
enum helios_status helios_sequence_frames_parse(const char *text, int64_t *frames, int64_t *count,
						struct helios_error *err);

#endif
