/* helios merge: join chunk files into one video with ffmpeg. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "proc/signals.h"
#include "run/merge.h"

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
	struct helios_merge_options opt = { .stop = helios_stop_flag() };
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
		case HELIOS_MERGE_FLAG_START_FRAME: opt.start_frame = g.value.text; break;
		default:
			return HELIOS_EXIT_USAGE;
		}
	}
	if (argc - optind < 2) {
		cli_error("merge: expects an output and at least one input (usage: helios merge OUTPUT INPUT...)");
		return HELIOS_EXIT_USAGE;
	}
	opt.output = argv[optind];
	opt.inputs = argv + optind + 1;
	opt.input_count = argc - optind - 1;

	/* A signal wakes the wait for ffmpeg, which is then stopped. */
	helios_stop_push(0);
	helios_buf_init(&errors);
	st = helios_merge_run(&opt, &errors, &err);
	helios_stop_pop(0);
	if (helios_stop_signal()) {
		helios_buf_release(&errors);
		cli_error("merge: interrupted; '%s' not written", opt.output);
		return helios_exit_for_signal(helios_stop_signal());
	}
	if (st != HELIOS_OK) {
		cli_error("merge: %s", err.text);
		show_ffmpeg_errors(&errors);
	}
	helios_buf_release(&errors);
	return helios_status_exit_code(st);
}
