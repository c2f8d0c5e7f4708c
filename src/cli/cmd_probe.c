/* helios probe: load the composition once, say what it declares and what
 * a chunk of it costs, and what the plan would take on 1, 2, 4 ... workers. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "helios/config.h"
#include "helios/cost.h"
#include "run/merge.h"
#include "helios/number.h"
#include "run/probe.h"
#include "proc/proc.h"
#include "proc/signals.h"
#include "helios/options.h"
#include "helios/path.h"
#include "render/render.h"

/* The best chunk count is searched up to this many chunks. */
#define MAX_SEARCH 10000

struct probe_flags {
	bool json;
	const char *samples, *workers;
};

/* A flag of helios_probe_flags (by its full name): 0 when it takes no
 * value, 1 when it does. */
static int probe_flag(const char *name, const char *value, void *ctx)
{
	struct probe_flags *f = ctx;
	const struct helios_flag *flag = NULL;

	for (const struct helios_flag *p = helios_probe_flags; p->name && !flag; p++)
		if (strcmp(p->name, name) == 0)
			flag = p;
	if (!flag)
		return -1;
	if (value) {
		switch ((enum helios_probe_flag)flag->id) {
		case HELIOS_PROBE_FLAG_JSON: f->json = true; break;
		case HELIOS_PROBE_FLAG_SAMPLES: f->samples = value; break;
		case HELIOS_PROBE_FLAG_WORKERS: f->workers = value; break;
		case HELIOS_PROBE_FLAG_FIRST_: break;
		}
	}
	return flag->metavar ? 1 : 0;
}

/* One of probe's own whole-number flags, checked against its row: as
 * given, else the row's default when that is a number ("10"), else 0. */
static int probe_number(enum helios_probe_flag id, const char *text, int64_t *out)
{
	const struct helios_flag *f = &helios_probe_flags[id - HELIOS_PROBE_FLAG_FIRST_ - 1];
	struct helios_flag_value v;
	struct helios_error err;
	int rc = 0;

	if (text)
		rc = cli_flag_value("probe", f, text, &v);
	else if (helios_flag_check(f, f->default_text, &v, &err) != HELIOS_OK)
		v.number = 0;
	*out = v.number;
	return rc;
}

static double seconds_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU seconds of this process and the children it has reaped (the
 * browser, its own children, ffmpeg). */
static double cpu_seconds(void)
{
	struct rusage self, children;

	getrusage(RUSAGE_SELF, &self);
	getrusage(RUSAGE_CHILDREN, &children);
	return (double)(self.ru_utime.tv_sec + self.ru_stime.tv_sec + children.ru_utime.tv_sec +
			children.ru_stime.tv_sec) +
	       (double)(self.ru_utime.tv_usec + self.ru_stime.tv_usec + children.ru_utime.tv_usec +
			children.ru_stime.tv_usec) / 1e6;
}

static int compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The cost of a chunk as a line through the two encodes: the first frame
 * alone (one_s) and n frames (run_s) differ by n - 1 frames.  What the
 * encoder does once (start, flush, mux) and the first paint fall into the
 * start-up, as every chunk pays them.  With one sample there is no line:
 * the frame takes all of it.  A difference lost in noise (a busy machine)
 * falls back to the median of the frames' own times. */
static void frame_cost(const struct helios_render_probe *p, struct helios_cost *c)
{
	size_t n = p->sample_count;
	double *sorted = malloc(n * sizeof(*sorted)), median = 0;

	if (sorted) {
		memcpy(sorted, p->sample_s, n * sizeof(*sorted));
		qsort(sorted, n, sizeof(*sorted), compare_doubles);
		median = n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
		free(sorted);
	}
	c->chunk_start = p->launch_s + p->load_s + p->close_s;
	if (n < 2 || p->one_s <= 0) {
		c->per_frame = p->run_s;
		return;
	}
	c->per_frame = (p->run_s - p->one_s) / (double)(n - 1);
	if (c->per_frame < median)
		c->per_frame = median;
	if (p->one_s > c->per_frame)
		c->chunk_start += p->one_s - c->per_frame;
}

/* The runner checks each chunk with ffprobe (helios job run): time that on
 * the sample, a per-chunk cost.  Without ffprobe there is no check. */
static void check_cost(const char *sample, struct helios_cost *c)
{
	struct helios_buf ffprobe, out, msg;
	struct helios_argv argv;
	struct helios_error err;
	int wstatus = 0;
	double t = seconds_now();

	helios_buf_init(&ffprobe);
	helios_buf_init(&out);
	helios_buf_init(&msg);
	helios_argv_init(&argv);
	if (helios_probe_find(getenv("HELIOS_FFMPEG"), &ffprobe)) {
		helios_probe_count_argv(&argv, helios_buf_str(&ffprobe), sample);
		if (!argv.failed && helios_proc_capture(argv.v, &out, &msg, &wstatus, NULL, &err) == HELIOS_OK)
			c->chunk_start += seconds_now() - t;
	}
	helios_argv_release(&argv);
	helios_buf_release(&ffprobe);
	helios_buf_release(&out);
	helios_buf_release(&msg);
}

/* Time helios merge of `copies` copies of the sample into out. */
static enum helios_status time_merge(const char *sample, const char *out, int copies, double *seconds,
				     struct helios_error *err)
{
	char *inputs[3] = { (char *)sample, (char *)sample, (char *)sample };
	struct helios_merge_options opt = { 0 };
	struct helios_buf ffmpeg_errors;
	enum helios_status st;
	double t = seconds_now();

	opt.output = out;
	opt.inputs = inputs;
	opt.input_count = copies;
	opt.stop = helios_stop_flag();
	helios_buf_init(&ffmpeg_errors);
	st = helios_merge_run(&opt, &ffmpeg_errors, err);
	*seconds = seconds_now() - t;
	if (st != HELIOS_OK && ffmpeg_errors.len)
		helios_error_set(err, st, "merge: %s", helios_buf_str(&ffmpeg_errors));
	helios_buf_release(&ffmpeg_errors);
	unlink(out);
	return st;
}

/* The merge's cost: one input, then three; the difference is per chunk. */
static enum helios_status merge_cost(const char *dir, const char *ext, const char *sample,
				     struct helios_cost *c, struct helios_error *err)
{
	struct helios_buf out;
	double one = 0, three = 0;
	enum helios_status st;

	/* A signal during the merges stops them, so the scratch files can go. */
	helios_stop_push(0);
	helios_buf_init(&out);
	helios_buf_printf(&out, "%s/merged%s", dir, ext);
	st = time_merge(sample, helios_buf_str(&out), 1, &one, err);
	if (st == HELIOS_OK && !helios_stop_signal())
		st = time_merge(sample, helios_buf_str(&out), 3, &three, err);
	if (st == HELIOS_OK && helios_stop_signal())
		st = helios_error_set(err, HELIOS_EFAIL, "interrupted");
	helios_buf_release(&out);
	helios_stop_pop(0);
	c->merge_per_chunk = three > one ? (three - one) / 2 : 0;
	c->merge_start = one > c->merge_per_chunk ? one - c->merge_per_chunk : 0;
	return st;
}

/* JSON's string syntax: quotes, backslashes and control characters escaped. */
static void json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			fprintf(f, "\\%c", ch);
		else if (ch < 0x20)
			fprintf(f, "\\u%04x", ch);
		else
			fputc(ch, f);
	}
	fputc('"', f);
}

/* A declared number, or null. */
static void json_declared(FILE *f, double v)
{
	if (v > 0)
		fprintf(f, "%.17g", v);
	else
		fputs("null", f);
}

struct report {
	const struct helios_config *cfg;
	const struct helios_render_probe *probe;
	struct helios_cost cost;
	int64_t workers;	/* for the best count */
	int64_t cores;		/* of this machine */
	int64_t best;
	double best_wall;
};

/* Worker counts of the ETA table: 1, 2, 4 ... below the chunk count, then it. */
static int64_t next_workers(int64_t w, int64_t chunks)
{
	if (w >= chunks)
		return 0;
	return w * 2 < chunks ? w * 2 : chunks;
}

static const char *mode_name(enum helios_mode m)
{
	return m == HELIOS_MODE_CANVAS ? "canvas" : "dom";
}

static void print_json(const struct report *r)
{
	const struct helios_render_probe *p = r->probe;
	const struct helios_config *cfg = r->cfg;
	const struct helios_plan *plan = &cfg->plan;

	fputs("{\n  \"input\": ", stdout);
	json_string(stdout, cfg->input);
	printf(",\n  \"composition\": {\"helios\": %s, \"duration\": ", p->has_helios ? "true" : "false");
	json_declared(stdout, p->duration);
	fputs(", \"fps\": ", stdout);
	json_declared(stdout, p->fps);
	fputs(", \"width\": ", stdout);
	json_declared(stdout, (double)p->page_width);
	fputs(", \"height\": ", stdout);
	json_declared(stdout, (double)p->page_height);
	printf("},\n  \"capture\": {\"width\": %lld, \"height\": %lld, \"mode\": \"%s\", \"canvasFound\": %s, "
	       "\"canvasWidth\": ",
	       (long long)cfg->width, (long long)cfg->height, mode_name(cfg->mode),
	       p->canvas_found ? "true" : "false");
	json_declared(stdout, (double)p->canvas_width);
	fputs(", \"canvasHeight\": ", stdout);
	json_declared(stdout, (double)p->canvas_height);
	printf(", \"measuredMode\": \"%s\", \"encodedInPage\": %s},\n  \"sounds\": [", mode_name(p->measured_mode),
	       p->encoded_in_page ? "true" : "false");
	for (size_t i = 0; i < p->sound_count; i++) {
		fputs(i ? ", " : "", stdout);
		json_string(stdout, p->sounds[i]);
	}
	printf("],\n  \"cost\": {\"launchSeconds\": %.6f, \"loadSeconds\": %.6f, \"oneFrameSeconds\": %.6f, "
	       "\"runSeconds\": %.6f, \"finishSeconds\": %.6f, \"closeSeconds\": %.6f, "
	       "\"chunkStartSeconds\": %.6f, \"frameSeconds\": %.6f, \"mergeSeconds\": %.6f, "
	       "\"mergePerChunkSeconds\": %.6f, \"coresBusy\": %.6f, \"cores\": %lld, \"samples\": [",
	       p->launch_s, p->load_s, p->one_s, p->run_s, p->finish_s, p->close_s, r->cost.chunk_start, r->cost.per_frame, r->cost.merge_start,
	       r->cost.merge_per_chunk, r->cost.cores_busy, (long long)r->cores);
	for (size_t i = 0; i < p->sample_count; i++)
		printf("%s{\"frame\": %lld, \"seconds\": %.6f}", i ? ", " : "", (long long)p->sample_frames[i],
		       p->sample_s[i]);
	printf("]},\n  \"plan\": {\"startFrame\": %lld, \"totalFrames\": %lld, \"fps\": %.17g, \"chunks\": %lld, "
	       "\"chunkSeconds\": %.6f},\n  \"eta\": [",
	       (long long)plan->start_frame, (long long)plan->total_frames,
	       (double)cfg->fps.num / (double)cfg->fps.den, (long long)plan->chunk_count,
	       helios_cost_chunk(&r->cost, helios_plan_chunk(plan, 0).frame_count));
	for (int64_t w = 1; w; w = next_workers(w, plan->chunk_count))
		printf("%s{\"workers\": %lld, \"seconds\": %.6f, \"hereSeconds\": %.6f}", w > 1 ? ", " : "",
		       (long long)w, helios_cost_wall(plan, &r->cost, w),
		       helios_cost_wall_here(plan, &r->cost, w, r->cores));
	printf("],\n  \"best\": {\"workers\": %lld, \"chunks\": %lld, \"seconds\": %.6f}\n}\n",
	       (long long)r->workers, (long long)r->best, r->best_wall);
}

static void print_text(const struct report *r)
{
	const struct helios_render_probe *p = r->probe;
	const struct helios_config *cfg = r->cfg;
	const struct helios_plan *plan = &cfg->plan;
	int64_t smallest, largest;

	printf("composition  %s\n", cfg->input);
	if (p->has_helios) {
		printf("  helios     duration ");
		printf(p->duration > 0 ? "%.6g s" : "not declared", p->duration);
		printf(", fps ");
		printf(p->fps > 0 ? "%.6g" : "not declared", p->fps);
		if (p->page_width > 0 && p->page_height > 0)
			printf(", size %lldx%lld", (long long)p->page_width, (long long)p->page_height);
		putchar('\n');
	} else {
		printf("  helios     none (no window.helios: give --duration and --fps)\n");
	}
	printf("  capture    %lldx%lld, mode %s", (long long)cfg->width, (long long)cfg->height,
	       mode_name(cfg->mode));
	if (p->canvas_found)
		printf(", canvas '%s' found (%lldx%lld)\n", cfg->canvas_selector, (long long)p->canvas_width,
		       (long long)p->canvas_height);
	else
		printf(", no canvas matches '%s'%s\n", cfg->canvas_selector,
		       cfg->mode == HELIOS_MODE_CANVAS ? " (canvas mode fails: measured in dom mode)" : "");
	printf("  encoder    %s\n", p->encoded_in_page ? "the browser's (WebCodecs), ffmpeg muxes"
						      : "ffmpeg, from the captured images");
	printf("  sound      ");
	if (p->sound_count == 0)
		printf("none\n");
	for (size_t i = 0; i < p->sound_count; i++)
		printf("%s%s\n", i ? "             " : "", p->sounds[i]);
	printf("cost on this machine (%zu frame%s measured)\n", p->sample_count, p->sample_count == 1 ? "" : "s");
	printf("  per chunk  %.3f s start-up and end (browser %.3f s, page %.3f s, exit %.3f s)\n",
	       r->cost.chunk_start, p->launch_s, p->load_s, p->close_s);
	printf("  per frame  %.4f s (1 frame encoded in %.3f s, %zu in %.3f s)\n", r->cost.per_frame, p->one_s,
	       p->sample_count, p->run_s);
	printf("  merge      %.3f s + %.3f s per chunk\n", r->cost.merge_start, r->cost.merge_per_chunk);
	helios_plan_extremes(plan, &smallest, &largest);
	printf("plan         frames %lld-%lld (%lld) in %lld chunk%s of %lld", (long long)plan->start_frame,
	       (long long)(plan->start_frame + plan->total_frames - 1), (long long)plan->total_frames,
	       (long long)plan->chunk_count, plan->chunk_count == 1 ? "" : "s", (long long)largest);
	if (smallest != largest)
		printf("-%lld", (long long)smallest);
	printf(" frames, %.1f s each\n", helios_cost_chunk(&r->cost, largest));
	printf("  workers    wall time   here (%lld processor%s, %.2f busy per worker)\n", (long long)r->cores,
	       r->cores == 1 ? "" : "s", r->cost.cores_busy);
	for (int64_t w = 1; w; w = next_workers(w, plan->chunk_count))
		printf("  %7lld  %9.1f s  %9.1f s\n", (long long)w, helios_cost_wall(plan, &r->cost, w),
		       helios_cost_wall_here(plan, &r->cost, w, r->cores));
	printf("best         %lld chunk%s on %lld worker%s: %.1f s\n", (long long)r->best, r->best == 1 ? "" : "s",
	       (long long)r->workers, r->workers == 1 ? "" : "s", r->best_wall);
}

/* A private directory for the sample and the merges, removed at the end. */
static char *make_scratch(struct helios_error *err)
{
	const char *tmp = getenv("TMPDIR");
	struct helios_buf dir;

	helios_buf_init(&dir);
	helios_buf_printf(&dir, "%s/helios-probe-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (dir.failed || !mkdtemp(dir.data)) {
		helios_error_set(err, HELIOS_EIO, "cannot create a temporary directory in '%s': %s",
				 tmp && *tmp ? tmp : "/tmp", strerror(errno));
		helios_buf_release(&dir);
		return NULL;
	}
	return helios_buf_take(&dir);
}

enum helios_status cli_probe_measure(const struct helios_config *cfg, int64_t samples,
				     struct helios_render_probe *p, struct helios_cost *cost,
				     struct helios_error *err)
{
	struct helios_render_request req;
	struct helios_buf sample;
	const char *ext = strrchr(cfg->output, '.');
	char *dir;
	enum helios_status st;
	double cpu, wall;

	memset(p, 0, sizeof(*p));
	memset(cost, 0, sizeof(*cost));
	st = helios_render_request_from_config(&req, cfg, err);
	if (st != HELIOS_OK)
		return st;
	dir = make_scratch(err);
	if (!dir)
		return HELIOS_EIO;
	helios_buf_init(&sample);
	helios_buf_printf(&sample, "%s/sample%s", dir, ext ? ext : "");
	cpu = cpu_seconds();
	wall = seconds_now();
	st = helios_render_probe(&req, helios_buf_str(&sample), samples, p, err);
	if (st == HELIOS_OK) {
		frame_cost(p, cost);
		cost->cores_busy = (cpu_seconds() - cpu) / (seconds_now() - wall);
		check_cost(helios_buf_str(&sample), cost);
		st = merge_cost(dir, ext ? ext : "", helios_buf_str(&sample), cost, err);
		if (st != HELIOS_OK)
			helios_render_probe_release(p);
	}
	unlink(helios_buf_str(&sample));
	rmdir(dir);
	free(dir);
	helios_buf_release(&sample);
	if (st != HELIOS_OK)
		helios_error_prefix(err, "probe");
	return st;
}

static enum helios_status resolve_timed(const char *command, struct helios_settings *s, struct helios_config *cfg,
					struct helios_error *err);

/* --from-page: the duration and fps the page declares, for those not
 * given.  The page is loaded once, one frame rendered. */
static enum helios_status take_from_page(const char *command, struct helios_settings *s, const char **taken,
					 struct helios_error *err)
{
	bool want_duration = !helios_settings_is_set(s, HELIOS_OPTION_DURATION) &&
			     !helios_settings_is_set(s, HELIOS_OPTION_FRAME_COUNT);
	bool want_fps = !helios_settings_is_set(s, HELIOS_OPTION_FPS);
	struct helios_settings page;
	struct helios_config page_cfg;
	struct helios_render_probe p;
	struct helios_cost cost;
	char text[64];
	enum helios_status st;

	*taken = NULL;
	if (!helios_settings_is_set(s, HELIOS_OPTION_FROM_PAGE) || (!want_duration && !want_fps))
		return HELIOS_OK;
	/* Loaded as one frame of the render would be; every rule checked first. */
	helios_settings_init(&page);
	st = helios_settings_copy(&page, s);
	if (st == HELIOS_OK)
		st = helios_settings_set(&page, HELIOS_OPTION_CHUNK_TIME, NULL, err);
	if (st == HELIOS_OK)
		st = helios_settings_set(&page, HELIOS_OPTION_FRAME_COUNT, "1", err);
	if (st == HELIOS_OK)
		st = helios_config_resolve(&page, &page_cfg, NULL, err);
	if (st == HELIOS_OK)
		st = cli_probe_measure(&page_cfg, 1, &p, &cost, err);
	helios_settings_release(&page);
	if (st != HELIOS_OK)
		return st;
	if ((want_duration && p.duration <= 0) || (want_fps && p.fps <= 0)) {
		bool no_duration = want_duration && p.duration <= 0, no_fps = want_fps && p.fps <= 0;

		st = helios_error_set(err, HELIOS_EINVAL, "--from-page: '%s' declares no %s (%s): give %s",
				      helios_settings_get(s, HELIOS_OPTION_INPUT),
				      no_duration && no_fps ? "duration or fps" : no_duration ? "duration" : "fps",
				      p.has_helios ? "its window.helios has none" : "it has no window.helios",
				      no_duration && no_fps ? "--duration and --fps" : no_duration ? "--duration" : "--fps");
		helios_render_probe_release(&p);
		return st;
	}
	if (want_duration) {
		snprintf(text, sizeof(text), "%.15g", p.duration);
		st = helios_settings_set(s, HELIOS_OPTION_DURATION, text, err);
	}
	if (st == HELIOS_OK && want_fps) {
		snprintf(text, sizeof(text), "%.15g", p.fps);
		st = helios_settings_set(s, HELIOS_OPTION_FPS, text, err);
	}
	helios_render_probe_release(&p);
	if (st != HELIOS_OK) {
		helios_error_prefix(err, "--from-page");
		return st;
	}
	*taken = want_duration && want_fps ? "duration,fps" : want_duration ? "duration" : "fps";
	cli_error("%s: note: --from-page: %s%s%s%s%s from the page", command,
		  want_duration ? "--duration " : "", want_duration ? helios_settings_get(s, HELIOS_OPTION_DURATION) : "",
		  want_duration && want_fps ? ", " : "", want_fps ? "--fps " : "",
		  want_fps ? helios_settings_get(s, HELIOS_OPTION_FPS) : "");
	return HELIOS_OK;
}

enum helios_status cli_resolve_timed(const char *command, struct helios_settings *s, struct helios_config *cfg,
				    struct helios_error *err)
{
	const char *taken = NULL;
	enum helios_status st = take_from_page(command, s, &taken, err);

	if (st == HELIOS_OK)
		st = resolve_timed(command, s, cfg, err);
	if (st == HELIOS_OK)
		cfg->from_page = taken;
	return st;
}

static enum helios_status resolve_timed(const char *command, struct helios_settings *s, struct helios_config *cfg,
					struct helios_error *err)
{
	const char *chunk_time = helios_settings_get(s, HELIOS_OPTION_CHUNK_TIME);
	struct helios_settings untimed;
	struct helios_config measured_cfg;
	struct helios_render_probe p;
	struct helios_cost cost;
	struct helios_ratio seconds;
	char size[32];
	int64_t frames, smallest, largest, samples;
	enum helios_status st;

	if (!chunk_time)
		return helios_config_resolve(s, cfg, NULL, err);
	if (helios_settings_is_set(s, HELIOS_OPTION_CHUNK_SIZE))
		return helios_error_set(err, HELIOS_EINVAL, "--chunk-time: give either --chunk-size or --chunk-time, not both");
	/* Every rule but the size is checked before the browser starts: with
	 * a stand-in size, then the page is measured with every other setting
	 * as given. */
	helios_settings_init(&untimed);
	st = helios_settings_copy(&untimed, s);
	if (st == HELIOS_OK)
		st = helios_settings_set(&untimed, HELIOS_OPTION_CHUNK_SIZE, "1", err);
	if (st == HELIOS_OK)
		st = helios_config_resolve(&untimed, &measured_cfg, NULL, err);
	if (st == HELIOS_OK)
		st = helios_settings_set(&untimed, HELIOS_OPTION_CHUNK_SIZE, NULL, err);
	if (st == HELIOS_OK)
		st = helios_settings_set(&untimed, HELIOS_OPTION_CHUNK_TIME, NULL, err);
	if (st == HELIOS_OK)
		st = helios_config_resolve(&untimed, &measured_cfg, NULL, err);
	probe_number(HELIOS_PROBE_FLAG_SAMPLES, NULL, &samples);	/* --samples' default */
	if (st == HELIOS_OK && (st = helios_number_parse_decimal(chunk_time, &seconds, err)) == HELIOS_OK)
		st = cli_probe_measure(&measured_cfg, samples, &p, &cost, err);
	helios_settings_release(&untimed);
	if (st != HELIOS_OK)
		return st;
	helios_render_probe_release(&p);
	frames = helios_cost_frames_for(&cost, (double)seconds.num / (double)seconds.den);
	snprintf(size, sizeof(size), "%lld", (long long)frames);
	st = helios_settings_set(s, HELIOS_OPTION_CHUNK_SIZE, size, err);
	if (st == HELIOS_OK)
		st = helios_config_resolve(s, cfg, NULL, err);
	if (st != HELIOS_OK)
		return st;
	helios_plan_extremes(&cfg->plan, &smallest, &largest);
	cli_error("%s: note: --chunk-time %s: chunks of %lld frames, about %.1f s each here "
		  "(%.2f s start-up + %.4f s a frame)%s", command, chunk_time, (long long)largest,
		  helios_cost_chunk(&cost, largest), cost.chunk_start, cost.per_frame,
		  frames == 1 && helios_cost_chunk(&cost, 1) > (double)seconds.num / (double)seconds.den
			  ? "; the start-up alone takes longer" : "");
	return HELIOS_OK;
}

static int probe(const struct helios_config *cfg, int64_t samples, int64_t workers, bool json)
{
	struct helios_render_probe p;
	struct helios_plan_request base = { 0 };
	struct helios_error err;
	struct report r = { .cfg = cfg, .probe = &p };
	enum helios_status st;

	st = cli_probe_measure(cfg, samples, &p, &r.cost, &err);
	if (st != HELIOS_OK && helios_stop_signal()) {
		cli_error("probe: interrupted");
		return helios_exit_for_signal(helios_stop_signal());	/* stopped, not failed */
	}
	if (st != HELIOS_OK)
		return cli_fail(st, &err);
	r.workers = workers > 0 ? workers : cfg->plan.chunk_count;
	r.cores = sysconf(_SC_NPROCESSORS_ONLN) > 0 ? sysconf(_SC_NPROCESSORS_ONLN) : 1;
	base.total_frames = cfg->plan.total_frames;
	base.start_frame = cfg->plan.start_frame;
	base.keyframe_interval = cfg->plan.unit;
	r.best = helios_cost_best_count(&base, &r.cost, r.workers, MAX_SEARCH, &r.best_wall);
	if (json)
		print_json(&r);
	else
		print_text(&r);
	helios_render_probe_release(&p);
	return 0;
}

int cmd_probe(int argc, char **argv)
{
	struct helios_settings settings;
	struct helios_config cfg;
	struct helios_error err;
	struct probe_flags flags = { 0 };
	const char *names[HELIOS_EXTRA_FLAGS_MAX + 1];
	struct helios_extra_flags own = { names, probe_flag, &flags };
	enum helios_status st;
	int64_t samples, workers;
	struct stat sb;
	size_t n = 0;
	int rc;

	for (const struct helios_flag *f = helios_probe_flags; f->name && n < HELIOS_EXTRA_FLAGS_MAX; f++)
		names[n++] = f->name;
	names[n] = NULL;

	helios_settings_init(&settings);
	st = helios_settings_parse_args(&settings, argc - 1, argv + 1, &own, &err);
	if (st == HELIOS_OK)
		st = cli_resolve_timed("probe", &settings, &cfg, &err);
	if (st != HELIOS_OK) {
		helios_error_prefix(&err, "probe");
		rc = cli_fail(st, &err);
	} else if ((rc = probe_number(HELIOS_PROBE_FLAG_SAMPLES, flags.samples, &samples)) ||
		   (rc = probe_number(HELIOS_PROBE_FLAG_WORKERS, flags.workers, &workers))) {
		;
	} else if (!helios_path_is_url(cfg.input) && stat(cfg.input, &sb) != 0) {
		cli_error("probe: input: '%s': %s", cfg.input, strerror(errno));
		rc = HELIOS_EXIT_USAGE;
	} else if (!helios_path_is_url(cfg.input) && S_ISDIR(sb.st_mode)) {
		cli_error("probe: input: '%s': is a directory", cfg.input);
		rc = HELIOS_EXIT_USAGE;
	} else {
		rc = probe(&cfg, samples, workers, flags.json);
	}
	helios_settings_release(&settings);
	return rc;
}
