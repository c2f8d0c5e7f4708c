#include <ctype.h>
/* The option table: every flag's good values canonicalised, bad values
 * rejected naming the flag and the value, and the argument parser. */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "helios/buf.h"
#include "helios/flags.h"
#include "helios/guess.h"
#include "helios/json.h"
#include "helios/options.h"
#include "helios/utf8.h"
#include "suites.h"

struct value_case {
	enum helios_option_id id;
	const char *text;
	const char *canon;	/* NULL: must be rejected */
};

#define GOOD(id, text, canon) { HELIOS_OPTION_##id, text, canon }
#define BAD(id, text) { HELIOS_OPTION_##id, text, NULL }

static const struct value_case cases[] = {
	GOOD(INPUT, "comp.html", "comp.html"),
	GOOD(INPUT, "https://h/comp.html", "https://h/comp.html"),
	GOOD(INPUT, "dir with space/it's.html", "dir with space/it's.html"),
	GOOD(OUTPUT, "final.mp4", "final.mp4"),
	GOOD(OUTPUT, "out/x.MOV", "out/x.MOV"),
	GOOD(OUTPUT, "a.mkv", "a.mkv"),
	GOOD(OUTPUT, "a b.webm", "a b.webm"),
	BAD(OUTPUT, "out.avi"),
	BAD(OUTPUT, "noext"),
	BAD(OUTPUT, "dir/"),
	BAD(OUTPUT, "mp4"),
	GOOD(EMIT_JOB, "job.json", "job.json"),
	GOOD(EMIT_JOB, "out/job", "out/job"),
	BAD(EMIT_JOB, "dir/"),
	GOOD(PROGRESS_FILE, "progress.txt", "progress.txt"),
	GOOD(PROGRESS_FILE, "-", "-"),
	BAD(PROGRESS_FILE, "dir/"),
	GOOD(WIDTH, "640", "640"),
	GOOD(WIDTH, "+640", "640"),
	GOOD(WIDTH, "0100", "100"),
	GOOD(WIDTH, "16384", "16384"),
	BAD(WIDTH, "0"),
	BAD(WIDTH, "16385"),
	BAD(WIDTH, "-640"),
	BAD(WIDTH, "9223372036854775808"),
	BAD(WIDTH, "99999999999999999999"),
	BAD(WIDTH, "1e3"),
	BAD(WIDTH, " 640"),
	BAD(WIDTH, "640px"),
	GOOD(HEIGHT, "1", "1"),
	BAD(HEIGHT, "0"),
	BAD(HEIGHT, "16385"),
	BAD(HEIGHT, "abc"),
	GOOD(FPS, "30", "30"),
	GOOD(FPS, "29.97", "29.97"),
	GOOD(FPS, "29.970", "29.97"),
	GOOD(FPS, "30000/1001", "30000/1001"),
	GOOD(FPS, "60/2", "30"),
	GOOD(FPS, "24.0", "24"),
	GOOD(FPS, "1000", "1000"),
	BAD(FPS, "abc"),
	BAD(FPS, "0"),
	BAD(FPS, "-1"),
	BAD(FPS, "1001"),
	BAD(FPS, "1/0"),
	BAD(FPS, "30/"),
	GOOD(DURATION, "2.5", "2.5"),
	GOOD(DURATION, "2.50", "2.5"),
	GOOD(DURATION, ".25", "0.25"),
	GOOD(DURATION, "3.", "3"),
	GOOD(DURATION, "0.1", "0.1"),
	BAD(DURATION, "0"),
	BAD(DURATION, "0.0"),
	BAD(DURATION, "-1"),
	BAD(DURATION, "2.5s"),
	BAD(DURATION, "1e3"),
	BAD(DURATION, "0.0000000000000000001"),
	GOOD(FRAME_COUNT, "1", "1"),
	GOOD(FRAME_COUNT, "9007199254740991", "9007199254740991"),
	BAD(FRAME_COUNT, "0"),
	BAD(FRAME_COUNT, "9007199254740992"),
	BAD(FRAME_COUNT, "2.5"),
	GOOD(START_FRAME, "0", "0"),
	GOOD(START_FRAME, "100", "100"),
	BAD(START_FRAME, "-1"),
	BAD(START_FRAME, "1.5"),
	GOOD(FROM_PAGE, "1", "1"),
	BAD(FROM_PAGE, "2"),
	GOOD(QUALITY, "0", "0"),
	GOOD(QUALITY, "63", "63"),
	BAD(QUALITY, "64"),
	BAD(QUALITY, "-1"),
	BAD(QUALITY, "high"),
	GOOD(VIDEO_BITRATE, "2M", "2M"),	/* checked by helios_config_resolve */
	GOOD(FRAME, "0,45,90", "0,45,90"),	/* checked by helios_config_resolve */
	GOOD(PIXEL_FORMAT, "yuva420p", "yuva420p"),	/* checked by helios_config_resolve */
	GOOD(PRESET, "slow", "slow"),	/* checked by helios_config_resolve */
	GOOD(MODE, "canvas", "canvas"),
	GOOD(MODE, "dom", "dom"),
	BAD(MODE, "Canvas"),
	BAD(MODE, "webgl"),
	GOOD(VIDEO_CODEC, "libx264", "libx264"),
	GOOD(VIDEO_CODEC, "libx265", "libx265"),
	GOOD(VIDEO_CODEC, "libvpx", "libvpx"),
	GOOD(VIDEO_CODEC, "libvpx-vp9", "libvpx-vp9"),
	GOOD(VIDEO_CODEC, "libaom-av1", "libaom-av1"),
	GOOD(VIDEO_CODEC, "prores_ks", "prores_ks"),
	BAD(VIDEO_CODEC, "aac"),
	GOOD(VIDEO_CODEC, "h264_nvenc", "h264_nvenc"),	/* not ours: a warning (config) */
	GOOD(VIDEO_CODEC, "h264", "h264"),
	BAD(VIDEO_CODEC, "lib x264"),
	BAD(VIDEO_CODEC, "-c:v"),
	GOOD(AUDIO_CODEC, "aac", "aac"),
	GOOD(AUDIO_CODEC, "libopus", "libopus"),
	GOOD(AUDIO_CODEC, "libvorbis", "libvorbis"),
	GOOD(AUDIO_CODEC, "libmp3lame", "libmp3lame"),
	GOOD(AUDIO_CODEC, "pcm_s16le", "pcm_s16le"),
	BAD(AUDIO_CODEC, "libx264"),
	BAD(AUDIO_CODEC, "mp3;rm"),
	GOOD(CONCURRENCY, "4", "4"),
	GOOD(CONCURRENCY, "10000000", "10000000"),
	BAD(CONCURRENCY, "0"),
	BAD(CONCURRENCY, "-3"),
	BAD(CONCURRENCY, "10000001"),
	BAD(CONCURRENCY, "1.5"),
	BAD(CONCURRENCY, "99999999999999999999"),
	GOOD(CHUNK_SIZE, "30", "30"),
	BAD(CHUNK_SIZE, "0"),
	BAD(CHUNK_SIZE, "-1"),
	BAD(CHUNK_SIZE, "9007199254740992"),
	GOOD(CHUNK_DURATION, "2.5", "2.5"),
	GOOD(CHUNK_DURATION, "10", "10"),
	BAD(CHUNK_DURATION, "0"),
	BAD(CHUNK_DURATION, "-1"),
	BAD(CHUNK_DURATION, "abc"),
	GOOD(BALANCE, "1", "1"),
	GOOD(BALANCE, "true", "1"),
	GOOD(BALANCE, "on", "1"),
	GOOD(BALANCE, "yes", "1"),
	BAD(BALANCE, "maybe"),
	GOOD(KEYFRAME_INTERVAL, "48", "48"),
	BAD(KEYFRAME_INTERVAL, "0"),
	BAD(KEYFRAME_INTERVAL, "-48"),
	GOOD(MAX_CHUNKS, "8", "8"),
	BAD(MAX_CHUNKS, "0"),
	BAD(MAX_CHUNKS, "many"),
	GOOD(CHUNK_TIME, "10", "10"),
	GOOD(CHUNK_TIME, "7.50", "7.5"),
	BAD(CHUNK_TIME, "0"),
	BAD(CHUNK_TIME, "10s"),
	GOOD(RANGES, "0-99,100-249", "0-99,100-249"),
	GOOD(RANGES, "5", "5"),
	BAD(RANGES, "0-99,101-249"),
	BAD(RANGES, "0-99, 100-249"),
	BAD(RANGES, "9-0"),
	GOOD(NO_HEADLESS, "1", "1"),
	BAD(NO_HEADLESS, "2"),
	GOOD(NO_SANDBOX, "1", "1"),
	GOOD(NO_SANDBOX, "yes", "1"),
	BAD(NO_SANDBOX, "2"),
	GOOD(VERBOSE, "1", "1"),
	BAD(VERBOSE, "2"),
	GOOD(IMAGE_FORMAT, "jpeg", "jpeg"),
	GOOD(IMAGE_FORMAT, "png", "png"),
	BAD(IMAGE_FORMAT, "gif"),
	BAD(IMAGE_FORMAT, "PNG"),
	GOOD(CANVAS_SELECTOR, "#stage canvas", "#stage canvas"),
	GOOD(PROPS, "{\"title\": \"hi\"}", "{\"title\": \"hi\"}"),
	GOOD(PROPS, " [1, -0.5e+3, true, null, \"\\u00e9\\ud83d\\ude00\"] ", " [1, -0.5e+3, true, null, \"\\u00e9\\ud83d\\ude00\"] "),
	GOOD(PROPS, "3", "3"),
	BAD(PROPS, "{a:1}"),
	BAD(PROPS, "{'a': 1}"),
	BAD(PROPS, "{\"a\": 1,}"),
	BAD(PROPS, "[1] 2"),
	BAD(PROPS, "01"),
	BAD(PROPS, "\"\\ud800\""),
	BAD(PROPS, "\"tab\there\""),
	BAD(PROPS, "nul"),
	GOOD(TIMEOUT, "1.5", "1.5"),
	GOOD(TIMEOUT, "30", "30"),
	BAD(TIMEOUT, "0"),
	BAD(TIMEOUT, "-1"),
	BAD(TIMEOUT, "soon"),
	GOOD(ROOT, "dist", "dist"),
	GOOD(ROOT, "site/", "site/"),
	BAD(ROOT, "caf\xe9"),
	GOOD(ALLOW_NET, "localhost:18801,[::1]:9,10.0.0.1", "localhost:18801,[::1]:9,10.0.0.1"),
	BAD(ALLOW_NET, "localhost:0"),
	BAD(ALLOW_NET, "http://localhost/"),
	GOOD(OFFLINE, "1", "1"),
	BAD(OFFLINE, "2"),
	GOOD(BASE_URL, "https://cdn.example/x/", "https://cdn.example/x/"),
	GOOD(BASE_URL, "http://localhost:8080", "http://localhost:8080"),
	GOOD(BASE_URL, "file:///srv/comps", "file:///srv/comps"),
	BAD(BASE_URL, "ftp://h/x"),
	BAD(BASE_URL, "cdn.example/x"),
	BAD(BASE_URL, "http:/x"),
};

START_TEST(json_errors_name_the_byte)
{
	struct helios_error err;
	char deep[2 * HELIOS_JSON_MAX_DEPTH + 8];

	ck_assert_int_eq(helios_json_check("{a:1}", &err), HELIOS_EINVAL);
	ck_assert_str_eq(err.text, "not valid JSON (at byte 2: expected a key in double quotes)");
	ck_assert_int_eq(helios_json_check("[1,]", &err), HELIOS_EINVAL);
	ck_assert_str_eq(err.text, "not valid JSON (at byte 4: expected a value (an object, array, "
				   "string, number, true, false or null))");
	ck_assert_int_eq(helios_json_check("{\"a\": 1", &err), HELIOS_EINVAL);
	ck_assert_str_eq(err.text, "not valid JSON (at byte 8: expected ',' or '}')");
	ck_assert_int_eq(helios_json_check("", &err), HELIOS_EINVAL);
	ck_assert_int_eq(helios_json_check("{\"k\": [{}, [], \"\\\"\\n\"]}", &err), HELIOS_OK);
	/* Nesting is bounded, so a hostile value cannot exhaust the stack. */
	memset(deep, '[', HELIOS_JSON_MAX_DEPTH);
	memset(deep + HELIOS_JSON_MAX_DEPTH, ']', HELIOS_JSON_MAX_DEPTH);
	deep[2 * HELIOS_JSON_MAX_DEPTH] = '\0';
	ck_assert_int_eq(helios_json_check(deep, &err), HELIOS_OK);
	memmove(deep + 1, deep, 2 * HELIOS_JSON_MAX_DEPTH + 1);
	deep[0] = '[';
	strcat(deep, "]");
	ck_assert_int_eq(helios_json_check(deep, &err), HELIOS_EINVAL);
	ck_assert(strstr(err.text, "nested too deep") != NULL);
}
END_TEST

START_TEST(every_option_has_cases)
{
	/* A new row in the table must come with values to test. */
	for (int id = 0; id < HELIOS_OPTION_COUNT; id++) {
		bool good = false, bad = false;

		for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
			if (cases[i].id != (enum helios_option_id)id)
				continue;
			good |= cases[i].canon != NULL;
			bad |= cases[i].canon == NULL;
		}
		ck_assert_msg(good, "no good value tested for --%s", helios_options[id].name);
		/* Free text (the input, a selector) has no value the table
		 * itself refuses. */
		ck_assert_msg(bad || id == HELIOS_OPTION_INPUT || helios_options[id].type == HELIOS_TYPE_TEXT,
			      "no bad value tested for --%s", helios_options[id].name);
	}
}
END_TEST

START_TEST(values_checked_and_canonical)
{
	const struct value_case *c = &cases[_i];
	const struct helios_option *opt = &helios_options[c->id];
	struct helios_settings s;
	struct helios_error err = { "" };
	enum helios_status st;

	helios_settings_init(&s);
	st = helios_settings_set(&s, c->id, c->text, &err);
	if (c->canon) {
		ck_assert_msg(st == HELIOS_OK, "%s '%s' rejected: %s", opt->name, c->text, err.text);
		ck_assert_msg(strcmp(helios_settings_get(&s, c->id), c->canon) == 0,
			      "%s '%s' stored as '%s', expected '%s'", opt->name, c->text,
			      helios_settings_get(&s, c->id), c->canon);
		ck_assert(helios_settings_is_set(&s, c->id));
	} else {
		char want[256];
		struct helios_buf shown;

		ck_assert_msg(st == HELIOS_EINVAL, "%s '%s' accepted", opt->name, c->text);
		/* "--flag: 'value': why", one line, the value as a terminal may show it. */
		helios_buf_init(&shown);
		helios_utf8_printable(&shown, c->text);
		snprintf(want, sizeof(want), "%s: '%s': ", helios_option_flag(opt), helios_buf_str(&shown));
		helios_buf_release(&shown);
		ck_assert_msg(strncmp(err.text, want, strlen(want)) == 0, "message '%s' does not start '%s'",
			      err.text, want);
		ck_assert_msg(strlen(err.text) > strlen(want), "message '%s' gives no reason", err.text);
		ck_assert_msg(!strchr(err.text, '\n'), "message '%s' has several lines", err.text);
		ck_assert(!helios_settings_is_set(&s, c->id));
	}
	helios_settings_release(&s);
}
END_TEST

START_TEST(bad_value_keeps_the_old_one)
{
	struct helios_settings s;

	helios_settings_init(&s);
	ck_assert_int_eq(helios_settings_set(&s, HELIOS_OPTION_WIDTH, "640", NULL), HELIOS_OK);
	ck_assert_int_eq(helios_settings_set(&s, HELIOS_OPTION_WIDTH, "0", NULL), HELIOS_EINVAL);
	ck_assert_str_eq(helios_settings_get(&s, HELIOS_OPTION_WIDTH), "640");
	/* Empty and NULL unset; the default shows again. */
	ck_assert_int_eq(helios_settings_set(&s, HELIOS_OPTION_WIDTH, "", NULL), HELIOS_OK);
	ck_assert(!helios_settings_is_set(&s, HELIOS_OPTION_WIDTH));
	ck_assert_str_eq(helios_settings_get(&s, HELIOS_OPTION_WIDTH), "1920");
	ck_assert_int_eq(helios_settings_set(&s, HELIOS_OPTION_BALANCE, "1", NULL), HELIOS_OK);
	ck_assert_int_eq(helios_settings_set(&s, HELIOS_OPTION_BALANCE, "off", NULL), HELIOS_OK);
	ck_assert(!helios_settings_is_set(&s, HELIOS_OPTION_BALANCE));
	ck_assert(helios_settings_get(&s, HELIOS_OPTION_FRAME_COUNT) == NULL);
	helios_settings_release(&s);
}
END_TEST

START_TEST(defaults_match_design)
{
	struct helios_settings s;

	helios_settings_init(&s);
	ck_assert_str_eq(helios_settings_get(&s, HELIOS_OPTION_OUTPUT), "output.mp4");
	ck_assert_str_eq(helios_settings_get(&s, HELIOS_OPTION_WIDTH), "1920");
	ck_assert_str_eq(helios_settings_get(&s, HELIOS_OPTION_HEIGHT), "1080");
	ck_assert_str_eq(helios_settings_get(&s, HELIOS_OPTION_FPS), "30");
	ck_assert_str_eq(helios_settings_get(&s, HELIOS_OPTION_DURATION), "1");
	ck_assert_str_eq(helios_settings_get(&s, HELIOS_OPTION_START_FRAME), "0");
	ck_assert_str_eq(helios_settings_get(&s, HELIOS_OPTION_MODE), "canvas");
	ck_assert_str_eq(helios_settings_get(&s, HELIOS_OPTION_CONCURRENCY), "1");
	ck_assert(helios_settings_get(&s, HELIOS_OPTION_QUALITY) == NULL);
	ck_assert(helios_settings_get(&s, HELIOS_OPTION_EMIT_JOB) == NULL);
	helios_settings_release(&s);
}
END_TEST

START_TEST(lookup_by_name)
{
	ck_assert_ptr_eq(helios_option_find("fps"), &helios_options[HELIOS_OPTION_FPS]);
	ck_assert_ptr_eq(helios_option_find("base-url"), &helios_options[HELIOS_OPTION_BASE_URL]);
	ck_assert_ptr_eq(helios_option_find("job-base-url"), &helios_options[HELIOS_OPTION_BASE_URL]);
	ck_assert_ptr_null(helios_option_find("input"));	/* positional only */
	ck_assert_ptr_null(helios_option_find("nope"));
	ck_assert_ptr_eq(helios_option_find_short('o'), &helios_options[HELIOS_OPTION_OUTPUT]);
	ck_assert_ptr_null(helios_option_find_short('x'));
	ck_assert_ptr_null(helios_option_find_short(0));
	ck_assert_str_eq(helios_option_flag(&helios_options[HELIOS_OPTION_FPS]), "--fps");
	ck_assert_str_eq(helios_option_flag(&helios_options[HELIOS_OPTION_INPUT]), "input");
}
END_TEST

/* Parse a NULL-terminated argument list into s. */
static enum helios_status parse(struct helios_settings *s, struct helios_error *err, ...)
{
	char *argv[32];
	int argc = 0;
	va_list ap;

	va_start(ap, err);
	while (argc < 31 && (argv[argc] = va_arg(ap, char *)) != NULL)
		argc++;
	va_end(ap);
	helios_settings_init(s);
	return helios_settings_parse_args(s, argc, argv, NULL, err);
}

START_TEST(parse_forms)
{
	struct helios_settings s;
	struct helios_error err = { "" };

	ck_assert_int_eq(parse(&s, &err, "comp.html", "--width=640", "--height", "480", "-o", "a.mov",
			       "--fps=30000/1001", "--balance", "--job-base-url", "http://h/", NULL),
			 HELIOS_OK);
	ck_assert_str_eq(helios_settings_get(&s, HELIOS_OPTION_INPUT), "comp.html");
	ck_assert_str_eq(helios_settings_get(&s, HELIOS_OPTION_WIDTH), "640");
	ck_assert_str_eq(helios_settings_get(&s, HELIOS_OPTION_HEIGHT), "480");
	ck_assert_str_eq(helios_settings_get(&s, HELIOS_OPTION_OUTPUT), "a.mov");
	ck_assert_str_eq(helios_settings_get(&s, HELIOS_OPTION_FPS), "30000/1001");
	ck_assert_str_eq(helios_settings_get(&s, HELIOS_OPTION_BALANCE), "1");
	ck_assert_str_eq(helios_settings_get(&s, HELIOS_OPTION_BASE_URL), "http://h/");
	helios_settings_release(&s);

	/* -oVALUE, a value that looks like a flag, and -- before a dashed input. */
	ck_assert_int_eq(parse(&s, &err, "-ofinal.mkv", "--output", "-x.mp4", "--", "-comp.html", NULL),
			 HELIOS_OK);
	ck_assert_str_eq(helios_settings_get(&s, HELIOS_OPTION_OUTPUT), "-x.mp4");
	ck_assert_str_eq(helios_settings_get(&s, HELIOS_OPTION_INPUT), "-comp.html");
	helios_settings_release(&s);

	/* A lone "-" is a positional argument; the last of a repeated flag wins. */
	ck_assert_int_eq(parse(&s, &err, "-", "--width", "10", "--width", "20", NULL), HELIOS_OK);
	ck_assert_str_eq(helios_settings_get(&s, HELIOS_OPTION_INPUT), "-");
	ck_assert_str_eq(helios_settings_get(&s, HELIOS_OPTION_WIDTH), "20");
	helios_settings_release(&s);
}
END_TEST

static void parse_fails(const char *a, const char *b, const char *c, const char *why)
{
	struct helios_settings s;
	struct helios_error err = { "" };

	ck_assert_int_eq(parse(&s, &err, a, b, c, NULL), HELIOS_EUSAGE);
	ck_assert_msg(strstr(err.text, why), "message '%s' lacks '%s'", err.text, why);
	ck_assert_msg(!strchr(err.text, '\n'), "message '%s' has several lines", err.text);
	helios_settings_release(&s);
}

START_TEST(parse_errors)
{
	parse_fails("comp.html", "--bogus", NULL, "unknown option '--bogus'");
	parse_fails("comp.html", "--bogus=1", NULL, "unknown option '--bogus'");
	parse_fails("comp.html", "-x", NULL, "unknown option '-x'");
	parse_fails("comp.html", "--fps", NULL, "--fps: missing value");
	parse_fails("comp.html", "-o", NULL, "--output: missing value");
	parse_fails("comp.html", "--fps=", NULL, "--fps: empty value");
	parse_fails("comp.html", "--fps", "", "--fps: empty value");
	parse_fails("comp.html", "other.html", NULL, "unexpected argument 'other.html'");
	parse_fails("comp.html", "--", "--width", "unexpected argument '--width'");
	parse_fails("", NULL, NULL, "input: empty");
	parse_fails("comp.html", "--balance=1", NULL, "--balance: '1': takes no value");
	parse_fails("comp.html", "--no-headless=yes", NULL, "--no-headless: 'yes': takes no value");
	parse_fails("comp.html", "--fps", "abc", "--fps: 'abc': not a frame rate");
	parse_fails("comp.html", "--width", "99999999999999999999",
		    "--width: '99999999999999999999': too large");
	parse_fails("comp.html", "--concurrency=-3", NULL, "--concurrency: '-3': out of range");
}
END_TEST

START_TEST(parse_very_long_flag)
{
	char flag[400];

	memset(flag, 'x', sizeof(flag) - 1);
	flag[0] = flag[1] = '-';
	flag[sizeof(flag) - 1] = '\0';
	parse_fails("comp.html", flag, NULL, "unknown option '--xxx");
}
END_TEST

/* An extra flag handler as a front end would give one. */
static int extra(const char *name, const char *value, void *ctx)
{
	char *seen = ctx;

	if (strcmp(name, "vivid") == 0) {
		if (value)
			strcat(seen, "v;");
		return 0;
	}
	if (strcmp(name, "theme") == 0) {
		if (value) {
			strcat(seen, "t=");
			strcat(seen, value);
			strcat(seen, ";");
		}
		return 1;
	}
	return -1;
}

START_TEST(parse_extra_flags)
{
	struct helios_settings s;
	struct helios_error err = { "" };
	char seen[128] = "";
	char *argv[] = { "--vivid", "--theme", "dark", "--th=light", "comp.html", "--bogus" };
	static const char *const names[] = { "vivid", "theme", NULL };
	const struct helios_extra_flags own = { names, extra, seen };
	char *clash[] = { "--viv" };	/* only --vivid starts so */
	char *both[] = { "--vi" };	/* --vivid and --video-codec */

	helios_settings_init(&s);
	ck_assert_int_eq(helios_settings_parse_args(&s, 5, argv, &own, &err), HELIOS_OK);
	ck_assert_str_eq(seen, "v;t=dark;t=light;");
	helios_settings_release(&s);
	ck_assert_int_eq(helios_settings_parse_args(&s, 6, argv, &own, &err), HELIOS_EUSAGE);
	ck_assert_msg(strstr(err.text, "--bogus"), "%s", err.text);
	helios_settings_release(&s);
	/* One rule for the caller's flags and the render options together. */
	seen[0] = '\0';
	ck_assert_int_eq(helios_settings_parse_args(&s, 1, clash, &own, &err), HELIOS_OK);
	ck_assert_str_eq(seen, "v;");
	helios_settings_release(&s);
	ck_assert_int_eq(helios_settings_parse_args(&s, 1, both, &own, &err), HELIOS_EUSAGE);
	ck_assert_msg(strstr(err.text, "ambiguous") && strstr(err.text, "--vivid") && strstr(err.text, "--video-codec"),
		      "%s", err.text);
	helios_settings_release(&s);
}
END_TEST

/* text with every run of spaces and line breaks made one space: --help
 * wraps the table's help, which must still be there word for word. */
static void squeeze(const char *text, struct helios_buf *out)
{
	for (; *text; text++) {
		bool space = *text == ' ' || *text == '\n';

		if (!space)
			helios_buf_putc(out, *text);
		else if (out->len && helios_buf_str(out)[out->len - 1] != ' ')
			helios_buf_putc(out, ' ');
	}
}

/* Issue 12 item 9: an unambiguous prefix is its option, an ambiguous one
 * names the candidates, a near miss is suggested. */
START_TEST(parse_abbreviations)
{
	struct helios_settings s;
	struct helios_error err;
	char *good[] = { "c.html", "--emit=j.json", "--conc", "3", "--job-base", "http://h/", "--no-h" };
	char *ambiguous[] = { "c.html", "--ch", "3" };
	char *typo[] = { "c.html", "--heigth", "3" };
	const char *const names[] = { "validate", "show", "run", "export" };
	size_t at;

	helios_settings_init(&s);
	ck_assert_int_eq(helios_settings_parse_args(&s, 7, good, NULL, &err), HELIOS_OK);
	ck_assert_str_eq(helios_settings_get(&s, HELIOS_OPTION_EMIT_JOB), "j.json");
	ck_assert_str_eq(helios_settings_get(&s, HELIOS_OPTION_CONCURRENCY), "3");
	ck_assert_str_eq(helios_settings_get(&s, HELIOS_OPTION_BASE_URL), "http://h/");
	ck_assert(helios_settings_is_set(&s, HELIOS_OPTION_NO_HEADLESS));
	helios_settings_release(&s);
	ck_assert_int_eq(helios_settings_parse_args(&s, 3, ambiguous, NULL, &err), HELIOS_EUSAGE);
	ck_assert_str_eq(err.text, "--ch: ambiguous: could be --chunk-size, --chunk-duration, --chunk-time");
	helios_settings_release(&s);
	ck_assert_int_eq(helios_settings_parse_args(&s, 3, typo, NULL, &err), HELIOS_EUSAGE);
	ck_assert_str_eq(err.text, "unknown option '--heigth' (did you mean --height?)");
	helios_settings_release(&s);

	ck_assert_int_eq(helios_guess_match(names, 4, "run", 3, &at), HELIOS_GUESS_EXACT);
	ck_assert_int_eq(helios_guess_match(names, 4, "ex", 2, &at), HELIOS_GUESS_PREFIX);
	ck_assert_uint_eq(at, 3);
	ck_assert_int_eq(helios_guess_match(names, 4, "x", 1, &at), HELIOS_GUESS_NONE);
	ck_assert_str_eq(helios_guess_nearest(names, 4, "valdiate", 8), "validate");
	ck_assert_str_eq(helios_guess_nearest(names, 4, "shwo", 4), "show");
	ck_assert_ptr_null(helios_guess_nearest(names, 4, "frobnicate", 10));
	ck_assert_ptr_null(helios_guess_nearest(names, 4, "", 0));
}
END_TEST

START_TEST(help_lists_every_flag)
{
	struct helios_buf b, flat;
	const char *line;

	helios_buf_init(&b);
	helios_buf_init(&flat);
	helios_options_help(&b, 0);
	squeeze(helios_buf_str(&b), &flat);
	/* Every line fits 80 columns (the table's text is ASCII). */
	for (line = helios_buf_str(&b); *line; line += strcspn(line, "\n") + (line[strcspn(line, "\n")] != 0))
		ck_assert_msg(strcspn(line, "\n") <= 80, "a --help line is wider than 80: %.*s",
			      (int)strcspn(line, "\n"), line);
	for (int i = 0; i < HELIOS_OPTION_COUNT; i++) {
		const struct helios_option *o = &helios_options[i];
		char flag[64];

		if (o->flags & HELIOS_OPT_POSITIONAL)
			continue;
		snprintf(flag, sizeof(flag), "--%s", o->name);
		ck_assert_msg(strstr(helios_buf_str(&b), flag), "help lacks %s", flag);
		ck_assert_msg(strstr(helios_buf_str(&flat), o->help), "help lacks the text of %s", flag);
		if (o->alias) {
			snprintf(flag, sizeof(flag), "--%s", o->alias);
			ck_assert_msg(strstr(helios_buf_str(&b), flag), "help lacks %s", flag);
		}
	}
	ck_assert(strstr(helios_buf_str(&b), "-o, --output"));
	ck_assert(strstr(helios_buf_str(&flat), "(default: jpeg)"));
	helios_buf_release(&b);
	helios_buf_release(&flat);
}
END_TEST

START_TEST(help_leaves_out_the_options_a_program_does_not_use)
{
	struct helios_buf b;

	helios_buf_init(&b);
	helios_options_help(&b, HELIOS_OPT_RUN | HELIOS_OPT_JOB);
	ck_assert_ptr_null(strstr(helios_buf_str(&b), "--verbose"));
	ck_assert_ptr_null(strstr(helios_buf_str(&b), "--progress-file"));
	ck_assert_ptr_null(strstr(helios_buf_str(&b), "--emit-job"));
	ck_assert_ptr_nonnull(strstr(helios_buf_str(&b), "--fps F"));
	helios_buf_release(&b);
}
END_TEST

START_TEST(settings_copy_is_deep)
{
	struct helios_settings a, b;

	helios_settings_init(&a);
	helios_settings_init(&b);
	ck_assert_int_eq(helios_settings_set(&a, HELIOS_OPTION_FPS, "29.97", NULL), HELIOS_OK);
	ck_assert_int_eq(helios_settings_set(&b, HELIOS_OPTION_WIDTH, "10", NULL), HELIOS_OK);
	ck_assert_int_eq(helios_settings_copy(&b, &a), HELIOS_OK);
	ck_assert(!helios_settings_is_set(&b, HELIOS_OPTION_WIDTH));
	ck_assert(a.text[HELIOS_OPTION_FPS] != b.text[HELIOS_OPTION_FPS]);
	ck_assert_str_eq(helios_settings_get(&b, HELIOS_OPTION_FPS), "29.97");
	helios_settings_release(&a);
	helios_settings_release(&b);
}
END_TEST

/* The table's columns agree with each other: a word has choices, a
 * fallback belongs to a renderer flag without a default, and the flags of
 * the other commands have one name each. */
START_TEST(table_columns_agree)
{
	const struct helios_flag *const tables[] = { helios_run_flags, helios_merge_flags,
						     helios_export_flags };

	for (int i = 0; i < HELIOS_OPTION_COUNT; i++) {
		const struct helios_option *o = &helios_options[i];

		ck_assert_int_eq(o->id, i);
		ck_assert_int_eq(o->type == HELIOS_TYPE_WORD, o->choices != NULL);
		if (o->fallback) {
			ck_assert(o->flags & HELIOS_OPT_RENDERER);
			ck_assert_ptr_null(o->default_text);
		}
		if (o->flags & HELIOS_OPT_RENDERER)
			ck_assert(!(o->flags & HELIOS_OPT_UPSTREAM));
		if (o->choices && o->default_text)
			ck_assert_ptr_nonnull(helios_option_find(o->name));
	}
	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++)
		for (const struct helios_flag *f = tables[t]; f->name; f++) {
			char arg[64];

			ck_assert_int_ge(f->id, 256);
			snprintf(arg, sizeof(arg), "--%s", f->name);
			ck_assert_ptr_eq(helios_flag_find(tables[t], arg), f);
		}
	ck_assert_ptr_null(helios_flag_find(helios_merge_flags, "--output"));
	ck_assert_int_eq(helios_flag_find(helios_export_flags, "-o")->id, HELIOS_EXPORT_FLAG_OUTPUT);
}
END_TEST

/* A flag row's columns agree: a value has a metavar, a range is a range, a
 * word has choices, a default that is a number is a value the row takes,
 * and a range its help states is the row's. */
START_TEST(flag_rows_agree)
{
	const struct helios_flag *const tables[] = { helios_run_flags, helios_merge_flags, helios_export_flags,
						     helios_probe_flags };

	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++)
		for (const struct helios_flag *f = tables[t]; f->name; f++) {
			struct helios_flag_value v;
			struct helios_error err;
			const char *paren = strchr(f->help, '(');
			long long lo, hi;

			ck_assert_msg((f->type == HELIOS_TYPE_FLAG) == (f->metavar == NULL), "--%s", f->name);
			ck_assert_msg((f->type == HELIOS_TYPE_WORD) == (f->choices != NULL), "--%s", f->name);
			if (f->type == HELIOS_TYPE_INT)
				ck_assert_msg(f->min <= f->max, "--%s", f->name);
			if (f->type == HELIOS_TYPE_INT && f->default_text && isdigit((unsigned char)f->default_text[0]))
				ck_assert_msg(helios_flag_check(f, f->default_text, &v, &err) == HELIOS_OK, "--%s", f->name);
			for (; paren; paren = strchr(paren + 1, '('))
				if (sscanf(paren, "(%lld-%lld)", &lo, &hi) == 2)
					ck_assert_msg(f->type == HELIOS_TYPE_INT && lo == f->min && hi == f->max,
						      "--%s: help says %lld-%lld", f->name, lo, hi);
		}
}
END_TEST

/* One check for every flag value: the range, the lower bound of seconds,
 * the choices; the message says why only (the caller names the flag). */
START_TEST(flag_values_checked)
{
	const struct helios_flag *concurrency = helios_flag_find(helios_run_flags, "--concurrency");
	const struct helios_flag *timeout = helios_flag_find(helios_run_flags, "--timeout");
	const struct helios_flag word = { 256, "mode", 0, HELIOS_TYPE_WORD, 0, 0, HELIOS_CHOICES("a", "b"),
					  NULL, "M", "a word" };
	struct helios_flag_value v;
	struct helios_error err;

	ck_assert_int_eq(helios_flag_check(concurrency, "16", &v, &err), HELIOS_OK);
	ck_assert_int_eq(v.number, 16);
	ck_assert_str_eq(v.text, "16");
	ck_assert_int_ne(helios_flag_check(concurrency, "4097", &v, &err), HELIOS_OK);
	ck_assert_str_eq(err.text, "out of range (1-4096)");
	ck_assert_int_ne(helios_flag_check(concurrency, "x", &v, &err), HELIOS_OK);
	ck_assert_str_eq(err.text, "not a whole number");
	ck_assert_int_eq(helios_flag_check(timeout, "2.5", &v, &err), HELIOS_OK);
	ck_assert(v.seconds == 2.5);
	ck_assert_int_ne(helios_flag_check(timeout, "0", &v, &err), HELIOS_OK);
	ck_assert_str_eq(err.text, "must be more than 0");
	ck_assert_int_ne(helios_flag_check(helios_flag_find(helios_merge_flags, "--fps"), "x", &v, &err), HELIOS_OK);
	ck_assert_int_eq(helios_flag_check(&word, "b", &v, &err), HELIOS_OK);
	ck_assert_int_ne(helios_flag_check(&word, "c", &v, &err), HELIOS_OK);
	ck_assert_str_eq(err.text, "not one of: a, b");
}
END_TEST

START_TEST(flags_help_wraps_and_indents)
{
	struct helios_buf out;

	helios_buf_init(&out);
	helios_flags_help(&out, helios_export_flags, 23, false);
	ck_assert_ptr_nonnull(strstr(helios_buf_str(&out),
				     "  -o, --output FILE    write FILE atomically instead of stdout (slurm: required;\n"
				     "                       the two .sbatch scripts are written beside it)\n"));
	ck_assert_ptr_nonnull(strstr(helios_buf_str(&out), "  --ttl-after-finished S\n                       k8s:"));
	/* A "\n" of the help starts a line; a default is never split. */
	ck_assert_ptr_nonnull(strstr(helios_buf_str(&out), "makefile;\n                       k8s: Kubernetes"));
	ck_assert_ptr_nonnull(strstr(helios_buf_str(&out),
				     "  --retries N          retries of a failing chunk after its first try\n"
				     "                       (default: 0)\n"));
	helios_buf_clear(&out);
	helios_flags_help(&out, helios_probe_flags, 30, true);
	ck_assert_ptr_nonnull(strstr(helios_buf_str(&out), "      --json                  print"));
	helios_buf_release(&out);
}
END_TEST

Suite *suite_options(void)
{
	Suite *s = suite_create("options");
	TCase *tc = tcase_create("values");

	tcase_add_test(tc, every_option_has_cases);
	tcase_add_test(tc, json_errors_name_the_byte);
	tcase_add_loop_test(tc, values_checked_and_canonical, 0, (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_test(tc, bad_value_keeps_the_old_one);
	tcase_add_test(tc, defaults_match_design);
	tcase_add_test(tc, lookup_by_name);
	tcase_add_test(tc, settings_copy_is_deep);
	tcase_add_test(tc, table_columns_agree);
	tcase_add_test(tc, flags_help_wraps_and_indents);
	tcase_add_test(tc, flag_rows_agree);
	tcase_add_test(tc, flag_values_checked);
	suite_add_tcase(s, tc);

	tc = tcase_create("args");
	tcase_add_test(tc, parse_forms);
	tcase_add_test(tc, parse_errors);
	tcase_add_test(tc, parse_very_long_flag);
	tcase_add_test(tc, parse_extra_flags);
	tcase_add_test(tc, help_lists_every_flag);
	tcase_add_test(tc, help_leaves_out_the_options_a_program_does_not_use);
	tcase_add_test(tc, parse_abbreviations);
	suite_add_tcase(s, tc);
	return s;
}
