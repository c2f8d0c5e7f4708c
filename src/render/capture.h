/* Capture strategies: how one frame becomes bytes for ffmpeg.  dom
 * screenshots the whole viewport; canvas reads one <canvas> with toDataURL;
 * the page encoder encodes the canvas in the page (WebCodecs) and hands
 * over the encoded video as IVF, which ffmpeg only muxes. */
#ifndef HELIOS_RENDER_CAPTURE_H
#define HELIOS_RENDER_CAPTURE_H

#include <stdint.h>

#include "helios/buf.h"
#include "helios/options.h"
#include "render/render.h"
#include "page.h"

struct render_capture_options {
	/* The settings: fps, size, image format, canvas selector. */
	const struct helios_config *config;
	/* The page encoder's settings (see render_capture_page_codec). */
	const struct render_page_codec *codec;
	int64_t quantizer;		/* 0..63, the codec's own scale */
	int64_t start_frame, frame_count;	/* this encode's frames */
};

/* Frames of a group of pictures of the page encoder: a key frame on every
 * multiple of it (counted from frame 0) and at a chunk's first frame, so
 * chunks that start on a multiple encode exactly the whole render's frames. */
#define RENDER_PAGE_GOP 120

/* What --quality is when not given, for the page encoder: measured against
 * ffmpeg's libvpx-vp9 default on the examples (see helios-render(1)). */
#define RENDER_PAGE_DEFAULT_QUANTIZER 32

/* A codec the browser can encode for us. */
struct render_page_codec {
	const char *encoder;	/* the ffmpeg encoder it stands in for: "libvpx-vp9" */
	const char *webcodecs;	/* WebCodecs codec string */
	const char *fourcc;	/* IVF's name for it */
	const char *label;	/* for messages: "VP9" */
};

/* The page codec standing in for an ffmpeg encoder; NULL when none. */
const struct render_page_codec *render_capture_page_codec(const char *encoder);

/* Whether the page can encode its canvas with o->codec: HELIOS_OK and an
 * empty why when it can (the encoder is then set up), else why says why
 * not.  A failure is an error of the page (no canvas, an exception). */
enum helios_status render_capture_page_encoder_check(struct render_page *p, const struct render_capture_options *o,
						     struct helios_buf *why, struct helios_error *err);

/* The IVF file header that comes before the page encoder's records. */
void render_capture_ivf_header(const struct render_capture_options *o, struct helios_buf *out);

struct render_capture {
	const char *name;
	/* Check that the page can be captured this way (once, after loading). */
	enum helios_status (*prepare)(struct render_page *p, const struct render_capture_options *o,
				      struct helios_error *err);
	/* Seek the page to frame and put the encoded image into out. */
	enum helios_status (*grab)(struct render_page *p, const struct render_capture_options *o,
				   int64_t frame, struct helios_buf *out, struct helios_error *err);
	/* What is still to come after the last frame (NULL: nothing). */
	enum helios_status (*finish)(struct render_page *p, const struct render_capture_options *o,
				     struct helios_buf *out, struct helios_error *err);
};

const struct render_capture *render_capture_for(enum helios_mode mode);

/* dom mode's grab in two halves, so that two pages can work at once:
 * seek sends the page to frame (scratch: room for the expression) and
 * returns the command's id; shoot waits for that seek and captures. */
enum helios_status render_capture_dom_seek(struct render_page *p, const struct render_capture_options *o,
					   int64_t frame, int *id, struct helios_buf *scratch, struct helios_error *err);
enum helios_status render_capture_dom_shoot(struct render_page *p, const struct render_capture_options *o,
					    int seek_id, struct helios_buf *out, struct helios_error *err);
/* shoot in two halves, so that two browsers capture at once: ask waits for
 * the seek and asks for the screenshot; take waits for it. */
enum helios_status render_capture_dom_ask(struct render_page *p, const struct render_capture_options *o,
					  int seek_id, int *shot_id, struct helios_error *err);
enum helios_status render_capture_dom_take(struct render_page *p, int shot_id, struct helios_buf *out,
					   struct helios_error *err);

/* The page encoder (after render_capture_page_encoder_check said yes). */
extern const struct render_capture render_capture_page_encoder;

#endif
