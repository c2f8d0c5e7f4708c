/* helios job run: execute a job file locally. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "run/probe.h"
#include "proc/proc.h"
#include "proc/signals.h"
#include "run/progress.h"
#include "run/run.h"

static int default_concurrency(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 ? (int)n : 1;
}

int cmd_job_run(int argc, char **argv)
{
	struct helios_run_options opt;
	struct helios_progress_stream stream;
	const char *progress_file = NULL;
	struct helios_buf self, ffprobe;
	struct helios_error err;
	enum helios_status st;
	struct cli_getopt g;
	int c, sig, rc = 0;

	helios_run_options_init(&opt);
	opt.concurrency = default_concurrency();
	cli_getopt_init(&g, "job run", helios_run_flags);
	while ((c = cli_getopt_next(&g, argc, argv)) != -1) {
		switch (c) {
		case HELIOS_RUN_FLAG_CONCURRENCY: opt.concurrency = (int)g.value.number; break;
		case HELIOS_RUN_FLAG_CHUNK: opt.chunk = g.value.number; break;
		case HELIOS_RUN_FLAG_RETRIES: opt.retries = (int)g.value.number; break;
		case HELIOS_RUN_FLAG_TIMEOUT: opt.timeout = g.value.seconds; break;
		case HELIOS_RUN_FLAG_NO_MERGE: opt.merge = false; break;
		case HELIOS_RUN_FLAG_MERGE_ONLY: opt.merge_only = true; break;
		case HELIOS_RUN_FLAG_RESUME: opt.resume = true; break;
		case HELIOS_RUN_FLAG_FORCE: opt.force = true; break;
		case HELIOS_RUN_FLAG_KEEP_GOING: opt.keep_going = true; break;
		case HELIOS_RUN_FLAG_NO_VERIFY: opt.verify = false; break;
		case HELIOS_RUN_FLAG_DRY_RUN: opt.dry_run = true; break;
		case HELIOS_RUN_FLAG_PROGRESS_FILE: progress_file = optarg; break;
		default:
			return HELIOS_EXIT_USAGE;
		}
	}
	if (opt.merge_only && (opt.chunk >= 0 || !opt.merge)) {
		cli_error("job run: --merge-only: cannot be combined with %s", opt.chunk >= 0 ? "--chunk" : "--no-merge");
		return HELIOS_EXIT_USAGE;
	}
	if (optind != argc - 1) {
		cli_error("job run: expects one job file (usage: helios job run FILE [options])");
		return HELIOS_EXIT_USAGE;
	}
	helios_progress_stream_init(&stream, 0, 0);
	if (progress_file && !opt.dry_run) {
		if (!helios_progress_stream_open(&stream, progress_file)) {
			cli_error("job run: --progress-file: cannot write '%s': %s", progress_file, strerror(errno));
			return HELIOS_EXIT_FAILED;
		}
		opt.stream = &stream;
	}
	helios_buf_init(&self);
	helios_buf_init(&ffprobe);
	helios_proc_self(&self);
	opt.self = helios_buf_str(&self);
	if (opt.verify && helios_probe_find(getenv("HELIOS_FFMPEG"), &ffprobe))
		opt.ffprobe = helios_buf_str(&ffprobe);
	opt.tty = helios_progress_live(STDERR_FILENO);
	st = helios_run_job(argv[optind], &opt, &sig, &err);
	helios_progress_stream_close(&stream);
	helios_buf_release(&self);
	helios_buf_release(&ffprobe);
	if (sig)
		rc = helios_exit_for_signal(sig);
	else if (st != HELIOS_OK)
		rc = cli_fail_in("job run", st, &err);
	if (sig)
		cli_error_in("job run", err.text);
	return rc;
}
