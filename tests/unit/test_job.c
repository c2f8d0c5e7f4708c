/* Job files: writer -> reader round trips in memory, reader errors with
 * their JSON paths, upstream's files, the validator, atomic writes. */
#include <check.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helios/config.h"
#include "job/job.h"
#include "helios/layout.h"
#include "helios/quote.h"
#include "fixture.h"
#include "suites.h"

/* The job text written to memory; *len receives its length. */
static char *write_mem(struct test_fixture *fx, size_t *len)
{
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);
	struct helios_error err = { "" };

	ck_assert(f != NULL);
	ck_assert_msg(helios_job_write_stream(f, &fx->layout, &fx->settings, &err) == HELIOS_OK, "%s",
		      err.text);
	ck_assert_int_eq(fclose(f), 0);
	*len = size;
	return text;
}

static void parse_ok(struct helios_job *job, const char *text, size_t len)
{
	struct helios_error err = { "" };

	helios_job_init(job);
	ck_assert_msg(helios_job_parse(job, text, len, &err) == HELIOS_OK, "%s\n%s", err.text, text);
}

START_TEST(round_trip_seed_plan)
{
	struct test_fixture fx;
	struct helios_job job;
	struct helios_error err = { "" };
	size_t len;
	char *text;

	test_fixture_make(&fx, "/work/project", "job.json", "comp.html", "-o", "final.mp4", "--concurrency", "4",
		     "--emit-job", "job.json", NULL);
	text = write_mem(&fx, &len);
	parse_ok(&job, text, len);
	ck_assert_int_eq(helios_job_validate(&job, &err), HELIOS_OK);
	ck_assert_int_eq(job.format_version, HELIOS_JOB_FORMAT);
	ck_assert_str_eq(job.input, "comp.html");
	ck_assert_str_eq(job.output, "final.mp4");
	ck_assert_int_eq(job.total_frames, 30);
	ck_assert_int_eq(job.start_frame, 0);
	ck_assert(job.fps == 30.0);
	ck_assert_int_eq(job.width, 1920);
	ck_assert_int_eq(job.height, 1080);
	ck_assert(job.duration == 1.0);
	ck_assert_int_eq(job.chunk_count, 4);
	for (int64_t i = 0; i < 4; i++) {
		char name[32];

		snprintf(name, sizeof(name), "final_part_%lld.mp4", (long long)i);
		ck_assert_int_eq(job.chunks[i].id, i);
		ck_assert_int_eq(job.chunks[i].start_frame, 8 * i);
		ck_assert_int_eq(job.chunks[i].frame_count, i == 3 ? 6 : 8);
		ck_assert_str_eq(job.chunks[i].output_file, name);
	}
	ck_assert_str_eq(job.chunks[1].command,
			 "helios render comp.html -o final_part_1.mp4 --start-frame 8 --frame-count 8 "
			 "--width 1920 --height 1080 --fps 30 --mode canvas");
	ck_assert_str_eq(job.merge_command, "helios merge final.mp4 final_part_0.mp4 final_part_1.mp4 "
					    "final_part_2.mp4 final_part_3.mp4");
	ck_assert(!helios_job_needs_helios_renderer(&job));
	/* The settings that shaped the plan come back. */
	ck_assert(job.has_settings);
	ck_assert_str_eq(helios_settings_get(&job.settings, HELIOS_OPTION_CONCURRENCY), "4");
	helios_job_release(&job);
	free(text);
	test_fixture_release(&fx);
}
END_TEST

/* A duration no int holds (1e11 s) is written exactly (its conversion to
 * int was once undefined behaviour). */
START_TEST(round_trip_long_duration)
{
	struct test_fixture fx;
	struct helios_job job;
	struct helios_error err = { "" };
	size_t len;
	char *text;

	test_fixture_make(&fx, "/work/project", "job.json", "comp.html", "--frame-count", "100000000000",
			  "--fps", "1", "--emit-job", "job.json", NULL);
	text = write_mem(&fx, &len);
	parse_ok(&job, text, len);
	ck_assert_msg(helios_job_validate(&job, &err) == HELIOS_OK, "%s", err.text);
	ck_assert_int_eq(job.total_frames, INT64_C(100000000000));
	ck_assert(job.duration == 1e11);
	helios_job_release(&job);
	free(text);
	test_fixture_release(&fx);
}
END_TEST

/* Every setting that shaped the plan is in metadata.settings, and hostile
 * paths survive JSON and quoting. */
START_TEST(round_trip_every_setting)
{
	static const char input[] = "../in put/it's \"$x\";`y`\\\nné.html";
	struct test_fixture fx;
	struct helios_job job;
	struct helios_error err = { "" };
	char **argv;
	int argc;
	size_t len;
	char *text;

	test_fixture_make(&fx, "/work/project", "jobs/job.json", input, "-o", "jobs/out $1.mkv", "--width", "640",
		     "--height", "360", "--fps", "30000/1001", "--duration", "2.5", "--start-frame", "5",
		     "--quality", "20", "--mode", "dom", "--video-codec", "libx265", "--audio-codec",
		     "libopus", "--balance", "--concurrency", "7", "--keyframe-interval", "4",
		     "--no-headless", "--emit-job", "jobs/job.json", NULL);
	text = write_mem(&fx, &len);
	parse_ok(&job, text, len);
	ck_assert_msg(helios_job_validate(&job, &err) == HELIOS_OK, "%s", err.text);
	ck_assert_int_eq(job.total_frames, 75);
	ck_assert_int_eq(job.start_frame, 5);
	ck_assert_str_eq(job.output, "out $1.mkv");
	ck_assert_str_eq(job.input, "../../in put/it's \"$x\";`y`\\\nné.html");
	ck_assert(helios_job_needs_helios_renderer(&job));	/* --fps 30000/1001 */
	for (int i = 0; i < HELIOS_OPTION_COUNT; i++) {
		if (!(helios_options[i].flags & HELIOS_OPT_PLAN))
			continue;
		ck_assert_msg((helios_settings_get(&job.settings, i) == NULL) ==
				      (helios_settings_get(&fx.settings, i) == NULL),
			      "metadata.settings.%s", helios_options[i].name);
		if (helios_settings_get(&fx.settings, i))
			ck_assert_str_eq(helios_settings_get(&job.settings, i),
					 helios_settings_get(&fx.settings, i));
	}
	ck_assert_int_eq(helios_quote_split(job.chunks[0].command, &argv, &argc, NULL), HELIOS_OK);
	{
		const char *want[] = { "helios", "render", "../../in put/it's \"$x\";`y`\\\nné.html", "-o",
				       "out $1_part_0.mkv", "--start-frame", "5", "--frame-count",
				       "12", "--width", "640", "--height", "360", "--fps", "30000/1001",
				       "--quality", "20", "--mode", "dom", "--video-codec", "libx265",
				       "--audio-codec", "libopus", "--no-headless" };

		ck_assert_int_eq(argc, (int)(sizeof(want) / sizeof(want[0])));
		for (int i = 0; i < argc; i++)
			ck_assert_str_eq(argv[i], want[i]);
	}
	helios_quote_free(argv);
	helios_job_release(&job);
	free(text);
	test_fixture_release(&fx);
}
END_TEST

START_TEST(same_settings_same_bytes)
{
	struct test_fixture a, b;
	size_t alen, blen;
	char *ta, *tb;

	test_fixture_make(&a, "/work/project", "job.json", "comp.html", "--fps", "29.97", "--duration", "100", "--concurrency",
		     "13", "--balance", NULL);
	test_fixture_make(&b, "/work/project", "job.json", "comp.html", "--fps", "29.97", "--duration", "100", "--concurrency",
		     "13", "--balance", NULL);
	ta = write_mem(&a, &alen);
	tb = write_mem(&b, &blen);
	ck_assert_int_eq(alen, blen);
	ck_assert(memcmp(ta, tb, alen) == 0);
	free(ta);
	free(tb);
	test_fixture_release(&a);
	test_fixture_release(&b);
}
END_TEST

static void parse_fails(const char *text, const char *why)
{
	struct helios_job job;
	struct helios_error err = { "" };

	helios_job_init(&job);
	ck_assert_int_eq(helios_job_parse(&job, text, strlen(text), &err), HELIOS_EFORMAT);
	ck_assert_msg(strstr(err.text, why), "message '%s' lacks '%s'", err.text, why);
	ck_assert_ptr_null(job.chunks);
	helios_job_release(&job);
}

#define META "\"metadata\": {\"totalFrames\": 2, \"fps\": 30, \"width\": 8, \"height\": 8, \"duration\": 0.1}"
#define CHUNK0 "{\"id\": 0, \"startFrame\": 0, \"frameCount\": 1, \"outputFile\": \"a.mp4\", \"command\": \"x\"}"

START_TEST(reader_errors_name_the_path)
{
	parse_fails("", "not valid JSON");
	parse_fails("{\n  \"metadata\": {,\n}", "not valid JSON (line 2");
	parse_fails("[]", "top level is not an object");
	parse_fails("{}", "metadata: missing");
	parse_fails("{\"metadata\": 3}", "metadata: not an object");
	parse_fails("{\"metadata\": {}}", "metadata.totalFrames: missing");
	parse_fails("{\"metadata\": {\"totalFrames\": 2, \"width\": 8, \"height\": 8, \"duration\": 1}}",
		    "metadata.fps: missing");
	parse_fails("{\"metadata\": {\"totalFrames\": 2, \"fps\": 30, \"height\": 8, \"duration\": 1}}",
		    "metadata.width: missing");
	parse_fails("{\"metadata\": {\"totalFrames\": 2, \"fps\": 30, \"width\": 8, \"height\": 8}}",
		    "metadata.duration: missing");
	parse_fails("{\"metadata\": {\"totalFrames\": \"2\", \"fps\": 30, \"width\": 8, \"height\": 8, "
		    "\"duration\": 1}}", "metadata.totalFrames: not a number");
	parse_fails("{\"metadata\": {\"totalFrames\": 2.5, \"fps\": 30, \"width\": 8, \"height\": 8, "
		    "\"duration\": 1}}", "metadata.totalFrames: 2.5 is not a whole number");
	parse_fails("{" META "}", "chunks: missing");
	parse_fails("{" META ", \"chunks\": {}}", "chunks: not an array");
	parse_fails("{" META ", \"chunks\": [" CHUNK0 ", 5]}", "chunks[1]: not an object");
	parse_fails("{" META ", \"chunks\": [" CHUNK0 ", {\"id\": 1, \"startFrame\": 1, \"outputFile\": "
		    "\"b.mp4\", \"command\": \"x\"}]}", "chunks[1].frameCount: missing");
	parse_fails("{" META ", \"chunks\": [{\"id\": 0, \"startFrame\": 0, \"frameCount\": 1, "
		    "\"outputFile\": 5, \"command\": \"x\"}]}", "chunks[0].outputFile: not a string");
	parse_fails("{" META ", \"chunks\": [{\"id\": 0, \"startFrame\": 0, \"frameCount\": 1, "
		    "\"outputFile\": \"a\"}]}", "chunks[0].command: missing");
	parse_fails("{" META ", \"chunks\": [" CHUNK0 "]}", "mergeCommand: missing");
	parse_fails("{" META ", \"chunks\": [" CHUNK0 "], \"mergeCommand\": 1}", "mergeCommand: not a string");
	parse_fails("{\"metadata\": {\"formatVersion\": 2, \"totalFrames\": 2, \"fps\": 30, \"width\": 8, "
		    "\"height\": 8, \"duration\": 1}, \"chunks\": [], \"mergeCommand\": \"\"}",
		    "metadata.formatVersion: 2: written by a newer helios");
	/* 2^32 + 1 is not version 1 (issue 10 item 9). */
	parse_fails("{\"metadata\": {\"formatVersion\": 4294967297, \"totalFrames\": 2, \"fps\": 30, \"width\": 8, "
		    "\"height\": 8, \"duration\": 1}, \"chunks\": [], \"mergeCommand\": \"\"}",
		    "metadata.formatVersion: 4294967297: written by a newer helios");
	parse_fails("{\"metadata\": {\"formatVersion\": -1, \"totalFrames\": 2, \"fps\": 30, \"width\": 8, "
		    "\"height\": 8, \"duration\": 1}, \"chunks\": [], \"mergeCommand\": \"\"}",
		    "metadata.formatVersion: -1: not a version");
	parse_fails("{" META ", \"chunks\": [" CHUNK0 "], \"mergeCommand\": \"m\"}\n{}",
		    "text after the JSON object (line 2, byte 1)");
	parse_fails("{" META ", \"chunks\": [" CHUNK0 "], \"mergeCommand\": \"m\"} x", "text after the JSON object");
	parse_fails("{\"metadata\": {\"input\": \"http://x\xff/c.html\"}}", "not UTF-8 text (line 1, byte 33)");
	parse_fails("{\"x\": \"\xc0\xaf\"}", "not UTF-8 text");		/* overlong '/' */
	parse_fails("{\"x\": \"\xed\xa0\x80\"}", "not UTF-8 text");	/* a surrogate */
	parse_fails("{\"x\": \"\xe2\x82\"}", "not UTF-8 text");		/* cut short */
	parse_fails("{\"metadata\": {\"totalFrames\": 2, \"fps\": 30, \"width\": 8, \"height\": 8, "
		    "\"duration\": 1, \"settings\": {\"fps\": \"abc\"}}, \"chunks\": [], \"mergeCommand\": \"\"}",
		    "metadata.settings: --fps: 'abc'");
}
END_TEST

/* Numbers no integer holds, in every whole-number field, also after an
 * earlier error (they were once converted anyway: undefined behaviour). */
START_TEST(reader_rejects_huge_numbers)
{
	parse_fails("{\"metadata\": {\"width\": 1e400}}", "metadata.totalFrames: missing");
	parse_fails("{\"metadata\": {\"width\": -1e400, \"height\": 1e300}}",
		    "metadata.totalFrames: missing");
	parse_fails("{\"metadata\": {\"totalFrames\": 1e400, \"width\": 1e300}}",
		    "metadata.totalFrames: inf is not a whole number in range");
	parse_fails("{\"metadata\": {\"totalFrames\": 2, \"fps\": 30, \"width\": 1e300, \"height\": 8, "
		    "\"duration\": 1}}", "metadata.width: 1e+300 is not a whole number in range");
	parse_fails("{\"metadata\": {\"formatVersion\": 1e19, \"totalFrames\": 2}}",
		    "metadata.formatVersion: 1e+19 is not a whole number in range");
	parse_fails("{" META ", \"chunks\": [{\"id\": 1e300, \"startFrame\": -1e300, "
		    "\"frameCount\": 1e400, \"outputFile\": \"a\", \"command\": \"x\"}]}",
		    "chunks[0].id: 1e+300 is not a whole number in range");
	parse_fails("{" META ", \"chunks\": [{\"startFrame\": -1e300, "
		    "\"frameCount\": 1e400, \"outputFile\": \"a\", \"command\": \"x\"}]}",
		    "chunks[0].id: missing");
}
END_TEST

START_TEST(reader_ignores_unknown_fields)
{
	static const char text[] = "{\"extra\": [1, {\"x\": null}], " META ", \"chunks\": ["
		"{\"id\": 0, \"startFrame\": 0, \"frameCount\": 2, \"outputFile\": \"a.mp4\", "
		"\"command\": \"helios render c.html -o a.mp4\", \"status\": \"done\"}], "
		"\"mergeCommand\": \"helios merge o.mp4 a.mp4\", \"zzz\": \"\xc3\xa9\xe2\x80\xa8\xf0\x9f\x98\x80\"}\n\t ";
	struct helios_job job;
	struct helios_error err = { "" };

	parse_ok(&job, text, strlen(text));
	ck_assert_int_eq(job.format_version, 0);
	/* No metadata.input or output (upstream's files): from the commands. */
	ck_assert_str_eq(job.input, "c.html");
	ck_assert_str_eq(job.output, "o.mp4");
	ck_assert(!job.has_settings);
	ck_assert_msg(helios_job_validate(&job, &err) == HELIOS_OK, "%s", err.text);
	helios_job_release(&job);
}
END_TEST

static char *read_fixture(const char *name, size_t *len)
{
	const char *dir = getenv("HELIOS_FIXTURES");
	char path[512];
	FILE *f;
	char *text;
	long size;

	snprintf(path, sizeof(path), "%s/%s", dir ? dir : "tests/fixtures", name);
	f = fopen(path, "rb");
	ck_assert_msg(f != NULL, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fseek(f, 0, SEEK_SET);
	text = malloc((size_t)size + 1);
	ck_assert(text && fread(text, 1, (size_t)size, f) == (size_t)size);
	text[size] = '\0';
	fclose(f);
	*len = (size_t)size;
	return text;
}

START_TEST(upstream_fixture_validates)
{
	struct helios_job job;
	struct helios_error err = { "" };
	size_t len;
	char *text = read_fixture("upstream-job.json", &len);

	parse_ok(&job, text, len);
	ck_assert_msg(helios_job_validate(&job, &err) == HELIOS_OK, "%s", err.text);
	ck_assert_int_eq(job.format_version, 0);
	ck_assert_int_eq(job.total_frames, 100);
	ck_assert_int_eq(job.chunk_count, 4);
	ck_assert_int_eq(job.start_frame, 0);
	ck_assert_str_eq(job.chunks[3].output_file, "temp_1712345678901_part_3.mov");
	ck_assert_int_eq(job.chunks[3].start_frame, 75);
	ck_assert(!helios_job_needs_helios_renderer(&job));
	helios_job_release(&job);
	free(text);
}
END_TEST

/* A valid four-chunk job to break in one place. */
static void seed_job(struct helios_job *job, char **text)
{
	struct test_fixture fx;
	size_t len;

	test_fixture_make(&fx, "/work/project", "job.json", "comp.html", "-o", "final.mp4", "--concurrency", "4", NULL);
	*text = write_mem(&fx, &len);
	parse_ok(job, *text, len);
	test_fixture_release(&fx);
}

static void replace(char **field, const char *value)
{
	free(*field);
	*field = strdup(value);
}

static void invalid(struct helios_job *job, char *text, const char *why)
{
	struct helios_error err = { "" };

	ck_assert_int_eq(helios_job_validate(job, &err), HELIOS_EFORMAT);
	ck_assert_msg(strstr(err.text, why), "message '%s' lacks '%s'", err.text, why);
	helios_job_release(job);
	free(text);
}

START_TEST(validator_rejects)
{
	struct helios_job job;
	char *text;

	seed_job(&job, &text);
	job.chunks[2].start_frame = 17;
	invalid(&job, text, "chunks[2].startFrame: 17, expected 16 (frames are missing)");

	seed_job(&job, &text);
	job.chunks[2].start_frame = 15;
	invalid(&job, text, "chunks[2].startFrame: 15, expected 16 (chunks overlap)");

	seed_job(&job, &text);
	job.chunks[1].id = 2;
	invalid(&job, text, "chunks[1].id: 2, expected 1");

	seed_job(&job, &text);
	job.chunks[3].frame_count = 0;
	invalid(&job, text, "chunks[3].frameCount: 0, must be at least 1");

	seed_job(&job, &text);
	job.chunks[3].frame_count = 7;
	invalid(&job, text, "chunks: cover 31 frames, metadata.totalFrames is 30");

	seed_job(&job, &text);
	job.total_frames = 0;
	invalid(&job, text, "metadata.totalFrames");

	seed_job(&job, &text);
	job.fps = 0;
	invalid(&job, text, "metadata.fps");

	seed_job(&job, &text);
	job.chunk_count = 0;	/* release still frees them: chunks stay allocated */
	{
		struct helios_error err = { "" };

		ck_assert_int_eq(helios_job_validate(&job, &err), HELIOS_EFORMAT);
		ck_assert_msg(strstr(err.text, "chunks: empty"), "%s", err.text);
		job.chunk_count = 4;
		helios_job_release(&job);
		free(text);
	}

	seed_job(&job, &text);
	replace(&job.chunks[2].output_file, "final_part_0.mp4");
	invalid(&job, text, "output 'final_part_0.mp4' is used twice");

	seed_job(&job, &text);
	replace(&job.chunks[0].output_file, "");
	invalid(&job, text, "chunks[0].outputFile: empty");
}
END_TEST

START_TEST(validator_checks_the_merge)
{
	struct helios_job job;
	char *text;

	seed_job(&job, &text);
	replace(&job.merge_command, "helios merge final.mp4 final_part_0.mp4 final_part_1.mp4 final_part_2.mp4");
	invalid(&job, text, "does not list chunks[3].outputFile 'final_part_3.mp4'");

	seed_job(&job, &text);
	replace(&job.merge_command, "helios merge final.mp4 final_part_1.mp4 final_part_0.mp4 "
				    "final_part_2.mp4 final_part_3.mp4");
	invalid(&job, text, "input 'final_part_1.mp4' is not chunks[0].outputFile");

	seed_job(&job, &text);
	replace(&job.merge_command, "helios merge final.mp4 final_part_0.mp4 final_part_1.mp4 "
				    "final_part_2.mp4 final_part_3.mp4 extra.mp4");
	invalid(&job, text, "input 'extra.mp4' is not a chunk output");

	seed_job(&job, &text);
	replace(&job.merge_command, "helios render final.mp4");
	invalid(&job, text, "mergeCommand: not a 'helios merge' command");

	/* Any other program before the word "merge" is not a merge. */
	seed_job(&job, &text);
	replace(&job.merge_command, "rm -f /elsewhere/victim merge final.mp4 final_part_0.mp4 "
				    "final_part_1.mp4 final_part_2.mp4 final_part_3.mp4");
	invalid(&job, text, "mergeCommand: not a 'helios merge' command");

	seed_job(&job, &text);
	replace(&job.merge_command, "/usr/bin/helios-evil merge final.mp4 final_part_0.mp4 "
				    "final_part_1.mp4 final_part_2.mp4 final_part_3.mp4");
	invalid(&job, text, "mergeCommand: not a 'helios merge' command");

	seed_job(&job, &text);
	replace(&job.merge_command, "");
	invalid(&job, text, "mergeCommand: empty");

	seed_job(&job, &text);
	replace(&job.merge_command, "helios merge other.mp4 final_part_0.mp4 final_part_1.mp4 "
				    "final_part_2.mp4 final_part_3.mp4");
	invalid(&job, text, "mergeCommand: output 'other.mp4' is not metadata.output 'final.mp4'");

	seed_job(&job, &text);
	replace(&job.merge_command, "helios merge 'final.mp4");
	invalid(&job, text, "mergeCommand: unterminated single quote");

	/* Flags with values may come anywhere; quoted names compare unquoted. */
	{
		struct helios_error err = { "" };

		seed_job(&job, &text);
		replace(&job.merge_command, "helios merge --video-codec libx264 final.mp4 'final_part_0.mp4' "
					    "final_part_1.mp4 --quality 20 \"final_part_2.mp4\" final_part_3.mp4");
		ck_assert_msg(helios_job_validate(&job, &err) == HELIOS_OK, "%s", err.text);
		helios_job_release(&job);
		free(text);
	}
	/* A path to a program named helios is a helios. */
	{
		struct helios_error err = { "" };
		char *output;

		seed_job(&job, &text);
		replace(&job.merge_command, "/opt/helios/bin/helios merge --preset slow final.mp4 final_part_0.mp4 "
					    "final_part_1.mp4 final_part_2.mp4 final_part_3.mp4");
		replace(&job.chunks[1].command, "./bin/helios render comp.html");
		ck_assert_msg(helios_job_validate(&job, &err) == HELIOS_OK, "%s", err.text);
		output = helios_job_merge_output(&job);
		ck_assert_str_eq(output, "final.mp4");
		free(output);
		helios_job_release(&job);
		free(text);
	}
}
END_TEST

/* Jobs that would validate but could not run to the end (issue 10 item 9). */
START_TEST(validator_rejects_jobs_that_cannot_finish)
{
	struct helios_job job;
	char *text;

	seed_job(&job, &text);
	replace(&job.chunks[2].command, "");
	invalid(&job, text, "chunks[2].command: empty");

	seed_job(&job, &text);
	replace(&job.chunks[2].command, "  \t ");
	invalid(&job, text, "chunks[2].command: empty");

	seed_job(&job, &text);
	replace(&job.chunks[1].command, "helios render 'comp.html -o final_part_1.mp4");
	invalid(&job, text, "chunks[1].command: unterminated single quote");

	seed_job(&job, &text);
	replace(&job.chunks[0].command, "rm -rf / render");
	invalid(&job, text, "chunks[0].command: not a 'helios render' command");

	seed_job(&job, &text);
	replace(&job.chunks[0].command, "helios merge x.mp4");
	invalid(&job, text, "chunks[0].command: not a 'helios render' command");

	seed_job(&job, &text);
	replace(&job.chunks[3].output_file, "final\npart.mp4");
	invalid(&job, text, "chunks[3].outputFile: holds a line break");

	seed_job(&job, &text);
	replace(&job.chunks[3].output_file, "final\rpart.mp4");
	invalid(&job, text, "chunks[3].outputFile: holds a line break");
}
END_TEST

static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	ck_assert(d != NULL);
	while ((e = readdir(d)) != NULL)
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

START_TEST(atomic_write_keeps_earlier_file)
{
	char dir[] = "/tmp/helios-unit.XXXXXX";
	char path[256], target_dir[256], missing[256], before[64], after[64];
	struct test_fixture fx;
	struct helios_error err = { "" };
	FILE *f;

	ck_assert(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/job.json", dir);
	test_fixture_make(&fx, "/work/project", path, "comp.html", NULL);
	ck_assert_msg(helios_job_write_file(path, &fx.layout, &fx.settings, &err) == HELIOS_OK, "%s",
		      err.text);
	/* A file that is there stays byte for byte when the next write fails. */
	f = fopen(path, "w");
	fputs("earlier", f);
	fclose(f);

	/* Missing directories are made; one that cannot be is named. */
	snprintf(missing, sizeof(missing), "%s/job.json/sub/job.json", dir);
	ck_assert_int_eq(helios_job_write_file(missing, &fx.layout, &fx.settings, &err), HELIOS_EINVAL);
	ck_assert_msg(strstr(err.text, "cannot create the directory '") &&
		      strstr(err.text, "/job.json': a file of that name exists"), "%s", err.text);

	/* The rename fails onto a directory: the temporary file must go. */
	snprintf(target_dir, sizeof(target_dir), "%s/isdir", dir);
	ck_assert_int_eq(mkdir(target_dir, 0755), 0);
	ck_assert_int_ne(helios_job_write_file(target_dir, &fx.layout, &fx.settings, &err), HELIOS_OK);
	ck_assert_msg(strstr(err.text, "cannot write"), "%s", err.text);
	ck_assert_int_eq(count_entries(dir), 2);	/* job.json and isdir */

	f = fopen(path, "r");
	memset(before, 0, sizeof(before));
	ck_assert(fgets(before, sizeof(before), f) != NULL);
	fclose(f);
	snprintf(after, sizeof(after), "%s", "earlier");
	ck_assert_str_eq(before, after);

	rmdir(target_dir);
	unlink(path);
	rmdir(dir);
	test_fixture_release(&fx);
}
END_TEST

Suite *suite_job(void)
{
	Suite *s = suite_create("job");
	TCase *tc = tcase_create("write-read");

	tcase_add_test(tc, round_trip_seed_plan);
	tcase_add_test(tc, round_trip_long_duration);
	tcase_add_test(tc, round_trip_every_setting);
	tcase_add_test(tc, same_settings_same_bytes);
	tcase_add_test(tc, reader_errors_name_the_path);
	tcase_add_test(tc, reader_rejects_huge_numbers);
	tcase_add_test(tc, reader_ignores_unknown_fields);
	tcase_add_test(tc, upstream_fixture_validates);
	tcase_add_test(tc, atomic_write_keeps_earlier_file);
	suite_add_tcase(s, tc);

	tc = tcase_create("validate");
	tcase_add_test(tc, validator_rejects);
	tcase_add_test(tc, validator_checks_the_merge);
	tcase_add_test(tc, validator_rejects_jobs_that_cannot_finish);
	suite_add_tcase(s, tc);
	return s;
}
