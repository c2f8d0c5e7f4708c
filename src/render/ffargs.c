#include "ffargs.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void render_argv_init(struct render_argv *a)
{
	memset(a, 0, sizeof(*a));
}

void render_argv_release(struct render_argv *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->v[i]);
	free(a->v);
	memset(a, 0, sizeof(*a));
}

static void push(struct render_argv *a, char *arg)
{
	if (!arg || a->failed) {
		free(arg);
		a->failed = true;
		return;
	}
	if (a->n + 2 > a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 32;
		char **v = realloc(a->v, cap * sizeof(*v));

		if (!v) {
			free(arg);
			a->failed = true;
			return;
		}
		a->v = v;
		a->cap = cap;
	}
	a->v[a->n++] = arg;
	a->v[a->n] = NULL;
}

void render_argv_add(struct render_argv *a, const char *arg)
{
	push(a, strdup(arg));
}

void render_argv_addf(struct render_argv *a, const char *fmt, ...)
{
	va_list ap;
	char *arg = NULL;

	va_start(ap, fmt);
	if (vasprintf(&arg, fmt, ap) < 0)
		arg = NULL;
	va_end(ap);
	push(a, arg);
}

void render_argv_join(const struct render_argv *a, struct helios_buf *out)
{
	for (size_t i = 0; i < a->n; i++) {
		if (i)
			helios_buf_putc(out, ' ');
		helios_buf_puts(out, a->v[i]);
	}
}

int64_t render_ffargs_timescale(struct helios_ratio fps)
{
	return helios_ratio_timescale(fps);
}

static int64_t frame_to_sample(int64_t frame, struct helios_ratio fps, int64_t rate)
{
	__int128 t = (__int128)frame * fps.den * rate;

	return (int64_t)(t / fps.num);
}

void render_ffargs_sample_window(int64_t start_frame, int64_t frame_count, struct helios_ratio fps,
				 int64_t rate, int64_t *first, int64_t *count)
{
	*first = frame_to_sample(start_frame, fps, rate);
	*count = frame_to_sample(start_frame + frame_count, fps, rate) - *first;
}

const char *render_ffargs_muxer(const struct helios_container *container)
{
	if (strcmp(container->extension, ".mkv") == 0)
		return "matroska";
	return container->extension + 1;
}

static const char *pixel_format(const struct helios_codec *codec)
{
	/* ProRes has no 4:2:0; everything else plays everywhere in 4:2:0. */
	return strcmp(codec->name, "prores_ks") == 0 ? "yuv422p10le" : "yuv420p";
}

static void add_quality(const struct render_encode_spec *spec, struct render_argv *out)
{
	const char *name = spec->video_codec->name;

	if (spec->quality < 0)
		return;
	render_argv_add(out, "-crf");
	render_argv_addf(out, "%lld", (long long)spec->quality);
	/* vpx and aom treat -crf as a cap unless the bitrate is unbounded. */
	if (strncmp(name, "libvpx", 6) == 0 || strcmp(name, "libaom-av1") == 0) {
		render_argv_add(out, "-b:v");
		render_argv_add(out, strcmp(name, "libvpx") == 0 ? "100M" : "0");
	}
}

/* One audio input, placed so that sample 0 of the output is sample `first`
 * of the composition. */
static void add_audio_input(const struct render_audio_track *t, int64_t first, int64_t count,
			    struct render_argv *out, int64_t *delay)
{
	int64_t starts = (int64_t)(t->offset * RENDER_SAMPLE_RATE + (t->offset >= 0 ? 0.5 : -0.5));
	double seek = t->seek;

	*delay = 0;
	if (starts >= first)
		*delay = starts - first;
	else
		seek += (double)(first - starts) / RENDER_SAMPLE_RATE;
	if (seek > 0) {
		render_argv_add(out, "-ss");
		render_argv_addf(out, "%.6f", seek);
	}
	/* Read no more than the window (plus a margin for the resampler). */
	render_argv_add(out, "-t");
	render_argv_addf(out, "%.6f", (double)count / RENDER_SAMPLE_RATE + 1.0);
	render_argv_add(out, "-i");
	render_argv_add(out, t->source);
}

void render_ffargs_encode(const struct render_encode_spec *spec, struct render_argv *out)
{
	struct helios_buf graph;
	int64_t first, count, timescale = render_ffargs_timescale(spec->fps);
	int64_t *delays = NULL;
	bool iso = spec->container->bit & (HELIOS_MUX_MP4 | HELIOS_MUX_MOV);

	render_ffargs_sample_window(spec->start_frame, spec->frame_count, spec->fps, RENDER_SAMPLE_RATE,
				    &first, &count);
	render_argv_add(out, "ffmpeg");
	render_argv_add(out, "-hide_banner");
	render_argv_add(out, "-nostdin");
	render_argv_add(out, "-loglevel");
	render_argv_add(out, "error");
	render_argv_add(out, "-y");
	/* The codec and the rate are given, so nothing needs probing.  By
	 * default ffmpeg reads 5 MB or 5 s of frames before it starts: at
	 * 1280x720 that is the whole of a 150-frame render, which it then
	 * encoded only after the last frame (1.6 s of the 9 s), instead of
	 * while the browser worked. */
	render_argv_add(out, "-probesize");
	render_argv_add(out, "32");
	render_argv_add(out, "-f");
	render_argv_add(out, "image2pipe");
	render_argv_add(out, "-framerate");
	render_argv_addf(out, "%lld/%lld", (long long)spec->fps.num, (long long)spec->fps.den);
	render_argv_add(out, "-c:v");
	render_argv_add(out, spec->image_format == HELIOS_IMAGE_PNG ? "png" : "mjpeg");
	render_argv_add(out, "-i");
	render_argv_add(out, "pipe:0");

	if (spec->track_count) {
		delays = calloc(spec->track_count, sizeof(*delays));
		if (!delays) {
			out->failed = true;
			return;
		}
	}
	for (size_t i = 0; i < spec->track_count; i++)
		add_audio_input(&spec->tracks[i], first, count, out, &delays[i]);

	/* Frames may come in another size (a canvas): scale to the output size. */
	helios_buf_init(&graph);
	helios_buf_printf(&graph, "[0:v]scale=%lld:%lld:flags=bicubic,format=%s[v]", (long long)spec->width,
			  (long long)spec->height, pixel_format(spec->video_codec));
	for (size_t i = 0; i < spec->track_count; i++)
		helios_buf_printf(&graph,
				  ";[%zu:a]aresample=%d,aformat=sample_fmts=fltp:channel_layouts=stereo,"
				  "volume=%.6f,adelay=%lldS:all=1[a%zu]",
				  i + 1, RENDER_SAMPLE_RATE, spec->tracks[i].volume, (long long)delays[i], i);
	if (spec->track_count) {
		helios_buf_putc(&graph, ';');
		for (size_t i = 0; i < spec->track_count; i++)
			helios_buf_printf(&graph, "[a%zu]", i);
		if (spec->track_count > 1)
			helios_buf_printf(&graph, "amix=inputs=%zu:normalize=0:duration=longest,",
					  spec->track_count);
		else
			helios_buf_puts(&graph, "anull,");
		/* Silence after the sources end, cut at the window's last sample. */
		helios_buf_printf(&graph, "apad,atrim=end_sample=%lld[aout]", (long long)count);
	}
	free(delays);
	render_argv_add(out, "-filter_complex");
	render_argv_add(out, helios_buf_str(&graph));
	if (graph.failed)
		out->failed = true;
	helios_buf_release(&graph);

	render_argv_add(out, "-map");
	render_argv_add(out, "[v]");
	render_argv_add(out, "-c:v");
	render_argv_add(out, spec->video_codec->name);
	/* x264's "veryfast" preset: measured at 1280x720 on the examples, the
	 * whole render is 8-9 % faster than with the default "medium", the
	 * picture the same (PSNR within 0.06 dB of it at the same CRF), the
	 * file 2-9 % larger.  The browser, not the encoder, sets the pace. */
	if (strcmp(spec->video_codec->name, "libx264") == 0) {
		render_argv_add(out, "-preset");
		render_argv_add(out, "veryfast");
	}
	add_quality(spec, out);
	if (spec->track_count) {
		render_argv_add(out, "-map");
		render_argv_add(out, "[aout]");
		render_argv_add(out, "-c:a");
		render_argv_add(out, spec->audio_codec->name);
		render_argv_add(out, "-ar");
		render_argv_addf(out, "%d", RENDER_SAMPLE_RATE);
	}
	if (iso) {
		/* Exact frame durations in the track and the movie header: with
		 * the default millisecond movie timescale, chunk durations round
		 * and concatenated chunks drift. */
		render_argv_add(out, "-video_track_timescale");
		render_argv_addf(out, "%lld", (long long)timescale);
		render_argv_add(out, "-movie_timescale");
		render_argv_addf(out, "%lld", (long long)timescale);
		render_argv_add(out, "-movflags");
		render_argv_add(out, "+faststart");
	}
	render_argv_add(out, "-f");
	render_argv_add(out, render_ffargs_muxer(spec->container));
	render_argv_add(out, spec->output);
}
