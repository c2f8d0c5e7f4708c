/* helios merge: join chunk files into one video with ffmpeg. */
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "run/merge.h"

static volatile sig_atomic_t stop_signal;

static void on_stop(int sig)
{
	stop_signal = sig;
}

/* ffmpeg's own words, indented under our message. */
static void show_ffmpeg_errors(const struct helios_buf *text)
{
	const char *p = helios_buf_str(text);

	while (*p) {
		size_t len = strcspn(p, "\n");

		if (len)
			fprintf(stderr, "  ffmpeg: %.*s\n", (int)len, p);
		p += len + (p[len] == '\n');
	}
}

int cmd_merge(int argc, char **argv)
{
	struct helios_merge_options opt = { .stop = &stop_signal };
	struct sigaction act, old_int, old_term;
	struct helios_buf errors;
	struct helios_error err;
	enum helios_status st;
	struct cli_getopt g;
	int c;

	cli_getopt_init(&g, "merge", helios_merge_flags);
	while ((c = cli_getopt_next(&g, argc, argv)) != -1) {
		switch (c) {
		case HELIOS_MERGE_FLAG_VIDEO_CODEC: opt.video_codec = g.value.text; break;
		case HELIOS_MERGE_FLAG_AUDIO_CODEC: opt.audio_codec = g.value.text; break;
		case HELIOS_MERGE_FLAG_QUALITY: opt.quality = g.value.text; break;
		case HELIOS_MERGE_FLAG_PRESET: opt.preset = g.value.text; break;
		case HELIOS_MERGE_FLAG_FPS: opt.fps = g.value.text; break;
		case HELIOS_MERGE_FLAG_FFMPEG: opt.ffmpeg = g.value.text; break;
		default:
			return EXIT_USAGE;
		}
	}
	if (argc - optind < 2) {
		cli_error("merge: expects an output and at least one input (usage: helios merge OUTPUT INPUT...)");
		return EXIT_USAGE;
	}
	opt.output = argv[optind];
	opt.inputs = argv + optind + 1;
	opt.input_count = argc - optind - 1;

	/* No SA_RESTART: a signal wakes the wait for ffmpeg, which is then stopped. */
	memset(&act, 0, sizeof(act));
	act.sa_handler = on_stop;
	sigemptyset(&act.sa_mask);
	sigaction(SIGINT, &act, &old_int);
	sigaction(SIGTERM, &act, &old_term);
	helios_buf_init(&errors);
	st = helios_merge_run(&opt, &errors, &err);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	if (stop_signal) {
		helios_buf_release(&errors);
		cli_error("merge: interrupted; '%s' not written", opt.output);
		return 128 + stop_signal;
	}
	if (st != HELIOS_OK) {
		cli_error("merge: %s", err.text);
		show_ffmpeg_errors(&errors);
	}
	helios_buf_release(&errors);
	return helios_status_exit_code(st);
}
