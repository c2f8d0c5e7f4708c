/* helios merge: the concat demuxer with an exact duration per input, so the
 * merged timestamps run at exactly the chunks' frame rate. */
#include "run/merge.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define HELIOS_STRINGIFY_(x) #x
#define HELIOS_STRINGIFY(x) HELIOS_STRINGIFY_(x)

#include "helios/codec.h"
#include "job/file.h"
#include "run/mp4.h"
#include "run/probe.h"
#include "run/sequence.h"
#include "proc/proc.h"
#include "helios/path.h"

enum helios_status helios_merge_concat_entry(struct helios_buf *out, const char *path, int64_t duration_us,
					     struct helios_error *err)
{
	if (strchr(path, '\n') || strchr(path, '\r'))
		return helios_error_set(err, HELIOS_EINVAL,
					"'%s': ffmpeg's concat list cannot hold a name with a line break", path);
	helios_buf_puts(out, "file '");
	for (const char *p = path; *p; p++) {
		if (*p == '\'')
			helios_buf_puts(out, "'\\''");
		else
			helios_buf_putc(out, *p);
	}
	helios_buf_puts(out, "'\n");
	if (duration_us >= 0)
		helios_buf_printf(out, "duration %lld.%06lld\n", (long long)(duration_us / 1000000),
				  (long long)(duration_us % 1000000));
	return HELIOS_OK;
}

int64_t helios_merge_offset_us(int64_t frames, struct helios_ratio fps)
{
	return helios_merge_sample_offset(frames, fps, 1000000);	/* microseconds are samples at 1 MHz */
}

/* ffprobe's decoder names that differ from the encoder names in our catalog. */
static const char *const decoder_to_encoder[][2] = {
	{ "opus", "libopus" }, { "vorbis", "libvorbis" }, { "mp3", "libmp3lame" },
};

bool helios_merge_audio_fits(const char *output, const char *codec)
{
	const struct helios_container *container = helios_container_for_path(output);
	const struct helios_codec *known;

	if (!container)
		return true;	/* a container we do not know: let ffmpeg decide */
	for (size_t i = 0; i < sizeof(decoder_to_encoder) / sizeof(decoder_to_encoder[0]); i++)
		if (strcmp(codec, decoder_to_encoder[i][0]) == 0)
			codec = decoder_to_encoder[i][1];
	known = helios_codec_find(codec);
	if (known)
		return helios_codec_fits(known, container);
	/* Every PCM variant goes where pcm_s16le goes: MOV and MKV, not MP4 or WebM. */
	if (strncmp(codec, "pcm_", 4) == 0)
		return helios_codec_fits(helios_codec_find("pcm_s16le"), container);
	return true;
}

bool helios_merge_audio_primed(const char *codec)
{
	return strncmp(codec, "pcm_", 4) != 0 && strcmp(codec, "flac") != 0 && strcmp(codec, "alac") != 0;
}

/* The encoder that makes audio like the chunks' (ffprobe names the codec),
 * or the container's default when we do not know one. */
static const char *audio_encoder(const char *codec, const struct helios_container *container)
{
	const struct helios_codec *known = helios_codec_find(codec);

	for (size_t i = 0; i < sizeof(decoder_to_encoder) / sizeof(decoder_to_encoder[0]); i++)
		if (strcmp(codec, decoder_to_encoder[i][0]) == 0)
			return decoder_to_encoder[i][1];
	if (known && (!container || helios_codec_fits(known, container)))
		return codec;
	return container ? container->default_audio : "aac";
}

static enum helios_status check_codec(const char *flag, const char *name, enum helios_codec_kind kind,
				      const char *output, struct helios_error *err)
{
	const struct helios_container *container = helios_container_for_path(output);
	const struct helios_codec *codec = helios_codec_find(name);
	char list[64];

	if (!codec || !container)
		return HELIOS_OK;	/* another ffmpeg encoder: ffmpeg will say */
	if (codec->kind != kind)
		return helios_error_set(err, HELIOS_EINVAL, "%s: '%s' is not %s encoder", flag, name,
					kind == HELIOS_CODEC_VIDEO ? "a video" : "an audio");
	if (!helios_codec_fits(codec, container)) {
		helios_codec_container_list(codec->containers, list, sizeof(list));
		return helios_error_set(err, HELIOS_EINVAL, "%s: %s cannot go into %s (it fits %s)", flag, name,
					container->name, list);
	}
	return HELIOS_OK;
}

/* Two values differ only when both are known. */
static bool differ(const char *a, const char *b)
{
	return *a && *b && strcmp(a, b) != 0;
}

static bool differ_int(int a, int b)
{
	return a > 0 && b > 0 && a != b;
}

/* Before a part of a description that is not the first: sep. */
static void part(struct helios_buf *out, const char *sep)
{
	if (out->len)
		helios_buf_puts(out, sep);
}

/* A frame rate in words: "25 fps", "30000/1001 fps". */
static void put_rate(struct helios_buf *out, const char *rate)
{
	size_t len = strlen(rate);

	if (len > 2 && strcmp(rate + len - 2, "/1") == 0)
		helios_buf_printf(out, "%.*s fps", (int)(len - 2), rate);
	else
		helios_buf_printf(out, "%s fps", rate);
}

/* How a differs from b, in words, into out: the first of codec, size and
 * rate together; the time base; the pixel format (unless the video is
 * re-encoded, which converts every frame); the audio (unless it is rebuilt
 * chunk by chunk, which takes any).  False when they agree. */
static bool describe_difference(struct helios_buf *out, const struct helios_media *a, const struct helios_media *b,
				const struct helios_merge_plan *plan)
{
	helios_buf_clear(out);
	if (differ(a->video_codec, b->video_codec))
		helios_buf_puts(out, a->video_codec);
	if (differ_int(a->width, b->width) || differ_int(a->height, b->height)) {
		part(out, " ");
		helios_buf_printf(out, "%dx%d", a->width, a->height);
	}
	if (differ(a->rate, b->rate)) {
		part(out, " ");
		put_rate(out, a->rate);
	}
	if (out->len)
		return true;
	if (differ(a->time_base, b->time_base))
		helios_buf_printf(out, "time base %s", a->time_base);
	else if (!plan->video_codec && differ(a->pix_fmt, b->pix_fmt))
		helios_buf_puts(out, a->pix_fmt);
	else if (plan->sample_rate)
		return false;
	else if (a->has_audio != b->has_audio)
		helios_buf_puts(out, a->has_audio ? "with audio" : "without audio");
	else if (a->has_audio) {
		if (differ(a->audio_codec, b->audio_codec))
			helios_buf_printf(out, " %s", a->audio_codec);
		if (differ_int(a->sample_rate, b->sample_rate))
			helios_buf_printf(out, " %d Hz", a->sample_rate);
		if (differ(a->channel_layout, b->channel_layout))
			helios_buf_printf(out, " %s", a->channel_layout);
		else if (differ_int(a->channels, b->channels))
			helios_buf_printf(out, " %d channels", a->channels);
		if (out->len) {
			struct helios_buf words;

			/* "audio aac 48000 Hz" */
			helios_buf_init(&words);
			helios_buf_printf(&words, "audio%s", helios_buf_str(out));
			helios_buf_clear(out);
			helios_buf_puts(out, helios_buf_str(&words));
			out->failed = out->failed || words.failed;
			helios_buf_release(&words);
		}
	}
	return out->len > 0;
}

/* The first input that differs from the first one in what one video must
 * share: HELIOS_EINVAL naming both and how. */
static enum helios_status check_alike(const struct helios_merge_options *opt, const struct helios_media *media,
				      const struct helios_merge_plan *plan, struct helios_error *err)
{
	struct helios_buf a, b;
	enum helios_status st = HELIOS_OK;

	if (!media)
		return HELIOS_OK;
	helios_buf_init(&a);
	helios_buf_init(&b);
	for (int i = 1; i < opt->input_count && st == HELIOS_OK; i++) {
		if (!describe_difference(&a, &media[i], &media[0], plan))
			continue;
		describe_difference(&b, &media[0], &media[i], plan);
		st = helios_error_set(err, HELIOS_EINVAL, "'%s': %s, but '%s' is %s",
				      opt->inputs[i], helios_buf_str(&a), opt->inputs[0], helios_buf_str(&b));
	}
	if (st == HELIOS_OK && (a.failed || b.failed))
		st = helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	helios_buf_release(&a);
	helios_buf_release(&b);
	return st;
}

enum helios_status helios_merge_decide(const struct helios_merge_options *opt, const struct helios_media *media,
				       struct helios_merge_plan *plan, struct helios_error *err)
{
	const struct helios_container *container = helios_container_for_path(opt->output);
	const struct helios_media *first = media, *sound = NULL;
	enum helios_status st;

	memset(plan, 0, sizeof(*plan));
	if (opt->quality) {
		int64_t q;

		if (helios_number_parse_int(opt->quality, 0, 63, &q, err) != HELIOS_OK) {
			helios_error_prefix(err, "--quality: '%s'", opt->quality);
			return HELIOS_EINVAL;
		}
	}
	if (opt->fps) {
		struct helios_ratio r;

		if (helios_number_parse_fps(opt->fps, &r, err) != HELIOS_OK) {
			helios_error_prefix(err, "--fps: '%s'", opt->fps);
			return HELIOS_EINVAL;
		}
		snprintf(plan->rate, sizeof(plan->rate), "%lld/%lld", (long long)r.num, (long long)r.den);
	} else if (first && first->has_video) {
		struct helios_ratio r;

		/* 0/0 and other odd rates leave the rate to ffmpeg. */
		if (helios_number_parse_fps(first->rate, &r, NULL) == HELIOS_OK)
			snprintf(plan->rate, sizeof(plan->rate), "%lld/%lld", (long long)r.num, (long long)r.den);
	}
	plan->bitexact = container && (container->bit & HELIOS_MUX_NEEDS_BITEXACT);
	/* The mov muxer's default movie timescale is 1000: the merged file's
	 * duration would round to the millisecond.  One in which every frame
	 * is a whole number of ticks keeps it exact. */
	if (plan->rate[0] && container && (container->bit & (HELIOS_MUX_MP4 | HELIOS_MUX_MOV))) {
		struct helios_ratio r;

		if (helios_number_parse_fps(plan->rate, &r, NULL) == HELIOS_OK)
			plan->timescale = helios_ratio_timescale(r);
	}
	if (opt->video_codec || opt->quality || opt->preset) {
		plan->video_codec = opt->video_codec ? opt->video_codec
				    : container ? container->default_video : "libx264";
		plan->quality = opt->quality;
		plan->preset = opt->preset;
		st = check_codec("--video-codec", plan->video_codec, HELIOS_CODEC_VIDEO, opt->output, err);
		if (st != HELIOS_OK)
			return st;
	}
	for (int i = 0; media && i < opt->input_count && !sound; i++)
		if (media[i].has_audio)
			sound = &media[i];
	if (opt->audio_codec) {
		plan->audio_codec = opt->audio_codec;
		st = check_codec("--audio-codec", opt->audio_codec, HELIOS_CODEC_AUDIO, opt->output, err);
		if (st != HELIOS_OK)
			return st;
	} else if (sound && !helios_merge_audio_fits(opt->output, sound->audio_codec)) {
		plan->audio_codec = container ? container->default_audio : "aac";
	} else if (sound && opt->input_count > 1 && helios_merge_audio_primed(sound->audio_codec)) {
		plan->audio_codec = audio_encoder(sound->audio_codec, container);
	}
	/* Encoded audio is rebuilt chunk by chunk when every length is known,
	 * so no seam keeps an encoder's priming or padding. */
	if (plan->audio_codec && sound && sound->sample_rate > 0 && plan->rate[0]) {
		bool known = true;

		for (int i = 0; i < opt->input_count; i++)
			known = known && media[i].frames >= 0;
		if (known)
			plan->sample_rate = sound->sample_rate;
	}
	return check_alike(opt, media, plan, err);
}

int64_t helios_merge_sample_offset(int64_t frames, struct helios_ratio fps, int rate)
{
	__int128 scaled = (__int128)frames * fps.den * rate;

	return (int64_t)((scaled + fps.num / 2) / fps.num);
}

void helios_merge_audio_argv(struct helios_argv *argv, const char *ffmpeg, const struct helios_merge_plan *plan,
			     char *const *inputs, const struct helios_media *media, int count,
			     int64_t frames_before, const char *output)
{
	struct helios_ratio fps = { 1, 1 };
	struct helios_buf graph;
	int64_t frames = frames_before;
	int file = 0;

	helios_number_parse_fps(plan->rate, &fps, NULL);
	helios_buf_init(&graph);
	helios_argv_push(argv, ffmpeg);
	helios_argv_push(argv, "-hide_banner");
	helios_argv_push(argv, "-nostdin");
	helios_argv_push(argv, "-v");
	helios_argv_push(argv, "error");
	helios_argv_push(argv, "-y");
	for (int i = 0; i < count; i++) {
		int64_t samples = helios_merge_sample_offset(frames + media[i].frames, fps, plan->sample_rate) -
				  helios_merge_sample_offset(frames, fps, plan->sample_rate);

		frames += media[i].frames;
		if (media[i].has_audio) {
			helios_argv_push(argv, "-vn");
			helios_argv_push(argv, "-i");
			helios_argv_printf(argv, "file:%s", inputs[i]);
			helios_buf_printf(&graph, "[%d:a:0]", file++);
			/* The rate first, so that the sample counts below are in it. */
			if (media[i].sample_rate != plan->sample_rate)
				helios_buf_printf(&graph, "aresample=%d,", plan->sample_rate);
		} else {
			/* A chunk without sound is silence of its length. */
			helios_buf_printf(&graph, "anullsrc=r=%d,", plan->sample_rate);
		}
		helios_buf_printf(&graph, "apad=whole_len=%lld,atrim=end_sample=%lld[a%d];", (long long)samples,
				  (long long)samples, i);
	}
	for (int i = 0; i < count; i++)
		helios_buf_printf(&graph, "[a%d]", i);
	helios_buf_printf(&graph, "concat=n=%d:v=0:a=1[a]", count);
	helios_argv_push(argv, "-filter_complex");
	helios_argv_push(argv, helios_buf_str(&graph));
	if (graph.failed)
		argv->failed = true;
	helios_buf_release(&graph);
	helios_argv_push(argv, "-map");
	helios_argv_push(argv, "[a]");
	helios_argv_push(argv, "-c:a");
	helios_argv_push(argv, "pcm_f32le");
	/* RF64 past 4 GiB: hours of float audio still fit. */
	helios_argv_push(argv, "-rf64");
	helios_argv_push(argv, "auto");
	helios_argv_push(argv, "-f");
	helios_argv_push(argv, "wav");
	helios_argv_printf(argv, "file:%s", output);
}

void helios_merge_ffmpeg_argv(struct helios_argv *argv, const char *ffmpeg, const struct helios_merge_plan *plan,
			      const char *list, const char *audio, const char *format, const char *output)
{
	static const char *const head[] = {
		"-hide_banner", "-nostdin", "-v", "error", "-y", "-f", "concat", "-safe", "0",
	};

	helios_argv_push(argv, ffmpeg);
	for (size_t i = 0; i < sizeof(head) / sizeof(head[0]); i++)
		helios_argv_push(argv, head[i]);
	helios_argv_push(argv, "-i");
	helios_argv_printf(argv, "file:%s", list);
	if (audio) {
		/* A list of WAV files: PCM joins exactly. */
		helios_argv_push(argv, "-f");
		helios_argv_push(argv, "concat");
		helios_argv_push(argv, "-safe");
		helios_argv_push(argv, "0");
		helios_argv_push(argv, "-i");
		helios_argv_printf(argv, "file:%s", audio);
	}
	helios_argv_push(argv, "-map");
	helios_argv_push(argv, "0:v:0");
	helios_argv_push(argv, "-map");
	helios_argv_push(argv, audio ? "1:a:0" : "0:a?");
	helios_argv_push(argv, "-c:v");
	helios_argv_push(argv, plan->video_codec ? plan->video_codec : "copy");
	if (plan->video_codec && plan->quality) {
		helios_argv_push(argv, "-crf");
		helios_argv_push(argv, plan->quality);
		/* libvpx and libaom read -crf as a cap unless the bitrate is 0. */
		if (strncmp(plan->video_codec, "libvpx", 6) == 0 || strcmp(plan->video_codec, "libaom-av1") == 0) {
			helios_argv_push(argv, "-b:v");
			helios_argv_push(argv, "0");
		}
	}
	if (plan->video_codec && plan->preset) {
		helios_argv_push(argv, "-preset");
		helios_argv_push(argv, plan->preset);
	}
	if (plan->rate[0]) {
		helios_argv_push(argv, "-r");
		helios_argv_push(argv, plan->rate);
	}
	helios_argv_push(argv, "-c:a");
	helios_argv_push(argv, plan->audio_codec ? plan->audio_codec : "copy");
	if (plan->timescale) {
		helios_argv_push(argv, "-video_track_timescale");
		helios_argv_printf(argv, "%lld", (long long)plan->timescale);
		helios_argv_push(argv, "-movie_timescale");
		helios_argv_printf(argv, "%lld", (long long)plan->timescale);
	}
	if (plan->bitexact) {
		helios_argv_push(argv, "-fflags");
		helios_argv_push(argv, "+bitexact");
	}
	if (format) {
		helios_argv_push(argv, "-f");
		helios_argv_push(argv, format);
	}
	helios_argv_printf(argv, "file:%s", output);
}

int helios_merge_temp_path(const char *output, struct helios_buf *out)
{
	const char *slash = strrchr(output, '/');
	const char *base = slash ? slash + 1 : output;
	struct helios_buf stem;
	const char *ext;

	/* "dir/.name.helios-XXXXXX.ext": hidden, beside the output, same
	 * extension so ffmpeg picks the same muxer. */
	helios_buf_init(&stem);
	helios_path_split_ext(base, &stem, &ext);
	helios_buf_clear(out);
	helios_buf_append(out, output, (size_t)(base - output));
	helios_buf_printf(out, ".%s.helios-XXXXXX%s", helios_buf_str(&stem), ext);
	helios_buf_release(&stem);
	return (int)strlen(ext);
}

/* --- running it ------------------------------------------------------- */

struct merge_job {
	const struct helios_merge_options *opt;
	char **abs;			/* absolute input paths */
	struct helios_media *media;	/* per input, when ffprobe exists */
	struct helios_buf ffmpeg, ffprobe, list, temp, abs_output;
	struct helios_buf *audio;	/* WAV files of the rebuilt audio */
	int audio_count;
	struct helios_buf audio_list;	/* their concat list */
	int temp_fd;			/* the temporary output, open; -1: none */
};

/* The file ffmpeg writes, made with O_EXCL under a name nobody can guess
 * and kept open: ffmpeg writes it through that descriptor (see run_merge),
 * never by the name, which someone who can write to the directory could
 * replace in between. */
static enum helios_status make_temp(struct merge_job *m, struct helios_error *err)
{
	int suffix = helios_merge_temp_path(m->opt->output, &m->temp);
	int fd;

	if (m->temp.failed)
		return helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	fd = helios_file_temp(m->temp.data, suffix, 0666);
	if (fd < 0) {
		int saved = errno;

		helios_buf_clear(&m->temp);
		return helios_error_set(err, HELIOS_EIO, "cannot create a temporary file beside '%s': %s",
					m->opt->output, strerror(saved));
	}
	m->temp_fd = fd;
	return HELIOS_OK;
}

/* The descriptor ffmpeg finds the temporary file on. */
#define TEMP_FD 3

/* ffmpeg's muxer for the output's container (the /dev/fd name has no
 * extension to tell it); NULL for a container we do not know. */
static const char *muxer(const char *output)
{
	const struct helios_container *container = helios_container_for_path(output);

	if (!container)
		return NULL;
	return strcmp(container->extension, ".mkv") == 0 ? "matroska" : container->extension + 1;
}

static enum helios_status check_inputs(struct merge_job *m, const char *cwd, struct helios_error *err)
{
	const struct helios_merge_options *opt = m->opt;
	struct stat out_st, in_st;
	bool have_out;

	helios_path_absolute(&m->abs_output, cwd, opt->output);
	have_out = stat(opt->output, &out_st) == 0;
	for (int i = 0; i < opt->input_count; i++) {
		struct helios_buf abs;

		helios_buf_init(&abs);
		helios_path_absolute(&abs, cwd, opt->inputs[i]);
		m->abs[i] = helios_buf_take(&abs);
		if (!m->abs[i])
			return helios_error_set(err, HELIOS_ENOMEM, "out of memory");
		if (strcmp(m->abs[i], helios_buf_str(&m->abs_output)) == 0 ||
		    (have_out && stat(opt->inputs[i], &in_st) == 0 && in_st.st_dev == out_st.st_dev &&
		     in_st.st_ino == out_st.st_ino))
			return helios_error_set(err, HELIOS_EUSAGE, "output '%s' is also an input", opt->output);
	}
	for (int i = 0; i < opt->input_count; i++) {
		if (stat(opt->inputs[i], &in_st) != 0)
			return helios_error_set(err, HELIOS_EINVAL, "input '%s': %s", opt->inputs[i], strerror(errno));
		if (!S_ISREG(in_st.st_mode))
			return helios_error_set(err, HELIOS_EINVAL, "input '%s': not a regular file", opt->inputs[i]);
	}
	return HELIOS_OK;
}

static enum helios_status find_tools(struct merge_job *m, struct helios_error *err)
{
	const char *ffmpeg = m->opt->ffmpeg ? m->opt->ffmpeg : getenv("HELIOS_FFMPEG");

	if (ffmpeg && *ffmpeg) {
		if (!helios_proc_find(ffmpeg, &m->ffmpeg))
			return helios_error_set(err, HELIOS_EINVAL, "ffmpeg '%s': not an executable program", ffmpeg);
	} else if (!helios_proc_find("ffmpeg", &m->ffmpeg)) {
		return helios_error_set(err, HELIOS_EIO,
					"ffmpeg: not found in PATH (install the Debian package ffmpeg, or set HELIOS_FFMPEG)");
	}
	helios_probe_find(helios_buf_str(&m->ffmpeg), &m->ffprobe);
	return HELIOS_OK;
}

/* A new file "$TMPDIR/helios-<what>-XXXXXX<suffix>" holding text (NULL:
 * empty); its name goes into path. */
static enum helios_status write_temp(const char *what, const char *suffix, const struct helios_buf *text,
				     struct helios_buf *path, struct helios_error *err)
{
	const char *tmpdir = getenv("TMPDIR");
	enum helios_status st = HELIOS_OK;
	int fd;

	if (!tmpdir || !*tmpdir)
		tmpdir = "/tmp";
	helios_buf_clear(path);
	helios_buf_printf(path, "%s/helios-%s-XXXXXX%s", tmpdir, what, suffix);
	if (path->failed)
		return helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	fd = mkstemps(path->data, (int)strlen(suffix));
	if (fd < 0) {
		helios_buf_clear(path);
		return helios_error_set(err, HELIOS_EIO, "cannot write a temporary file in '%s': %s", tmpdir,
					strerror(errno));
	}
	if (text && write(fd, text->data, text->len) != (ssize_t)text->len)
		st = helios_error_set(err, HELIOS_EIO, "cannot write '%s': %s", helios_buf_str(path),
				      strerror(errno));
	close(fd);
	return st;
}

static enum helios_status write_list(struct merge_job *m, const struct helios_merge_plan *plan,
				     struct helios_error *err)
{
	struct helios_buf text;
	struct helios_ratio rate = { 0, 1 };
	enum helios_status st = HELIOS_OK;
	int64_t frames = 0;
	bool timed = m->media && plan->rate[0] &&
		     helios_number_parse_fps(plan->rate, &rate, NULL) == HELIOS_OK;

	helios_buf_init(&text);
	for (int i = 0; i < m->opt->input_count && st == HELIOS_OK; i++) {
		int64_t duration = -1;

		if (timed && m->media[i].frames >= 0) {
			duration = helios_merge_offset_us(frames + m->media[i].frames, rate) -
				   helios_merge_offset_us(frames, rate);
			frames += m->media[i].frames;
		}
		st = helios_merge_concat_entry(&text, m->abs[i], duration, err);
	}
	if (st == HELIOS_OK && text.failed)
		st = helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	if (st == HELIOS_OK)
		st = write_temp("concat", "", &text, &m->list, err);
	helios_buf_release(&text);
	return st;
}

/* A full disk as ffmpeg reports it.  ffmpeg exits 0 when only writing the
 * trailer failed, and what ffprobe then says of the torn file ("moov atom
 * not found") hides the cause. */
static int write_error_in(const struct helios_buf *errors)
{
	static const int causes[] = { ENOSPC, EDQUOT, EFBIG };

	for (size_t i = 0; i < sizeof(causes) / sizeof(causes[0]); i++)
		if (errors->len && strstr(helios_buf_str(errors), strerror(causes[i])))
			return causes[i];
	return 0;
}

/* Run one ffmpeg command writing target; its complaints go into errors. */
static enum helios_status run_ffmpeg(struct merge_job *m, const struct helios_argv *argv, const char *target,
				     int out_fd, struct helios_buf *errors, struct helios_error *err)
{
	const int fds[1][2] = { { out_fd, TEMP_FD } };
	int cause;
	enum helios_status st;
	int wstatus = 0;
	char how[128];

	if (argv->failed)
		return helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	st = helios_proc_capture_fds(argv->v, fds, out_fd >= 0, NULL, errors, &wstatus, m->opt->stop, err);
	if (st == HELIOS_OK && m->opt->stop && *m->opt->stop)
		return helios_error_set(err, HELIOS_EFAIL, "interrupted");
	if (st == HELIOS_OK && (cause = write_error_in(errors)) != 0)
		return helios_error_set(err, HELIOS_EIO, "cannot write '%s': %s", target, strerror(cause));
	if (st == HELIOS_OK && wstatus != 0) {
		helios_proc_describe(wstatus, how, sizeof(how));
		return helios_error_set(err, HELIOS_EFAIL, "ffmpeg failed (%s)", how);
	}
	return st;
}

/* Build the audio in batches of WAV files, listed in m->audio_list. */
static enum helios_status build_audio(struct merge_job *m, const struct helios_merge_plan *plan,
				      struct helios_buf *errors, struct helios_error *err)
{
	int count = m->opt->input_count;
	int batches = (count + HELIOS_MERGE_AUDIO_BATCH - 1) / HELIOS_MERGE_AUDIO_BATCH;
	struct helios_buf list;
	enum helios_status st = HELIOS_OK;
	int64_t frames = 0;

	m->audio = calloc((size_t)batches, sizeof(*m->audio));
	if (!m->audio)
		return helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	m->audio_count = batches;
	helios_buf_init(&list);
	for (int b = 0; b < batches && st == HELIOS_OK; b++) {
		int first = b * HELIOS_MERGE_AUDIO_BATCH;
		int n = count - first < HELIOS_MERGE_AUDIO_BATCH ? count - first : HELIOS_MERGE_AUDIO_BATCH;
		struct helios_argv argv;

		helios_buf_init(&m->audio[b]);
		st = write_temp("audio", ".wav", NULL, &m->audio[b], err);
		if (st != HELIOS_OK)
			break;
		helios_argv_init(&argv);
		helios_merge_audio_argv(&argv, helios_buf_str(&m->ffmpeg), plan, m->abs + first, m->media + first, n,
					frames, helios_buf_str(&m->audio[b]));
		st = run_ffmpeg(m, &argv, helios_buf_str(&m->audio[b]), -1, errors, err);
		helios_argv_release(&argv);
		if (st == HELIOS_OK)
			st = helios_merge_concat_entry(&list, helios_buf_str(&m->audio[b]), -1, err);
		for (int i = first; i < first + n; i++)
			frames += m->media[i].frames;
	}
	if (st == HELIOS_OK && list.failed)
		st = helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	if (st == HELIOS_OK)
		st = write_temp("audio", ".txt", &list, &m->audio_list, err);
	helios_buf_release(&list);
	return st;
}

static enum helios_status probe_inputs(struct merge_job *m, struct helios_error *err)
{
	const struct helios_merge_options *opt = m->opt;

	m->media = calloc((size_t)opt->input_count, sizeof(*m->media));
	if (!m->media)
		return helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	for (int i = 0; i < opt->input_count; i++) {
		enum helios_status st;

		/* ffprobe tells size, pixel format and time base, which the MP4
		 * reader does not: without them, inputs that cannot be one video
		 * would pass. */
		if (!m->ffprobe.len && helios_mp4_probe(opt->inputs[i], &m->media[i]))
			continue;
		if (!m->ffprobe.len) {
			/* Nothing can tell us what the inputs hold: a plain concat. */
			free(m->media);
			m->media = NULL;
			return HELIOS_OK;
		}
		st = helios_probe_file(helios_buf_str(&m->ffprobe), opt->inputs[i], &m->media[i], opt->stop, err);
		if (st != HELIOS_OK)
			return st;
		if (opt->stop && *opt->stop)
			return helios_error_set(err, HELIOS_EFAIL, "interrupted");
		if (!m->media[i].has_video)
			return helios_error_set(err, HELIOS_EINVAL, "input '%s': no video stream", opt->inputs[i]);
	}
	return HELIOS_OK;
}

/* Compare the merged file's frames with the inputs': decoded, not counted
 * in its index, which holds every packet of a stream that no decoder can
 * read (an H.264 stream with a VP9 one's packets in it). */
/* Transparent chunks make a transparent video: every input has its alpha
 * plane, and so has what ffmpeg wrote (a VP9 stream's beside it, in the
 * container, is the easiest to lose). */
static enum helios_status verify_alpha(struct merge_job *m, const char *temp, struct helios_error *err)
{
	struct helios_media out;
	enum helios_status st;

	if (!m->media[0].alpha)
		return HELIOS_OK;
	for (int i = 1; i < m->opt->input_count; i++)
		if (!m->media[i].alpha)
			return helios_error_set(err, HELIOS_EFAIL, "'%s' has no alpha plane, '%s' has one",
						m->opt->inputs[i], m->opt->inputs[0]);
	if (!m->ffprobe.len)
		return HELIOS_OK;
	st = helios_probe_file(helios_buf_str(&m->ffprobe), temp, &out, m->opt->stop, err);
	if (st == HELIOS_OK && !out.alpha)
		st = helios_error_set(err, HELIOS_EFAIL, "the merged video lost the inputs' alpha plane (%s)",
				      *out.pix_fmt ? out.pix_fmt : "no pixel format");
	return st;
}

static enum helios_status verify(struct merge_job *m, struct helios_error *err)
{
	const char *temp = helios_buf_str(&m->temp);
	struct helios_media out;
	int64_t want = 0, got;
	enum helios_status st;

	if (!m->media)
		return HELIOS_OK;
	for (int i = 0; i < m->opt->input_count; i++)
		want += m->media[i].frames;
	if (m->ffprobe.len) {
		st = helios_probe_decode(helios_buf_str(&m->ffprobe), temp, &got, m->opt->stop, err);
		if (st == HELIOS_EFAIL) {
			char why[HELIOS_ERROR_MAX];
			const char *colon = strstr(err->text, "does not decode: ");

			/* The temporary file's name means nothing to the user. */
			snprintf(why, sizeof(why), "%s", colon ? colon + strlen("does not decode: ") : err->text);
			return helios_error_set(err, st, "the merged video does not decode: %s", why);
		}
		if (st != HELIOS_OK)
			return st;
	} else if (helios_mp4_probe(temp, &out)) {
		got = out.frames;	/* all that can be told without ffprobe */
	} else {
		return HELIOS_OK;
	}
	if (got != want)
		return helios_error_set(err, HELIOS_EFAIL, "the merged file has %lld video frames, the inputs %lld",
					(long long)got, (long long)want);
	return verify_alpha(m, temp, err);
}

enum helios_status helios_merge_run(const struct helios_merge_options *opt, struct helios_buf *ffmpeg_errors,
				    struct helios_error *err)
{
	struct merge_job m = { .opt = opt, .temp_fd = -1 };
	struct helios_merge_plan plan;
	struct helios_sequence seq;
	struct helios_argv argv;
	enum helios_status st;
	char *cwd;

	if (opt->input_count < 1)
		return helios_error_set(err, HELIOS_EUSAGE, "no inputs");
	if (!*opt->output)
		return helios_error_set(err, HELIOS_EUSAGE, "the output name is empty");
	/* The chunks wrote the sequence's files themselves. */
	if (run_sequence_of(opt->output, &seq))
		return run_sequence_merge(opt, &seq, err);
	if (opt->start_frame)
		return helios_error_set(err, HELIOS_EUSAGE, "--start-frame: '%s': only for an image sequence",
					opt->start_frame);
	cwd = getcwd(NULL, 0);
	if (!cwd)
		return helios_error_set(err, HELIOS_EIO, "cannot read the working directory: %s", strerror(errno));
	m.abs = calloc((size_t)opt->input_count, sizeof(*m.abs));
	helios_buf_init(&m.ffmpeg);
	helios_buf_init(&m.ffprobe);
	helios_buf_init(&m.list);
	helios_buf_init(&m.temp);
	helios_buf_init(&m.abs_output);
	helios_buf_init(&m.audio_list);
	helios_argv_init(&argv);
	st = m.abs ? check_inputs(&m, cwd, err) : helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	free(cwd);
	/* Options are checked before any program runs. */
	if (st == HELIOS_OK)
		st = helios_merge_decide(opt, NULL, &plan, err);
	if (st == HELIOS_OK)
		st = helios_file_make_parents(opt->output, err);
	if (st == HELIOS_OK)
		st = helios_file_replaceable(opt->output, err);
	if (st == HELIOS_OK)
		st = find_tools(&m, err);
	if (st == HELIOS_OK)
		st = probe_inputs(&m, err);
	if (st == HELIOS_OK)
		st = helios_merge_decide(opt, m.media, &plan, err);
	if (st == HELIOS_OK)
		st = write_list(&m, &plan, err);
	if (st == HELIOS_OK && plan.sample_rate)
		st = build_audio(&m, &plan, ffmpeg_errors, err);
	if (st == HELIOS_OK) {
		const char *format = muxer(opt->output);

		st = make_temp(&m, err);
		/* ffmpeg writes through our descriptor, named /dev/fd/3 to it:
		 * what it opens is the file we created, whatever the directory's
		 * name now points to.  The mov muxer's second pass (faststart)
		 * opens that name again and finds the same file (measured).  A
		 * container we do not know keeps the name, whose extension tells
		 * ffmpeg the muxer. */
		helios_merge_ffmpeg_argv(&argv, helios_buf_str(&m.ffmpeg), &plan, helios_buf_str(&m.list),
					 plan.sample_rate ? helios_buf_str(&m.audio_list) : NULL, format,
					 format ? "/dev/fd/" HELIOS_STRINGIFY(TEMP_FD) : helios_buf_str(&m.temp));
		if (st == HELIOS_OK)
			st = m.temp.failed ? helios_error_set(err, HELIOS_ENOMEM, "out of memory")
					   : run_ffmpeg(&m, &argv, opt->output, format ? m.temp_fd : -1, ffmpeg_errors,
							err);
		if (m.temp_fd >= 0)
			close(m.temp_fd);
		if (st == HELIOS_OK)
			st = verify(&m, err);
		if (st == HELIOS_OK && rename(helios_buf_str(&m.temp), opt->output) != 0)
			st = helios_error_set(err, HELIOS_EIO, "cannot write '%s': %s", opt->output, strerror(errno));
		if (st != HELIOS_OK && m.temp.len)
			unlink(helios_buf_str(&m.temp));
	}
	if (m.list.len)
		unlink(helios_buf_str(&m.list));
	if (m.audio_list.len)
		unlink(helios_buf_str(&m.audio_list));
	for (int i = 0; i < m.audio_count; i++) {
		if (m.audio[i].len)
			unlink(helios_buf_str(&m.audio[i]));
		helios_buf_release(&m.audio[i]);
	}
	free(m.audio);
	for (int i = 0; m.abs && i < opt->input_count; i++)
		free(m.abs[i]);
	free(m.abs);
	free(m.media);
	helios_argv_release(&argv);
	helios_buf_release(&m.ffmpeg);
	helios_buf_release(&m.ffprobe);
	helios_buf_release(&m.list);
	helios_buf_release(&m.temp);
	helios_buf_release(&m.abs_output);
	helios_buf_release(&m.audio_list);
	return st;
}
