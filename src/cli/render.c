/* helios render: plan a job (--emit-job) or render frames. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "helios/config.h"
#include "helios/job.h"
#include "helios/layout.h"
#include "helios/options.h"
#include "helios/path.h"

static void render_help(void)
{
	struct helios_buf help;

	helios_buf_init(&help);
	helios_options_help(&help);
	printf("usage: helios render INPUT [options] --emit-job PATH\n"
	       "       helios render INPUT [options]\n\n"
	       "Plan a render split into chunks and write the job spec (--emit-job), or\n"
	       "render frames of the composition INPUT (an HTML file or URL).\n\n"
	       "options:\n%s  -h, --help                  show this help\n\n"
	       "See helios-render(1).\n",
	       helios_buf_str(&help));
	helios_buf_release(&help);
}

/* A local input must exist and be a file: say so before writing a job. */
static int check_input(const char *input)
{
	struct stat st;

	if (helios_path_is_url(input))
		return 0;
	if (stat(input, &st) != 0) {
		cli_error("input: '%s': %s", input, strerror(errno));
		return EXIT_USAGE;
	}
	if (S_ISDIR(st.st_mode)) {
		cli_error("input: '%s': is a directory", input);
		return EXIT_USAGE;
	}
	return 0;
}

static int emit_job(const struct helios_settings *settings, const struct helios_config *cfg)
{
	struct helios_layout layout;
	struct helios_error err;
	enum helios_status st;
	char *cwd = getcwd(NULL, 0);
	const struct helios_plan *plan = &cfg->plan;

	if (!cwd) {
		cli_error("cannot read the working directory: %s", strerror(errno));
		return EXIT_WORK_FAILED;
	}
	st = helios_layout_make(&layout, cfg, cwd, cfg->job_path, &err);
	free(cwd);
	if (st != HELIOS_OK)
		return cli_fail(st, &err);
	st = helios_job_write_file(cfg->job_path, &layout, settings, &err);
	helios_layout_release(&layout);
	if (st != HELIOS_OK) {
		helios_error_prefix(&err, "--emit-job");
		return cli_fail(st, &err);
	}
	if (plan->chunk_count < plan->requested)
		cli_error("note: %lld frames make only %lld chunks, not %lld", (long long)plan->total_frames,
			  (long long)plan->chunk_count, (long long)plan->requested);
	printf("wrote %s: %lld chunk%s, frames %lld-%lld (%lld frames)\n", cfg->job_path,
	       (long long)plan->chunk_count, plan->chunk_count == 1 ? "" : "s",
	       (long long)plan->start_frame, (long long)(plan->start_frame + plan->total_frames - 1),
	       (long long)plan->total_frames);
	return 0;
}

int cmd_render(int argc, char **argv)
{
	struct helios_settings settings;
	struct helios_config cfg;
	struct helios_error err;
	enum helios_status st;
	int rc;

	if (cli_wants_help(argc, argv)) {
		render_help();
		return 0;
	}
	helios_settings_init(&settings);
	st = helios_settings_parse_args(&settings, argc - 1, argv + 1, NULL, NULL, &err);
	if (st == HELIOS_OK)
		st = helios_config_resolve(&settings, &cfg, NULL, &err);
	if (st != HELIOS_OK) {
		rc = cli_fail(st, &err);
	} else if ((rc = check_input(cfg.input)) != 0) {
		/* reported */
	} else if (cfg.job_path) {
		rc = emit_job(&settings, &cfg);
	} else {
		cli_error("render: rendering frames needs the renderer, which this build does not have yet; "
			  "plan a job with --emit-job PATH");
		rc = EXIT_WORK_FAILED;
	}
	helios_settings_release(&settings);
	return rc;
}
