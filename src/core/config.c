#include "helios/config.h"

#include <stdio.h>
#include <string.h>

#include "helios/path.h"
#include "helios/sequence.h"

static enum helios_status bad(enum helios_option_id *bad_option, enum helios_option_id id)
{
	if (bad_option)
		*bad_option = id;
	return HELIOS_EINVAL;
}

/* Parse a value that helios_settings_set has already validated; an option
 * that is neither set nor has a default in the table gives none. */
static int64_t int_or(const struct helios_settings *s, enum helios_option_id id, int64_t none)
{
	const char *text = helios_settings_get(s, id);
	int64_t v;

	if (!text || helios_number_parse_int(text, INT64_MIN, INT64_MAX, &v, NULL) != HELIOS_OK)
		return none;
	return v;
}

/* An integer option with a default in the table: it always has a value. */
static int64_t int_of(const struct helios_settings *s, enum helios_option_id id)
{
	return int_or(s, id, 0);
}

/* The value in force, or what our renderer does without the flag. */
static const char *renderer_value(const struct helios_settings *s, enum helios_option_id id)
{
	const char *text = helios_settings_get(s, id);

	return text ? text : helios_options[id].fallback;
}

const char *helios_config_text(const struct helios_config *cfg, enum helios_option_id id)
{
	return renderer_value(cfg->settings, id);
}

int64_t helios_config_int(const struct helios_config *cfg, enum helios_option_id id)
{
	const char *text = renderer_value(cfg->settings, id);
	int64_t v;

	if (!text || helios_number_parse_int(text, INT64_MIN, INT64_MAX, &v, NULL) != HELIOS_OK)
		return -1;
	return v;
}

int64_t helios_config_timeout_ms(const char *seconds)
{
	struct helios_ratio r;
	__int128 ms;

	if (helios_number_parse_decimal(seconds, &r, NULL) != HELIOS_OK)
		return helios_config_default_timeout_ms();
	ms = (__int128)r.num * 1000 / r.den;
	return ms < 1 ? 1 : ms > INT64_MAX / 2 ? INT64_MAX / 2 : (int64_t)ms;
}

int64_t helios_config_default_timeout_ms(void)
{
	struct helios_ratio r;

	/* The table's fallback is a constant the unit tests parse. */
	if (helios_number_parse_decimal(helios_options[HELIOS_OPTION_TIMEOUT].fallback, &r, NULL) != HELIOS_OK)
		return 1;
	return (int64_t)((__int128)r.num * 1000 / r.den);
}

/* Our renderer's own flags: what a render of this config does. */
static void resolve_renderer(const struct helios_settings *s, struct helios_config *c)
{
	/* A transparent render's frames are PNG: JPEG drops the alpha. */
	c->image_format = c->alpha || strcmp(renderer_value(s, HELIOS_OPTION_IMAGE_FORMAT), "png") == 0
				  ? HELIOS_IMAGE_PNG : HELIOS_IMAGE_JPEG;
	c->canvas_selector = renderer_value(s, HELIOS_OPTION_CANVAS_SELECTOR);
	c->props_json = helios_settings_get(s, HELIOS_OPTION_PROPS);
	c->timeout_ms = helios_config_timeout_ms(renderer_value(s, HELIOS_OPTION_TIMEOUT));
	c->root = helios_settings_get(s, HELIOS_OPTION_ROOT);
}

/* An encoder given by name that the table does not know: any container,
 * no size rule, the whole --quality range. */
static struct helios_codec describe_other(const char *name, enum helios_codec_kind kind)
{
	return (struct helios_codec){ name, kind, ~0u, (int)helios_options[HELIOS_OPTION_QUALITY].max,
				      NULL, false, NULL, NULL };
}

static enum helios_status check_codec(const struct helios_settings *s, enum helios_option_id id,
				      const struct helios_container *container,
				      struct helios_codec *out, enum helios_option_id *bad_option,
				      struct helios_error *err)
{
	const char *name = helios_settings_get(s, id);
	const struct helios_codec *codec;
	char list[64];

	*out = (struct helios_codec){ 0 };
	if (!name)
		return HELIOS_OK;
	codec = helios_codec_find(name);
	if (!codec) {
		*out = describe_other(name, id == HELIOS_OPTION_VIDEO_CODEC ? HELIOS_CODEC_VIDEO
									  : HELIOS_CODEC_AUDIO);
		return HELIOS_OK;
	}
	if (!helios_codec_fits(codec, container)) {
		helios_codec_container_list(codec->containers, list, sizeof(list));
		helios_error_set(err, HELIOS_EINVAL, "%s: '%s': %s cannot hold %s (use %s)",
				 helios_option_flag(&helios_options[id]), name, container->name, name, list);
		return bad(bad_option, id);
	}
	*out = *codec;
	return HELIOS_OK;
}

const struct helios_codec *helios_config_video_codec(const struct helios_config *cfg)
{
	return cfg->video_codec.name ? &cfg->video_codec : helios_codec_find(cfg->container->default_video);
}

const struct helios_codec *helios_config_audio_codec(const struct helios_config *cfg)
{
	if (cfg->audio_codec.name)
		return &cfg->audio_codec;
	return cfg->container->default_audio ? helios_codec_find(cfg->container->default_audio) : NULL;
}

/* The encoder controls, checked against the video encoder in force. */
static enum helios_status resolve_encode(const struct helios_settings *s, const struct helios_codec *codec,
					 struct helios_config *c, enum helios_option_id *bad_option,
					 struct helios_error *err)
{
	const char *text = helios_settings_get(s, HELIOS_OPTION_VIDEO_BITRATE);

	if (text) {
		if (helios_codec_parse_bitrate(text, &c->encode.video_bitrate, err) != HELIOS_OK) {
			helios_error_prefix(err, "--video-bitrate: '%s'", text);
			return bad(bad_option, HELIOS_OPTION_VIDEO_BITRATE);
		}
		/* A rate and a constant quality are two answers to one question. */
		if (c->quality >= 0) {
			helios_error_set(err, HELIOS_EINVAL,
					 "--video-bitrate: '%s': give either --quality or --video-bitrate, not both", text);
			return bad(bad_option, HELIOS_OPTION_VIDEO_BITRATE);
		}
		if (codec->quality_max < 0) {
			helios_error_set(err, HELIOS_EINVAL, "--video-bitrate: '%s': %s sets its own rate", text,
					 codec->name);
			return bad(bad_option, HELIOS_OPTION_VIDEO_BITRATE);
		}
	}
	return HELIOS_OK;
}

/* An image output is a sequence, one file per frame named by its number;
 * a video's name may hold any '%'. */
static enum helios_status resolve_sequence(struct helios_config *c, struct helios_error *err)
{
	const char *slash = strrchr(c->output, '/');
	char example[64];

	if (!(c->container->bit & HELIOS_MUX_IMAGES))
		return HELIOS_OK;
	c->images = true;
	if (helios_sequence_parse(c->output, &c->sequence))
		return HELIOS_OK;
	/* One frame into one file: resolve_frames checks it is one. */
	c->still = helios_settings_is_set(c->settings, HELIOS_OPTION_FRAME);
	if (c->still && !helios_sequence_has_directive(c->output))
		return HELIOS_OK;
	snprintf(example, sizeof(example), "f_%%05d%s", c->container->extension);
	if (helios_sequence_has_directive(slash ? slash + 1 : c->output))
		return helios_error_set(err, HELIOS_EINVAL,
					"--output: '%s': the frame number is one %%d or %%0Nd in the file name, "
					"and no other '%%' (such as %s)", c->output, example);
	return helios_error_set(err, HELIOS_EINVAL,
				"--output: '%s': an image sequence names each file by its frame number "
				"with %%d or %%0Nd (such as %s); a still takes one --frame", c->output, example);
}

/* --frame: these frames alone, as images, in one piece; the config's
 * range becomes the first of them and their count. */
static enum helios_status resolve_frames(const struct helios_settings *s, struct helios_config *c,
					 struct helios_error *err)
{
	static const enum helios_option_id range[] = { HELIOS_OPTION_START_FRAME, HELIOS_OPTION_FRAME_COUNT,
						       HELIOS_OPTION_RANGES };
	static const enum helios_option_id split[] = { HELIOS_OPTION_CONCURRENCY, HELIOS_OPTION_CHUNK_SIZE,
						       HELIOS_OPTION_CHUNK_DURATION, HELIOS_OPTION_CHUNK_TIME,
						       HELIOS_OPTION_BALANCE, HELIOS_OPTION_MAX_CHUNKS };
	const char *text = helios_settings_get(s, HELIOS_OPTION_FRAME);
	int64_t count, first = 0;

	if (!text)
		return HELIOS_OK;
	if (helios_sequence_frames_parse(text, NULL, &count, err) != HELIOS_OK) {
		helios_error_prefix(err, "--frame: '%s'", text);
		return HELIOS_EINVAL;
	}
	if (!c->images)
		return helios_error_set(err, HELIOS_EINVAL,
					"--frame: '%s': stills are images: give -o a .png, .jpg or .webp name", text);
	if (c->still && count > 1)
		return helios_error_set(err, HELIOS_EINVAL,
					"--frame: '%s': several frames are several files: put the frame number in "
					"the output's name (such as thumb_%%d%s)", text, c->container->extension);
	for (size_t i = 0; i < sizeof(range) / sizeof(range[0]); i++)
		if (helios_settings_is_set(s, range[i]))
			return helios_error_set(err, HELIOS_EINVAL, "--frame: '%s': give either --frame or %s", text,
						helios_option_flag(&helios_options[range[i]]));
	for (size_t i = 0; i < sizeof(split) / sizeof(split[0]); i++)
		if (helios_settings_is_set(s, split[i]))
			return helios_error_set(err, HELIOS_EINVAL, "--frame: '%s': stills render in one piece (not with %s)",
						text, helios_option_flag(&helios_options[split[i]]));
	if (c->job_path)
		return helios_error_set(err, HELIOS_EINVAL,
					"--frame: '%s': stills render here, in one piece, not as a job (--emit-job)", text);
	for (const char *p = text; *p >= '0' && *p <= '9'; p++)
		first = first * 10 + (*p - '0');
	c->frames = text;
	c->start_frame = first;
	c->total_frames = count;
	return HELIOS_OK;
}

/* The outputs that hold an alpha plane, for the message that refuses one. */
#define HELIOS_ALPHA_OUTPUTS "-o .mov with --video-codec prores_ks (yuva444p10le), -o .webm (libvpx-vp9, " \
	"yuva420p), or an image sequence: .png (rgba) or .webp (yuva420p)"

/* --pixel-format, checked against the video encoder in force; a format
 * with an alpha plane makes the render transparent. */
static enum helios_status resolve_pixel_format(const struct helios_settings *s, const struct helios_codec *codec,
					       struct helios_config *c, struct helios_error *err)
{
	const char *text = helios_settings_get(s, HELIOS_OPTION_PIXEL_FORMAT);
	const char *image = helios_settings_get(s, HELIOS_OPTION_IMAGE_FORMAT);

	if (!text) {
		helios_codec_default_pixel_format(codec, c->pixel_format, sizeof(c->pixel_format));
		return HELIOS_OK;
	}
	/* It ends up in ffmpeg's filter graph: a name, nothing more. */
	if (strlen(text) >= sizeof(c->pixel_format) || strspn(text, "abcdefghijklmnopqrstuvwxyz0123456789") != strlen(text))
		return helios_error_set(err, HELIOS_EINVAL, "--pixel-format: '%s': not a pixel format (such as yuv420p)",
					text);
	if (!helios_codec_takes_pixel_format(codec, text)) {
		char list[80];
		size_t used = 0;

		if (helios_codec_pixel_format_has_alpha(text))
			return helios_error_set(err, HELIOS_EINVAL,
						"--pixel-format: '%s': %s in %s cannot hold transparency (use " HELIOS_ALPHA_OUTPUTS ")",
						text, codec->name, c->container->name);
		for (const char *p = codec->pixel_formats; *p && used < sizeof(list);) {
			size_t n = strcspn(p, " ");

			used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%.*s", used ? ", " : "", (int)n, p);
			p += n + (p[n] == ' ');
		}
		return helios_error_set(err, HELIOS_EINVAL, "--pixel-format: '%s': %s takes %s", text, codec->name, list);
	}
	snprintf(c->pixel_format, sizeof(c->pixel_format), "%s", text);
	c->alpha = helios_codec_pixel_format_has_alpha(text);
	/* MP4 has no place for VP9's alpha stream. */
	if (c->alpha && c->container->bit == HELIOS_MUX_MP4)
		return helios_error_set(err, HELIOS_EINVAL,
					"--pixel-format: '%s': mp4 cannot hold transparency (use " HELIOS_ALPHA_OUTPUTS ")",
					text);
	/* JPEG frames have no alpha to pass on. */
	if (c->alpha && image && strcmp(image, "png") != 0)
		return helios_error_set(err, HELIOS_EINVAL,
					"--pixel-format: '%s': transparency needs --image-format png, not %s", text, image);
	return HELIOS_OK;
}

/* --preset, one of the encoder's; an encoder we do not know is given it
 * on trust (a name: it is one word of ffmpeg's command line). */
static enum helios_status resolve_preset(const struct helios_settings *s, const struct helios_codec *codec,
					 struct helios_error *err)
{
	const char *text = helios_settings_get(s, HELIOS_OPTION_PRESET);
	bool known = helios_codec_find(codec->name) != NULL;

	if (!text || (known && helios_codec_takes_preset(codec, text)))
		return HELIOS_OK;
	if (!known && strspn(text, "abcdefghijklmnopqrstuvwxyz0123456789_-") == strlen(text) && *text != '-')
		return HELIOS_OK;
	if (known && codec->presets)
		return helios_error_set(err, HELIOS_EINVAL, "--preset: '%s': %s's presets are %s", text, codec->name,
					codec->presets);
	if (known)
		return helios_error_set(err, HELIOS_EINVAL, "--preset: '%s': %s has no presets (libx264 and libx265 have)",
					text, codec->name);
	return helios_error_set(err, HELIOS_EINVAL, "--preset: '%s': not a preset name", text);
}

/* --chunk-time is turned into --chunk-size by whoever measured the page
 * (helios render, the TUI after a probe), and both are kept: the size is
 * the plan, the time says where it came from.  Alone it cannot be planned. */
static enum helios_status resolve_chunk_time(const struct helios_settings *s, struct helios_error *err)
{
	const char *text = helios_settings_get(s, HELIOS_OPTION_CHUNK_TIME);

	if (!text)
		return HELIOS_OK;
	if (helios_settings_is_set(s, HELIOS_OPTION_CHUNK_DURATION) || helios_settings_is_set(s, HELIOS_OPTION_BALANCE) ||
	    helios_settings_is_set(s, HELIOS_OPTION_RANGES))
		return helios_error_set(err, HELIOS_EINVAL,
					"--chunk-time: '%s': give one way to split (not with --chunk-duration, "
					"--balance or --ranges)", text);
	if (!helios_settings_is_set(s, HELIOS_OPTION_CHUNK_SIZE))
		return helios_error_set(err, HELIOS_EINVAL,
					"--chunk-time: '%s': needs the page's cost (helios render measures it; "
					"in helios-tui probe the page first)", text);
	return HELIOS_OK;
}

/* Explicit ranges begin at --start-frame and give the frame count, which
 * overrides --duration as --frame-count does; a --frame-count must agree. */
static enum helios_status resolve_ranges(const struct helios_settings *s, struct helios_config *c,
					 struct helios_plan_request *req, struct helios_error *err)
{
	const char *text = helios_settings_get(s, HELIOS_OPTION_RANGES);
	int64_t first, end, count;

	if (helios_settings_is_set(s, HELIOS_OPTION_CHUNK_SIZE) || helios_settings_is_set(s, HELIOS_OPTION_CHUNK_DURATION) ||
	    helios_settings_is_set(s, HELIOS_OPTION_BALANCE))
		return helios_error_set(err, HELIOS_EINVAL,
					"--ranges: '%s': give one way to split (not with --chunk-size, "
					"--chunk-duration or --balance)", text);
	if (helios_plan_ranges_parse(text, &first, &end, &count, err) != HELIOS_OK) {
		helios_error_prefix(err, "--ranges: '%s'", text);
		return HELIOS_EINVAL;
	}
	if (first != c->start_frame)
		return helios_error_set(err, HELIOS_EINVAL, "--ranges: '%s': begins at frame %lld, not at --start-frame %lld",
					text, (long long)first, (long long)c->start_frame);
	if (!helios_settings_is_set(s, HELIOS_OPTION_FRAME_COUNT))
		c->total_frames = end - first;
	else if (end - first != c->total_frames)
		return helios_error_set(err, HELIOS_EINVAL, "--ranges: '%s': covers %lld frames, not the --frame-count %lld",
					text, (long long)(end - first), (long long)c->total_frames);
	req->start_frame = c->start_frame;
	req->total_frames = c->total_frames;
	req->split = HELIOS_SPLIT_RANGES;
	req->ranges = text;
	return HELIOS_OK;
}

enum helios_status helios_config_resolve(const struct helios_settings *s, struct helios_config *cfg,
					 enum helios_option_id *bad_option, struct helios_error *err)
{
	struct helios_config c;
	struct helios_plan_request req = { 0 };
	struct helios_ratio duration;
	const struct helios_codec *quality_codec;
	const char *text;

	memset(&c, 0, sizeof(c));
	c.settings = s;
	c.input = helios_settings_get(s, HELIOS_OPTION_INPUT);
	if (!c.input) {
		helios_error_set(err, HELIOS_EUSAGE, "input: missing (give an HTML file or a URL)");
		bad(bad_option, HELIOS_OPTION_INPUT);
		return HELIOS_EUSAGE;
	}
	c.output = helios_settings_get(s, HELIOS_OPTION_OUTPUT);
	c.job_path = helios_settings_get(s, HELIOS_OPTION_EMIT_JOB);
	c.base_url = helios_settings_get(s, HELIOS_OPTION_BASE_URL);
	c.container = helios_container_for_path(c.output);
	if (!c.container) {
		helios_error_set(err, HELIOS_EINVAL, "--output: '%s': unknown container (use " HELIOS_OUTPUT_KINDS ")",
				 c.output);
		return bad(bad_option, HELIOS_OPTION_OUTPUT);
	}
	if (resolve_sequence(&c, err) != HELIOS_OK)
		return bad(bad_option, HELIOS_OPTION_OUTPUT);
	if (c.base_url && helios_path_is_url(c.input)) {
		helios_error_set(err, HELIOS_EINVAL, "--base-url: '%s': the input is already a URL",
				 c.base_url);
		return bad(bad_option, HELIOS_OPTION_BASE_URL);
	}

	c.fps_text = helios_settings_get(s, HELIOS_OPTION_FPS);
	if (helios_number_parse_fps(c.fps_text, &c.fps, err) != HELIOS_OK) {
		helios_error_prefix(err, "--fps: '%s'", c.fps_text);
		return bad(bad_option, HELIOS_OPTION_FPS);
	}
	if (helios_settings_is_set(s, HELIOS_OPTION_FRAME_COUNT)) {
		c.total_frames = int_of(s, HELIOS_OPTION_FRAME_COUNT);
	} else {
		text = helios_settings_get(s, HELIOS_OPTION_DURATION);
		if (helios_number_parse_decimal(text, &duration, err) != HELIOS_OK ||
		    !helios_ratio_ceil_mul(duration, c.fps, &c.total_frames) ||
		    c.total_frames > HELIOS_MAX_FRAMES) {
			helios_error_set(err, HELIOS_EINVAL, "--duration: '%s': too long at %s fps", text,
					 c.fps_text);
			return bad(bad_option, HELIOS_OPTION_DURATION);
		}
	}
	c.start_frame = int_of(s, HELIOS_OPTION_START_FRAME);
	if (c.total_frames > HELIOS_MAX_FRAMES - c.start_frame) {
		helios_error_set(err, HELIOS_EINVAL, "--start-frame: '%lld': the last frame would exceed %lld",
				 (long long)c.start_frame, (long long)HELIOS_MAX_FRAMES);
		return bad(bad_option, HELIOS_OPTION_START_FRAME);
	}
	if (resolve_frames(s, &c, err) != HELIOS_OK)
		return bad(bad_option, HELIOS_OPTION_FRAME);
	c.width = int_of(s, HELIOS_OPTION_WIDTH);
	c.height = int_of(s, HELIOS_OPTION_HEIGHT);
	c.mode = strcmp(helios_settings_get(s, HELIOS_OPTION_MODE), "dom") == 0 ? HELIOS_MODE_DOM
										  : HELIOS_MODE_CANVAS;
	c.headless = !helios_settings_is_set(s, HELIOS_OPTION_NO_HEADLESS);

	if (check_codec(s, HELIOS_OPTION_VIDEO_CODEC, c.container, &c.video_codec, bad_option, err) ||
	    check_codec(s, HELIOS_OPTION_AUDIO_CODEC, c.container, &c.audio_codec, bad_option, err))
		return HELIOS_EINVAL;

	/* Every worker would fail in the encoder ("width not divisible by 2"):
	 * refuse the plan instead. */
	quality_codec = helios_config_video_codec(&c);
	for (int i = 0; quality_codec->even_size && i < 2; i++) {
		enum helios_option_id id = i == 0 ? HELIOS_OPTION_WIDTH : HELIOS_OPTION_HEIGHT;
		int64_t size = i == 0 ? c.width : c.height;

		if (size % 2 == 0)
			continue;
		if (size > 1)
			helios_error_set(err, HELIOS_EINVAL, "%s: '%lld': %s needs an even %s (use %lld or %lld)",
					 helios_option_flag(&helios_options[id]), (long long)size, quality_codec->name,
					 i == 0 ? "width" : "height", (long long)size - 1, (long long)size + 1);
		else
			helios_error_set(err, HELIOS_EINVAL, "%s: '1': %s needs an even %s (use 2)",
					 helios_option_flag(&helios_options[id]), quality_codec->name,
					 i == 0 ? "width" : "height");
		return bad(bad_option, id);
	}
	c.quality = int_or(s, HELIOS_OPTION_QUALITY, -1);
	if (c.quality >= 0 && quality_codec->quality_max < 0) {
		helios_error_set(err, HELIOS_EINVAL, "--quality: '%lld': %s has no quality scale",
				 (long long)c.quality, quality_codec->name);
		return bad(bad_option, HELIOS_OPTION_QUALITY);
	}
	if (c.quality > quality_codec->quality_max) {
		helios_error_set(err, HELIOS_EINVAL, "--quality: '%lld': out of range for %s (0-%d)",
				 (long long)c.quality, quality_codec->name, quality_codec->quality_max);
		return bad(bad_option, HELIOS_OPTION_QUALITY);
	}

	if (resolve_encode(s, quality_codec, &c, bad_option, err) != HELIOS_OK)
		return HELIOS_EINVAL;
	if (resolve_pixel_format(s, quality_codec, &c, err) != HELIOS_OK)
		return bad(bad_option, HELIOS_OPTION_PIXEL_FORMAT);
	if (resolve_preset(s, quality_codec, err) != HELIOS_OK)
		return bad(bad_option, HELIOS_OPTION_PRESET);

	req.total_frames = c.total_frames;
	req.start_frame = c.start_frame;
	req.count = int_of(s, HELIOS_OPTION_CONCURRENCY);
	req.keyframe_interval = int_or(s, HELIOS_OPTION_KEYFRAME_INTERVAL, 0);
	req.split = helios_settings_is_set(s, HELIOS_OPTION_BALANCE) ? HELIOS_SPLIT_BALANCE
								    : HELIOS_SPLIT_COUNT;
	if (resolve_chunk_time(s, err) != HELIOS_OK)
		return bad(bad_option, HELIOS_OPTION_CHUNK_TIME);
	if (helios_settings_is_set(s, HELIOS_OPTION_CHUNK_SIZE) &&
	    helios_settings_is_set(s, HELIOS_OPTION_CHUNK_DURATION)) {
		helios_error_set(err, HELIOS_EINVAL,
				 "--chunk-duration: give either --chunk-size or --chunk-duration, not both");
		return bad(bad_option, HELIOS_OPTION_CHUNK_DURATION);
	}
	if (helios_settings_is_set(s, HELIOS_OPTION_CHUNK_SIZE)) {
		req.split = HELIOS_SPLIT_SIZE;
		req.chunk_frames = int_of(s, HELIOS_OPTION_CHUNK_SIZE);
	} else if (helios_settings_is_set(s, HELIOS_OPTION_CHUNK_DURATION)) {
		text = helios_settings_get(s, HELIOS_OPTION_CHUNK_DURATION);
		req.split = HELIOS_SPLIT_SIZE;
		if (helios_number_parse_decimal(text, &duration, err) != HELIOS_OK ||
		    !helios_ratio_ceil_mul(duration, c.fps, &req.chunk_frames) ||
		    req.chunk_frames > HELIOS_MAX_FRAMES) {
			helios_error_set(err, HELIOS_EINVAL, "--chunk-duration: '%s': too long", text);
			return bad(bad_option, HELIOS_OPTION_CHUNK_DURATION);
		}
	}
	if (req.split == HELIOS_SPLIT_SIZE && helios_settings_is_set(s, HELIOS_OPTION_BALANCE)) {
		helios_error_set(err, HELIOS_EINVAL,
				 "--balance: only applies to a split by count, not to --chunk-size or --chunk-duration");
		return bad(bad_option, HELIOS_OPTION_BALANCE);
	}
	req.max_chunks = int_or(s, HELIOS_OPTION_MAX_CHUNKS, 0);
	if (helios_settings_is_set(s, HELIOS_OPTION_RANGES)) {
		if (resolve_ranges(s, &c, &req, err) != HELIOS_OK)
			return bad(bad_option, HELIOS_OPTION_RANGES);
	}
	if (helios_plan_make(&req, &c.plan, err) != HELIOS_OK) {
		if (req.split == HELIOS_SPLIT_RANGES) {
			helios_error_prefix(err, "--ranges: '%s'", req.ranges);
			return bad(bad_option, HELIOS_OPTION_RANGES);
		}
		return bad(bad_option, HELIOS_OPTION_CONCURRENCY);
	}
	resolve_renderer(s, &c);
	*cfg = c;
	return HELIOS_OK;
}

bool helios_config_warning(const struct helios_config *cfg, enum helios_option_id id,
			   struct helios_buf *out)
{
	const struct helios_codec *codec = id == HELIOS_OPTION_VIDEO_CODEC   ? &cfg->video_codec
					   : id == HELIOS_OPTION_AUDIO_CODEC ? &cfg->audio_codec
									     : NULL;

	/* Only an encoder the table does not know is worth a warning. */
	if (!codec || !codec->name || helios_codec_find(codec->name))
		return false;
	helios_buf_printf(out, "%s %s: not a codec helios knows; the workers' ffmpeg must provide it",
			  helios_option_flag(&helios_options[id]), codec->name);
	return true;
}

int helios_config_warnings(const struct helios_config *cfg, struct helios_buf *out)
{
	int n = 0;

	for (int id = 0; id < HELIOS_OPTION_COUNT; id++) {
		if (!helios_config_warning(cfg, (enum helios_option_id)id, out))
			continue;
		helios_buf_putc(out, '\n');
		n++;
	}
	return n;
}
