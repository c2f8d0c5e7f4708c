#include <check.h>
#include <string.h>

#include "run/merge.h"
#include "run/probe.h"
#include "proc/proc.h"
#include "job/state.h"
#include "run/run.h"
#include "suites.h"

START_TEST(concat_entry_escapes_quotes)
{
	struct helios_buf b;

	helios_buf_init(&b);
	ck_assert_int_eq(helios_merge_concat_entry(&b, "/tmp/it's a:b.mp4", -1, NULL), HELIOS_OK);
	ck_assert_str_eq(helios_buf_str(&b), "file '/tmp/it'\\''s a:b.mp4'\n");
	helios_buf_clear(&b);
	ck_assert_int_eq(helios_merge_concat_entry(&b, "/x.mp4", 266667, NULL), HELIOS_OK);
	ck_assert_str_eq(helios_buf_str(&b), "file '/x.mp4'\nduration 0.266667\n");
	helios_buf_release(&b);
}
END_TEST

START_TEST(concat_entry_refuses_line_breaks)
{
	struct helios_buf b;
	struct helios_error err;

	helios_buf_init(&b);
	ck_assert_int_eq(helios_merge_concat_entry(&b, "/a\nb.mp4", -1, &err), HELIOS_EINVAL);
	ck_assert(strstr(err.text, "line break") != NULL);
	helios_buf_release(&b);
}
END_TEST

START_TEST(offsets_do_not_accumulate_rounding)
{
	struct helios_ratio ntsc = { 30000, 1001 }, thirty = { 30, 1 };

	ck_assert_int_eq(helios_merge_offset_us(8, thirty), 266667);
	ck_assert_int_eq(helios_merge_offset_us(16, thirty), 533333);
	ck_assert_int_eq(helios_merge_offset_us(30, thirty), 1000000);
	/* 1000 chunks of 8 frames: the end is exact, not 1000 rounded steps. */
	ck_assert_int_eq(helios_merge_offset_us(8000, thirty), 266666667);
	ck_assert_int_eq(helios_merge_offset_us(30000, ntsc), 1001000000);
}
END_TEST

START_TEST(audio_fits_containers)
{
	ck_assert(!helios_merge_audio_fits("out.mp4", "pcm_s16le"));
	ck_assert(!helios_merge_audio_fits("out.mp4", "pcm_s24le"));
	ck_assert(helios_merge_audio_fits("out.mov", "pcm_s16le"));
	ck_assert(helios_merge_audio_fits("out.mp4", "aac"));
	ck_assert(helios_merge_audio_fits("out.webm", "opus"));
	ck_assert(!helios_merge_audio_fits("out.webm", "aac"));
	ck_assert(helios_merge_audio_fits("out.xyz", "pcm_s16le"));
}
END_TEST

static char *inputs[] = { "a.mov", "b.mov" };

START_TEST(decide_copies_unless_asked)
{
	struct helios_merge_options opt = { .output = "out.mp4", .inputs = inputs, .input_count = 2 };
	struct helios_media pcm[2] = {
		{ .has_video = true, .rate = "30/1", .frames = 8, .has_audio = true, .audio_codec = "pcm_s16le",
		  .sample_rate = 48000 },
		{ .has_video = true, .rate = "30/1", .frames = 8, .has_audio = true, .audio_codec = "pcm_s16le",
		  .sample_rate = 48000 },
	};
	struct helios_media aac[2] = {
		{ .has_video = true, .rate = "30000/1001", .frames = 8, .has_audio = true, .audio_codec = "aac" },
		{ .has_video = true, .rate = "30000/1001", .frames = 8, .has_audio = true, .audio_codec = "aac" },
	};
	struct helios_merge_plan plan;
	struct helios_error err;

	/* One input has no seam: even primed audio is copied. */
	opt.input_count = 1;
	ck_assert_int_eq(helios_merge_decide(&opt, aac, &plan, &err), HELIOS_OK);
	ck_assert_ptr_null(plan.video_codec);
	ck_assert_ptr_null(plan.audio_codec);
	ck_assert_str_eq(plan.rate, "30000/1001");
	ck_assert_int_eq(plan.timescale, 90000);
	opt.input_count = 2;
	ck_assert_int_eq(helios_merge_decide(&opt, pcm, &plan, &err), HELIOS_OK);
	ck_assert_ptr_null(plan.video_codec);
	ck_assert_str_eq(plan.audio_codec, "aac");
	ck_assert_int_eq(plan.sample_rate, 48000);
	ck_assert_str_eq(plan.rate, "30/1");
	opt.output = "out.mov";	/* MOV holds PCM, which joins exactly */
	ck_assert_int_eq(helios_merge_decide(&opt, pcm, &plan, &err), HELIOS_OK);
	ck_assert_ptr_null(plan.audio_codec);
	ck_assert_int_eq(plan.sample_rate, 0);
	opt.output = "out.mp4";
	opt.quality = "23";
	opt.fps = "29.97";
	ck_assert_int_eq(helios_merge_decide(&opt, aac, &plan, &err), HELIOS_OK);
	ck_assert_str_eq(plan.video_codec, "libx264");
	ck_assert_str_eq(plan.rate, "2997/100");
	ck_assert_int_eq(plan.timescale % 2997, 0);
	opt.video_codec = "libvpx-vp9";
	ck_assert_int_eq(helios_merge_decide(&opt, aac, &plan, &err), HELIOS_OK);
	opt.video_codec = "aac";
	ck_assert_int_eq(helios_merge_decide(&opt, aac, &plan, &err), HELIOS_EINVAL);
	ck_assert(strstr(err.text, "not a video encoder") != NULL);
	opt.video_codec = NULL;
	opt.quality = "64";
	ck_assert_int_eq(helios_merge_decide(&opt, aac, &plan, &err), HELIOS_EINVAL);
	ck_assert(strstr(err.text, "--quality") != NULL);
}
END_TEST

/* The ffmpeg command for plan, as one line (static: valid until the next call). */
static const char *ffmpeg_line(const struct helios_merge_plan *plan, const char *output)
{
	static struct helios_buf line;
	struct helios_argv argv;

	helios_argv_init(&argv);
	helios_buf_release(&line);
	helios_merge_ffmpeg_argv(&argv, "ffmpeg", plan, "/tmp/list", plan->sample_rate ? "/tmp/audio" : NULL, NULL, output);
	helios_argv_format(&argv, &line);
	helios_argv_release(&argv);
	return helios_buf_str(&line);
}

START_TEST(ffmpeg_argv_for_a_plan)
{
	struct helios_merge_plan plan = { .video_codec = "libvpx-vp9", .quality = "30", .audio_codec = "libopus",
					  .rate = "30/1", .bitexact = true };

	ck_assert_str_eq(ffmpeg_line(&plan, "dir/.o.helios-1.webm"),
			 "ffmpeg -hide_banner -nostdin -v error -y -f concat -safe 0 -i file:/tmp/list "
			 "-map 0:v:0 -map '0:a?' -c:v libvpx-vp9 -crf 30 -b:v 0 -r 30/1 -c:a libopus "
			 "-fflags +bitexact file:dir/.o.helios-1.webm");
}
END_TEST

/* MP4 and MOV get an exact movie timescale; Matroska has none to set. */
START_TEST(ffmpeg_argv_sets_mp4_timescales)
{
	struct helios_merge_options opt = { .output = "out.mp4", .inputs = inputs, .input_count = 2 };
	struct helios_media media[2] = { { .has_video = true, .rate = "24000/1001", .frames = 8 },
					 { .has_video = true, .rate = "24000/1001", .frames = 8 } };
	struct helios_merge_plan plan;
	struct helios_error err;

	ck_assert_int_eq(helios_merge_decide(&opt, media, &plan, &err), HELIOS_OK);
	ck_assert_int_eq(plan.timescale, 72000);
	ck_assert_str_eq(ffmpeg_line(&plan, "o.mp4"),
			 "ffmpeg -hide_banner -nostdin -v error -y -f concat -safe 0 -i file:/tmp/list "
			 "-map 0:v:0 -map '0:a?' -c:v copy -r 24000/1001 -c:a copy "
			 "-video_track_timescale 72000 -movie_timescale 72000 file:o.mp4");
	opt.output = "out.mkv";
	ck_assert_int_eq(helios_merge_decide(&opt, media, &plan, &err), HELIOS_OK);
	ck_assert_int_eq(plan.timescale, 0);
	/* Matroska writes random UIDs unless asked to be bit-exact; MP4 nothing random. */
	ck_assert_str_eq(ffmpeg_line(&plan, "o.mkv"),
			 "ffmpeg -hide_banner -nostdin -v error -y -f concat -safe 0 -i file:/tmp/list "
			 "-map 0:v:0 -map '0:a?' -c:v copy -r 24000/1001 -c:a copy -fflags +bitexact file:o.mkv");
}
END_TEST

/* Primed audio (AAC) of several chunks: decoded chunk by chunk, each padded
 * or trimmed to its exact share of the samples, joined, and encoded once. */
START_TEST(primed_audio_is_rebuilt_per_chunk)
{
	static char *names[] = { "/c/p0.mp4", "/c/p1.mp4", "/c/p2.mp4" };
	struct helios_merge_options opt = { .output = "out.mp4", .inputs = names, .input_count = 3 };
	struct helios_media media[3] = {
		{ .has_video = true, .rate = "30000/1001", .frames = 10, .has_audio = true, .audio_codec = "aac",
		  .sample_rate = 48000 },
		{ .has_video = true, .rate = "30000/1001", .frames = 10 },
		{ .has_video = true, .rate = "30000/1001", .frames = 5, .has_audio = true, .audio_codec = "aac",
		  .sample_rate = 44100 },
	};
	struct helios_merge_plan plan;
	struct helios_error err;
	struct helios_argv argv;
	struct helios_buf line;

	ck_assert_int_eq(helios_merge_decide(&opt, media, &plan, &err), HELIOS_OK);
	ck_assert_str_eq(plan.audio_codec, "aac");
	ck_assert_int_eq(plan.sample_rate, 48000);
	ck_assert_str_eq(ffmpeg_line(&plan, "o.mp4"),
			 "ffmpeg -hide_banner -nostdin -v error -y -f concat -safe 0 -i file:/tmp/list "
			 "-f concat -safe 0 -i file:/tmp/audio -map 0:v:0 -map 1:a:0 -c:v copy -r 30000/1001 "
			 "-c:a aac -video_track_timescale 90000 -movie_timescale 90000 file:o.mp4");
	/* 10 frames at 30000/1001 are 16016 samples at 48 kHz; 20 frames 32032;
	 * 25 frames 40040: the shares are 16016, 16016, 8008 and add up exactly. */
	helios_argv_init(&argv);
	helios_buf_init(&line);
	helios_merge_audio_argv(&argv, "ffmpeg", &plan, names, media, 3, 0, "/t/a.wav");
	helios_argv_format(&argv, &line);
	ck_assert_str_eq(helios_buf_str(&line),
			 "ffmpeg -hide_banner -nostdin -v error -y -vn -i file:/c/p0.mp4 -vn -i file:/c/p2.mp4 "
			 "-filter_complex '[0:a:0]apad=whole_len=16016,atrim=end_sample=16016[a0];"
			 "anullsrc=r=48000,apad=whole_len=16016,atrim=end_sample=16016[a1];"
			 "[1:a:0]aresample=48000,apad=whole_len=8008,atrim=end_sample=8008[a2];"
			 "[a0][a1][a2]concat=n=3:v=0:a=1[a]' -map '[a]' -c:a pcm_f32le -rf64 auto -f wav file:/t/a.wav");
	/* A later batch starts from the frames before it: 1 frame at 30000/1001
	 * after 10 is 1602 samples (16016 + 1602 = 17618 = round(11 x 1601.6)). */
	helios_argv_release(&argv);
	helios_argv_init(&argv);
	media[0].frames = 1;
	helios_merge_audio_argv(&argv, "ffmpeg", &plan, names, media, 1, 10, "/t/b.wav");
	helios_argv_format(&argv, &line);
	ck_assert(strstr(helios_buf_str(&line), "apad=whole_len=1602,atrim=end_sample=1602[a0];[a0]concat=n=1") !=
		  NULL);
	helios_argv_release(&argv);
	helios_buf_release(&line);

	/* Without every chunk's frame count the lengths are unknown: the audio
	 * comes from ffmpeg's concat as it is, which cannot join audio that
	 * differs (issue 22), and re-encodes what agrees. */
	media[1].frames = -1;
	ck_assert_int_eq(helios_merge_decide(&opt, media, &plan, &err), HELIOS_EINVAL);
	ck_assert_str_eq(err.text, "'/c/p1.mp4': without audio, but '/c/p0.mp4' is with audio");
	media[1] = media[2] = media[0];
	media[1].frames = -1;
	ck_assert_int_eq(helios_merge_decide(&opt, media, &plan, &err), HELIOS_OK);
	ck_assert_str_eq(plan.audio_codec, "aac");
	ck_assert_int_eq(plan.sample_rate, 0);
	/* Opus in WebM is encoded again with libopus. */
	for (int i = 0; i < 3; i++)
		strcpy(media[i].audio_codec, "opus");
	opt.output = "out.webm";
	ck_assert_int_eq(helios_merge_decide(&opt, media, &plan, &err), HELIOS_OK);
	ck_assert_str_eq(plan.audio_codec, "libopus");
	ck_assert(helios_merge_audio_primed("mp3"));
	ck_assert(!helios_merge_audio_primed("pcm_f32le"));
	ck_assert(!helios_merge_audio_primed("flac"));
}
END_TEST

START_TEST(temp_and_state_paths)
{
	struct helios_buf b;

	helios_buf_init(&b);
	ck_assert_int_eq(helios_merge_temp_path("out/final cut.mp4", &b), 4);
	ck_assert_str_eq(helios_buf_str(&b), "out/.final cut.helios-XXXXXX.mp4");
	ck_assert_int_eq(helios_merge_temp_path("noext", &b), 0);
	ck_assert_str_eq(helios_buf_str(&b), ".noext.helios-XXXXXX");
	helios_job_state_path("a/job.json", &b);
	ck_assert_str_eq(helios_buf_str(&b), "a/job.state.json");
	helios_job_log_dir("a.json/plan", &b);
	ck_assert_str_eq(helios_buf_str(&b), "a.json/plan.logs");
	helios_job_log_dir("dir/.json", &b);
	ck_assert_str_eq(helios_buf_str(&b), "dir/.json.logs");
	helios_buf_release(&b);
}
END_TEST

/* Issue 22: what cannot be one video is refused, naming the first input
 * that differs and how; what the merge converts on purpose is not. */
START_TEST(decide_refuses_inputs_that_cannot_be_one_video)
{
	static char *names[] = { "a.mp4", "b.mp4", "c.webm" };
	struct helios_merge_options opt = { .output = "out.mp4", .inputs = names, .input_count = 3 };
	struct helios_media media[3];
	struct helios_merge_plan plan;
	struct helios_error err;

	for (int i = 0; i < 3; i++)
		media[i] = (struct helios_media){ .has_video = true, .video_codec = "h264", .rate = "30/1", .frames = 3,
						  .width = 320, .height = 180, .pix_fmt = "yuv420p",
						  .time_base = "1/15360" };
	ck_assert_int_eq(helios_merge_decide(&opt, media, &plan, &err), HELIOS_OK);
	snprintf(media[2].video_codec, sizeof(media[2].video_codec), "vp9");
	media[2].width = 1280;
	media[2].height = 720;
	ck_assert_int_eq(helios_merge_decide(&opt, media, &plan, &err), HELIOS_EINVAL);
	ck_assert_str_eq(err.text, "'c.webm': vp9 1280x720, but 'a.mp4' is h264 320x180");
	opt.input_count = 2;
	snprintf(media[1].rate, sizeof(media[1].rate), "30000/1001");
	ck_assert_int_eq(helios_merge_decide(&opt, media, &plan, &err), HELIOS_EINVAL);
	ck_assert_str_eq(err.text, "'b.mp4': 30000/1001 fps, but 'a.mp4' is 30 fps");
	snprintf(media[1].rate, sizeof(media[1].rate), "30/1");
	snprintf(media[1].time_base, sizeof(media[1].time_base), "1/90000");
	ck_assert_int_eq(helios_merge_decide(&opt, media, &plan, &err), HELIOS_EINVAL);
	ck_assert_str_eq(err.text, "'b.mp4': time base 1/90000, but 'a.mp4' is time base 1/15360");
	/* Unknown (the MP4 reader's) is not different. */
	media[1].time_base[0] = '\0';
	snprintf(media[1].pix_fmt, sizeof(media[1].pix_fmt), "yuv444p");
	ck_assert_int_eq(helios_merge_decide(&opt, media, &plan, &err), HELIOS_EINVAL);
	ck_assert_str_eq(err.text, "'b.mp4': yuv444p, but 'a.mp4' is yuv420p");
	opt.video_codec = "libx264";	/* the encoder converts it */
	ck_assert_int_eq(helios_merge_decide(&opt, media, &plan, &err), HELIOS_OK);
	/* Audio copied must agree; rebuilt, it need not. */
	opt.output = "out.mov";
	media[0].has_audio = media[1].has_audio = true;
	snprintf(media[0].audio_codec, sizeof(media[0].audio_codec), "pcm_s16le");
	snprintf(media[1].audio_codec, sizeof(media[1].audio_codec), "pcm_s24le");
	media[0].sample_rate = 48000;
	media[1].sample_rate = 44100;
	ck_assert_int_eq(helios_merge_decide(&opt, media, &plan, &err), HELIOS_EINVAL);
	ck_assert_str_eq(err.text, "'b.mp4': audio pcm_s24le 44100 Hz, but 'a.mp4' is audio pcm_s16le 48000 Hz");
	media[1].has_audio = false;
	ck_assert_int_eq(helios_merge_decide(&opt, media, &plan, &err), HELIOS_EINVAL);
	ck_assert_str_eq(err.text, "'b.mp4': without audio, but 'a.mp4' is with audio");
	opt.output = "out.mp4";	/* PCM cannot go in: rebuilt as AAC, silence for b */
	ck_assert_int_eq(helios_merge_decide(&opt, media, &plan, &err), HELIOS_OK);
	ck_assert_int_eq(plan.sample_rate, 48000);
}
END_TEST

Suite *suite_merge(void)
{
	Suite *s = suite_create("merge");
	TCase *tc = tcase_create("pure");

	tcase_add_test(tc, concat_entry_escapes_quotes);
	tcase_add_test(tc, concat_entry_refuses_line_breaks);
	tcase_add_test(tc, offsets_do_not_accumulate_rounding);
	tcase_add_test(tc, audio_fits_containers);
	tcase_add_test(tc, decide_copies_unless_asked);
	tcase_add_test(tc, decide_refuses_inputs_that_cannot_be_one_video);
	tcase_add_test(tc, ffmpeg_argv_for_a_plan);
	tcase_add_test(tc, ffmpeg_argv_sets_mp4_timescales);
	tcase_add_test(tc, primed_audio_is_rebuilt_per_chunk);
	tcase_add_test(tc, temp_and_state_paths);
	suite_add_tcase(s, tc);
	return s;
}
