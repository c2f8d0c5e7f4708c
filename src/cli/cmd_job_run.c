/* helios job run: execute a job file locally. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "helios/number.h"
#include "run/probe.h"
#include "proc/proc.h"
#include "run/progress.h"
#include "run/run.h"

void cli_run_help(void)
{
	cli_print_help("usage: helios job run FILE [options]\n"
		       "\n"
		       "Run a job's chunks as child processes, at most N at a time, check each\n"
		       "output, then run the merge.  Commands run in the job file's directory;\n"
		       "a command whose program is 'helios' runs this helios ($HELIOS_BIN overrides).\n"
		       "\n"
		       "options:\n",
		       helios_run_flags, 22,
		       "\n"
		       "Logs go to <job>.logs/chunk-<id>.log.  Exit status: 0 done, 1 a chunk or\n"
		       "the merge failed, 2 invalid usage or job, 130/143 interrupted.\n"
		       "See helios-job(1).\n");
}

static int seconds_value(const char *text, double *out)
{
	struct helios_ratio r;
	struct helios_error err;

	if (helios_number_parse_decimal(text, &r, &err) != HELIOS_OK || r.num == 0) {
		cli_error("job run: --timeout: '%s': %s", text, r.num == 0 ? "must be more than 0" : err.text);
		return EXIT_USAGE;
	}
	*out = helios_ratio_to_double(r);
	return 0;
}

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
	int64_t value;
	struct cli_getopt g;
	int c, sig, rc = 0;

	helios_run_options_init(&opt);
	opt.concurrency = default_concurrency();
	cli_getopt_init(&g, helios_run_flags);
	while ((c = cli_getopt_next(&g, argc, argv)) != -1 && !rc) {
		switch (c) {
		case HELIOS_RUN_FLAG_CONCURRENCY:
			rc = cli_int_option("job run", "concurrency", optarg, 1, 4096, &value);
			opt.concurrency = (int)value;
			break;
		case HELIOS_RUN_FLAG_CHUNK:
			rc = cli_int_option("job run", "chunk", optarg, 0, HELIOS_MAX_FRAMES, &opt.chunk);
			break;
		case HELIOS_RUN_FLAG_RETRIES:
			rc = cli_int_option("job run", "retries", optarg, 0, 100, &value);
			opt.retries = (int)value;
			break;
		case HELIOS_RUN_FLAG_TIMEOUT:
			rc = seconds_value(optarg, &opt.timeout);
			break;
		case HELIOS_RUN_FLAG_NO_MERGE: opt.merge = false; break;
		case HELIOS_RUN_FLAG_MERGE_ONLY: opt.merge_only = true; break;
		case HELIOS_RUN_FLAG_RESUME: opt.resume = true; break;
		case HELIOS_RUN_FLAG_KEEP_GOING: opt.keep_going = true; break;
		case HELIOS_RUN_FLAG_NO_VERIFY: opt.verify = false; break;
		case HELIOS_RUN_FLAG_DRY_RUN: opt.dry_run = true; break;
		case HELIOS_RUN_FLAG_PROGRESS_FILE: progress_file = optarg; break;
		default:
			rc = cli_getopt_error("job run", &g, c, argv);
			break;
		}
	}
	if (rc)
		return rc;
	if (opt.merge_only && (opt.chunk >= 0 || !opt.merge)) {
		cli_error("job run: --merge-only: cannot be combined with %s", opt.chunk >= 0 ? "--chunk" : "--no-merge");
		return EXIT_USAGE;
	}
	if (optind != argc - 1) {
		cli_error("job run: expects one job file (usage: helios job run FILE [options])");
		return EXIT_USAGE;
	}
	helios_progress_stream_init(&stream, 0, 0);
	if (progress_file && !opt.dry_run) {
		if (!helios_progress_stream_open(&stream, progress_file)) {
			cli_error("job run: --progress-file: cannot write '%s': %s", progress_file, strerror(errno));
			return EXIT_WORK_FAILED;
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
		rc = 128 + sig;
	else if (st != HELIOS_OK)
		rc = cli_fail_in("job run", st, &err);
	if (sig)
		cli_error_in("job run", err.text);
	return rc;
}
