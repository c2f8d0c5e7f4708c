/* helios render: plan a job (--emit-job) or render frames. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "helios/config.h"
#include "helios/job.h"
#include "helios/layout.h"
#include "helios/options.h"
#include "helios/path.h"
#include "helios/render.h"

static void render_help(void)
{
	struct helios_buf help;

	helios_buf_init(&help);
	helios_options_help(&help);
	printf("usage: helios render INPUT [options] --emit-job PATH\n"
	       "       helios render INPUT [options]\n\n"
	       "Plan a render split into chunks and write the job spec (--emit-job), or\n"
	       "render frames [--start-frame, +--frame-count) of the composition INPUT (an\n"
	       "HTML file or URL) into -o with headless Chromium and ffmpeg.\n\n"
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

static enum helios_status check_props(const struct helios_settings *s, struct helios_error *err)
{
	const char *props = helios_settings_get(s, HELIOS_OPTION_PROPS);

	return props ? helios_render_check_props(props, err) : HELIOS_OK;
}

/* The progress bar on a terminal: frames done, speed and time left. */
struct progress {
	struct timespec start;
	int64_t last_ms;
};

static int64_t elapsed_ms(const struct timespec *since)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (int64_t)(now.tv_sec - since->tv_sec) * 1000 + (now.tv_nsec - since->tv_nsec) / 1000000;
}

static void show_progress(void *ctx, int64_t done, int64_t total)
{
	struct progress *p = ctx;
	int width = 30, filled = (int)(done * width / total);
	int64_t ms, eta;
	double fps;
	char bar[64];

	/* Speed from the first frame on: the browser's start is not frame time. */
	if (done == 1)
		clock_gettime(CLOCK_MONOTONIC, &p->start);
	ms = elapsed_ms(&p->start);
	fps = ms > 0 ? (double)(done - 1) * 1000 / (double)ms : 0;
	eta = fps > 0 ? (int64_t)((double)(total - done) / fps) : 0;

	/* At most ten redraws a second, and always the last one. */
	if (done < total && ms - p->last_ms < 100)
		return;
	p->last_ms = ms;
	for (int i = 0; i < width; i++)
		bar[i] = i < filled ? '#' : '.';
	bar[width] = '\0';
	fprintf(stderr, "\r[%s] %lld/%lld frames  %5.1f fps  ETA %lld:%02lld \033[K", bar, (long long)done,
		(long long)total, fps, (long long)(eta / 60), (long long)(eta % 60));
	if (done == total)
		fputc('\n', stderr);
}

static int render_frames(const struct helios_settings *settings, const struct helios_config *cfg)
{
	struct helios_render_request req;
	struct helios_error err;
	struct progress progress = { 0 };
	enum helios_status st;
	bool bar = isatty(STDERR_FILENO);

	if (cfg->plan.chunk_count > 1) {
		cli_error("--concurrency: rendering %lld chunks in parallel is not available yet; "
			  "plan a job with --emit-job PATH and run it with 'helios job run', "
			  "or render with --concurrency 1",
			  (long long)cfg->plan.chunk_count);
		return EXIT_WORK_FAILED;
	}
	st = helios_render_request_from_config(&req, cfg, settings, &err);
	if (st != HELIOS_OK)
		return cli_fail(st, &err);
	if (bar) {
		progress.last_ms = -1000;
		req.progress = show_progress;
		req.progress_ctx = &progress;
	}
	st = helios_render_run(&req, &err);
	if (st != HELIOS_OK) {
		if (bar && progress.last_ms > -1000)
			fputs("\r\033[K", stderr);	/* the error replaces the bar */
		helios_error_prefix(&err, "render");
		return cli_fail(st, &err);
	}
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
	} else if ((st = check_props(&settings, &err)) != HELIOS_OK) {
		rc = cli_fail(st, &err);
	} else if (cfg.job_path) {
		rc = check_input(cfg.input);
		if (rc == 0)
			rc = emit_job(&settings, &cfg);
	} else {
		rc = render_frames(&settings, &cfg);
	}
	helios_settings_release(&settings);
	return rc;
}
