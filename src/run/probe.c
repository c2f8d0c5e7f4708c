/* ffprobe: building its command lines and reading their output. */
#include "run/probe.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>

#include "helios/codec.h"
#include "helios/path.h"

bool helios_probe_find(const char *ffmpeg_hint, struct helios_buf *out)
{
	const char *env = getenv("HELIOS_FFPROBE");

	if (env && *env)
		return helios_proc_find(env, out);
	if (ffmpeg_hint && strchr(ffmpeg_hint, '/')) {
		struct helios_buf dir;
		bool found;

		helios_buf_init(&dir);
		helios_path_dirname(&dir, ffmpeg_hint);
		helios_buf_puts(&dir, "/ffprobe");
		found = helios_proc_find(helios_buf_str(&dir), out);
		helios_buf_release(&dir);
		if (found)
			return true;
	}
	return helios_proc_find("ffprobe", out);
}

void helios_probe_file_arg(struct helios_buf *out, const char *path)
{
	helios_buf_clear(out);
	helios_buf_puts(out, "file:");
	helios_buf_puts(out, path);
}

static void push_file(struct helios_argv *argv, const char *path)
{
	struct helios_buf arg;

	helios_buf_init(&arg);
	helios_probe_file_arg(&arg, path);
	helios_argv_push(argv, helios_buf_str(&arg));
	if (arg.failed)
		argv->failed = true;
	helios_buf_release(&arg);
}

static void count_argv(struct helios_argv *argv, const char *ffprobe, const char *level, const char *path)
{
	static const char *const args[] = {
		"-count_frames", "-select_streams", "v:0", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0",
	};

	helios_argv_push(argv, ffprobe);
	helios_argv_push(argv, "-v");
	helios_argv_push(argv, level);
	for (size_t i = 0; i < sizeof(args) / sizeof(args[0]); i++)
		helios_argv_push(argv, args[i]);
	push_file(argv, path);
}

void helios_probe_count_argv(struct helios_argv *argv, const char *ffprobe, const char *path)
{
	count_argv(argv, ffprobe, "quiet", path);
}

void helios_probe_decode_argv(struct helios_argv *argv, const char *ffprobe, const char *path)
{
	count_argv(argv, ffprobe, "error", path);
}

/* One ffprobe run: its argv, what it printed and how it ended. */
struct ffprobe_run {
	struct helios_argv argv;
	struct helios_buf out, msg;
	int wstatus;
};

static void ffprobe_run_init(struct ffprobe_run *run)
{
	helios_argv_init(&run->argv);
	helios_buf_init(&run->out);
	helios_buf_init(&run->msg);
	run->wstatus = 0;
}

static void ffprobe_run_release(struct ffprobe_run *run)
{
	helios_argv_release(&run->argv);
	helios_buf_release(&run->out);
	helios_buf_release(&run->msg);
}

static enum helios_status ffprobe_run(struct ffprobe_run *run, volatile sig_atomic_t *stop, struct helios_error *err)
{
	if (run->argv.failed)
		return helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	return helios_proc_capture(run->argv.v, &run->out, &run->msg, &run->wstatus, stop, err);
}

enum helios_status helios_probe_decode(const char *ffprobe, const char *path, int64_t *frames,
				       volatile sig_atomic_t *stop, struct helios_error *err)
{
	struct ffprobe_run run;
	enum helios_status st;

	ffprobe_run_init(&run);
	helios_probe_decode_argv(&run.argv, ffprobe, path);
	st = ffprobe_run(&run, stop, err);
	if (st == HELIOS_OK &&
	    (run.wstatus != 0 || run.msg.len || !helios_probe_parse_count(helios_buf_str(&run.out), frames))) {
		size_t len = strcspn(helios_buf_str(&run.msg), "\n");

		st = helios_error_set(err, HELIOS_EFAIL, "'%s' does not decode: %.*s", path, (int)len,
				      len ? helios_buf_str(&run.msg) : "ffprobe counted no frames");
	}
	ffprobe_run_release(&run);
	return st;
}

bool helios_probe_parse_count(const char *text, int64_t *frames)
{
	char *end;
	long long n;

	while (*text == ' ' || *text == '\n')
		text++;
	if (*text < '0' || *text > '9')
		return false;
	n = strtoll(text, &end, 10);
	while (*end == ' ' || *end == '\n' || *end == '\r' || *end == ',')
		end++;
	if (*end)
		return false;
	*frames = n;
	return true;
}

void helios_probe_media_argv(struct helios_argv *argv, const char *ffprobe, const char *path)
{
	helios_argv_push(argv, ffprobe);
	helios_argv_push(argv, "-v");
	helios_argv_push(argv, "error");
	helios_argv_push(argv, "-show_entries");
	helios_argv_push(argv, "stream=codec_type,codec_name,r_frame_rate,nb_frames,sample_rate,"
			  "width,height,pix_fmt,time_base,channels,channel_layout:stream_tags=alpha_mode");
	helios_argv_push(argv, "-of");
	helios_argv_push(argv, "default");
	push_file(argv, path);
}

static void copy_value(char *dst, size_t size, const char *value, size_t len)
{
	/* ffprobe's word for a value it does not know. */
	if ((len == 3 && memcmp(value, "N/A", 3) == 0) || (len == 7 && memcmp(value, "unknown", 7) == 0))
		len = 0;
	if (len >= size)
		len = size - 1;
	memcpy(dst, value, len);
	dst[len] = '\0';
}

/* A non-negative number of at most 9 digits; 0 for anything else. */
static int small_number(const char *v, size_t len)
{
	int n = 0;

	if (!len || len > 9)
		return 0;
	for (size_t i = 0; i < len; i++) {
		if (v[i] < '0' || v[i] > '9')
			return 0;
		n = n * 10 + (v[i] - '0');
	}
	return n;
}

/* One [STREAM] block of "key=value" lines. */
struct stream {
	char type[16], codec[32], rate[32], pix_fmt[32], time_base[32], layout[32];
	bool alpha_mode;
	int64_t frames;
	int sample_rate, width, height, channels;
};

static void take_stream(struct helios_media *m, const struct stream *s)
{
	if (strcmp(s->type, "video") == 0 && !m->has_video) {
		m->has_video = true;
		copy_value(m->video_codec, sizeof(m->video_codec), s->codec, strlen(s->codec));
		copy_value(m->rate, sizeof(m->rate), s->rate, strlen(s->rate));
		m->frames = s->frames;
		m->width = s->width;
		m->height = s->height;
		copy_value(m->pix_fmt, sizeof(m->pix_fmt), s->pix_fmt, strlen(s->pix_fmt));
		m->alpha = s->alpha_mode || (*m->pix_fmt && helios_codec_pixel_format_has_alpha(m->pix_fmt));
		copy_value(m->time_base, sizeof(m->time_base), s->time_base, strlen(s->time_base));
	} else if (strcmp(s->type, "audio") == 0 && !m->has_audio) {
		m->has_audio = true;
		copy_value(m->audio_codec, sizeof(m->audio_codec), s->codec, strlen(s->codec));
		m->sample_rate = s->sample_rate;
		m->channels = s->channels;
		copy_value(m->channel_layout, sizeof(m->channel_layout), s->layout, strlen(s->layout));
	}
}

void helios_probe_parse_media(const char *text, struct helios_media *m)
{
	struct stream s;
	const char *line = text;

	memset(m, 0, sizeof(*m));
	m->frames = -1;
	memset(&s, 0, sizeof(s));
	s.frames = -1;
	while (*line) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		const char *eq = memchr(line, '=', len);

		if (len >= 9 && strncmp(line, "[/STREAM]", 9) == 0) {
			take_stream(m, &s);
			memset(&s, 0, sizeof(s));
			s.frames = -1;
		} else if (eq) {
			size_t klen = (size_t)(eq - line);
			const char *v = eq + 1;
			size_t vlen = len - klen - 1;

			if (vlen && v[vlen - 1] == '\r')
				vlen--;
			if (klen == 10 && strncmp(line, "codec_type", 10) == 0)
				copy_value(s.type, sizeof(s.type), v, vlen);
			else if (klen == 10 && strncmp(line, "codec_name", 10) == 0)
				copy_value(s.codec, sizeof(s.codec), v, vlen);
			else if (klen == 12 && strncmp(line, "r_frame_rate", 12) == 0)
				copy_value(s.rate, sizeof(s.rate), v, vlen);
			else if (klen == 9 && strncmp(line, "nb_frames", 9) == 0 && vlen && v[0] >= '0' &&
				 v[0] <= '9')
				s.frames = strtoll(v, NULL, 10);
			else if (klen == 11 && strncmp(line, "sample_rate", 11) == 0 && vlen && v[0] >= '0' &&
				 v[0] <= '9' && vlen < 10)
				s.sample_rate = (int)strtol(v, NULL, 10);
			else if (klen == 5 && strncmp(line, "width", 5) == 0)
				s.width = small_number(v, vlen);
			else if (klen == 6 && strncmp(line, "height", 6) == 0)
				s.height = small_number(v, vlen);
			else if (klen == 8 && strncmp(line, "channels", 8) == 0)
				s.channels = small_number(v, vlen);
			else if (klen == 7 && strncmp(line, "pix_fmt", 7) == 0)
				copy_value(s.pix_fmt, sizeof(s.pix_fmt), v, vlen);
			else if (klen == 9 && strncmp(line, "time_base", 9) == 0)
				copy_value(s.time_base, sizeof(s.time_base), v, vlen);
			else if (klen == 14 && strncmp(line, "channel_layout", 14) == 0)
				copy_value(s.layout, sizeof(s.layout), v, vlen);
			/* Matroska's tag, in whatever case the muxer wrote it. */
			else if (klen == 14 && strncasecmp(line, "TAG:alpha_mode", 14) == 0)
				s.alpha_mode = vlen == 1 && v[0] == '1';
		}
		if (!end)
			break;
		line = end + 1;
	}
}

/* First line of ffprobe's complaint, for a message. */
static enum helios_status first_line(struct helios_error *err, const char *path, struct helios_buf *msg)
{
	const char *text = helios_buf_str(msg);
	size_t len = strcspn(text, "\n");

	return helios_error_set(err, HELIOS_EFAIL, "ffprobe cannot read '%s': %.*s", path, (int)len,
			 len ? text : "no details");
}

enum helios_status helios_probe_file(const char *ffprobe, const char *path, struct helios_media *media,
				     volatile sig_atomic_t *stop, struct helios_error *err)
{
	struct ffprobe_run run;
	enum helios_status st;

	ffprobe_run_init(&run);
	helios_probe_media_argv(&run.argv, ffprobe, path);
	st = ffprobe_run(&run, stop, err);
	if (st == HELIOS_OK && run.wstatus != 0)
		st = first_line(err, path, &run.msg);
	if (st == HELIOS_OK)
		helios_probe_parse_media(helios_buf_str(&run.out), media);
	if (st == HELIOS_OK && media->has_video && media->frames < 0) {
		ffprobe_run_release(&run);
		ffprobe_run_init(&run);
		helios_probe_count_argv(&run.argv, ffprobe, path);
		st = ffprobe_run(&run, stop, err);
		if (st == HELIOS_OK &&
		    (run.wstatus != 0 || !helios_probe_parse_count(helios_buf_str(&run.out), &media->frames)))
			st = first_line(err, path, &run.msg);
	}
	ffprobe_run_release(&run);
	return st;
}
