#include "helios/codec.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

const struct helios_container helios_containers[] = {
	{ ".mp4", "mp4", HELIOS_MUX_MP4, "libx264", "aac" },
	{ ".mov", "mov", HELIOS_MUX_MOV, "libx264", "aac" },
	{ ".mkv", "mkv", HELIOS_MUX_MKV, "libx264", "aac" },
	{ ".webm", "webm", HELIOS_MUX_WEBM, "libvpx-vp9", "libopus" },
	/* Image sequences: one file per frame, no sound. */
	{ ".png", "png", HELIOS_MUX_PNG, "png", NULL },
	{ ".jpg", "jpg", HELIOS_MUX_JPEG, "mjpeg", NULL },
	{ ".jpeg", "jpeg", HELIOS_MUX_JPEG, "mjpeg", NULL },
	{ ".webp", "webp", HELIOS_MUX_WEBP, "libwebp", NULL },
};
const size_t helios_container_count = sizeof(helios_containers) / sizeof(helios_containers[0]);

#define ISO (HELIOS_MUX_MP4 | HELIOS_MUX_MOV | HELIOS_MUX_MKV)
#define ALL (ISO | HELIOS_MUX_WEBM)

/* What ffmpeg 5.1's muxers accept without -strict experimental; the pixel
 * formats each encoder takes from us, its default first (ProRes has no
 * 4:2:0; JPEG is full-range). */
const struct helios_codec helios_codecs[] = {
	{ "libx264", HELIOS_CODEC_VIDEO, ISO, 51, "H.264: plays everywhere, fast to encode", true, "yuv420p yuv422p yuv444p", "ultrafast superfast veryfast faster fast medium slow slower veryslow placebo" },
	{ "libx265", HELIOS_CODEC_VIDEO, ISO, 51, "H.265/HEVC: smaller files, slower to encode", true, "yuv420p yuv422p yuv444p yuv420p10le", "ultrafast superfast veryfast faster fast medium slow slower veryslow placebo" },
	{ "libvpx", HELIOS_CODEC_VIDEO, HELIOS_MUX_MKV | HELIOS_MUX_WEBM, 63, "VP8: the original WebM codec", false, "yuv420p yuva420p", NULL },
	{ "libvpx-vp9", HELIOS_CODEC_VIDEO, ALL & ~HELIOS_MUX_MOV, 63, "VP9: royalty-free, good for the web", false, "yuv420p yuva420p yuv444p", NULL },
	{ "libaom-av1", HELIOS_CODEC_VIDEO, ALL & ~HELIOS_MUX_MOV, 63, "AV1: smallest files, very slow to encode", false, "yuv420p yuv444p", NULL },
	{ "prores_ks", HELIOS_CODEC_VIDEO, HELIOS_MUX_MOV | HELIOS_MUX_MKV, -1, "Apple ProRes: large intermediate files for editing", false, "yuv422p10le yuv444p10le yuva444p10le", NULL },
	{ "aac", HELIOS_CODEC_AUDIO, ISO, -1, "AAC: the usual audio of MP4 and MOV", false, NULL, NULL },
	{ "libopus", HELIOS_CODEC_AUDIO, ALL & ~HELIOS_MUX_MOV, -1, "Opus: efficient, the usual audio of WebM", false, NULL, NULL },
	{ "libvorbis", HELIOS_CODEC_AUDIO, HELIOS_MUX_MKV | HELIOS_MUX_WEBM, -1, "Vorbis: older WebM audio", false, NULL, NULL },
	{ "libmp3lame", HELIOS_CODEC_AUDIO, ISO, -1, "MP3: widely supported, lossy", false, NULL, NULL },
	{ "pcm_s16le", HELIOS_CODEC_AUDIO, HELIOS_MUX_MOV | HELIOS_MUX_MKV, -1, "uncompressed 16-bit PCM", false, NULL, NULL },
	{ "png", HELIOS_CODEC_VIDEO, HELIOS_MUX_PNG, -1, "PNG images: lossless", false, "rgb24 rgba", NULL },
	{ "mjpeg", HELIOS_CODEC_VIDEO, HELIOS_MUX_JPEG, -1, "JPEG images: small, lossy", false, "yuvj420p", NULL },
	{ "libwebp", HELIOS_CODEC_VIDEO, HELIOS_MUX_WEBP, -1, "WebP images: smaller than PNG and JPEG", false, "yuv420p yuva420p", NULL },
};
const size_t helios_codec_count = sizeof(helios_codecs) / sizeof(helios_codecs[0]);

const struct helios_container *helios_container_for_path(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	const char *dot = strrchr(base, '.');

	/* ".mp4" alone is a hidden file's name, not an extension. */
	if (!dot || dot == base)
		return NULL;
	for (size_t i = 0; i < helios_container_count; i++)
		if (strcasecmp(dot, helios_containers[i].extension) == 0)
			return &helios_containers[i];
	return NULL;
}

const struct helios_codec *helios_codec_find(const char *name)
{
	for (size_t i = 0; i < helios_codec_count; i++)
		if (strcmp(name, helios_codecs[i].name) == 0)
			return &helios_codecs[i];
	return NULL;
}

bool helios_codec_name_ok(const char *name)
{
	if (!*name || *name == '-')
		return false;
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '_' || *p == '-' || *p == '.'))
			return false;
	return true;
}

bool helios_codec_fits(const struct helios_codec *codec, const struct helios_container *container)
{
	return (codec->containers & container->bit) != 0;
}

void helios_codec_names(enum helios_codec_kind kind, const char *sep, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < helios_codec_count && used < size; i++)
		if (helios_codecs[i].kind == kind)
			used += (size_t)snprintf(buf + used, size - used, "%s%s", used ? sep : "",
						 helios_codecs[i].name);
}

void helios_codec_container_list(unsigned bits, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < helios_container_count && used < size; i++) {
		if (!(bits & helios_containers[i].bit))
			continue;
		used += (size_t)snprintf(buf + used, size - used, "%s%s", used ? ", " : "",
					 helios_containers[i].name);
	}
}

enum helios_status helios_codec_parse_bitrate(const char *text, int64_t *bps, struct helios_error *err)
{
	/* Whole and fractional digits apart, so "1.5M" is exact. */
	int64_t whole = 0, frac = 0, frac_scale = 1, unit = 1;
	const char *p = text;

	if (*p < '0' || *p > '9')
		return helios_error_set(err, HELIOS_EINVAL, "not a bitrate (such as 2M or 800k)");
	for (; *p >= '0' && *p <= '9'; p++) {
		if (whole > HELIOS_BITRATE_MAX)
			return helios_error_set(err, HELIOS_EINVAL, "more than 10G");
		whole = whole * 10 + (*p - '0');
	}
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++) {
			if (frac_scale >= 1000000000)
				return helios_error_set(err, HELIOS_EINVAL, "too many decimals");
			frac = frac * 10 + (*p - '0');
			frac_scale *= 10;
		}
	}
	if (*p == 'k' || *p == 'K')
		unit = 1000, p++;
	else if (*p == 'M')
		unit = 1000000, p++;
	else if (*p == 'G')
		unit = 1000000000, p++;
	if (*p)
		return helios_error_set(err, HELIOS_EINVAL, "not a bitrate (such as 2M or 800k)");
	if (whole > HELIOS_BITRATE_MAX / unit)
		return helios_error_set(err, HELIOS_EINVAL, "more than 10G");
	*bps = whole * unit + frac * unit / frac_scale;
	if (*bps < HELIOS_BITRATE_MIN || *bps > HELIOS_BITRATE_MAX)
		return helios_error_set(err, HELIOS_EINVAL, "out of range (1k-10G)");
	return HELIOS_OK;
}

/* Whether word is one of a space-separated list. */
static bool listed(const char *list, const char *word)
{
	size_t len = strlen(word);

	for (const char *p = list; *p;) {
		size_t n = strcspn(p, " ");

		if (n == len && strncmp(p, word, len) == 0)
			return true;
		p += n + (p[n] == ' ');
	}
	return false;
}

bool helios_codec_takes_pixel_format(const struct helios_codec *codec, const char *format)
{
	/* An encoder we do not know: taken on trust. */
	return !codec->pixel_formats || listed(codec->pixel_formats, format);
}

bool helios_codec_takes_preset(const struct helios_codec *codec, const char *preset)
{
	return codec->presets && listed(codec->presets, preset);
}

const char *helios_codec_default_pixel_format(const struct helios_codec *codec, char *buf, size_t size)
{
	const char *list = codec->pixel_formats ? codec->pixel_formats : "yuv420p";

	snprintf(buf, size, "%.*s", (int)strcspn(list, " "), list);
	return buf;
}

bool helios_codec_pixel_format_has_alpha(const char *format)
{
	return strncmp(format, "yuva", 4) == 0 || strncmp(format, "rgba", 4) == 0 || strncmp(format, "bgra", 4) == 0 ||
	       strncmp(format, "gbrap", 5) == 0 || strncmp(format, "argb", 4) == 0 || strncmp(format, "ya", 2) == 0;
}
