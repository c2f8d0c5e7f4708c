/* Containers and encoders we know, and which combinations ffmpeg can mux. */
#ifndef HELIOS_CODEC_H
#define HELIOS_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "helios/status.h"

enum helios_codec_kind { HELIOS_CODEC_VIDEO, HELIOS_CODEC_AUDIO };

/* Bit per container, in helios_containers order. */
#define HELIOS_MUX_MP4  0x1
#define HELIOS_MUX_MOV  0x2
#define HELIOS_MUX_MKV  0x4
#define HELIOS_MUX_WEBM 0x8
/* Image sequences (helios/sequence.h): one file per frame. */
#define HELIOS_MUX_PNG  0x10
#define HELIOS_MUX_JPEG 0x20
#define HELIOS_MUX_WEBP 0x40
#define HELIOS_MUX_IMAGES (HELIOS_MUX_PNG | HELIOS_MUX_JPEG | HELIOS_MUX_WEBP)

/* What an output's name may end in, for messages. */
#define HELIOS_OUTPUT_KINDS ".mp4, .mov, .mkv, .webm, or an image sequence's .png, .jpg or .webp"

/* Matroska (mkv, webm) writes random segment and track UIDs and the time
 * of writing unless ffmpeg is asked for bit-exact output (-fflags
 * +bitexact): two renders of the same frames then differ.  MP4 and MOV
 * write nothing random. */
#define HELIOS_MUX_NEEDS_BITEXACT (HELIOS_MUX_MKV | HELIOS_MUX_WEBM)

struct helios_container {
	const char *extension;		/* ".mp4" */
	const char *name;		/* "MP4" */
	unsigned bit;
	const char *default_video;	/* encoder used when none is given */
	const char *default_audio;	/* NULL: holds no sound (images) */
};

struct helios_codec {
	const char *name;		/* ffmpeg encoder name */
	enum helios_codec_kind kind;
	unsigned containers;		/* HELIOS_MUX_* bits it can be muxed into */
	int quality_max;		/* --quality range 0..quality_max; -1: no CRF */
	const char *description;	/* one line for the TUI list and the man page */
	bool even_size;			/* the encoder refuses an odd width or height */
	const char *pixel_formats;	/* video: the formats it takes from us, space-separated,
					 * its default first; NULL: any (not ours to know) */
	const char *presets;		/* its -preset names, fastest first; NULL: none */
};

extern const struct helios_container helios_containers[];
extern const size_t helios_container_count;
extern const struct helios_codec helios_codecs[];
extern const size_t helios_codec_count;

/* The container for an output path, by extension (case-insensitive); NULL if unknown. */
const struct helios_container *helios_container_for_path(const char *path);
const struct helios_codec *helios_codec_find(const char *name);
/* Whether name could be an ffmpeg encoder's: letters, digits, '_', '-' and
 * '.', not starting with '-'.  Names outside our table are taken on trust. */
bool helios_codec_name_ok(const char *name);
bool helios_codec_fits(const struct helios_codec *codec, const struct helios_container *container);

/* The names of the codecs of one kind, in table order, joined by sep
 * ("libx264, libx265" for messages, "libx264 libx265" for completion). */
void helios_codec_names(enum helios_codec_kind kind, const char *sep, char *buf, size_t size);

/* A --video-bitrate: digits, an optional fraction and a k, M or G
 * suffix (powers of 1000): "2M", "800k", "1.5M", "250000".  At least
 * 1 kbit/s, at most 10 Gbit/s. */
#define HELIOS_BITRATE_MIN 1000
#define HELIOS_BITRATE_MAX 10000000000LL
enum helios_status helios_codec_parse_bitrate(const char *text, int64_t *bps, struct helios_error *err);

/* --pixel-format: whether codec takes format (one of its list, or any for
 * an encoder without one); its default; whether a format has an alpha
 * plane (yuva420p, rgba). */
bool helios_codec_takes_pixel_format(const struct helios_codec *codec, const char *format);
const char *helios_codec_default_pixel_format(const struct helios_codec *codec, char *buf, size_t size);
bool helios_codec_pixel_format_has_alpha(const char *format);

/* --preset: whether codec has preset (one of its list). */
bool helios_codec_takes_preset(const struct helios_codec *codec, const char *preset);

/* "mp4, mov, mkv" for a set of HELIOS_MUX_* bits. */
void helios_codec_container_list(unsigned bits, char *buf, size_t size);

#endif
