/* Settings resolved into what planning and the job writer need: numbers
 * parsed, codecs looked up, cross-field rules checked, the plan made. */
#ifndef HELIOS_CONFIG_H
#define HELIOS_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

#include "helios/codec.h"
#include "helios/number.h"
#include "helios/options.h"
#include "helios/plan.h"
#include "helios/sequence.h"
#include "helios/status.h"

enum helios_image_format { HELIOS_IMAGE_JPEG, HELIOS_IMAGE_PNG };

/* The encoder controls a chunk's ffmpeg is given (our renderer's flags). */
struct helios_encode_controls {
	int64_t video_bitrate;		/* bits per second; 0: by --quality */
};

struct helios_config {
	/* Borrowed from the settings; valid while they are unchanged. */
	const char *input;
	const char *output;
	const char *job_path;		/* NULL without --emit-job */
	const char *fps_text;
	const char *base_url;		/* NULL when unset */
	const struct helios_settings *settings;	/* the settings resolved (borrowed) */

	struct helios_ratio fps;
	int64_t total_frames;
	int64_t start_frame;
	int64_t width, height;
	int64_t quality;		/* -1 when not given */
	enum helios_mode mode;
	bool headless;
	const struct helios_container *container;
	/* An image output (.png, .jpg, .webp): the sequence its name gives,
	 * one file per composition frame; or, with one --frame and no number
	 * in the name, a still: that file alone (sequence unset). */
	bool images;
	bool still;
	struct helios_sequence sequence;
	/* --frame: the frames rendered, "0,45,90" (start_frame is the first,
	 * total_frames their count); NULL: the range. */
	const char *frames;
	/* The encoders given; name NULL when not given (the container's
	 * default, helios_config_video_codec).  Held by value, so that a copy
	 * of the config is whole: an encoder our table does not know
	 * (h264_nvenc, libsvtav1) is described here, passed to ffmpeg by name,
	 * nothing assumed of its containers, sizes or quality scale. */
	struct helios_codec video_codec, audio_codec;
	struct helios_plan plan;
	/* What --from-page took from the page: "duration", "fps" or
	 * "duration,fps" (set by whoever loaded it); NULL: nothing. */
	const char *from_page;

	/* Our renderer's own flags; unset ones take the table's fallback. */
	enum helios_image_format image_format;
	const char *canvas_selector;	/* never NULL */
	const char *props_json;		/* NULL: no props; one JSON value, checked when
					 * set (helios_json_check) */
	int64_t timeout_ms;		/* per step of a render */
	const char *root;		/* NULL: the input's directory */
	struct helios_encode_controls encode;
	/* --pixel-format, checked against the video encoder, else its
	 * default; with an alpha plane (yuva420p, rgba) the page is captured
	 * transparent (alpha true). */
	char pixel_format[24];
	bool alpha;
};

/* Check the whole set of settings and make the plan.  The error names the
 * offending flag; which option it was is stored in *bad_option (may be NULL)
 * so a form can show the message beside the field. */
enum helios_status helios_config_resolve(const struct helios_settings *s, struct helios_config *cfg,
					 enum helios_option_id *bad_option, struct helios_error *err);

/* One line per setting worth a warning but not a refusal (an encoder our
 * table does not know), without the "helios: render: " prefix; returns how
 * many lines were written. */
int helios_config_warnings(const struct helios_config *cfg, struct helios_buf *out);

/* The warning about option id alone (a form shows it beside the field);
 * false when there is none. */
bool helios_config_warning(const struct helios_config *cfg, enum helios_option_id id,
			   struct helios_buf *out);

/*
 * A setting as the renderer reads it where it uses it: the text in force
 * (given, else the table's default, else the renderer's fallback; NULL with
 * none of them), and a HELIOS_TYPE_INT's number (none: -1).  A setting of
 * our renderer that no other setting constrains needs nothing but its row
 * in HELIOS_OPTION_LIST and these; the fields above are the values that
 * helios_config_resolve derives or checks against each other.
 */
const char *helios_config_text(const struct helios_config *cfg, enum helios_option_id id);
int64_t helios_config_int(const struct helios_config *cfg, enum helios_option_id id);

/* The encoders a render of cfg uses: the given ones, else the container's
 * defaults; never NULL, except the audio of an image sequence, which
 * holds none.  They point into cfg or into the codec table. */
const struct helios_codec *helios_config_video_codec(const struct helios_config *cfg);
const struct helios_codec *helios_config_audio_codec(const struct helios_config *cfg);

/* A --timeout value (seconds, already validated) in milliseconds, at least
 * 1; and the renderer's limit when --timeout is not given (its fallback). */
int64_t helios_config_timeout_ms(const char *seconds);
int64_t helios_config_default_timeout_ms(void);

#endif
