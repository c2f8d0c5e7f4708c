/* `helios merge`: join chunk files with ffmpeg's concat demuxer.  The
 * decisions (concat list, codecs, argv) are pure functions so they can be
 * tested without ffmpeg; helios_merge_run runs ffprobe and ffmpeg. */
#ifndef HELIOS_MERGE_H
#define HELIOS_MERGE_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "helios/buf.h"
#include "helios/number.h"
#include "helios/status.h"

/* The runner's: this header is public, the process layer is not. */
struct helios_argv;	/* proc/proc.h */
struct helios_media;	/* run/probe.h */

struct helios_merge_options {
	const char *output;
	char *const *inputs;
	int input_count;
	const char *video_codec;	/* re-encode video with it; NULL: copy */
	const char *audio_codec;	/* re-encode audio with it */
	const char *quality;		/* CRF; re-encodes the video */
	const char *preset;		/* encoder preset; re-encodes the video */
	const char *fps;		/* frame rate of the output; NULL: the first input's */
	const char *ffmpeg;		/* NULL: $HELIOS_FFMPEG, else ffmpeg in PATH */
	const char *start_frame;	/* an image sequence's first frame; NULL: 0 */
	volatile sig_atomic_t *stop;	/* set by a signal handler: stop ffmpeg, clean up */
};

/* Append one entry of an ffmpeg concat list for path (absolute): the path
 * single-quoted with each ' written as '\'', then "duration S.ffffff" when
 * duration_us >= 0.  A path holding a newline cannot be listed: EINVAL. */
enum helios_status helios_merge_concat_entry(struct helios_buf *out, const char *path, int64_t duration_us,
					     struct helios_error *err);

/* Microseconds from the start to the start of frame `frames` at fps, rounded.
 * Each entry's duration is the difference of two of these, so rounding never
 * accumulates over many chunks. */
int64_t helios_merge_offset_us(int64_t frames, struct helios_ratio fps);

/* True when container (an output path's) can hold audio of this codec as
 * ffprobe names it ("pcm_s16le", "aac", "opus"). */
bool helios_merge_audio_fits(const char *output, const char *codec);

/* True for audio that an encoder primes (aac, mp3, opus, vorbis, ...):
 * each chunk starts with the encoder's delay and ends padded, so chunks
 * joined by stream copy drift and glitch at every seam.  PCM, FLAC and
 * ALAC are sample-exact and can be copied. */
bool helios_merge_audio_primed(const char *codec);

/* What the merge will do. */
struct helios_merge_plan {
	const char *video_codec;	/* NULL: stream copy */
	const char *audio_codec;	/* NULL: stream copy (or no audio) */
	const char *quality, *preset;
	char rate[32];			/* output frame rate, "" when unknown */
	int64_t timescale;		/* MP4/MOV track and movie timescale; 0: ffmpeg's */
	bool bitexact;			/* Matroska: no random UIDs (HELIOS_MUX_NEEDS_BITEXACT) */
	int sample_rate;		/* > 0: the audio is rebuilt chunk by chunk at
					 * this rate, each trimmed to its exact length */
};

/* Decide codecs and rate from the options and what the inputs hold (media:
 * one per input, or NULL when nothing could read them).  Audio is encoded
 * once when asked, when the container cannot hold the chunks' audio, or
 * when primed audio would be joined at a seam.  Invalid values (quality out
 * of range, fps, a codec the container cannot hold) are HELIOS_EINVAL
 * naming the flag.  So are inputs that cannot be one video: the first that
 * differs from the first input in video codec, size, frame rate, time base
 * or (unless the video is re-encoded) pixel format, or in having audio, its
 * codec, rate or layout (unless the audio is rebuilt chunk by chunk, which
 * takes any), named with how: "'b.webm': vp9 1280x720, but 'a.mp4' is
 * h264 320x180".  What a reader could not tell is not compared. */
enum helios_status helios_merge_decide(const struct helios_merge_options *opt, const struct helios_media *media,
				       struct helios_merge_plan *plan, struct helios_error *err);

/* Samples from the start to the start of frame `frames` at fps and rate,
 * rounded; a chunk's length is the difference of two, as for the video. */
int64_t helios_merge_sample_offset(int64_t frames, struct helios_ratio fps, int rate);

/* Inputs per audio command: each is an open file and a thread in ffmpeg. */
#define HELIOS_MERGE_AUDIO_BATCH 64

/* The ffmpeg command that decodes the audio of inputs[0..count) (media[i]
 * says which have audio), pads or trims each to its exact number of
 * samples at plan->sample_rate (frames_before: frames of the inputs before
 * these), joins them and writes 32-bit float WAV to output.  Decoding skips
 * each chunk's priming; the trim drops its padding. */
void helios_merge_audio_argv(struct helios_argv *argv, const char *ffmpeg, const struct helios_merge_plan *plan,
			     char *const *inputs, const struct helios_media *media, int count,
			     int64_t frames_before, const char *output);

/* The ffmpeg command for a plan.  audio: with plan->sample_rate, the concat
 * list of the audio commands' outputs.  format: ffmpeg's muxer ("mp4"), for
 * an output whose name does not tell it (/dev/fd/3); NULL: the name's. */
void helios_merge_ffmpeg_argv(struct helios_argv *argv, const char *ffmpeg, const struct helios_merge_plan *plan,
			      const char *list, const char *audio, const char *format, const char *output);

/* "<dir>/.<name>.helios-XXXXXX<ext>": the mkstemps template of the file
 * ffmpeg writes before the rename (same directory, same extension so ffmpeg
 * picks the same muxer).  Returns the length of <ext>, mkstemps' suffix. */
int helios_merge_temp_path(const char *output, struct helios_buf *out);

/* Merge.  On an ffmpeg failure, ffmpeg's own messages are left in
 * ffmpeg_errors.  Missing inputs and an output that is also an input are
 * refused before anything runs. */
enum helios_status helios_merge_run(const struct helios_merge_options *opt, struct helios_buf *ffmpeg_errors,
				    struct helios_error *err);

#endif
