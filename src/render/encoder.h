/* The ffmpeg process that turns the frame images into the video file. */
#ifndef HELIOS_RENDER_ENCODER_H
#define HELIOS_RENDER_ENCODER_H

#include <stddef.h>
#include <sys/types.h>

#include "helios/status.h"

struct render_encoder {
	pid_t pid;	/* 0 when not running */
	int in_fd;	/* ffmpeg's standard input */
	int log_fd;	/* ffmpeg's stderr: an unlinked temporary file */
};

/* Start argv (argv[0] is looked up in PATH).  A missing ffmpeg is HELIOS_EFAIL. */
enum helios_status render_encoder_start(struct render_encoder *e, char *const argv[],
					struct helios_error *err);

/* One image.  If ffmpeg has died, its own error lines are the message. */
enum helios_status render_encoder_write(struct render_encoder *e, const void *data, size_t len,
					struct helios_error *err);

/* Close the input and wait; a failure carries ffmpeg's last error lines. */
enum helios_status render_encoder_finish(struct render_encoder *e, struct helios_error *err);

/* Kill and reap (after a failure elsewhere).  Safe on a stopped encoder. */
void render_encoder_abort(struct render_encoder *e);

#endif
