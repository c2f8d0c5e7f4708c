/* The ffmpeg command lines of the renderer, built without running anything
 * so that tests can check them exactly. */
#ifndef HELIOS_RENDER_FFARGS_H
#define HELIOS_RENDER_FFARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "helios/buf.h"
#include "helios/codec.h"
#include "helios/number.h"
#include "proc/proc.h"
#include "render/render.h"

/* Audio is mixed and stored at this rate (Opus only knows 48 kHz). */
#define RENDER_SAMPLE_RATE 48000

/* One sound source of the page, placed on the composition timeline. */
struct render_audio_track {
	const char *source;	/* path or URL ffmpeg opens */
	double offset;		/* composition second at which the source plays from `seek` */
	double seek;		/* second of the source played at `offset` */
	double volume;		/* 0..1 */
	bool loop;		/* repeats from the file's start at its end, for ever */
	double duration;	/* of the source, seconds; -1: not known */
	/* Fades, relative to the clip's own start (offset) and end (the
	 * file's end or `end`, whichever is first), in seconds; 0: none. */
	double fade_in, fade_out;
	const char *fade_easing;	/* upstream's name ("quad.in"); NULL or unknown: linear */
	double end;		/* composition second at which the composition ends; <= 0: not known */
	double rate;		/* playbackRate: seconds of the file per second; <= 0: 1 */
};

/* ffprobe's command line listing the streams' kinds and the duration of
 * source, reached as the encoder reaches it (an http(s) source through
 * proxy, an "http://HOST:PORT", when not NULL). */
void render_ffargs_probe(const char *source, int64_t timeout_ms, const char *proxy, struct helios_argv *out);

/* Its output: whether there is an audio stream, and the duration in
 * seconds (-1 when not told).  False when the text is not such output. */
bool render_ffargs_parse_probe(const char *text, bool *has_audio, double *duration);

struct render_encode_spec {
	const char *output;	/* the file ffmpeg writes */
	const struct helios_container *container;
	const struct helios_codec *video_codec;	/* resolved: never NULL */
	const struct helios_codec *audio_codec;	/* resolved: never NULL */
	int64_t quality;	/* -1: the encoder's default */
	struct helios_encode_controls encode;
	int64_t width, height;
	int64_t start_frame, frame_count;
	struct helios_ratio fps;
	enum helios_image_format image_format;
	const char *pixel_format;	/* the encoder's (--pixel-format); NULL: its usual one */
	const char *preset;		/* --preset; NULL: veryfast for x264, else the encoder's */
	/* The video comes encoded (IVF from the page's encoder): ffmpeg
	 * copies it and signals its colours, full-range BT.709. */
	bool video_encoded;
	const struct render_audio_track *tracks;
	size_t track_count;
	int64_t timeout_ms;	/* an audio source on the network that stalls this long fails; 0: never */
	const char *http_proxy;	/* "http://HOST:PORT" every http(s) source is fetched through; NULL: none */
	const char *fingerprint;	/* NULL, or the chunk's: the comment tag */
};

/* A time base in which every frame lasts a whole number of ticks: 90000
 * when it divides evenly, else a multiple of the rate's numerator near it. */
int64_t render_ffargs_timescale(struct helios_ratio fps);

/* The chunk's audio as samples of the composition timeline:
 * [floor(start * rate / fps), floor((start + count) * rate / fps)).  Chunks
 * that meet at a frame meet at the same sample, so merged audio has no gap
 * and no overlap. */
void render_ffargs_sample_window(int64_t start_frame, int64_t frame_count, struct helios_ratio fps,
				 int64_t rate, int64_t *first, int64_t *count);

/* ffmpeg's muxer name for a container ("mp4", "mov", "matroska", "webm"). */
const char *render_ffargs_muxer(const struct helios_container *container);

/* The ffmpeg expression of upstream's fade easing `name` ("quad.in"), in
 * terms of the progress X; NULL when the name is not one. */
const char *render_ffargs_easing(const char *name);

/* The encoder: images on standard input, audio tracks as further inputs. */
void render_ffargs_encode(const struct render_encode_spec *spec, struct helios_argv *out);

#endif
