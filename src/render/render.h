/* The native renderer: turns frames [start, start + count) of an HTML
 * composition into a video file with headless Chromium and ffmpeg.
 * See helios-composition(7) for what a page may rely on. */
#ifndef HELIOS_RENDER_H
#define HELIOS_RENDER_H

#include <stdbool.h>
#include <stdint.h>

#include "helios/codec.h"
#include "helios/config.h"
#include "helios/number.h"
#include "helios/options.h"
#include "helios/status.h"

/* Called after every encoded frame; done counts from 1 to total. */
typedef void (*helios_render_progress_fn)(void *ctx, int64_t done, int64_t total);

/* Called with one line when the frames are encoded other than by ffmpeg
 * from images ("VP9 encoded in the browser (WebCodecs), ffmpeg muxes", or
 * why the browser could not), when a page keeps a second browser away,
 * and, with verbose, for each choice of the path the frames take. */
typedef void (*helios_render_note_fn)(void *ctx, const char *text);

/*
 * What to render is the settings as helios_config_resolve resolved them,
 * read where they are used (a new setting of our renderer is a row of
 * HELIOS_OPTION_LIST and the code that reads it): the input, the output
 * (written as a temporary file, then renamed), the frames of the whole plan
 * [start_frame, start_frame + total_frames), size, fps, mode, encoders,
 * quality, and the renderer's own flags.  The rest says how this run
 * reports.
 */
struct helios_render_request {
	const struct helios_config *config;	/* borrowed; valid for the call */
	int *stop_signal;		/* may be NULL: set to the signal that stopped the render, else 0 */
	helios_render_progress_fn progress;	/* may be NULL */
	void *progress_ctx;
	helios_render_note_fn note;	/* may be NULL */
	void *note_ctx;
	bool verbose;			/* note every choice of capture and encoding */
	/* A chunk's fingerprint from its runner (helios-job(5)), written into
	 * the output's comment tag; NULL: none. */
	const char *fingerprint;
	/* NULL, or filled on success with the real path of every file the
	 * page loaded from the served root, each ending in a NUL byte. */
	struct helios_buf *served;
};

/* A request to render cfg, reporting nothing.  Returns HELIOS_EINVAL with
 * the flag's name when --props is not JSON, which only the renderer can
 * tell. */
enum helios_status helios_render_request_from_config(struct helios_render_request *req,
						     const struct helios_config *cfg,
						     struct helios_error *err);

/* Check that text is one JSON value (for --props before a job is written). */
enum helios_status helios_render_check_props(const char *text, struct helios_error *err);

/*
 * Render.  On success the output exists and holds exactly total_frames
 * frames at fps.  On failure (HELIOS_EFAIL, or HELIOS_EIO) err says what
 * went wrong in the page's or ffmpeg's own words, no output file is left
 * and no browser process survives.  SIGINT and SIGTERM during the render
 * end it the same way.
 */
enum helios_status helios_render_run(const struct helios_render_request *req, struct helios_error *err);

/* What helios probe learns from one load of the page. */
struct helios_render_probe {
	/* The page's own declarations (window.helios); 0 when not declared. */
	bool has_helios;
	double duration;		/* seconds */
	double fps;
	int64_t page_width, page_height;
	bool canvas_found;		/* the canvas selector finds a <canvas> */
	int64_t canvas_width, canvas_height;
	enum helios_mode measured_mode;	/* dom when canvas mode was asked but no canvas fits */
	bool encoded_in_page;		/* the browser encoded the frames (canvas to VP9 or AV1) */
	char **sounds;			/* the sound sources found, as the page names them */
	size_t sound_count;
	/* Cost, in seconds. */
	double launch_s;		/* browser start-up */
	double load_s;			/* page load, ready, capture check */
	/* Two encodes, each from the encoder's start to its end, so that what
	 * the encoder does once (start, flush, mux) and per frame can be told
	 * apart: the first frame alone, then all the samples. */
	double one_s;			/* the first frame alone; 0 with one sample */
	double run_s;			/* the samples */
	size_t sample_count;
	int64_t *sample_frames;		/* the frames measured, spread over the range */
	double *sample_s;		/* each one's capture and hand-over to the encoder */
	double finish_s;		/* the second encode's end: what it buffered, the mux */
	double close_s;			/* the browser's exit */
};

void helios_render_probe_release(struct helios_render_probe *p);

/*
 * Load req's page as helios_render_run does, encode its first frame alone,
 * then `samples` frames spread over the config's frames into output
 * (which then holds those frames: a chunk's cost without its length; its
 * container is the config's), timing each step.  In canvas mode without a
 * canvas the frames are captured in dom mode (measured_mode says so)
 * instead of failing.
 */
enum helios_status helios_render_probe(const struct helios_render_request *req, const char *output,
				       int64_t samples, struct helios_render_probe *out,
				       struct helios_error *err);

#endif
