/* The TUI's model without a terminal: focus, editing, stepping, validation
 * messages, the dirty flag, and saving/loading through the job files. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helios/options.h"
#include "job/probe_report.h"
#include "suites.h"
#include "tui/picker.h"
#include "tui/session.h"
#include "tui/state.h"

static struct tui_state st;

/* The seed: 30 frames (1 s at 30 fps) in 4 chunks, output final.mp4. */
static void seed_setup(void)
{
	struct helios_settings s;

	helios_settings_init(&s);
	ck_assert_int_eq(helios_settings_set(&s, HELIOS_OPTION_INPUT, "comp.html", NULL), HELIOS_OK);
	ck_assert_int_eq(helios_settings_set(&s, HELIOS_OPTION_OUTPUT, "final.mp4", NULL), HELIOS_OK);
	ck_assert_int_eq(helios_settings_set(&s, HELIOS_OPTION_CONCURRENCY, "4", NULL), HELIOS_OK);
	ck_assert_int_eq(tui_state_init(&st, "/work", &s), HELIOS_OK);
	helios_settings_release(&s);
}

static void seed_teardown(void)
{
	tui_state_release(&st);
}

static void focus_option(enum helios_option_id id)
{
	int f = tui_field_of_option(&st, id);

	ck_assert_int_ge(f, 0);
	tui_state_focus_set(&st, f);
}

static void type(const char *text)
{
	char c[2] = { 0, 0 };

	for (; *text; text++) {
		c[0] = *text;
		tui_state_edit_insert(&st, c);
	}
}

START_TEST(seed_is_planned_clean)
{
	ck_assert(st.planned);
	ck_assert(!st.dirty);
	ck_assert_int_eq(st.cfg.plan.chunk_count, 4);
	ck_assert_int_eq(helios_plan_chunk(&st.cfg.plan, 3).start_frame, 24);
}
END_TEST

START_TEST(form_follows_option_table)
{
	int f_method = tui_field_of_option(&st, HELIOS_OPTION_COUNT);
	int f_value = tui_field_of_option(&st, HELIOS_OPTION_CONCURRENCY);
	int run_only = 0;

	for (int i = 0; i < HELIOS_OPTION_COUNT; i++)
		run_only += (helios_options[i].flags & HELIOS_OPT_RUN) != 0;
	/* The split is two rows for three options; run-only flags have none. */
	ck_assert_int_eq(st.field_count, HELIOS_OPTION_COUNT - 1 - run_only);
	ck_assert_int_eq(run_only, 2);
	ck_assert_int_eq(tui_field_of_option(&st, HELIOS_OPTION_PROGRESS_FILE), -1);
	ck_assert_int_eq(tui_field_of_option(&st, HELIOS_OPTION_VERBOSE), -1);
	ck_assert_str_eq(tui_field_label(&st, 0), "Input");
	ck_assert_int_eq(f_value, f_method + 1);
	ck_assert_str_eq(tui_field_value(&st, f_method, NULL), "count");
	/* chunk-size and chunk-duration have no rows of their own */
	ck_assert_int_eq(tui_field_of_option(&st, HELIOS_OPTION_CHUNK_SIZE), -1);
}
END_TEST

START_TEST(focus_wraps_both_ways)
{
	ck_assert_int_eq(st.focus, 0);
	tui_state_focus_move(&st, -1);
	ck_assert_int_eq(st.focus, st.field_count - 1);
	tui_state_focus_move(&st, 1);
	ck_assert_int_eq(st.focus, 0);
	tui_state_focus_move(&st, 3);
	ck_assert_int_eq(st.focus, 3);
	tui_state_focus_set(&st, 999);
	ck_assert_int_eq(st.focus, 3);
}
END_TEST

START_TEST(edit_replans_on_every_keystroke)
{
	focus_option(HELIOS_OPTION_CONCURRENCY);
	ck_assert(tui_state_edit_begin(&st));
	ck_assert_str_eq(helios_buf_str(&st.edit), "4");
	tui_state_edit_backspace(&st);
	ck_assert_int_eq(st.cfg.plan.chunk_count, 1);	/* "": the default */
	type("0");
	ck_assert(!st.planned);		/* below the minimum */
	tui_state_edit_backspace(&st);
	type("5");
	ck_assert(st.planned);
	ck_assert_int_eq(st.cfg.plan.chunk_count, 5);
	ck_assert(st.dirty);
	tui_state_edit_commit(&st);
	ck_assert(!st.editing);
	ck_assert_str_eq(st.settings.text[HELIOS_OPTION_CONCURRENCY], "5");
}
END_TEST

START_TEST(escape_restores_value_and_dirty_flag)
{
	focus_option(HELIOS_OPTION_FPS);
	ck_assert(tui_state_edit_begin(&st));
	tui_state_edit_clear(&st);
	type("abc");
	ck_assert(!st.planned);
	ck_assert(st.dirty);
	tui_state_edit_cancel(&st);
	ck_assert(!st.dirty);
	ck_assert(st.planned);
	ck_assert_ptr_null(tui_field_error(&st, st.focus));
	ck_assert_str_eq(tui_field_value(&st, st.focus, NULL), "30");
}
END_TEST

START_TEST(invalid_fps_shows_message_and_blocks_save)
{
	struct helios_error err;

	focus_option(HELIOS_OPTION_FPS);
	tui_state_edit_begin(&st);
	tui_state_edit_clear(&st);
	type("abc");
	tui_state_edit_commit(&st);
	ck_assert_str_eq(tui_field_value(&st, st.focus, NULL), "abc");
	ck_assert_ptr_nonnull(tui_field_error(&st, st.focus));
	ck_assert(strstr(tui_field_error(&st, st.focus), "--fps: 'abc'") != NULL);
	ck_assert(!st.planned);
	ck_assert(strstr(st.plan_error.text, "--fps") != NULL);
	ck_assert(!tui_state_can_save(&st, &err));
	ck_assert(strstr(err.text, "cannot save") != NULL);
	/* the old value is still what the settings hold */
	ck_assert_str_eq(helios_settings_get(&st.settings, HELIOS_OPTION_FPS), "30");
}
END_TEST

START_TEST(cross_field_error_lands_on_its_row)
{
	focus_option(HELIOS_OPTION_VIDEO_CODEC);
	ck_assert(tui_state_set_option(&st, HELIOS_OPTION_VIDEO_CODEC, "prores_ks"));
	ck_assert(!st.planned);
	ck_assert(strstr(tui_field_error(&st, st.focus), "mp4 cannot hold prores_ks") != NULL);
	ck_assert_ptr_null(tui_field_error(&st, tui_field_of_option(&st, HELIOS_OPTION_FPS)));
}
END_TEST

/* The form refuses exactly what `helios render` refuses: one validator. */
static const char *const props_texts[] = {
	"{a:1}", "{'a': 1}", "{\"a\": 1,}", "[1] x", "\"\\ud800\"", "tru",
	"{\"a\": 1}", "[1, 2.5e3, null]", "\"caf\u00e9\"",
};

START_TEST(props_refused_as_the_cli_refuses)
{
	const char *text = props_texts[_i];
	struct helios_settings cli;
	struct helios_error cli_err, err;
	char *argv[] = { "comp.html", "--props", (char *)text };
	enum helios_status cli_st;
	bool tui_ok;

	helios_settings_init(&cli);
	cli_st = helios_settings_parse_args(&cli, 3, argv, NULL, &cli_err);
	helios_settings_release(&cli);
	ck_assert(tui_state_set_option(&st, HELIOS_OPTION_EMIT_JOB, "job.json"));
	tui_ok = tui_state_set_option(&st, HELIOS_OPTION_PROPS, text);
	ck_assert_msg(tui_ok == (cli_st == HELIOS_OK), "%s: CLI %d, TUI %d", text, cli_st, tui_ok);
	ck_assert(tui_state_can_save(&st, &err) == tui_ok);
	if (!tui_ok) {
		/* the same words beside the field as on the CLI's stderr */
		ck_assert_str_eq(tui_field_error(&st, tui_field_of_option(&st, HELIOS_OPTION_PROPS)),
				 cli_err.text);
		ck_assert(strstr(cli_err.text, "not valid JSON (at byte") != NULL);
		ck_assert(strstr(err.text, "cannot save") != NULL);
	}
}
END_TEST

START_TEST(unknown_encoder_is_a_warning_not_an_error)
{
	struct helios_error err;
	struct helios_buf w;
	int f = tui_field_of_option(&st, HELIOS_OPTION_VIDEO_CODEC);

	helios_buf_init(&w);
	ck_assert(tui_state_set_option(&st, HELIOS_OPTION_EMIT_JOB, "job.json"));
	ck_assert(!tui_field_warning(&st, f, &w));
	ck_assert(tui_state_set_option(&st, HELIOS_OPTION_VIDEO_CODEC, "h264_nvenc"));
	ck_assert(st.planned);
	ck_assert_ptr_null(tui_field_error(&st, f));
	ck_assert(tui_field_warning(&st, f, &w));
	ck_assert_str_eq(helios_buf_str(&w),
			 "--video-codec h264_nvenc: not a codec helios knows; the workers' ffmpeg must provide it");
	ck_assert(tui_state_can_save(&st, &err));
	helios_buf_release(&w);
}
END_TEST

START_TEST(edit_cursor_moves_by_character)
{
	focus_option(HELIOS_OPTION_INPUT);
	tui_state_edit_begin(&st);
	tui_state_edit_clear(&st);
	tui_state_edit_insert(&st, "\xc3\xa9t\xc3\xa9.html");	/* été.html */
	tui_state_edit_home(&st);
	tui_state_edit_right(&st);
	ck_assert_uint_eq(st.cursor, 2);
	tui_state_edit_delete(&st);
	ck_assert_str_eq(helios_buf_str(&st.edit), "\xc3\xa9\xc3\xa9.html");
	tui_state_edit_end(&st);
	tui_state_edit_left(&st);
	tui_state_edit_backspace(&st);
	ck_assert_str_eq(helios_buf_str(&st.edit), "\xc3\xa9\xc3\xa9.htl");
	tui_state_edit_home(&st);
	tui_state_edit_right(&st);
	tui_state_edit_backspace(&st);
	ck_assert_str_eq(helios_buf_str(&st.edit), "\xc3\xa9.htl");
}
END_TEST

START_TEST(numbers_step_within_range)
{
	focus_option(HELIOS_OPTION_CONCURRENCY);
	ck_assert(tui_state_step(&st, 1));
	ck_assert_int_eq(st.cfg.plan.chunk_count, 5);
	ck_assert(st.dirty);
	tui_state_step(&st, -10);
	ck_assert_str_eq(st.settings.text[HELIOS_OPTION_CONCURRENCY], "1");
	focus_option(HELIOS_OPTION_WIDTH);
	tui_state_step(&st, 100000);
	ck_assert_str_eq(st.settings.text[HELIOS_OPTION_WIDTH], "16384");
	focus_option(HELIOS_OPTION_QUALITY);	/* unset: starts at the minimum */
	tui_state_step(&st, 1);
	ck_assert_str_eq(st.settings.text[HELIOS_OPTION_QUALITY], "0");
	focus_option(HELIOS_OPTION_DURATION);
	tui_state_step(&st, -1);	/* would reach 0: refused */
	ck_assert_str_eq(helios_settings_get(&st.settings, HELIOS_OPTION_DURATION), "1");
	focus_option(HELIOS_OPTION_INPUT);
	ck_assert(!tui_state_step(&st, 1));
}
END_TEST

/* Issue 26: FPS steps through the rates video uses, NTSC ones exact. */
START_TEST(fps_steps_through_the_common_rates)
{
	static const char *const up[] = { "50", "60000/1001", "60", "61" };
	static const char *const down[] = { "60", "60000/1001", "50", "30", "30000/1001", "25", "24",
					    "24000/1001", "23" };

	focus_option(HELIOS_OPTION_FPS);
	for (size_t i = 0; i < sizeof(up) / sizeof(up[0]); i++) {
		tui_state_step(&st, 1);
		ck_assert_str_eq(st.settings.text[HELIOS_OPTION_FPS], up[i]);
	}
	for (size_t i = 0; i < sizeof(down) / sizeof(down[0]); i++) {
		tui_state_step(&st, -1);
		ck_assert_str_eq(st.settings.text[HELIOS_OPTION_FPS], down[i]);
	}
	/* Any rate can still be given; from between two, the next one. */
	ck_assert(tui_state_set_option(&st, HELIOS_OPTION_FPS, "27.5"));
	tui_state_step(&st, 1);
	ck_assert_str_eq(st.settings.text[HELIOS_OPTION_FPS], "30000/1001");
	ck_assert(tui_state_set_option(&st, HELIOS_OPTION_FPS, "1"));
	tui_state_step(&st, -1);	/* would reach 0: refused */
	ck_assert_str_eq(st.settings.text[HELIOS_OPTION_FPS], "1");
}
END_TEST

/* Issue 26: "[modified]" is a difference from the saved settings. */
START_TEST(modified_means_different_from_saved)
{
	focus_option(HELIOS_OPTION_CONCURRENCY);
	tui_state_step(&st, 1);
	ck_assert(st.dirty);
	tui_state_step(&st, -1);
	ck_assert(!st.dirty);
	focus_option(HELIOS_OPTION_FPS);	/* the default given as itself */
	tui_state_step(&st, 1);
	tui_state_step(&st, -1);
	ck_assert(!st.dirty);
	ck_assert(tui_state_edit_begin(&st));
	tui_state_edit_clear(&st);
	type("3");
	ck_assert(st.dirty);
	type("0");
	ck_assert(!st.dirty);
	tui_state_edit_commit(&st);
	tui_state_step(&st, 1);
	tui_state_mark_saved(&st);
	ck_assert(!st.dirty);
	tui_state_step(&st, -1);
	ck_assert(st.dirty);
}
END_TEST

/* Issue 26: / finds the chunk of a frame, in a plan of any size. */
START_TEST(a_frame_finds_its_chunk)
{
	struct helios_error err;

	ck_assert(tui_state_select_frame(&st, 25, &err));
	ck_assert_int_eq(st.selected, 3);
	ck_assert(tui_state_select_frame(&st, 8, &err));
	ck_assert_int_eq(st.selected, 1);
	ck_assert(!tui_state_select_frame(&st, 30, &err));
	ck_assert_str_eq(err.text, "frame 30 is not rendered: the plan has frames 0-29");
	ck_assert(tui_state_set_option(&st, HELIOS_OPTION_FRAME_COUNT, "50000000"));
	ck_assert(tui_state_set_option(&st, HELIOS_OPTION_CONCURRENCY, "1000000"));
	ck_assert(tui_state_select_frame(&st, 49999999, &err));
	ck_assert_int_eq(st.selected, 999999);
}
END_TEST

START_TEST(choices_cycle_and_toggles_flip)
{
	focus_option(HELIOS_OPTION_MODE);
	tui_state_step(&st, 1);
	ck_assert_str_eq(helios_settings_get(&st.settings, HELIOS_OPTION_MODE), "dom");
	tui_state_step(&st, 1);
	ck_assert_str_eq(helios_settings_get(&st.settings, HELIOS_OPTION_MODE), "canvas");
	focus_option(HELIOS_OPTION_BALANCE);
	ck_assert_str_eq(tui_field_value(&st, st.focus, NULL), "no");
	tui_state_step(&st, 1);
	ck_assert_str_eq(tui_field_value(&st, st.focus, NULL), "yes");
	focus_option(HELIOS_OPTION_VIDEO_CODEC);
	tui_state_step(&st, 1);
	ck_assert_str_eq(helios_settings_get(&st.settings, HELIOS_OPTION_VIDEO_CODEC), "libx264");
	tui_state_step(&st, -1);
	ck_assert_ptr_null(helios_settings_get(&st.settings, HELIOS_OPTION_VIDEO_CODEC));
}
END_TEST

START_TEST(split_method_switches_option)
{
	int method = tui_field_of_option(&st, HELIOS_OPTION_COUNT);

	tui_state_focus_set(&st, method);
	tui_state_step(&st, 1);
	ck_assert_int_eq(st.split, TUI_SPLIT_FRAMES);
	ck_assert_str_eq(st.settings.text[HELIOS_OPTION_CHUNK_SIZE], "8");	/* largest chunk */
	ck_assert_int_eq(tui_field_option(&st, method + 1), HELIOS_OPTION_CHUNK_SIZE);
	ck_assert_str_eq(tui_field_label(&st, method + 1), "Frames per chunk");
	ck_assert_int_eq(st.cfg.plan.chunk_count, 4);
	tui_state_step(&st, 1);
	ck_assert_int_eq(st.split, TUI_SPLIT_SECONDS);
	ck_assert_ptr_null(st.settings.text[HELIOS_OPTION_CHUNK_SIZE]);
	ck_assert_str_eq(st.settings.text[HELIOS_OPTION_CHUNK_DURATION], "1");
	ck_assert_int_eq(st.cfg.plan.chunk_count, 1);
	/* an empty value would silently mean "by count": refused */
	tui_state_focus_set(&st, method + 1);
	tui_state_edit_begin(&st);
	tui_state_edit_clear(&st);
	ck_assert(!st.planned);
	ck_assert(strstr(tui_field_error(&st, st.focus), "needs a value") != NULL);
	tui_state_edit_cancel(&st);
	tui_state_focus_set(&st, method);
	tui_state_step(&st, 1);
	ck_assert_int_eq(st.split, TUI_SPLIT_COUNT);
	ck_assert_int_eq(st.cfg.plan.chunk_count, 4);
}
END_TEST

START_TEST(selection_and_scrolling_stay_in_range)
{
	tui_state_select_move(&st, 10);
	ck_assert_int_eq(st.selected, 3);
	tui_state_select_move(&st, INT64_MAX);
	ck_assert_int_eq(st.selected, 3);
	tui_state_scroll(&st, 2);
	ck_assert_int_eq(st.table_top, 2);
	tui_state_select_move(&st, -100);
	tui_state_scroll(&st, 2);
	ck_assert_int_eq(st.selected, 0);
	ck_assert_int_eq(st.table_top, 0);
}
END_TEST

/* A directory for a session's files, the state's working directory, with
 * a composition in it (input: its path). */
static void session_dir(char *dir, char *input, size_t input_size)
{
	FILE *f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	free(st.cwd);
	st.cwd = strdup(dir);
	snprintf(input, input_size, "%s/comp.html", dir);
	f = fopen(input, "w");
	ck_assert_ptr_nonnull(f);
	fputs("<canvas>", f);
	fclose(f);
}

START_TEST(save_matches_settings_and_clears_dirty)
{
	char dir[] = "/tmp/helios-unit.XXXXXX";
	char path[64], input[64];
	struct helios_error err;
	struct helios_settings loaded;
	char notice[256];

	session_dir(dir, input, sizeof(input));
	snprintf(path, sizeof(path), "%s/job.json", dir);
	tui_state_set_option(&st, HELIOS_OPTION_INPUT, input);
	focus_option(HELIOS_OPTION_CONCURRENCY);
	tui_state_step(&st, 1);
	ck_assert_int_ne(tui_session_save(&st, &err), HELIOS_OK);	/* no job path yet */
	ck_assert_str_eq(err.text, "cannot save: no job file path");
	/* Every failure says "cannot", once. */
	tui_state_set_option(&st, HELIOS_OPTION_EMIT_JOB, dir);
	ck_assert_int_ne(tui_session_save(&st, &err), HELIOS_OK);
	ck_assert_msg(strncmp(err.text, "cannot write '", 14) == 0, "%s", err.text);
	tui_state_set_option(&st, HELIOS_OPTION_EMIT_JOB, input);
	ck_assert_int_ne(tui_session_save(&st, &err), HELIOS_OK);
	ck_assert_msg(strncmp(err.text, "cannot save: '", 14) == 0 &&
		      strstr(err.text, "' is the input; the job file would replace it"), "%s", err.text);
	tui_state_set_option(&st, HELIOS_OPTION_EMIT_JOB, path);
	ck_assert(st.dirty);
	ck_assert_int_eq(tui_session_save(&st, &err), HELIOS_OK);
	ck_assert(!st.dirty);

	helios_settings_init(&loaded);
	ck_assert_int_eq(tui_session_load(&loaded, dir, path, notice, sizeof(notice), &err), HELIOS_OK);
	ck_assert_str_eq(notice, "");
	ck_assert_str_eq(loaded.text[HELIOS_OPTION_CONCURRENCY], "5");
	ck_assert_str_eq(loaded.text[HELIOS_OPTION_INPUT], "comp.html");
	ck_assert_str_eq(loaded.text[HELIOS_OPTION_OUTPUT], "final.mp4");
	helios_settings_release(&loaded);
	unlink(path);
	unlink(input);
	rmdir(dir);
}
END_TEST

/* Issue 22: the job this session loaded or saved is replaced without a
 * question; another file, or one put in its place since, is asked about. */
START_TEST(save_asks_before_replacing_a_file_not_its_own)
{
	char dir[] = "/tmp/helios-unit.XXXXXX";
	char path[64], input[64], other[80];
	struct helios_error err;
	FILE *f;

	session_dir(dir, input, sizeof(input));
	snprintf(path, sizeof(path), "%s/job.json", dir);
	snprintf(other, sizeof(other), "%s/other.json", dir);
	tui_state_set_option(&st, HELIOS_OPTION_INPUT, input);
	tui_state_set_option(&st, HELIOS_OPTION_EMIT_JOB, path);
	ck_assert(!tui_session_replaces_other(&st));	/* nothing there */
	f = fopen(path, "w");
	fputs("{}", f);
	fclose(f);
	ck_assert(tui_session_replaces_other(&st));	/* someone else's */
	ck_assert_int_eq(tui_session_save(&st, &err), HELIOS_OK);
	ck_assert(!tui_session_replaces_other(&st));	/* ours now */
	f = fopen(other, "w");
	fputs("{}", f);
	fclose(f);
	ck_assert_int_eq(rename(other, path), 0);
	ck_assert(tui_session_replaces_other(&st));	/* put in its place */
	tui_session_own(&st, path);			/* as --load does */
	ck_assert(!tui_session_replaces_other(&st));
	unlink(path);
	unlink(input);
	rmdir(dir);
}
END_TEST

static void touch(const char *dir, const char *name)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fclose(f);
}

START_TEST(browser_lists_folders_first_and_filters)
{
	char dir[] = "/tmp/helios-unit.XXXXXX", sub[64];
	struct tui_picker b;
	struct helios_buf chosen;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(sub, sizeof(sub), "%s/scenes", dir);
	ck_assert_int_eq(mkdir(sub, 0755), 0);
	touch(dir, "b.html");
	touch(dir, "a.txt");
	touch(sub, "intro.HTM");
	tui_picker_init(&b);
	helios_buf_init(&chosen);
	ck_assert_int_eq(tui_picker_open(&b, dir, "."), HELIOS_OK);
	ck_assert_uint_eq(b.shown_count, 4);
	ck_assert_str_eq(b.entries[b.shown[0]].name, "..");
	ck_assert_str_eq(b.entries[b.shown[1]].name, "scenes");
	ck_assert(b.entries[b.shown[1]].is_dir);
	ck_assert_str_eq(b.entries[b.shown[2]].name, "a.txt");
	ck_assert(!b.entries[b.shown[2]].is_html);
	ck_assert(b.entries[b.shown[3]].is_html);
	/* type-ahead: "sc" selects the folder; Enter opens it */
	helios_buf_puts(&b.filter, "sc");
	tui_picker_refilter(&b);
	ck_assert_str_eq(tui_picker_current(&b)->name, "scenes");
	ck_assert(!tui_picker_enter(&b, dir, &chosen));
	ck_assert_str_eq(helios_buf_str(&b.dir), sub);
	ck_assert_uint_eq(b.shown_count, 2);
	tui_picker_move(&b, 1);
	ck_assert(tui_picker_enter(&b, dir, &chosen));
	ck_assert_str_eq(helios_buf_str(&chosen), "scenes/intro.HTM");
	/* a typed URL is taken as it is; nothing matching: the text is a path */
	helios_buf_puts(&b.filter, "https://example.com/x.html");
	tui_picker_refilter(&b);
	ck_assert_uint_eq(b.shown_count, 0);
	ck_assert(tui_picker_enter(&b, dir, &chosen));
	ck_assert_str_eq(helios_buf_str(&chosen), "https://example.com/x.html");
	tui_picker_up(&b, dir);
	ck_assert_str_eq(helios_buf_str(&b.dir), dir);
	tui_picker_release(&b);
	helios_buf_release(&chosen);
	snprintf(sub, sizeof(sub), "%s/scenes/intro.HTM", dir);
	unlink(sub);
	snprintf(sub, sizeof(sub), "%s/scenes", dir);
	rmdir(sub);
	snprintf(sub, sizeof(sub), "%s/b.html", dir);
	unlink(sub);
	snprintf(sub, sizeof(sub), "%s/a.txt", dir);
	unlink(sub);
	rmdir(dir);
}
END_TEST

/* The probe's report read back, the page's values adopted, the workers
 * stepped; without a probe nothing is adopted. */
START_TEST(probe_report_adopt_and_workers)
{
	static const char report[] =
		"{\"input\": \"comp.html\", \"composition\": {\"helios\": true, \"duration\": 2.5, "
		"\"fps\": 60, \"width\": null, \"height\": null}, \"cost\": {\"chunkStartSeconds\": 1.5, "
		"\"frameSeconds\": 0.02, \"mergeSeconds\": 0.1, \"mergePerChunkSeconds\": 0.01, "
		"\"coresBusy\": 1.2, \"cores\": 2}}";
	struct helios_probe_report r;
	struct helios_error err;

	ck_assert(!tui_state_adopt_page(&st));
	ck_assert_ptr_nonnull(strstr(st.message, "no probe yet"));
	ck_assert_int_eq(helios_report_parse(report, &r, &err), HELIOS_OK);
	ck_assert(r.has_helios);
	ck_assert_double_eq_tol(r.duration, 2.5, 1e-12);
	ck_assert_double_eq_tol(r.cost.per_frame, 0.02, 1e-12);
	ck_assert_int_eq(r.cores, 2);
	/* A field missing or of the wrong type is named. */
	ck_assert_int_eq(helios_report_parse("{\"composition\": {\"helios\": false}}", &r, &err), HELIOS_EFORMAT);
	ck_assert_int_eq(helios_report_parse("[]", &r, &err), HELIOS_EFORMAT);
	ck_assert_int_eq(helios_report_parse(report, &r, &err), HELIOS_OK);

	tui_state_probe_begin(&st);
	ck_assert_int_eq(st.probe, TUI_PROBE_RUNNING);
	tui_state_probe_cancelled(&st);
	ck_assert_int_eq(st.probe, TUI_PROBE_NONE);
	tui_state_probe_begin(&st);
	tui_state_probe_end(&st, NULL, "probe: boom");
	ck_assert_int_eq(st.probe, TUI_PROBE_FAILED);
	ck_assert_str_eq(st.probe_error, "probe: boom");
	tui_state_probe_end(&st, &r, NULL);
	ck_assert_int_eq(st.probe, TUI_PROBE_DONE);

	ck_assert_int_eq(tui_state_workers(&st), 4);	/* one per chunk */
	tui_state_workers_step(&st, -1);
	ck_assert_int_eq(tui_state_workers(&st), 3);
	tui_state_workers_step(&st, -10);
	ck_assert_int_eq(tui_state_workers(&st), 1);

	ck_assert(tui_state_adopt_page(&st));
	ck_assert_str_eq(helios_settings_get(&st.settings, HELIOS_OPTION_DURATION), "2.5");
	ck_assert_str_eq(helios_settings_get(&st.settings, HELIOS_OPTION_FPS), "60");
	ck_assert(st.planned);
	ck_assert_int_eq(st.cfg.plan.total_frames, 150);
	ck_assert(st.dirty);
	/* A later cancel keeps the figures of this probe. */
	tui_state_probe_begin(&st);
	tui_state_probe_cancelled(&st);
	ck_assert_int_eq(st.probe, TUI_PROBE_DONE);
}
END_TEST

Suite *suite_tui_state(void)
{
	Suite *s = suite_create("tui_state");
	TCase *tc = tcase_create("seed");

	tcase_add_checked_fixture(tc, seed_setup, seed_teardown);
	tcase_add_test(tc, seed_is_planned_clean);
	tcase_add_test(tc, form_follows_option_table);
	tcase_add_test(tc, focus_wraps_both_ways);
	tcase_add_test(tc, edit_replans_on_every_keystroke);
	tcase_add_test(tc, escape_restores_value_and_dirty_flag);
	tcase_add_test(tc, invalid_fps_shows_message_and_blocks_save);
	tcase_add_test(tc, cross_field_error_lands_on_its_row);
	tcase_add_test(tc, unknown_encoder_is_a_warning_not_an_error);
	tcase_add_loop_test(tc, props_refused_as_the_cli_refuses, 0,
			    (int)(sizeof(props_texts) / sizeof(props_texts[0])));
	tcase_add_test(tc, edit_cursor_moves_by_character);
	tcase_add_test(tc, numbers_step_within_range);
	tcase_add_test(tc, choices_cycle_and_toggles_flip);
	tcase_add_test(tc, split_method_switches_option);
	tcase_add_test(tc, selection_and_scrolling_stay_in_range);
	tcase_add_test(tc, save_matches_settings_and_clears_dirty);
	tcase_add_test(tc, save_asks_before_replacing_a_file_not_its_own);
	tcase_add_test(tc, probe_report_adopt_and_workers);
	tcase_add_test(tc, fps_steps_through_the_common_rates);
	tcase_add_test(tc, modified_means_different_from_saved);
	tcase_add_test(tc, a_frame_finds_its_chunk);
	suite_add_tcase(s, tc);
	tc = tcase_create("browser");
	tcase_add_test(tc, browser_lists_folders_first_and_filters);
	suite_add_tcase(s, tc);
	return s;
}
