/* Image sequences: the pattern of an output, each frame's name, the plan's
 * chunk outputs and merge line, and the merge's reading of its inputs. */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "helios/config.h"
#include "helios/layout.h"
#include "helios/sequence.h"
#include "run/sequence.h"
#include "fixture.h"
#include "suites.h"

static const char *name_of(const char *pattern, int64_t frame)
{
	static struct helios_buf b;
	struct helios_sequence seq;

	ck_assert_msg(helios_sequence_parse(pattern, &seq), "'%s' is no sequence", pattern);
	helios_buf_release(&b);
	helios_sequence_name(&seq, frame, &b);
	return helios_buf_str(&b);
}

START_TEST(a_name_holds_the_frame_number)
{
	ck_assert_str_eq(name_of("frames/f_%05d.png", 42), "frames/f_00042.png");
	ck_assert_str_eq(name_of("frames/f_%05d.png", 1234567), "frames/f_1234567.png");
	ck_assert_str_eq(name_of("%d.jpg", 7), "7.jpg");
	ck_assert_str_eq(name_of("a%03d_b.webp", 0), "a000_b.webp");
}
END_TEST

START_TEST(only_one_number_in_the_file_name)
{
	struct helios_sequence seq;
	static const char *const bad[] = {
		"f.png", "f_%5d.png", "f_%00d.png", "f_%s.png", "f_%d_%d.png", "f_%d%%.png", "d%d/f.png",
		"f_%lld.png", "f_%.png", "%05x.png",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(!helios_sequence_parse(bad[i], &seq), "'%s' was taken", bad[i]);
}
END_TEST

START_TEST(a_frame_is_read_back_from_its_name_only)
{
	struct helios_sequence seq;
	int64_t f = -1;

	ck_assert(helios_sequence_parse("out/f_%05d.png", &seq));
	ck_assert(helios_sequence_frame_of(&seq, "out/f_00042.png", &f));
	ck_assert_int_eq(f, 42);
	ck_assert(helios_sequence_frame_of(&seq, "out/f_123456.png", &f));
	ck_assert_int_eq(f, 123456);
	ck_assert(!helios_sequence_frame_of(&seq, "out/f_0042.png", &f));	/* not padded so */
	ck_assert(!helios_sequence_frame_of(&seq, "out/f_000042.png", &f));	/* nor so */
	ck_assert(!helios_sequence_frame_of(&seq, "out/f_00042.jpg", &f));
	ck_assert(!helios_sequence_frame_of(&seq, "f_00042.png", &f));
	ck_assert(!helios_sequence_frame_of(&seq, "out/f_.png", &f));
	ck_assert(!helios_sequence_frame_of(&seq, "out/f_0004x.png", &f));
	ck_assert(helios_sequence_parse("%d.png", &seq));
	ck_assert(helios_sequence_frame_of(&seq, "0.png", &f));
	ck_assert_int_eq(f, 0);
	ck_assert(!helios_sequence_frame_of(&seq, "00.png", &f));
}
END_TEST

/* Parse argv (NULL-terminated) into s, which the caller releases, and
 * resolve it. */
static enum helios_status resolve_args(struct helios_settings *s, struct helios_config *cfg, char **argv,
				       enum helios_option_id *bad, struct helios_error *err)
{
	int argc = 0;

	while (argv[argc])
		argc++;
	helios_settings_init(s);
	ck_assert_msg(helios_settings_parse_args(s, argc, argv, NULL, err) == HELIOS_OK, "%s", err->text);
	return helios_config_resolve(s, cfg, bad, err);
}

static enum helios_status resolve(const char *output, struct helios_error *err, enum helios_option_id *bad)
{
	struct helios_settings s;
	struct helios_config cfg;
	char *argv[] = { "comp.html", "-o", (char *)output, NULL };
	enum helios_status st;

	/* A name the option table refuses fails the parse: not resolved. */
	helios_settings_init(&s);
	st = helios_settings_parse_args(&s, 3, argv, NULL, err);
	helios_settings_release(&s);
	if (st != HELIOS_OK)
		return st;
	st = resolve_args(&s, &cfg, argv, bad, err);
	helios_settings_release(&s);
	return st;
}

START_TEST(an_image_output_without_a_number_is_refused_at_planning)
{
	struct helios_error err = { "" };
	enum helios_option_id bad = HELIOS_OPTION_COUNT;

	ck_assert_int_eq(resolve("poster.png", &err, &bad), HELIOS_EINVAL);
	ck_assert_int_eq(bad, HELIOS_OPTION_OUTPUT);
	ck_assert_msg(strstr(err.text, "such as f_%05d.png"), "%s", err.text);
	ck_assert_int_eq(resolve("f_%s.jpg", &err, &bad), HELIOS_EINVAL);
	ck_assert_msg(strstr(err.text, "one %d or %0Nd in the file name"), "%s", err.text);
	ck_assert_int_ne(resolve("x.gif", &err, &bad), HELIOS_OK);
	ck_assert_msg(strstr(err.text, ".png, .jpg or .webp"), "%s", err.text);
	ck_assert_int_eq(resolve("f_%05d.webp", &err, &bad), HELIOS_OK);
	/* A video's name may hold a '%'. */
	ck_assert_int_eq(resolve("100%.mp4", &err, &bad), HELIOS_OK);
}
END_TEST

START_TEST(images_hold_no_sound_and_no_quality_scale)
{
	struct helios_settings s;
	struct helios_config cfg;
	struct helios_error err = { "" };
	char *with_audio[] = { "comp.html", "-o", "f_%d.png", "--audio-codec", "aac", NULL };
	char *with_quality[] = { "comp.html", "-o", "f_%d.jpg", "--quality", "20", NULL };
	char *plain[] = { "comp.html", "-o", "f_%d.jpeg", NULL };

	ck_assert_int_eq(resolve_args(&s, &cfg, with_audio, NULL, &err), HELIOS_EINVAL);
	ck_assert_msg(strstr(err.text, "png cannot hold aac"), "%s", err.text);
	helios_settings_release(&s);
	ck_assert_int_eq(resolve_args(&s, &cfg, with_quality, NULL, &err), HELIOS_EINVAL);
	ck_assert_msg(strstr(err.text, "mjpeg has no quality scale"), "%s", err.text);
	helios_settings_release(&s);
	ck_assert_int_eq(resolve_args(&s, &cfg, plain, NULL, &err), HELIOS_OK);
	ck_assert(cfg.images);
	ck_assert_str_eq(helios_config_video_codec(&cfg)->name, "mjpeg");
	ck_assert_ptr_null(helios_config_audio_codec(&cfg));
	helios_settings_release(&s);
}
END_TEST

START_TEST(chunks_write_one_pattern_and_name_their_last_frame)
{
	struct test_fixture fx;
	struct helios_buf b;
	struct helios_chunk c;

	test_fixture_make(&fx, "/w", "job.json", "comp.html", "-o", "seq/f_%05d.png", "--start-frame", "30",
			  "--frame-count", "9", "--concurrency", "3", NULL);
	helios_buf_init(&b);
	helios_layout_chunk_output(&fx.layout, 1, &b);
	ck_assert_str_eq(helios_buf_str(&b), "seq/f_00035.png");
	helios_buf_clear(&b);
	c = helios_plan_chunk(&fx.config.plan, 1);
	helios_layout_chunk_command(&fx.layout, &c, &b);
	ck_assert_msg(strstr(helios_buf_str(&b), " -o seq/f_%05d.png --start-frame 33 --frame-count 3"), "%s",
		      helios_buf_str(&b));
	helios_buf_clear(&b);
	helios_layout_merge_head(&fx.layout, &b);
	for (int64_t id = 0; id < fx.config.plan.chunk_count; id++)
		helios_layout_merge_append(&fx.layout, id, &b);
	ck_assert_str_eq(helios_buf_str(&b),
			 "helios merge seq/f_%05d.png --start-frame 30 seq/f_00032.png seq/f_00035.png seq/f_00038.png");
	helios_buf_release(&b);
	test_fixture_release(&fx);
}
END_TEST

START_TEST(the_merge_reads_each_chunk_range_from_its_last_frame)
{
	struct helios_sequence seq;
	struct helios_error err = { "" };
	char *good[] = { "f_0004.png", "f_0009.png", "f_0010.png" };
	char *overlap[] = { "f_0004.png", "f_0004.png" };
	char *early[] = { "f_0002.png" };
	char *other[] = { "g_0002.png" };
	int64_t last[3];

	ck_assert(helios_sequence_parse("f_%04d.png", &seq));
	ck_assert_int_eq(run_sequence_ranges(&seq, good, 3, 3, last, &err), HELIOS_OK);
	ck_assert_int_eq(last[0], 4);
	ck_assert_int_eq(last[2], 10);
	ck_assert_int_eq(run_sequence_ranges(&seq, overlap, 2, 3, last, &err), HELIOS_EUSAGE);
	ck_assert_msg(strstr(err.text, "chunks overlap"), "%s", err.text);
	ck_assert_int_eq(run_sequence_ranges(&seq, early, 1, 3, last, &err), HELIOS_EUSAGE);
	ck_assert_msg(strstr(err.text, "comes before --start-frame 3"), "%s", err.text);
	ck_assert_int_eq(run_sequence_ranges(&seq, other, 1, 0, last, &err), HELIOS_EUSAGE);
	ck_assert_msg(strstr(err.text, "not a frame of the sequence"), "%s", err.text);
}
END_TEST

START_TEST(stills_are_listed_in_ascending_order)
{
	struct helios_error err = { "" };
	int64_t frames[4], count = 0;

	ck_assert_int_eq(helios_sequence_frames_parse("0,45,90", frames, &count, &err), HELIOS_OK);
	ck_assert_int_eq(count, 3);
	ck_assert_int_eq(frames[1], 45);
	ck_assert_int_eq(frames[2], 90);
	ck_assert_int_eq(helios_sequence_frames_parse("7", NULL, &count, &err), HELIOS_OK);
	ck_assert_int_eq(count, 1);
	ck_assert_int_eq(helios_sequence_frames_parse("45,0", NULL, &count, &err), HELIOS_EINVAL);
	ck_assert_msg(strstr(err.text, "ascending order, each once"), "%s", err.text);
	ck_assert_int_eq(helios_sequence_frames_parse("3,3", NULL, &count, &err), HELIOS_EINVAL);
	ck_assert_int_eq(helios_sequence_frames_parse("1,,2", NULL, &count, &err), HELIOS_EINVAL);
	ck_assert_int_eq(helios_sequence_frames_parse("1,", NULL, &count, &err), HELIOS_EINVAL);
	ck_assert_int_eq(helios_sequence_frames_parse("-1", NULL, &count, &err), HELIOS_EINVAL);
	ck_assert_int_eq(helios_sequence_frames_parse("99999999999999999999", NULL, &count, &err), HELIOS_EINVAL);
}
END_TEST

/* Resolve comp.html with the arguments; the message of a refusal. */
/* What resolving argv says: the refusal, whose flag must be blamed, or
 * "accepted: " and the pixel format, " alpha" when it has one. */
static const char *verdict(char **argv, enum helios_option_id blamed)
{
	static struct helios_error err;
	struct helios_settings s;
	struct helios_config cfg;
	enum helios_option_id bad = HELIOS_OPTION_COUNT;

	if (resolve_args(&s, &cfg, argv, &bad, &err) == HELIOS_OK)
		snprintf(err.text, sizeof(err.text), "accepted: %s%s", cfg.pixel_format, cfg.alpha ? " alpha" : "");
	else
		ck_assert_int_eq(bad, blamed);
	helios_settings_release(&s);
	return err.text;
}

static const char *refusal(char **argv)
{
	return verdict(argv, HELIOS_OPTION_FRAME);
}

START_TEST(stills_take_their_range_from_the_list)
{
	struct helios_settings s;
	struct helios_config cfg;
	struct helios_error err = { "" };
	char *list[] = { "comp.html", "--frame", "10,45,90", "-o", "t_%d.jpg", NULL };
	char *one[] = { "comp.html", "--frame", "45", "-o", "poster.png", NULL };
	char *video[] = { "comp.html", "--frame", "45", "-o", "x.mp4", NULL };
	char *two_in_one[] = { "comp.html", "--frame", "1,2", "-o", "poster.png", NULL };
	char *split[] = { "comp.html", "--frame", "1", "-o", "p.png", "--concurrency", "2", NULL };
	char *range[] = { "comp.html", "--frame", "1", "-o", "p.png", "--frame-count", "2", NULL };
	char *job[] = { "comp.html", "--frame", "1", "-o", "p.png", "--emit-job", "j.json", NULL };

	ck_assert_int_eq(resolve_args(&s, &cfg, list, NULL, &err), HELIOS_OK);
	ck_assert_int_eq(cfg.start_frame, 10);
	ck_assert_int_eq(cfg.total_frames, 3);
	ck_assert_int_eq(cfg.plan.chunk_count, 1);
	ck_assert(cfg.images && !cfg.still);
	helios_settings_release(&s);
	ck_assert_int_eq(resolve_args(&s, &cfg, one, NULL, &err), HELIOS_OK);
	ck_assert(cfg.images && cfg.still);
	ck_assert_int_eq(cfg.start_frame, 45);
	ck_assert_int_eq(cfg.total_frames, 1);
	helios_settings_release(&s);
	ck_assert_msg(strstr(refusal(video), "stills are images"), "%s", refusal(video));
	ck_assert_msg(strstr(refusal(two_in_one), "such as thumb_%d.png"), "%s", refusal(two_in_one));
	ck_assert_msg(strstr(refusal(split), "in one piece (not with --concurrency)"), "%s", refusal(split));
	ck_assert_msg(strstr(refusal(range), "give either --frame or --frame-count"), "%s", refusal(range));
	ck_assert_msg(strstr(refusal(job), "not as a job (--emit-job)"), "%s", refusal(job));
}
END_TEST

#define VERDICT(blamed, want, ...)                                                               \
	do {                                                                                     \
		char *argv_[] = { "comp.html", __VA_ARGS__, NULL };                              \
		const char *got_ = verdict(argv_, HELIOS_OPTION_##blamed);                       \
		ck_assert_msg(strstr(got_, want), "'%s' lacks '%s'", got_, want);                \
	} while (0)
#define PIXELS(want, ...) VERDICT(PIXEL_FORMAT, want, __VA_ARGS__)
#define PRESETS(want, ...) VERDICT(PRESET, want, __VA_ARGS__)

START_TEST(pixel_formats_are_checked_against_the_encoder)
{
	PIXELS("accepted: yuv420p", "-o", "x.mp4");
	PIXELS("accepted: yuv422p10le", "-o", "x.mov", "--video-codec", "prores_ks");
	PIXELS("accepted: rgb24", "-o", "f_%d.png");
	PIXELS("accepted: yuva444p10le alpha", "-o", "x.mov", "--video-codec", "prores_ks", "--pixel-format",
	       "yuva444p10le");
	PIXELS("accepted: yuva420p alpha", "-o", "x.webm", "--pixel-format", "yuva420p");
	PIXELS("accepted: rgba alpha", "-o", "f_%d.png", "--pixel-format", "rgba");
	PIXELS("accepted: yuv444p", "-o", "x.mkv", "--pixel-format", "yuv444p");
	PIXELS("accepted: gbrp", "-o", "x.mkv", "--video-codec", "ffv1", "--pixel-format", "gbrp");
	PIXELS("--pixel-format: 'yuv411p': libx264 takes yuv420p, yuv422p, yuv444p", "-o", "x.mp4",
	       "--pixel-format", "yuv411p");
	PIXELS("'yuva420p': libx264 in mov cannot hold transparency (use -o .mov with --video-codec prores_ks",
	       "-o", "x.mov", "--pixel-format", "yuva420p");
	PIXELS("'yuva420p': mp4 cannot hold transparency", "-o", "x.mp4", "--video-codec", "libvpx-vp9",
	       "--pixel-format", "yuva420p");
	PIXELS("mjpeg in jpg cannot hold transparency", "-o", "f_%d.jpg", "--pixel-format", "yuva420p");
	PIXELS("not a pixel format", "-o", "x.mp4", "--pixel-format", "yuv420p,scale=2:2");
	PIXELS("accepted: yuv420p", "-o", "x.mp4", "--preset", "slow");
	PIXELS("accepted: yuv420p", "-o", "x.mkv", "--video-codec", "libsvtav1", "--preset", "8");
	PRESETS("--preset: 'quick': libx264's presets are ultrafast superfast", "-o", "x.mp4", "--preset", "quick");
	PRESETS("--preset: 'slow': libvpx-vp9 has no presets", "-o", "x.webm", "--preset", "slow");
	PRESETS("--preset: '-x': not a preset name", "-o", "x.mkv", "--video-codec", "ffv1", "--preset=-x");
	PIXELS("transparency needs --image-format png, not jpeg", "-o", "x.webm", "--pixel-format", "yuva420p",
	       "--image-format", "jpeg");
}
END_TEST

Suite *suite_sequence(void)
{
	Suite *s = suite_create("sequence");
	TCase *tc = tcase_create("sequence");

	tcase_add_test(tc, a_name_holds_the_frame_number);
	tcase_add_test(tc, only_one_number_in_the_file_name);
	tcase_add_test(tc, a_frame_is_read_back_from_its_name_only);
	tcase_add_test(tc, an_image_output_without_a_number_is_refused_at_planning);
	tcase_add_test(tc, images_hold_no_sound_and_no_quality_scale);
	tcase_add_test(tc, chunks_write_one_pattern_and_name_their_last_frame);
	tcase_add_test(tc, the_merge_reads_each_chunk_range_from_its_last_frame);
	tcase_add_test(tc, stills_are_listed_in_ascending_order);
	tcase_add_test(tc, stills_take_their_range_from_the_list);
	tcase_add_test(tc, pixel_formats_are_checked_against_the_encoder);
	suite_add_tcase(s, tc);
	return s;
}
