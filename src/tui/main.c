/* helios-tui: start-up (the render flags of the option table plus a few of
 * its own), the terminal, and the main loop: read a key, let the handlers
 * change the state, redraw. */
#include <errno.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "helios/flags.h"
#include "helios/version.h"
#include "proc/signals.h"
#include "session.h"
#include "ui.h"


/* Flags of helios-tui itself; the render flags come from the option table. */
enum tui_flag { FLAG_LOAD, FLAG_NO_COLOR, FLAG_NO_MOUSE, FLAG_REPLAY, FLAG_SIZE, FLAG_TIMING,
		FLAG_PRINT_KEYS, FLAG_COUNT };

static const struct {
	const char *name, *metavar, *help;
} tui_flags[FLAG_COUNT] = {
	[FLAG_LOAD] = { "load", "JOB", "restore the settings recorded in a job file\n(also: a .json INPUT)" },
	[FLAG_NO_COLOR] = { "no-color", NULL, "monochrome screen (also when NO_COLOR is set)" },
	[FLAG_NO_MOUSE] = { "no-mouse", NULL, "leave the mouse to the terminal" },
	[FLAG_REPLAY] = { "replay", "FILE", "testing: read keys from FILE, draw off-screen,\nprint the last screen" },
	[FLAG_SIZE] = { "size", "COLSxLINES", "testing: screen size for --replay\n(default: 100x30)" },
	[FLAG_TIMING] = { "timing", NULL, "testing: with --replay, print the median time\nper key to stderr" },
	[FLAG_PRINT_KEYS] = { "print-keys", NULL, "print the key table as man(7) text and exit" },
};

struct start {
	bool set[FLAG_COUNT];
	const char *value[FLAG_COUNT];
};

static void fail_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void fail_msg(const char *fmt, ...)
{
	va_list ap;

	fputs("helios-tui: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* helios_settings_parse_args asks here about flags that are not render flags. */
static int extra_flag(const char *name, const char *value, void *ctx)
{
	struct start *start = ctx;

	for (int i = 0; i < FLAG_COUNT; i++) {
		if (strcmp(name, tui_flags[i].name) != 0)
			continue;
		if (value) {
			start->set[i] = true;
			start->value[i] = value;
		}
		return tui_flags[i].metavar ? 1 : 0;
	}
	return -1;
}

static void usage(void)
{
	struct helios_buf help, job;

	helios_buf_init(&help);
	helios_buf_init(&job);
	/* Only what the planner uses: it reports no run (--progress-file,
	 * --verbose are accepted and ignored) and saves the job where
	 * --emit-job says, which is its own line here. */
	helios_options_help(&help, HELIOS_OPT_RUN | HELIOS_OPT_JOB);
	helios_help_entry(&job, "      --emit-job PATH", tui_job_file_help, NULL, 30);
	printf("usage: helios-tui [INPUT] [render options]\n"
	       "       helios-tui --load JOB.json [render options]\n\n"
	       "Plan a distributed render interactively: pick the input, codecs and split,\n"
	       "watch the chunks and commands change, and save the job file that\n"
	       "'helios render INPUT [options] --emit-job PATH' would write.\n\n"
	       "render options (as for helios render):\n%s\nhelios-tui options:\n%s",
	       helios_buf_str(&help), helios_buf_str(&job));
	for (int i = 0; i < FLAG_COUNT; i++) {
		char left[64];

		snprintf(left, sizeof(left), "--%s%s%s", tui_flags[i].name, tui_flags[i].metavar ? " " : "",
			 tui_flags[i].metavar ? tui_flags[i].metavar : "");
		/* A help text's later lines follow "\n", indented under the first. */
		printf("      %-24s", left);
		for (const char *p = tui_flags[i].help; *p;) {
			size_t len = strcspn(p, "\n");

			printf("%.*s\n", (int)len, p);
			p += len;
			if (*p == '\n' && *++p)
				printf("%30s", "");
		}
	}
	printf("  -h, --help                  show this help\n"
	       "      --version               show the version\n\n"
	       "Keys: F1 or ? inside the program; see helios-tui(1).\n");
	helios_buf_release(&help);
	helios_buf_release(&job);
}

static bool ends_with_json(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	return n > 5 && strcasecmp(s + n - 5, ".json") == 0;
}

/* Settings from the command line, over those of a loaded job file. */
static int start_settings(int argc, char **argv, struct start *start, const char *cwd,
			  struct helios_settings *out, char *notice, size_t notice_size)
{
	struct helios_settings args;
	struct helios_error err;
	const char *load;
	int rc = 0;

	helios_settings_init(&args);
	const char *names[FLAG_COUNT + 1];
	struct helios_extra_flags own = { names, extra_flag, start };

	for (int i = 0; i < FLAG_COUNT; i++)
		names[i] = tui_flags[i].name;
	names[FLAG_COUNT] = NULL;
	if (helios_settings_parse_args(&args, argc - 1, argv + 1, &own, &err) != HELIOS_OK) {
		fail_msg("%s", err.text);
		helios_settings_release(&args);
		return HELIOS_EXIT_USAGE;
	}
	load = start->value[FLAG_LOAD];
	if (!load && ends_with_json(args.text[HELIOS_OPTION_INPUT])) {
		load = start->value[FLAG_LOAD] = strdup(args.text[HELIOS_OPTION_INPUT]);
		helios_settings_set(&args, HELIOS_OPTION_INPUT, NULL, NULL);
	}
	if (load) {
		if (tui_session_load(out, cwd, load, notice, notice_size, &err) != HELIOS_OK) {
			fail_msg("%s", err.text);
			rc = HELIOS_EXIT_USAGE;
		}
		for (int i = 0; rc == 0 && i < HELIOS_OPTION_COUNT; i++)
			if (args.text[i])
				helios_settings_set(out, (enum helios_option_id)i, args.text[i], NULL);
	} else {
		helios_settings_copy(out, &args);
	}
	helios_settings_release(&args);
	return rc;
}

/* --- the screen --- */

static bool has_cursor_addressing(void)
{
	char *cup = tigetstr("cup");

	return cup && cup != (char *)-1;
}

static void screen_setup(struct tui_ui *ui)
{
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	if (ui->mouse) {
		mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED |
				  BUTTON5_PRESSED, NULL);
		mouseinterval(0);
	}
	tui_draw_init_colors(ui->color);
}

/* SIGINT, SIGTERM or SIGHUP from outside (Ctrl-C is a key in raw mode)
 * end the loop: the wait for a key returns (no SA_RESTART), curses ends,
 * and we exit as a shell reports a signal.  Caught before curses starts:
 * it installs handlers of its own only where none is, and those exit
 * with status 1. */

static void redraw(struct tui_ui *ui)
{
	tui_session_check_input(ui->st);
	tui_draw(ui);
	doupdate();
}

/* How often a running probe is read: the spinner turns at this rate. */
#define PROBE_POLL_MS 100

static void run_terminal(struct tui_ui *ui)
{
	wint_t ch;
	int kind;
	MEVENT ev;

	redraw(ui);
	while (!ui->quit && !helios_stop_signal()) {
		/* While a probe runs, wake up to read it and turn the spinner. */
		timeout(tui_probe_running(&ui->probe) ? PROBE_POLL_MS : -1);
		kind = get_wch(&ch);
		if (kind == ERR) {
			if (tui_handle_probe(ui) & TUI_REDRAW)
				redraw(ui);
			continue;
		}
		if (kind == KEY_CODE_YES && ch == KEY_MOUSE) {
			if (getmouse(&ev) == OK && tui_handle_mouse(ui, &ev))
				redraw(ui);
			continue;
		}
		tui_handle_key(ui, (int)ch, kind == OK);
		tui_handle_probe(ui);
		if (!ui->quit)
			redraw(ui);
	}
}

/* --- replay: keys from a file, an off-screen terminal, the last screen on stdout --- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void dump_screen(void)
{
	wchar_t line[1024];

	for (int y = 0; y < LINES; y++) {
		int n = mvinnwstr(y, 0, line, COLS < 1023 ? COLS : 1023);

		if (n < 0)
			n = 0;
		line[n] = 0;
		while (n > 0 && line[n - 1] == L' ')
			line[--n] = 0;
		printf("%ls\n", line);
	}
}

static int replay_token(struct tui_ui *ui, const char *tok, double *times, size_t *count, size_t cap)
{
	int code = -1, cols, lines;
	double t0;

	if (tok[0] == '<' && tok[1] && tok[strlen(tok) - 1] == '>') {
		char name[64];

		snprintf(name, sizeof(name), "%.*s", (int)strlen(tok) - 2, tok + 1);
		if (sscanf(name, "Resize:%dx%d", &cols, &lines) == 2) {
			resizeterm(lines, cols);
			redraw(ui);
			return 0;
		}
		/* The mouse at column X, line Y (from 0), as the terminal reports it. */
		if (sscanf(name, "Click:%d,%d", &cols, &lines) == 2 ||
		    sscanf(name, "WheelUp:%d,%d", &cols, &lines) == 2 ||
		    sscanf(name, "WheelDown:%d,%d", &cols, &lines) == 2) {
			MEVENT ev = { 0, cols, lines, 0,
				      name[0] == 'C' ? BUTTON1_CLICKED
				      : strncmp(name, "WheelUp", 7) == 0 ? BUTTON4_PRESSED : BUTTON5_PRESSED };

			if (tui_handle_mouse(ui, &ev))
				redraw(ui);
			return 0;
		}
		code = tui_key_code(name);
		if (code < 0) {
			fail_msg("--replay: unknown key '%s'", tok);
			return -1;
		}
		t0 = now_ms();
		tui_handle_key(ui, code, code < KEY_MIN);
		redraw(ui);
		if (*count < cap)
			times[(*count)++] = now_ms() - t0;
		return 0;
	}
	/* Plain text: each character is a key. */
	while (*tok && !ui->quit) {
		wchar_t wc;
		int n = mbtowc(&wc, tok, MB_CUR_MAX);

		if (n <= 0) {
			wc = (unsigned char)*tok;
			n = 1;
		}
		t0 = now_ms();
		tui_handle_key(ui, (int)wc, true);
		redraw(ui);
		if (*count < cap)
			times[(*count)++] = now_ms() - t0;
		tok += n;
	}
	return 0;
}

static int run_replay(struct tui_ui *ui, const char *path, bool timing)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	size_t cap = 1 << 20, count = 0;
	double *times = malloc(cap * sizeof(*times));
	char tok[4096];
	int rc = 0;

	if (!f || !times) {
		fail_msg("--replay: cannot read '%s': %s", path, strerror(errno));
		free(times);
		return HELIOS_EXIT_USAGE;
	}
	redraw(ui);
	while (!ui->quit && fscanf(f, "%4095s", tok) == 1)
		if (replay_token(ui, tok, times, &count, cap) < 0) {
			rc = HELIOS_EXIT_USAGE;
			break;
		}
	if (f != stdin)
		fclose(f);
	if (rc == 0)
		dump_screen();
	if (timing && count) {
		qsort(times, count, sizeof(*times), cmp_double);
		fprintf(stderr, "keys %zu median %.3f ms p90 %.3f ms max %.3f ms\n", count,
			times[count / 2], times[count * 9 / 10], times[count - 1]);
	}
	free(times);
	return rc;
}

int main(int argc, char **argv)
{
	struct start start = { { 0 }, { 0 } };
	struct helios_settings settings;
	struct tui_state st;
	struct tui_ui ui;
	char notice[512], *cwd;
	const char *no_color = getenv("NO_COLOR");
	SCREEN *screen;
	FILE *null_out = NULL, *null_in = NULL;
	int rc, cols = 100, lines = 30;

	setlocale(LC_ALL, "");
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage();
			return 0;
		}
		if (strcmp(argv[i], "--version") == 0) {
			printf("helios-tui %s\n", HELIOS_VERSION);
			return 0;
		}
	}
	cwd = getcwd(NULL, 0);
	if (!cwd) {
		fail_msg("cannot read the working directory: %s", strerror(errno));
		return HELIOS_EXIT_FAILED;
	}
	helios_settings_init(&settings);
	rc = start_settings(argc, argv, &start, cwd, &settings, notice, sizeof(notice));
	if (rc == 0 && start.set[FLAG_PRINT_KEYS]) {
		tui_keys_print_man(stdout);
		goto out;
	}
	if (rc == 0 && start.set[FLAG_SIZE] &&
	    (sscanf(start.value[FLAG_SIZE], "%dx%d", &cols, &lines) != 2 || cols < 1 || lines < 1 ||
	     cols > 1000 || lines > 1000)) {
		fail_msg("--size: '%s': give COLSxLINES, such as 100x30", start.value[FLAG_SIZE]);
		rc = HELIOS_EXIT_USAGE;
	}
	if (rc == 0 && !start.set[FLAG_REPLAY] && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))) {
		fail_msg("needs a terminal on stdin and stdout "
			 "(without one, plan with 'helios render INPUT [options] --emit-job PATH')");
		rc = HELIOS_EXIT_USAGE;
	}
	if (rc != 0)
		goto out;

	if (tui_state_init(&st, cwd, &settings) != HELIOS_OK) {
		fail_msg("out of memory");
		rc = HELIOS_EXIT_FAILED;
		goto out;
	}
	if (start.value[FLAG_LOAD])
		tui_session_own(&st, start.value[FLAG_LOAD]);
	if (notice[0])
		tui_state_message(&st, "%s", notice);
	memset(&ui, 0, sizeof(ui));
	ui.st = &st;
	ui.color = !start.set[FLAG_NO_COLOR] && !(no_color && *no_color);
	ui.mouse = !start.set[FLAG_NO_MOUSE] && !start.set[FLAG_REPLAY];
	tui_picker_init(&ui.picker);
	tui_probe_init(&ui.probe);

	if (start.set[FLAG_REPLAY]) {
		const char *term = getenv("TERM");

		null_out = fopen("/dev/null", "w");
		null_in = fopen("/dev/null", "r");
		screen = null_out && null_in
				 ? newterm(term && *term && strcmp(term, "dumb") ? term : "xterm", null_out, null_in)
				 : NULL;
	} else {
		helios_stop_push(HELIOS_STOP_HANGUP);
		screen = newterm(NULL, stdout, stdin);
	}
	if (screen && !start.set[FLAG_REPLAY] && !has_cursor_addressing()) {
		/* TERM=dumb and the like: curses would start and draw garbage. */
		endwin();
		delscreen(screen);
		screen = NULL;
		fail_msg("the terminal '%s' cannot place the cursor, which the planner needs "
			 "(set TERM, for example TERM=xterm-256color, or plan with "
			 "'helios render INPUT [options] --emit-job PATH')",
			 getenv("TERM") ? getenv("TERM") : "");
		rc = HELIOS_EXIT_USAGE;
	} else if (!screen) {
		fail_msg("cannot use the terminal '%s'", getenv("TERM") ? getenv("TERM") : "");
		rc = HELIOS_EXIT_USAGE;
	} else {
		screen_setup(&ui);
		if (start.set[FLAG_REPLAY]) {
			resizeterm(lines, cols);
			rc = run_replay(&ui, start.value[FLAG_REPLAY], start.set[FLAG_TIMING]);
		} else {
			run_terminal(&ui);
		}
		/* curses ends before anything more is printed. */
		endwin();
		delscreen(screen);
		if (helios_stop_signal()) {
			fail_msg("%s; nothing more is saved", helios_stop_word(helios_stop_signal()));
			rc = helios_exit_for_signal(helios_stop_signal());
		}
	}
	if (null_out)
		fclose(null_out);
	if (null_in)
		fclose(null_in);
	tui_picker_release(&ui.picker);
	tui_probe_release(&ui.probe);	/* a probe still running is stopped */
	tui_state_release(&st);
out:
	if (start.value[FLAG_LOAD] && !start.set[FLAG_LOAD])
		free((char *)start.value[FLAG_LOAD]);
	helios_settings_release(&settings);
	free(cwd);
	return rc;
}
