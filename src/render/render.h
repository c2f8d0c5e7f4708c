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

struct helios_render_request {
	const char *input;		/* HTML file or http(s)/file URL */
	const char *output;		/* final file; written as a temp file, then renamed */
	int64_t start_frame;		/* composition frame of the first output frame */
	int64_t frame_count;		/* >= 1 */
	int64_t width, height;
	struct helios_ratio fps;
	enum helios_mode mode;
	const struct helios_container *container;	/* NULL: from the output's extension */
	const struct helios_codec *video_codec;	/* NULL: the container's default */
	const struct helios_codec *audio_codec;
	int64_t quality;		/* CRF, or -1 for the encoder's default */
	bool headless;
	enum helios_image_format image_format;
	const char *canvas_selector;	/* never NULL: the first <canvas> is "canvas" */
	const char *props_json;		/* NULL: no props; otherwise valid JSON */
	int64_t timeout_ms;		/* per step (start, load, each frame); <= 0: 30 s */
	const char *root;		/* served directory of a local input; NULL: its directory */
	int *stop_signal;		/* may be NULL: set to the signal that stopped the render, else 0 */
	helios_render_progress_fn progress;	/* may be NULL */
	void *progress_ctx;
	helios_render_note_fn note;	/* may be NULL */
	void *note_ctx;
	bool verbose;			/* note every choice of capture and encoding */
};

/* Defaults: nothing set except quality -1, headless, jpeg, 30 s timeout. */
void helios_render_request_init(struct helios_render_request *req);

/* Fill req from resolved settings (helios_config_resolve decides every
 * value, the renderer's own flags too): the frame range is cfg's whole plan
 * (start_frame, total_frames).  Returns HELIOS_EINVAL with the flag's name
 * when --props is not JSON, which only the renderer can tell. */
enum helios_status helios_render_request_from_config(struct helios_render_request *req,
						     const struct helios_config *cfg,
						     struct helios_error *err);

/* Check that text is one JSON value (for --props before a job is written). */
enum helios_status helios_render_check_props(const char *text, struct helios_error *err);

/*
 * Render.  On success the output exists and holds exactly frame_count
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
 * then `samples` frames spread over [start_frame, start_frame + frame_count)
 * into req->output (which then holds those frames: a chunk's cost without
 * its length), timing each step.  In canvas mode without a canvas the frames are captured in
 * dom mode (measured_mode says so) instead of failing.
 */
enum helios_status helios_render_probe(const struct helios_render_request *req, int64_t samples,
				       struct helios_render_probe *out, struct helios_error *err);

#endif
