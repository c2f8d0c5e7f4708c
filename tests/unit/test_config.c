/* Cross-field rules: codecs against containers, quality ranges, split
 * options that exclude each other, and the frame arithmetic of a config. */
#include <check.h>
#include <stdarg.h>
#include <string.h>

#include "helios/config.h"
#include "suites.h"

/* Resolve "comp.html" plus the given arguments (NULL-terminated). */
static enum helios_status resolve(struct helios_settings *s, struct helios_config *cfg,
				  enum helios_option_id *bad, struct helios_error *err, ...)
{
	char *argv[32] = { "comp.html" };
	int argc = 1;
	va_list ap;

	va_start(ap, err);
	while (argc < 31 && (argv[argc] = va_arg(ap, char *)) != NULL)
		argc++;
	va_end(ap);
	helios_settings_init(s);
	ck_assert_msg(helios_settings_parse_args(s, argc, argv, NULL, err) == HELIOS_OK, "%s",
		      err->text);
	return helios_config_resolve(s, cfg, bad, err);
}

#define REJECTS(flag_id, why, ...)                                                            \
	do {                                                                                  \
		struct helios_settings s_;                                                    \
		struct helios_config c_;                                                      \
		struct helios_error e_ = { "" };                                              \
		enum helios_option_id bad_ = HELIOS_OPTION_COUNT;                             \
		ck_assert_int_eq(resolve(&s_, &c_, &bad_, &e_, __VA_ARGS__, NULL), HELIOS_EINVAL); \
		ck_assert_msg(bad_ == HELIOS_OPTION_##flag_id, "blamed option %d, not %s", bad_, #flag_id); \
		ck_assert_msg(strstr(e_.text, why), "message '%s' lacks '%s'", e_.text, why); \
		helios_settings_release(&s_);                                                 \
	} while (0)

#define ACCEPTS(...)                                                                          \
	do {                                                                                  \
		struct helios_settings s_;                                                    \
		struct helios_config c_;                                                      \
		struct helios_error e_ = { "" };                                              \
		ck_assert_msg(resolve(&s_, &c_, NULL, &e_, __VA_ARGS__, NULL) == HELIOS_OK, "%s", e_.text); \
		helios_settings_release(&s_);                                                 \
	} while (0)

START_TEST(codec_container_rejections)
{
	REJECTS(VIDEO_CODEC, "--video-codec: 'libvpx': mp4 cannot hold libvpx (use mkv, webm)",
		"-o", "a.mp4", "--video-codec", "libvpx");
	REJECTS(AUDIO_CODEC, "--audio-codec: 'pcm_s16le': mp4 cannot hold pcm_s16le",
		"-o", "a.mp4", "--audio-codec", "pcm_s16le");
	REJECTS(AUDIO_CODEC, "webm cannot hold aac", "-o", "a.webm", "--audio-codec", "aac");
	REJECTS(VIDEO_CODEC, "webm cannot hold prores_ks", "-o", "a.webm", "--video-codec", "prores_ks");
	REJECTS(VIDEO_CODEC, "webm cannot hold libx264", "-o", "a.webm", "--video-codec", "libx264");
	REJECTS(VIDEO_CODEC, "mov cannot hold libvpx-vp9", "-o", "a.mov", "--video-codec", "libvpx-vp9");
	REJECTS(AUDIO_CODEC, "mov cannot hold libopus", "-o", "a.mov", "--audio-codec", "libopus");
	REJECTS(AUDIO_CODEC, "mp4 cannot hold libvorbis", "-o", "a.mp4", "--audio-codec", "libvorbis");
	ACCEPTS("-o", "a.mov", "--video-codec", "prores_ks", "--audio-codec", "pcm_s16le");
	ACCEPTS("-o", "a.webm", "--video-codec", "libvpx", "--audio-codec", "libvorbis");
	ACCEPTS("-o", "a.mkv", "--video-codec", "libaom-av1", "--audio-codec", "libopus");
	ACCEPTS("-o", "a.MP4", "--video-codec", "libx265", "--audio-codec", "libmp3lame");
}
END_TEST

/* Issue 12 item 8: an encoder outside our table is passed on with a
 * warning; the names we know keep their container rules. */
START_TEST(unknown_encoders_are_warned_about)
{
	struct helios_settings s;
	struct helios_config c;
	struct helios_error e = { "" };
	struct helios_buf w;

	helios_buf_init(&w);
	ck_assert_int_eq(resolve(&s, &c, NULL, &e, "-o", "a.mp4", "--video-codec", "h264_nvenc",
				 "--audio-codec", "libfdk_aac", "--width", "641", "--quality", "60", NULL),
			 HELIOS_OK);
	ck_assert_str_eq(helios_config_video_codec(&c)->name, "h264_nvenc");
	ck_assert_str_eq(helios_config_audio_codec(&c)->name, "libfdk_aac");
	ck_assert_int_eq(helios_config_warnings(&c, &w), 2);
	ck_assert_str_eq(helios_buf_str(&w),
			 "--video-codec h264_nvenc: not a codec helios knows; the workers' ffmpeg must provide it\n"
			 "--audio-codec libfdk_aac: not a codec helios knows; the workers' ffmpeg must provide it\n");
	helios_buf_clear(&w);
	ck_assert(!helios_config_warning(&c, HELIOS_OPTION_WIDTH, &w));
	helios_settings_release(&s);
	helios_buf_release(&w);
}
END_TEST

START_TEST(a_copy_of_a_config_stands_alone)
{
	struct helios_settings s;
	struct helios_config c, copy;
	struct helios_error e = { "" };
	struct helios_buf w;

	helios_buf_init(&w);
	ck_assert_int_eq(resolve(&s, &c, NULL, &e, "--video-codec", "h264_nvenc", NULL), HELIOS_OK);
	copy = c;
	memset(&c, 0, sizeof(c));
	ck_assert_str_eq(helios_config_video_codec(&copy)->name, "h264_nvenc");
	ck_assert_int_eq(helios_config_video_codec(&copy)->quality_max, 63);
	ck_assert_str_eq(helios_config_audio_codec(&copy)->name, "aac");
	ck_assert(helios_config_warning(&copy, HELIOS_OPTION_VIDEO_CODEC, &w));
	helios_settings_release(&s);
	helios_buf_release(&w);
}
END_TEST

START_TEST(settings_read_as_the_renderer_reads_them)
{
	struct helios_settings s;
	struct helios_config c;
	struct helios_error e = { "" };

	ck_assert_int_eq(resolve(&s, &c, NULL, &e, "--width", "640", NULL), HELIOS_OK);
	ck_assert_int_eq(helios_config_int(&c, HELIOS_OPTION_WIDTH), 640);	/* given */
	ck_assert_int_eq(helios_config_int(&c, HELIOS_OPTION_HEIGHT), 1080);	/* the default */
	ck_assert_int_eq(helios_config_int(&c, HELIOS_OPTION_QUALITY), -1);	/* neither */
	ck_assert_str_eq(helios_config_text(&c, HELIOS_OPTION_CANVAS_SELECTOR), "canvas");	/* the fallback */
	ck_assert_str_eq(helios_config_text(&c, HELIOS_OPTION_TIMEOUT), "30");
	ck_assert_ptr_null(helios_config_text(&c, HELIOS_OPTION_PROPS));
	helios_settings_release(&s);
}
END_TEST

START_TEST(known_encoders_are_not_warned_about)
{
	struct helios_settings s;
	struct helios_config c;
	struct helios_error e = { "" };
	struct helios_buf w;

	helios_buf_init(&w);

	ck_assert_int_eq(resolve(&s, &c, NULL, &e, "--video-codec", "libx264", NULL), HELIOS_OK);
	ck_assert_int_eq(helios_config_warnings(&c, &w), 0);
	ck_assert_str_eq(helios_buf_str(&w), "");
	helios_settings_release(&s);
	helios_buf_release(&w);
	ACCEPTS("-o", "a.webm", "--video-codec", "libsvtav1");
	ACCEPTS("--video-codec", "h264");
	REJECTS(VIDEO_CODEC, "webm cannot hold libx264", "-o", "a.webm", "--video-codec", "libx264");
}
END_TEST

START_TEST(quality_ranges)
{
	REJECTS(QUALITY, "--quality: '52': out of range for libx264 (0-51)", "--quality", "52",
		"--video-codec", "libx264");
	REJECTS(QUALITY, "out of range for libx264", "--quality", "52");	/* mp4's default */
	REJECTS(QUALITY, "out of range for libx265", "--quality", "60", "--video-codec", "libx265");
	REJECTS(QUALITY, "prores_ks has no quality scale", "-o", "a.mov", "--video-codec", "prores_ks",
		"--quality", "10");
	ACCEPTS("-o", "a.webm", "--quality", "63", "--video-codec", "libvpx-vp9");
	ACCEPTS("-o", "a.webm", "--quality", "63");	/* webm's default is vp9 */
	ACCEPTS("-o", "a.mkv", "--quality", "63", "--video-codec", "libaom-av1");
	ACCEPTS("--quality", "51", "--video-codec", "libx264");
	ACCEPTS("--quality", "0");
}
END_TEST

START_TEST(video_bitrate_rules)
{
	struct helios_settings s;
	struct helios_config c;
	struct helios_error e = { "" };

	ck_assert_int_eq(resolve(&s, &c, NULL, &e, "--video-bitrate", "1.5M", NULL), HELIOS_OK);
	ck_assert_int_eq(c.encode.video_bitrate, 1500000);
	helios_settings_release(&s);
	ck_assert_int_eq(resolve(&s, &c, NULL, &e, "--video-bitrate", "800k", NULL), HELIOS_OK);
	ck_assert_int_eq(c.encode.video_bitrate, 800000);
	helios_settings_release(&s);
	ck_assert_int_eq(resolve(&s, &c, NULL, &e, NULL), HELIOS_OK);
	ck_assert_int_eq(c.encode.video_bitrate, 0);
	helios_settings_release(&s);
	REJECTS(VIDEO_BITRATE, "--video-bitrate: '2M': give either --quality or --video-bitrate, not both",
		"--video-bitrate", "2M", "--quality", "20");
	REJECTS(VIDEO_BITRATE, "prores_ks sets its own rate", "-o", "a.mov", "--video-codec", "prores_ks",
		"--video-bitrate", "20M");
	REJECTS(VIDEO_BITRATE, "--video-bitrate: 'fast': not a bitrate", "--video-bitrate", "fast");
	REJECTS(VIDEO_BITRATE, "not a bitrate", "--video-bitrate", "2Mb");
	REJECTS(VIDEO_BITRATE, "out of range (1k-10G)", "--video-bitrate", "999");
	REJECTS(VIDEO_BITRATE, "more than 10G", "--video-bitrate", "99999999999999999999");
	REJECTS(VIDEO_BITRATE, "more than 10G", "--video-bitrate", "20G");
	ACCEPTS("-o", "a.webm", "--video-bitrate", "10G");
}
END_TEST

START_TEST(split_conflicts)
{
	REJECTS(CHUNK_DURATION, "not both", "--chunk-size", "10", "--chunk-duration", "2");
	REJECTS(BALANCE, "--balance", "--balance", "--chunk-size", "10");
	REJECTS(BALANCE, "--balance", "--balance", "--chunk-duration", "1.5");
	ACCEPTS("--balance", "--concurrency", "3", "--keyframe-interval", "5");
	ACCEPTS("--chunk-size", "7", "--keyframe-interval", "5");
}
END_TEST

/* --ranges, --max-chunks and --chunk-time: the plan they give and the
 * combinations refused. */
START_TEST(time_and_range_splits)
{
	struct helios_settings s;
	struct helios_config c;
	struct helios_error e = { "" };

	ck_assert_int_eq(resolve(&s, &c, NULL, &e, "--ranges", "0-99,100-249,250", NULL), HELIOS_OK);
	ck_assert_int_eq(c.total_frames, 251);
	ck_assert_int_eq(c.plan.chunk_count, 3);
	ck_assert_int_eq(helios_plan_chunk(&c.plan, 1).start_frame, 100);
	ck_assert_int_eq(helios_plan_chunk(&c.plan, 1).frame_count, 150);
	ck_assert_int_eq(helios_plan_chunk(&c.plan, 2).frame_count, 1);
	ck_assert_int_eq(helios_plan_chunk_of_frame(&c.plan, 249), 1);
	ck_assert_int_eq(helios_plan_chunk_of_frame(&c.plan, 250), 2);
	helios_settings_release(&s);
	ck_assert_int_eq(resolve(&s, &c, NULL, &e, "--ranges", "10-19,20-39", "--start-frame", "10",
				 "--frame-count", "30", NULL), HELIOS_OK);
	ck_assert_int_eq(c.plan.start_frame, 10);
	helios_settings_release(&s);
	REJECTS(RANGES, "begins at frame 10, not at --start-frame 0", "--ranges", "10-19");
	REJECTS(RANGES, "covers 20 frames, not the --frame-count 30", "--ranges", "0-19", "--frame-count", "30");
	REJECTS(RANGES, "one way to split", "--ranges", "0-19", "--chunk-size", "5");
	REJECTS(RANGES, "one way to split", "--ranges", "0-19", "--balance");
	REJECTS(RANGES, "more than the 1 chunks allowed", "--ranges", "0-9,10-19", "--max-chunks", "1");
	REJECTS(RANGES, "multiple of the keyframe interval 4", "--ranges", "0-9,10-19", "--keyframe-interval", "4");
	ACCEPTS("--ranges", "0-7,8-19", "--keyframe-interval", "4");

	/* The cap: by count, by size, by duration. */
	ck_assert_int_eq(resolve(&s, &c, NULL, &e, "--frame-count", "100", "--concurrency", "8", "--max-chunks",
				 "3", NULL), HELIOS_OK);
	ck_assert_int_eq(c.plan.chunk_count, 3);
	ck_assert_int_eq(c.plan.requested, 3);
	helios_settings_release(&s);
	ck_assert_int_eq(resolve(&s, &c, NULL, &e, "--frame-count", "100", "--chunk-size", "5", "--max-chunks",
				 "4", NULL), HELIOS_OK);
	ck_assert_int_eq(c.plan.chunk_count, 4);
	ck_assert_int_eq(helios_plan_chunk(&c.plan, 0).frame_count, 25);
	helios_settings_release(&s);
	ck_assert_int_eq(resolve(&s, &c, NULL, &e, "--duration", "1", "--chunk-duration", "0.5", "--max-chunks",
				 "4", NULL), HELIOS_OK);
	ck_assert_int_eq(c.plan.chunk_count, 2);	/* a short video: fewer than the cap */
	helios_settings_release(&s);

	/* --chunk-time is planned from the --chunk-size a measurement gave. */
	REJECTS(CHUNK_TIME, "needs the page's cost", "--chunk-time", "10");
	REJECTS(CHUNK_TIME, "one way to split", "--chunk-time", "10", "--chunk-size", "5", "--ranges", "0-29");
	ACCEPTS("--chunk-time", "10", "--chunk-size", "5");
}
END_TEST

START_TEST(base_url_rules)
{
	struct helios_settings s;
	struct helios_config c;
	struct helios_error err = { "" };
	enum helios_option_id bad = HELIOS_OPTION_COUNT;
	char *argv[] = { "https://h/comp.html", "--base-url", "https://cdn/" };

	helios_settings_init(&s);
	ck_assert_int_eq(helios_settings_parse_args(&s, 3, argv, NULL, &err), HELIOS_OK);
	ck_assert_int_eq(helios_config_resolve(&s, &c, &bad, &err), HELIOS_EINVAL);
	ck_assert_int_eq(bad, HELIOS_OPTION_BASE_URL);
	ck_assert_msg(strstr(err.text, "--base-url: 'https://cdn/': the input is already a URL"), "%s",
		      err.text);
	helios_settings_release(&s);
	ACCEPTS("--base-url", "https://cdn/");
}
END_TEST

START_TEST(missing_input)
{
	struct helios_settings s;
	struct helios_config c;
	struct helios_error err = { "" };
	enum helios_option_id bad = HELIOS_OPTION_COUNT;

	helios_settings_init(&s);
	ck_assert_int_eq(helios_config_resolve(&s, &c, &bad, &err), HELIOS_EUSAGE);
	ck_assert_int_eq(bad, HELIOS_OPTION_INPUT);
	ck_assert_msg(strstr(err.text, "input: missing"), "%s", err.text);
	helios_settings_release(&s);
}
END_TEST

static int64_t frames_of(const char *duration, const char *fps)
{
	struct helios_settings s;
	struct helios_config c;
	struct helios_error err = { "" };

	ck_assert_msg(resolve(&s, &c, NULL, &err, "--duration", duration, "--fps", fps, NULL) == HELIOS_OK,
		      "%s", err.text);
	helios_settings_release(&s);
	return c.total_frames;
}

START_TEST(duration_to_frames)
{
	ck_assert_int_eq(frames_of("2.5", "30"), 75);
	ck_assert_int_eq(frames_of("0.1", "30"), 3);
	ck_assert_int_eq(frames_of("1", "30000/1001"), 30);
	ck_assert_int_eq(frames_of("1", "29.97"), 30);
	ck_assert_int_eq(frames_of("0.7", "30"), 21);
	ck_assert_int_eq(frames_of("60", "24"), 1440);
	REJECTS(DURATION, "--duration: '9007199254740991': too long", "--duration", "9007199254740991");
}
END_TEST

START_TEST(config_fields)
{
	struct helios_settings s;
	struct helios_config c;
	struct helios_error err = { "" };

	ck_assert_int_eq(resolve(&s, &c, NULL, &err, "--frame-count", "100", "--duration", "9",
				 "--start-frame", "7", "--width", "640", "--height", "360", "--mode", "dom",
				 "--no-headless", "--chunk-duration", "0.5", "--fps", "24", NULL),
			 HELIOS_OK);
	ck_assert_int_eq(c.total_frames, 100);	/* --frame-count overrides --duration */
	ck_assert_int_eq(c.start_frame, 7);
	ck_assert_int_eq(c.width, 640);
	ck_assert_int_eq(c.height, 360);
	ck_assert_int_eq(c.mode, HELIOS_MODE_DOM);
	ck_assert(!c.headless);
	ck_assert_int_eq(c.quality, -1);
	ck_assert_ptr_null(c.video_codec.name);
	ck_assert_int_eq(c.plan.split, HELIOS_SPLIT_SIZE);
	ck_assert_int_eq(helios_plan_chunk(&c.plan, 0).frame_count, 12);
	ck_assert_int_eq(c.plan.chunk_count, 9);
	ck_assert_str_eq(c.container->name, "mp4");
	helios_settings_release(&s);

	REJECTS(START_FRAME, "--start-frame", "--frame-count", "9007199254740991", "--start-frame", "1");
}
END_TEST

Suite *suite_config(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("rules");

	tcase_add_test(tc, codec_container_rejections);
	tcase_add_test(tc, unknown_encoders_are_warned_about);
	tcase_add_test(tc, a_copy_of_a_config_stands_alone);
	tcase_add_test(tc, known_encoders_are_not_warned_about);
	tcase_add_test(tc, settings_read_as_the_renderer_reads_them);
	tcase_add_test(tc, quality_ranges);
	tcase_add_test(tc, split_conflicts);
	tcase_add_test(tc, base_url_rules);
	tcase_add_test(tc, missing_input);
	tcase_add_test(tc, duration_to_frames);
	tcase_add_test(tc, config_fields);
	tcase_add_test(tc, time_and_range_splits);
	tcase_add_test(tc, video_bitrate_rules);
	suite_add_tcase(s, tc);
	return s;
}
