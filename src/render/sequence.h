/* An image sequence's frames as a render writes them: ffmpeg numbers its
 * files in a private directory beside the output, reached through a
 * descriptor, and each frame is then renamed to its name in the sequence
 * (helios/sequence.h), so that every file appears whole. */
#ifndef HELIOS_RENDER_SEQUENCE_H
#define HELIOS_RENDER_SEQUENCE_H

#include <stdint.h>

#include "helios/buf.h"
#include "helios/sequence.h"
#include "helios/status.h"

/* ffmpeg's name of a frame inside the directory: the frame number. */
#define RENDER_SEQUENCE_DIGITS 12

/* The pattern ffmpeg writes to, inside directory (a descriptor's name,
 * /dev/fd/N): "DIR/%012d.png" for ext ".png". */
void render_sequence_pattern(const char *directory, const char *ext, struct helios_buf *out);

/* A new private directory beside output's files (0700, mkdtemp): its name
 * in *path (malloc'ed) and a descriptor open on it in *fd. */
enum helios_status render_sequence_start(const char *output, char **path, int *fd, struct helios_error *err);

/* The final name of the image ffmpeg numbered index (from 0). */
typedef void (*render_sequence_name_fn)(void *ctx, int64_t index, struct helios_buf *out);

/* Rename images [0, count) from the directory (fd) to their names, then
 * remove the directory (path). */
enum helios_status render_sequence_publish(const char *ext, int fd, const char *path, int64_t count,
					   render_sequence_name_fn name_of, void *ctx, struct helios_error *err);

/* Remove the directory and whatever ffmpeg wrote into it. */
void render_sequence_discard(int fd, const char *path);

#endif
