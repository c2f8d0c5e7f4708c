/* How a plan looks in a job: paths relative to the job directory, chunk
 * names, the exact chunk and merge commands. */
#include <check.h>
#include <stdio.h>
#include <stdarg.h>
#include <string.h>

#include "helios/config.h"
#include "helios/layout.h"
#include "helios/quote.h"
#include "fixture.h"
#include "suites.h"

static const char *command(struct test_fixture *fx, int64_t id)
{
	static struct helios_buf b;
	struct helios_chunk c = helios_plan_chunk(&fx->config.plan, id);

	helios_buf_release(&b);
	helios_layout_chunk_command(&fx->layout, &c, &b);
	return helios_buf_str(&b);
}

static const char *merge(struct test_fixture *fx)
{
	static struct helios_buf b;

	helios_buf_release(&b);
	helios_layout_merge_head(&fx->layout, &b);
	for (int64_t id = 0; id < fx->config.plan.chunk_count; id++)
		helios_layout_merge_append(&fx->layout, id, &b);
	return helios_buf_str(&b);
}

START_TEST(paths_relative_to_job_dir)
{
	struct test_fixture fx;

	test_fixture_make(&fx, "/w", "out/job.json", "comp.html", "-o", "out/final.mp4", NULL);
	ck_assert_str_eq(fx.layout.input, "../comp.html");
	ck_assert_str_eq(fx.layout.output, "final.mp4");
	ck_assert_str_eq(fx.layout.part_stem, "final_part_");
	ck_assert_str_eq(fx.layout.part_ext, ".mp4");
	ck_assert_ptr_null(fx.layout.input_file);
	ck_assert_str_eq(command(&fx, 0), "helios render ../comp.html -o final_part_0.mp4 --start-frame 0 "
					  "--frame-count 30 --width 1920 --height 1080 --fps 30 --mode canvas");
	test_fixture_release(&fx);

	test_fixture_make(&fx, "/w", "/w/jobs/j.json", "/srv/c.html", "-o", "/w/render/x.webm", NULL);
	ck_assert_str_eq(fx.layout.input, "../../srv/c.html");
	ck_assert_str_eq(fx.layout.output, "../render/x.webm");
	test_fixture_release(&fx);

	test_fixture_make(&fx, "/w", NULL, "../comp.html", "-o", "a/b.mov", NULL);
	ck_assert_str_eq(fx.layout.input, "../comp.html");
	ck_assert_str_eq(fx.layout.output, "a/b.mov");
	test_fixture_release(&fx);

	/* URLs stay URLs. */
	test_fixture_make(&fx, "/w", "out/job.json", "https://h/comp.html?x=1", NULL);
	ck_assert_str_eq(fx.layout.input, "https://h/comp.html?x=1");
	ck_assert_str_eq(command(&fx, 0), "helios render 'https://h/comp.html?x=1' -o ../output_part_0.mp4 "
					  "--start-frame 0 --frame-count 30 --width 1920 --height 1080 "
					  "--fps 30 --mode canvas");
	test_fixture_release(&fx);
}
END_TEST

/* helios render --concurrency keeps its chunks in a work directory. */
START_TEST(part_stem_in_the_job_dir)
{
	struct test_fixture fx;
	struct helios_error err;

	test_fixture_make(&fx, "/w", "out/.my film.mp4.helios/job.json", "comp.html", "-o", "out/my film.mp4",
			  "--concurrency", "2", NULL);
	ck_assert_str_eq(fx.layout.output, "../my film.mp4");
	ck_assert(fx.layout.parts_need_quotes);
	ck_assert_int_eq(helios_layout_set_part_stem(&fx.layout, "part_", &err), HELIOS_OK);
	ck_assert(!fx.layout.parts_need_quotes);
	ck_assert_str_eq(command(&fx, 1), "helios render ../../comp.html -o part_1.mp4 --start-frame 15 "
					  "--frame-count 15 --width 1920 --height 1080 --fps 30 --mode canvas");
	ck_assert_str_eq(merge(&fx), "helios merge '../my film.mp4' part_0.mp4 part_1.mp4");
	test_fixture_release(&fx);
}
END_TEST

START_TEST(base_url_rewrites_input)
{
	struct test_fixture fx;

	test_fixture_make(&fx, "/w", "out/job.json", "comps/my comp.html", "--base-url", "https://cdn.example/site/", NULL);
	ck_assert_str_eq(fx.layout.input, "https://cdn.example/site/../comps/my%20comp.html");
	ck_assert_str_eq(fx.layout.input_file, "../comps/my comp.html");
	test_fixture_release(&fx);

	test_fixture_make(&fx, "/w", "job.json", "comps/né.html", "--job-base-url", "http://h:8080", NULL);
	ck_assert_str_eq(fx.layout.input, "http://h:8080/comps/n%C3%A9.html");
	ck_assert_str_eq(fx.layout.input_file, "comps/né.html");
	test_fixture_release(&fx);
}
END_TEST

START_TEST(chunk_flags_in_every_command)
{
	struct test_fixture fx;

	test_fixture_make(&fx, "/w", "job.json", "comp.html", "-o", "v.mkv", "--video-codec", "libvpx-vp9", "--audio-codec",
	     "libopus", "--quality", "30", "--mode", "dom", "--no-headless", "--fps", "29.97",
	     "--width", "640", "--height", "480", "--frame-count", "10", "--concurrency", "4",
	     "--start-frame", "100", NULL);
	for (int64_t id = 0; id < fx.config.plan.chunk_count; id++) {
		struct helios_chunk c = helios_plan_chunk(&fx.config.plan, id);
		char want[512];

		snprintf(want, sizeof(want),
			 "helios render comp.html -o v_part_%lld.mkv --start-frame %lld --frame-count %lld "
			 "--width 640 --height 480 --fps 29.97 --quality 30 --mode dom --video-codec "
			 "libvpx-vp9 --audio-codec libopus --no-headless",
			 (long long)id, (long long)c.start_frame, (long long)c.frame_count);
		ck_assert_str_eq(command(&fx, id), want);
	}
	ck_assert(!fx.layout.needs_renderer);
	ck_assert_str_eq(merge(&fx), "helios merge v.mkv v_part_0.mkv v_part_1.mkv v_part_2.mkv v_part_3.mkv");
	test_fixture_release(&fx);

	test_fixture_make(&fx, "/w", "job.json", "comp.html", "--fps", "30000/1001", NULL);
	ck_assert(fx.layout.needs_renderer);
	ck_assert(strstr(command(&fx, 0), " --fps 30000/1001 "));
	test_fixture_release(&fx);
}
END_TEST

/* Words of a command as our splitter reads them. */
static void words_are(const char *cmd, int n, ...)
{
	char **argv;
	int argc;
	va_list ap;

	ck_assert_int_eq(helios_quote_split(cmd, &argv, &argc, NULL), HELIOS_OK);
	ck_assert_msg(argc >= n, "'%s': %d words", cmd, argc);
	va_start(ap, n);
	for (int i = 0; i < n; i++) {
		const char *want = va_arg(ap, const char *);

		if (want)
			ck_assert_msg(strcmp(argv[i], want) == 0, "'%s': word %d is '%s', expected '%s'", cmd,
				      i, argv[i], want);
	}
	va_end(ap);
	helios_quote_free(argv);
}

START_TEST(hostile_names_stay_single_words)
{
	struct test_fixture fx;

	test_fixture_make(&fx, "/w", "job.json", "a b/it's \"q\" $x;`y`\\\n\tné.html", "-o", "o u't.mp4", NULL);
	words_are(command(&fx, 0), 5, "helios", "render", "a b/it's \"q\" $x;`y`\\\n\tné.html", "-o",
		  "o u't_part_0.mp4");
	words_are(merge(&fx), 4, "helios", "merge", "o u't.mp4", "o u't_part_0.mp4");
	test_fixture_release(&fx);
}
END_TEST

/* A path starting with '-' would be read as a flag by the renderer and by
 * `helios merge`: it must be written as ./-name. */
START_TEST(dash_names_are_not_flags)
{
	struct test_fixture fx;
	struct helios_buf out;

	test_fixture_make(&fx, "/w", "job.json", "-o", "-final.mp4", "--", "-comp.html", NULL);
	ck_assert_str_eq(fx.layout.input, "./-comp.html");
	ck_assert_str_eq(fx.layout.output, "./-final.mp4");
	helios_buf_init(&out);
	helios_layout_chunk_output(&fx.layout, 0, &out);
	ck_assert_str_eq(helios_buf_str(&out), "./-final_part_0.mp4");
	helios_buf_release(&out);
	words_are(command(&fx, 0), 5, "helios", "render", "./-comp.html", "-o", "./-final_part_0.mp4");
	words_are(merge(&fx), 4, "helios", "merge", "./-final.mp4", "./-final_part_0.mp4");
	test_fixture_release(&fx);

	/* With --base-url the URL has no "./". */
	test_fixture_make(&fx, "/w", "job.json", "--base-url", "http://h/", "--", "-comp.html", NULL);
	ck_assert_str_eq(fx.layout.input, "http://h/-comp.html");
	test_fixture_release(&fx);
}
END_TEST

START_TEST(cli_command_reproduces_settings)
{
	struct test_fixture fx;
	struct helios_buf b;

	test_fixture_make(&fx, "/w", "out/job.json", "my comp.html", "--fps", "29.970", "--balance", "-o", "x.mkv",
	     "--emit-job", "out/job.json", NULL);
	helios_buf_init(&b);
	helios_layout_cli_command(&fx.settings, &b);
	ck_assert_str_eq(helios_buf_str(&b),
			 "helios render 'my comp.html' -o x.mkv --emit-job out/job.json --fps 29.97 --balance");
	helios_buf_release(&b);
	test_fixture_release(&fx);
}
END_TEST

START_TEST(merge_line_parts)
{
	struct helios_merge_line line;
	struct helios_error err;

	ck_assert_int_eq(helios_layout_merge_parse("helios merge --fps 30 'out put.mp4' a.mp4 --video-codec libx264 - b.mp4 "
						   "--unknown c.mp4 --quality",
						   &line, &err),
			 HELIOS_OK);
	ck_assert_str_eq(line.output, "out put.mp4");
	ck_assert_int_eq(line.input_count, 4);
	ck_assert_str_eq(line.inputs[0], "a.mp4");
	ck_assert_str_eq(line.inputs[1], "-");
	ck_assert_str_eq(line.inputs[2], "b.mp4");
	ck_assert_str_eq(line.inputs[3], "c.mp4");
	ck_assert_str_eq(line.fps, "30");
	ck_assert_str_eq(line.video_codec, "libx264");
	ck_assert_ptr_null(line.quality);
	ck_assert_ptr_null(line.audio_codec);
	helios_merge_line_release(&line);

	ck_assert_int_eq(helios_layout_merge_parse("helios", &line, &err), HELIOS_OK);
	ck_assert_ptr_null(line.output);
	helios_merge_line_release(&line);
	ck_assert_int_eq(helios_layout_merge_parse("helios merge 'open", &line, &err), HELIOS_EINVAL);
	helios_merge_line_release(&line);
}
END_TEST

Suite *suite_layout(void)
{
	Suite *s = suite_create("layout");
	TCase *tc = tcase_create("layout");

	tcase_add_test(tc, paths_relative_to_job_dir);
	tcase_add_test(tc, part_stem_in_the_job_dir);
	tcase_add_test(tc, base_url_rewrites_input);
	tcase_add_test(tc, chunk_flags_in_every_command);
	tcase_add_test(tc, hostile_names_stay_single_words);
	tcase_add_test(tc, dash_names_are_not_flags);
	tcase_add_test(tc, cli_command_reproduces_settings);
	tcase_add_test(tc, merge_line_parts);
	suite_add_tcase(s, tc);
	return s;
}
