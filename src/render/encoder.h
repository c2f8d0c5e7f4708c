/* The ffmpeg process that turns the frame images into the video file. */
#ifndef HELIOS_RENDER_ENCODER_H
#define HELIOS_RENDER_ENCODER_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "helios/status.h"

struct render_encoder {
	pid_t pid;	/* 0 when not running */
	int in_fd;	/* ffmpeg's standard input (non-blocking on our side) */
	int log_fd;	/* ffmpeg's stderr: an unlinked temporary file */
	char *const *argv;	/* what runs, for the message when it is stuck */
	int64_t timeout_ms;	/* ffmpeg neither taking data nor writing this long: stuck */
	volatile sig_atomic_t *interrupted;	/* set by a signal handler: give up */
	unsigned long long fed;		/* bytes written to its input */
	unsigned long long progress;	/* fed plus the bytes it wrote, last seen */
	int64_t progress_ms;	/* when that last changed */
};

/* The descriptor ffmpeg finds its output file on, and its name there,
 * the output of argv. */
#define RENDER_ENCODER_OUTPUT_FD 3
#define RENDER_ENCODER_OUTPUT "/dev/fd/3"

/* Start argv (argv[0] is looked up in PATH; kept until the end), output_fd
 * (ours) becoming its RENDER_ENCODER_OUTPUT_FD.  A missing ffmpeg is
 * HELIOS_EFAIL.  Every wait after this ends after timeout_ms without
 * progress (ffmpeg waiting for an input that never answers: a media source
 * of the page) or once *interrupted is set, with ffmpeg killed:
 * "interrupted" or a message naming the timeout. */
enum helios_status render_encoder_start(struct render_encoder *e, char *const argv[], int output_fd,
					int64_t timeout_ms, volatile sig_atomic_t *interrupted, struct helios_error *err);

/* One image.  If ffmpeg has died, its own error lines are the message. */
enum helios_status render_encoder_write(struct render_encoder *e, const void *data, size_t len,
					struct helios_error *err);

/* Close the input and wait for the end (bounded as above); a failure
 * carries ffmpeg's last error lines. */
enum helios_status render_encoder_finish(struct render_encoder *e, struct helios_error *err);

/* Kill and reap (after a failure elsewhere).  Safe on a stopped encoder. */
void render_encoder_abort(struct render_encoder *e);

#endif
