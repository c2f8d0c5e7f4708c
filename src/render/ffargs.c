#include "ffargs.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "helios/fingerprint.h"

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
	if (container->bit & HELIOS_MUX_IMAGES)
		return "image2";
	return container->extension + 1;
}

static const char *pixel_format(const struct helios_codec *codec)
{
	/* ProRes has no 4:2:0; everything else plays everywhere in 4:2:0.
	 * Images: PNG keeps the browser's RGB; JPEG is full-range YUV. */
	if (strcmp(codec->name, "png") == 0)
		return "rgb24";
	if (strcmp(codec->name, "mjpeg") == 0)
		return "yuvj420p";
	return strcmp(codec->name, "prores_ks") == 0 ? "yuv422p10le" : "yuv420p";
}

static void add_quality(const struct render_encode_spec *spec, struct helios_argv *out)
{
	const char *name = spec->video_codec->name;

	if (spec->quality < 0)
		return;
	helios_argv_push(out, "-crf");
	helios_argv_printf(out, "%lld", (long long)spec->quality);
	/* vpx and aom treat -crf as a cap unless the bitrate is unbounded. */
	if (strncmp(name, "libvpx", 6) == 0 || strcmp(name, "libaom-av1") == 0) {
		helios_argv_push(out, "-b:v");
		helios_argv_push(out, strcmp(name, "libvpx") == 0 ? "100M" : "0");
	}
}

/* The rate as an average over the chunk.  Left to their defaults, x264
 * and x265 came in 20-25 % under it on 5 s renders (x264's rate
 * tolerance is 4 Mbit/s through ffmpeg; x265 has no VBV): x264's
 * tolerance is narrowed to 10 % (775k for 800k), x265 gets a one-second
 * buffer at the rate (795k).  vpx and aom take -b:v as their target. */
static void add_rate(const struct render_encode_spec *spec, struct helios_argv *out)
{
	const char *name = spec->video_codec->name;
	int64_t rate = spec->encode.video_bitrate;

	if (rate <= 0)
		return;
	helios_argv_push(out, "-b:v");
	helios_argv_printf(out, "%lld", (long long)rate);
	if (strcmp(name, "libx264") == 0) {
		helios_argv_push(out, "-x264-params");
		helios_argv_push(out, "ratetol=0.1");
	} else if (strcmp(name, "libx265") == 0) {
		helios_argv_push(out, "-maxrate");
		helios_argv_printf(out, "%lld", (long long)rate);
		helios_argv_push(out, "-bufsize");
		helios_argv_printf(out, "%lld", (long long)rate);
	}
}

/* The browser's encoder turns the canvas's sRGB pixels into full-range
 * BT.709 YUV; without saying so, players take it for limited range and
 * show crushed blacks and clipped whites. */
static void add_encoded_colours(struct helios_argv *out)
{
	static const char *const colours[] = {
		"-color_range", "pc", "-color_primaries", "bt709", "-color_trc", "bt709", "-colorspace", "bt709",
	};

	for (size_t i = 0; i < sizeof(colours) / sizeof(colours[0]); i++)
		helios_argv_push(out, colours[i]);
}

static void push_source_access(const char *source, int64_t timeout_ms, const char *proxy, struct helios_argv *out)
{
	/* The source was checked (see source.h), not what it may point to:
	 * only formats a media element plays, none that names other files
	 * (a playlist, a concat list), through one kind of protocol. */
	helios_argv_push(out, "-format_whitelist");
	helios_argv_push(out, "mov,mp4,matroska,webm,ogg,wav,mp3,flac,aac");
	helios_argv_push(out, "-protocol_whitelist");
	if (strncasecmp(source, "http", 4) == 0) {
		/* httpproxy: https through the proxy is a CONNECT tunnel. */
		helios_argv_push(out, "http,https,tcp,tls,httpproxy");
		/* Every request, redirects too, goes through the network proxy. */
		if (proxy) {
			helios_argv_push(out, "-http_proxy");
			helios_argv_push(out, proxy);
		}
		/* A server that never answers ends the render within --timeout. */
		if (timeout_ms > 0) {
			helios_argv_push(out, "-rw_timeout");
			helios_argv_printf(out, "%lld", (long long)timeout_ms * 1000);
		}
	} else {
		helios_argv_push(out, strncasecmp(source, "data:", 5) == 0 ? "data" : "file");
	}
}

void render_ffargs_probe(const char *source, int64_t timeout_ms, const char *proxy, struct helios_argv *out)
{
	static const char *const args[] = {
		"ffprobe", "-v", "error", "-show_entries", "stream=codec_type:format=duration", "-of", "default=nw=1",
	};

	for (size_t i = 0; i < sizeof(args) / sizeof(args[0]); i++)
		helios_argv_push(out, args[i]);
	push_source_access(source, timeout_ms, proxy, out);
	helios_argv_push(out, "-i");
	helios_argv_push(out, source);
}

bool render_ffargs_parse_probe(const char *text, bool *has_audio, double *duration)
{
	bool any = false;

	*has_audio = false;
	*duration = -1;
	while (*text) {
		size_t len = strcspn(text, "\n");

		if (len == 16 && strncmp(text, "codec_type=audio", 16) == 0)
			*has_audio = true;
		if (strncmp(text, "codec_type=", 11) == 0)
			any = true;
		if (len > 9 && strncmp(text, "duration=", 9) == 0 && text[9] >= '0' && text[9] <= '9')
			*duration = strtod(text + 9, NULL);
		text += len;
		if (*text)
			text++;
	}
	return any;
}

static int64_t to_samples(double seconds)
{
	return (int64_t)(seconds * RENDER_SAMPLE_RATE + (seconds >= 0 ? 0.5 : -0.5));
}

/* Where a track's samples go in the window. */
struct placement {
	int64_t delay;	/* silent samples before its first */
	int64_t skip;	/* samples of the file dropped from its start; -1: the input was seeked */
	int64_t skip_played;	/* then samples dropped after the tempo change */
};

static double rate_of(const struct render_audio_track *t)
{
	return t->rate > 0 ? t->rate : 1;
}

/* One audio input, placed so that sample 0 of the output is sample `first`
 * of the composition. */
static void add_audio_input(const struct render_audio_track *t, int64_t first, int64_t count,
			    int64_t timeout_ms, const char *proxy, struct helios_argv *out, struct placement *place)
{
	int64_t starts = to_samples(t->offset);
	double seek = t->seek, rate = rate_of(t);

	place->delay = starts >= first ? starts - first : 0;
	place->skip = -1;
	place->skip_played = 0;
	if (t->loop || rate != 1) {
		/* The file decoded from its start (over and over when it
		 * loops); its samples counted (not its times, which a loop
		 * restarts), so that a chunk skips exactly to the samples the
		 * whole render plays.  A tempo change is carried over every
		 * sample from the clip's start, as its output depends on what
		 * came before. */
		place->skip = to_samples(seek);
		if (starts < first && rate == 1)
			place->skip += first - starts;
		else if (starts < first)
			place->skip_played = first - starts;
		if (t->loop) {
			helios_argv_push(out, "-stream_loop");
			helios_argv_push(out, "-1");
		} else {
			/* The file up to the window's end, and a margin for the
			 * resampler and the tempo filter's look-ahead. */
			helios_argv_push(out, "-t");
			helios_argv_printf(out, "%.6f", seek + (double)(first + count - starts) * rate /
							    RENDER_SAMPLE_RATE + 1.0);
		}
		push_source_access(t->source, timeout_ms, proxy, out);
		helios_argv_push(out, "-i");
		helios_argv_push(out, t->source);
		return;
	}
	if (starts < first)
		seek += (double)(first - starts) / RENDER_SAMPLE_RATE;
	if (seek > 0) {
		helios_argv_push(out, "-ss");
		helios_argv_printf(out, "%.6f", seek);
	}
	/* Read no more than the window (plus a margin for the resampler). */
	helios_argv_push(out, "-t");
	helios_argv_printf(out, "%.6f", (double)count / RENDER_SAMPLE_RATE + 1.0);
	push_source_access(t->source, timeout_ms, proxy, out);
	helios_argv_push(out, "-i");
	helios_argv_push(out, t->source);
}

/* The tempo change of rate as atempo filters, each within 0.5-2 (as
 * upstream chains them), pitch kept; then the samples before the window
 * dropped. */
static void add_tempo(double rate, int64_t skip_played, struct helios_buf *graph)
{
	if (rate == 1)
		return;
	for (; rate > 2; rate /= 2)
		helios_buf_puts(graph, "atempo=2,");
	for (; rate < 0.5; rate *= 2)
		helios_buf_puts(graph, "atempo=0.5,");
	if (rate != 1)
		helios_buf_printf(graph, "atempo=%.9g,", rate);
	helios_buf_printf(graph, "asetpts=N/SR/TB,atrim=start_sample=%lld,asetpts=N/SR/TB,", (long long)skip_played);
}

/* The bounce curve (Robert Penner's) of a progress Y, for the bounce easings. */
#define BOUNCE(Y) "if(lt(" Y ",1/2.75),7.5625*pow(" Y ",2),if(lt(" Y ",2/2.75),7.5625*pow(" Y "-1.5/2.75,2)+0.75," \
	"if(lt(" Y ",2.5/2.75),7.5625*pow(" Y "-2.25/2.75,2)+0.9375,7.5625*pow(" Y "-2.625/2.75,2)+0.984375)))"

/* Upstream's fade easings (the core library's Easing names) as ffmpeg
 * expressions of the progress X in [0, 1]; the progress is stored in
 * variable 0 and X reads it. */
static const struct {
	const char *name, *curve;
} easings[] = {
	{ "linear", "X" },
	{ "quad.in", "X*X" },
	{ "quad.out", "1-(1-X)*(1-X)" },
	{ "quad.inOut", "if(lt(X,0.5),2*X*X,1-pow(2-2*X,2)/2)" },
	{ "cubic.in", "pow(X,3)" },
	{ "cubic.out", "1-pow(1-X,3)" },
	{ "cubic.inOut", "if(lt(X,0.5),4*pow(X,3),1-pow(2-2*X,3)/2)" },
	{ "quart.in", "pow(X,4)" },
	{ "quart.out", "1-pow(1-X,4)" },
	{ "quart.inOut", "if(lt(X,0.5),8*pow(X,4),1-pow(2-2*X,4)/2)" },
	{ "quint.in", "pow(X,5)" },
	{ "quint.out", "1-pow(1-X,5)" },
	{ "quint.inOut", "if(lt(X,0.5),16*pow(X,5),1-pow(2-2*X,5)/2)" },
	{ "sine.in", "1-cos(X*PI/2)" },
	{ "sine.out", "sin(X*PI/2)" },
	{ "sine.inOut", "(1-cos(PI*X))/2" },
	{ "expo.in", "if(eq(X,0),0,pow(2,10*X-10))" },
	{ "expo.out", "if(eq(X,1),1,1-pow(2,-10*X))" },
	{ "expo.inOut", "if(eq(X,0),0,if(eq(X,1),1,if(lt(X,0.5),pow(2,20*X-10)/2,(2-pow(2,10-20*X))/2)))" },
	{ "circ.in", "1-sqrt(1-X*X)" },
	{ "circ.out", "sqrt(1-pow(X-1,2))" },
	{ "circ.inOut", "if(lt(X,0.5),(1-sqrt(1-4*X*X))/2,(sqrt(1-pow(2-2*X,2))+1)/2)" },
	{ "back.in", "2.70158*pow(X,3)-1.70158*X*X" },
	{ "back.out", "1+2.70158*pow(X-1,3)+1.70158*pow(X-1,2)" },
	{ "back.inOut", "if(lt(X,0.5),pow(2*X,2)*(3.5949095*2*X-2.5949095)/2,"
			"(pow(2*X-2,2)*(3.5949095*(2*X-2)+2.5949095)+2)/2)" },
	{ "elastic.in", "if(eq(X,0),0,if(eq(X,1),1,-pow(2,10*X-10)*sin((10*X-10.75)*2*PI/3)))" },
	{ "elastic.out", "if(eq(X,0),0,if(eq(X,1),1,pow(2,-10*X)*sin((10*X-0.75)*2*PI/3)+1))" },
	{ "elastic.inOut", "if(eq(X,0),0,if(eq(X,1),1,if(lt(X,0.5),-pow(2,20*X-10)*sin((20*X-11.125)*2*PI/4.5)/2,"
			   "pow(2,10-20*X)*sin((20*X-11.125)*2*PI/4.5)/2+1)))" },
	{ "bounce.in", "1-" BOUNCE("(1-X)") },
	{ "bounce.out", BOUNCE("X") },
	{ "bounce.inOut", "if(lt(X,0.5),(1-" BOUNCE("(1-2*X)") ")/2,(" BOUNCE("(2*X-1)") "+1)/2)" },
};

const char *render_ffargs_easing(const char *name)
{
	for (size_t i = 0; name && i < sizeof(easings) / sizeof(easings[0]); i++)
		if (strcmp(name, easings[i].name) == 0)
			return easings[i].curve;
	return NULL;
}

/* A fade's curve, reading the progress stored in variable 0, closing the
 * group its progress opened. */
static void put_curve(struct helios_buf *graph, const char *curve)
{
	for (const char *c = curve; *c; c++) {
		if (*c == 'X')
			helios_buf_puts(graph, "ld(0)");
		else
			helios_buf_putc(graph, *c);
	}
	helios_buf_putc(graph, ')');
}

/* The composition second at which a track's fade-out ends, or -1 when
 * there is none to do. */
static double fade_out_end(const struct render_audio_track *t)
{
	double end = t->end > 0 ? t->end : -1;

	if (t->fade_out <= 0)
		return -1;
	if (!t->loop && t->duration > 0) {
		double file_end = t->offset + (t->duration - t->seek) / rate_of(t);

		if (end < 0 || file_end < end)
			end = file_end;
	}
	return end;
}

/* The fades as a gain per sample of composition time: sample n of the
 * window is sample first + n of the composition, so a chunk computes the
 * very gains the whole render does at those samples. */
static void add_fades(const struct render_audio_track *t, int64_t first, struct helios_buf *graph)
{
	const char *curve = render_ffargs_easing(t->fade_easing);
	double end = fade_out_end(t);
	char now[64];

	if (t->fade_in <= 0 && end < 0)
		return;
	if (!curve)
		curve = "X";
	snprintf(now, sizeof(now), "(n+%lld)/%d", (long long)first, RENDER_SAMPLE_RATE);
	helios_buf_puts(graph, ",aeval=exprs='val(ch)*clip(1");
	if (t->fade_in > 0) {
		helios_buf_putc(graph, '*');
		helios_buf_printf(graph, "(st(0,clip((%s-%.9g)/%.9g,0,1));", now, t->offset, t->fade_in);
		put_curve(graph, curve);
	}
	if (end >= 0) {
		helios_buf_putc(graph, '*');
		helios_buf_printf(graph, "(st(0,clip((%.9g-%s)/%.9g,0,1));", end, now, t->fade_out);
		put_curve(graph, curve);
	}
	helios_buf_puts(graph, ",0,1)':c=same");
}

/* Track i's filters, from input i + 1 to its label [ai]. */
static void add_audio_chain(const struct render_audio_track *t, size_t i, const struct placement *place,
			    int64_t first, int64_t count, struct helios_buf *graph)
{
	helios_buf_printf(graph, "%s[%zu:a]", graph->len ? ";" : "", i + 1);
	if (place->skip >= 0) {
		helios_buf_printf(graph, "asetpts=N/SR/TB,aresample=%d,asetpts=N/SR/TB,"
				  "atrim=start_sample=%lld,asetpts=N/SR/TB,", RENDER_SAMPLE_RATE, (long long)place->skip);
		add_tempo(rate_of(t), place->skip_played, graph);
	} else
		helios_buf_printf(graph, "aresample=%d,", RENDER_SAMPLE_RATE);
	helios_buf_printf(graph, "aformat=sample_fmts=fltp:channel_layouts=stereo,volume=%.6f,adelay=%lldS:all=1",
			  t->volume, (long long)place->delay);
	/* A looping source never ends by itself (nor reads only the window). */
	if (place->skip >= 0)
		helios_buf_printf(graph, ",atrim=end_sample=%lld", (long long)count);
	add_fades(t, first, graph);
	helios_buf_printf(graph, "[a%zu]", i);
}

void render_ffargs_encode(const struct render_encode_spec *spec, struct helios_argv *out)
{
	struct helios_buf graph;
	int64_t first, count, timescale = render_ffargs_timescale(spec->fps);
	struct placement *places = NULL;
	bool iso = spec->container->bit & (HELIOS_MUX_MP4 | HELIOS_MUX_MOV);

	render_ffargs_sample_window(spec->start_frame, spec->frame_count, spec->fps, RENDER_SAMPLE_RATE,
				    &first, &count);
	helios_argv_push(out, "ffmpeg");
	helios_argv_push(out, "-hide_banner");
	helios_argv_push(out, "-nostdin");
	helios_argv_push(out, "-loglevel");
	helios_argv_push(out, "error");
	helios_argv_push(out, "-y");
	/* The codec and the rate are given, so nothing needs probing.  By
	 * default ffmpeg reads 5 MB or 5 s of frames before it starts: at
	 * 1280x720 that is the whole of a 150-frame render, which it then
	 * encoded only after the last frame (1.6 s of the 9 s), instead of
	 * while the browser worked. */
	helios_argv_push(out, "-probesize");
	helios_argv_push(out, "32");
	helios_argv_push(out, "-f");
	if (spec->video_encoded) {
		/* IVF carries the rate and each frame's index as its time. */
		helios_argv_push(out, "ivf");
	} else {
		helios_argv_push(out, "image2pipe");
		helios_argv_push(out, "-framerate");
		helios_argv_printf(out, "%lld/%lld", (long long)spec->fps.num, (long long)spec->fps.den);
		helios_argv_push(out, "-c:v");
		helios_argv_push(out, spec->image_format == HELIOS_IMAGE_PNG ? "png" : "mjpeg");
	}
	helios_argv_push(out, "-i");
	helios_argv_push(out, "pipe:0");

	if (spec->track_count) {
		places = calloc(spec->track_count, sizeof(*places));
		if (!places) {
			out->failed = true;
			return;
		}
	}
	for (size_t i = 0; i < spec->track_count; i++)
		add_audio_input(&spec->tracks[i], first, count, spec->timeout_ms, spec->http_proxy, out, &places[i]);

	/* Frames may come in another size (a canvas): scale to the output size. */
	helios_buf_init(&graph);
	if (!spec->video_encoded)
		helios_buf_printf(&graph, "[0:v]scale=%lld:%lld:flags=bicubic,format=%s[v]", (long long)spec->width,
				  (long long)spec->height,
				  spec->pixel_format ? spec->pixel_format : pixel_format(spec->video_codec));
	for (size_t i = 0; i < spec->track_count; i++)
		add_audio_chain(&spec->tracks[i], i, &places[i], first, count, &graph);
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
	free(places);
	if (graph.len) {
		helios_argv_push(out, "-filter_complex");
		helios_argv_push(out, helios_buf_str(&graph));
	}
	if (graph.failed)
		out->failed = true;
	helios_buf_release(&graph);

	helios_argv_push(out, "-map");
	if (spec->video_encoded) {
		helios_argv_push(out, "0:v");
		helios_argv_push(out, "-c:v");
		helios_argv_push(out, "copy");
		add_encoded_colours(out);
	} else {
		helios_argv_push(out, "[v]");
		helios_argv_push(out, "-c:v");
		helios_argv_push(out, spec->video_codec->name);
	}
	/* x264's "veryfast" preset: measured at 1280x720 on the examples, the
	 * whole render is 8-9 % faster than with the default "medium", the
	 * picture the same (PSNR within 0.06 dB of it at the same CRF), the
	 * file 2-9 % larger.  The browser, not the encoder, sets the pace. */
	if (spec->preset && !spec->video_encoded) {
		helios_argv_push(out, "-preset");
		helios_argv_push(out, spec->preset);
	} else if (strcmp(spec->video_codec->name, "libx264") == 0) {
		helios_argv_push(out, "-preset");
		helios_argv_push(out, "veryfast");
	}
	if (!spec->video_encoded) {
		add_quality(spec, out);
		add_rate(spec, out);
	}
	/* ffmpeg's default JPEG quantizer blurs text; 2 is its finest but one. */
	if (strcmp(spec->video_codec->name, "mjpeg") == 0) {
		helios_argv_push(out, "-q:v");
		helios_argv_push(out, "2");
	}
	if (spec->track_count) {
		helios_argv_push(out, "-map");
		helios_argv_push(out, "[aout]");
		helios_argv_push(out, "-c:a");
		helios_argv_push(out, spec->audio_codec->name);
		helios_argv_push(out, "-ar");
		helios_argv_printf(out, "%d", RENDER_SAMPLE_RATE);
	}
	if (iso) {
		/* Exact frame durations in the track and the movie header: with
		 * the default millisecond movie timescale, chunk durations round
		 * and concatenated chunks drift. */
		helios_argv_push(out, "-video_track_timescale");
		helios_argv_printf(out, "%lld", (long long)timescale);
		helios_argv_push(out, "-movie_timescale");
		helios_argv_printf(out, "%lld", (long long)timescale);
		helios_argv_push(out, "-movflags");
		helios_argv_push(out, "+faststart");
	}
	if (spec->container->bit & HELIOS_MUX_NEEDS_BITEXACT) {
		helios_argv_push(out, "-fflags");
		helios_argv_push(out, "+bitexact");
	}
	if (spec->container->bit & HELIOS_MUX_IMAGES) {
		/* Numbered from 0; the renderer gives each its frame's name. */
		helios_argv_push(out, "-start_number");
		helios_argv_push(out, "0");
	} else if (spec->fingerprint) {
		/* Every container we write keeps a comment (helios-job(5)). */
		helios_argv_push(out, "-metadata");
		helios_argv_printf(out, "comment=" HELIOS_FINGERPRINT_TAG "%s", spec->fingerprint);
	}
	helios_argv_push(out, "-f");
	helios_argv_push(out, render_ffargs_muxer(spec->container));
	helios_argv_push(out, spec->output);
}
