/* helios render: plan a job (--emit-job) or render frames. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "helios/config.h"
#include "helios/fingerprint.h"
#include "helios/sha256.h"
#include "job/file.h"
#include "job/job.h"
#include "helios/layout.h"
#include "helios/options.h"
#include "helios/path.h"
#include "run/probe.h"
#include "proc/proc.h"
#include "proc/signals.h"
#include "run/progress.h"
#include "helios/quote.h"
#include "render/render.h"
#include "run/run.h"
#include "run/sequence.h"

/* A local input must exist and be a file: say so before writing a job. */
static int check_input(const char *input)
{
	struct stat st;

	if (helios_path_is_url(input))
		return 0;
	if (stat(input, &st) != 0) {
		cli_error("render: input: '%s': %s", input, strerror(errno));
		return HELIOS_EXIT_USAGE;
	}
	if (S_ISDIR(st.st_mode)) {
		cli_error("render: input: '%s': is a directory", input);
		return HELIOS_EXIT_USAGE;
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
		cli_error("render: cannot read the working directory: %s", strerror(errno));
		return HELIOS_EXIT_FAILED;
	}
	st = helios_layout_make(&layout, cfg, cwd, cfg->job_path, &err);
	free(cwd);
	if (st != HELIOS_OK)
		return cli_fail_in("render", st, &err);
	st = helios_job_write_file(cfg->job_path, &layout, settings, &err);
	helios_layout_release(&layout);
	if (st != HELIOS_OK) {
		helios_error_prefix(&err, "--emit-job");
		return cli_fail_in("render", st, &err);
	}
	if (plan->chunk_count < plan->requested)
		cli_error("render: note: %lld frames make only %lld chunks, not %lld", (long long)plan->total_frames,
			  (long long)plan->chunk_count, (long long)plan->requested);
	printf("wrote %s: %lld chunk%s, frames %lld-%lld (%lld frames)\n", cfg->job_path,
	       (long long)plan->chunk_count, plan->chunk_count == 1 ? "" : "s",
	       (long long)plan->start_frame, (long long)(plan->start_frame + plan->total_frames - 1),
	       (long long)plan->total_frames);
	return 0;
}

/* What is accepted but may fail on a worker, one line each. */
static void warn(const struct helios_config *cfg)
{
	struct helios_buf lines;
	const char *p;

	helios_buf_init(&lines);
	helios_config_warnings(cfg, &lines);
	for (p = helios_buf_str(&lines); *p;) {
		size_t len = strcspn(p, "\n");

		cli_error("render: %.*s", (int)len, p);
		p += len + (p[len] == '\n');
	}
	helios_buf_release(&lines);
}

/* --progress-file: the stream an orchestrator reads.  False (said) when
 * it cannot be opened. */
static bool open_progress_file(const struct helios_settings *settings, const struct helios_config *cfg,
			       struct helios_progress_stream *stream)
{
	const char *target = helios_settings_get(settings, HELIOS_OPTION_PROGRESS_FILE);

	helios_progress_stream_init(stream, (double)cfg->fps.num, (double)cfg->fps.den);
	if (!target || helios_progress_stream_open(stream, target))
		return true;
	cli_error("render: --progress-file: cannot write '%s': %s", target, strerror(errno));
	return false;
}

/* --- a render in chunks: plan, run, merge ---------------------------- */

/* The work directory beside the output (same file system, so the merge's
 * rename into place stays atomic): "<dir>/.<name>.helios". */
static void work_dir(const char *output, struct helios_buf *out)
{
	const char *slash = strrchr(output, '/');
	const char *base = slash ? slash + 1 : output;

	helios_buf_append(out, output, (size_t)(base - output));
	helios_buf_printf(out, ".%s.helios", base);
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return type == FTW_DP ? rmdir(path) : unlink(path);
}

/* Write the job into the work directory.  An earlier run's job there is
 * replaced: its chunks may come from another version of the page, so they
 * are reused only when the user asks (helios job run --resume). */
static int write_work_job(const struct helios_settings *settings, const struct helios_config *cfg,
			  const char *dir, const char *job_path)
{
	struct helios_layout layout;
	struct helios_error err;
	enum helios_status st;
	char *cwd;

	/* It may sit in a directory others can write to: use it only when it
	 * is ours, so nothing planted in it (a log that links to a file of
	 * ours) can be written through.  0700: its chunks are nobody's business. */
	st = helios_file_make_parents(dir, &err);
	if (st == HELIOS_OK)
		st = helios_file_private_dir(dir, 0700, &err);
	if (st != HELIOS_OK) {
		helios_error_prefix(&err, "render: work directory");
		return cli_fail_in("render", st, &err);
	}
	cwd = getcwd(NULL, 0);
	if (!cwd) {
		cli_error("render: cannot read the working directory: %s", strerror(errno));
		return HELIOS_EXIT_FAILED;
	}
	st = helios_layout_make(&layout, cfg, cwd, job_path, &err);
	free(cwd);
	if (st != HELIOS_OK)
		return cli_fail_in("render", st, &err);
	st = helios_layout_set_part_stem(&layout, "part_", &err);
	if (st == HELIOS_OK)
		st = helios_job_write_file(job_path, &layout, settings, &err);
	helios_layout_release(&layout);
	if (st != HELIOS_OK) {
		helios_error_prefix(&err, "render");
		return cli_fail_in("render", st, &err);
	}
	return 0;
}

/* The last line of a render that worked, on a terminal or not. */
static void summarize(const struct helios_config *cfg, double seconds)
{
	struct stat st;
	char mtime[HELIOS_STATE_MTIME];
	int64_t size = 0;

	int64_t *frames = cfg->frames && !cfg->still ? calloc((size_t)cfg->total_frames, sizeof(*frames)) : NULL;
	int64_t count = 0, one;

	/* A sequence's size is its frames'. */
	if (frames && helios_sequence_frames_parse(cfg->frames, frames, &count, NULL) == HELIOS_OK) {
		for (int64_t i = 0; i < count; i++)
			if (run_sequence_stat(&cfg->sequence, ".", frames[i], 1, &one, mtime, NULL))
				size += one;
	} else if (cfg->images && !cfg->still) {
		run_sequence_stat(&cfg->sequence, ".", cfg->start_frame, cfg->total_frames, &size, mtime, NULL);
	} else if (stat(cfg->output, &st) == 0) {
		size = (int64_t)st.st_size;
	}
	free(frames);
	helios_progress_render_summary(stderr, cfg->total_frames,
				       (double)cfg->total_frames * (double)cfg->fps.den / (double)cfg->fps.num,
				       seconds, cfg->output, (long long)size);
}

/* Render the plan's chunks in parallel with the job runner (what `helios
 * job run` does: chunk commands run this helios, outputs are checked, then
 * `helios merge` writes the output) and remove the work directory.  On a
 * failure the work directory stays for a resume.  Off a terminal the
 * runner's report is shown only when something failed. */
static int render_parallel(const struct helios_settings *settings, const struct helios_config *cfg,
			   struct helios_progress_stream *stream)
{
	struct helios_run_options opt;
	struct helios_buf dir, job, self, ffprobe;
	struct helios_error err;
	enum helios_status st;
	char *report = NULL;
	size_t report_len = 0;
	const char *concurrency = helios_settings_get(settings, HELIOS_OPTION_CONCURRENCY);
	struct stat sb;
	int rc, sig = 0;
	double started;

	if (!helios_path_is_url(cfg->input) && stat(cfg->input, &sb) != 0) {
		cli_error("render: cannot open '%s': %s", cfg->input, strerror(errno));
		return HELIOS_EXIT_FAILED;
	}
	helios_buf_init(&dir);
	helios_buf_init(&job);
	helios_buf_init(&self);
	helios_buf_init(&ffprobe);
	work_dir(cfg->output, &dir);
	helios_path_join(&job, helios_buf_str(&dir), "job.json");
	rc = write_work_job(settings, cfg, helios_buf_str(&dir), helios_buf_str(&job));
	if (rc)
		goto out;

	helios_run_options_init(&opt);
	/* --concurrency N splits into N chunks and runs them all at once;
	 * with --chunk-size or --chunk-duration N (default: the CPUs) run at
	 * a time. */
	opt.concurrency = concurrency ? atoi(concurrency) : 1;
	if (opt.concurrency <= 1) {
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);

		opt.concurrency = cpus > 1 ? (int)cpus : 1;
	}
	if (opt.concurrency > cfg->plan.chunk_count)
		opt.concurrency = (int)cfg->plan.chunk_count;
	helios_proc_self(&self);
	opt.self = helios_buf_str(&self);
	if (helios_probe_find(getenv("HELIOS_FFMPEG"), &ffprobe))
		opt.ffprobe = helios_buf_str(&ffprobe);
	opt.tty = helios_progress_live(STDERR_FILENO);
	opt.who = "render";
	opt.done_line = false;	/* the render's own summary names the output */
	opt.name_replaced = false;	/* -o is replaced as by a render in one piece */
	opt.stream = stream;
	if (!opt.tty) {
		opt.status = stderr;	/* the frames now and then; the events only on a failure */
		opt.progress = open_memstream(&report, &report_len);
		if (!opt.progress) {
			cli_error("render: out of memory");
			rc = HELIOS_EXIT_FAILED;
			goto out;
		}
	}
	started = helios_progress_now();
	st = helios_run_job(helios_buf_str(&job), &opt, &sig, &err);
	if (!opt.tty) {
		fclose(opt.progress);
		if (st != HELIOS_OK)
			fputs(report, stderr);
		free(report);
	}
	if (st == HELIOS_OK) {
		nftw(helios_buf_str(&dir), remove_entry, 16, FTW_DEPTH | FTW_PHYS);
		summarize(cfg, helios_progress_now() - started);
		goto out;
	}
	helios_error_prefix(&err, "render");
	if (sig)
		cli_error_in("render", err.text);
	rc = sig ? helios_exit_for_signal(sig) : cli_fail_in("render", st, &err);
	helios_buf_clear(&ffprobe);	/* reused for the quoted job path */
	helios_quote_append(&ffprobe, helios_buf_str(&job));
	cli_error("render: the finished chunks are kept in '%s'; to finish from them: helios job run %s --resume",
		  helios_buf_str(&dir), helios_buf_str(&ffprobe));
out:
	helios_buf_release(&dir);
	helios_buf_release(&job);
	helios_buf_release(&self);
	helios_buf_release(&ffprobe);
	return rc;
}

/* Started by helios job run for a chunk: the list of files the page
 * loaded, for the chunk's fingerprint (relative to the job's directory,
 * our working directory, when inside it).  A list that cannot be written
 * only makes the chunk render again next time. */
static void write_reads(const char *path, const struct helios_buf *served)
{
	struct helios_buf list, rel;
	char *cwd = getcwd(NULL, 0);
	int fd;

	if (!cwd)
		return;
	helios_buf_init(&list);
	helios_buf_init(&rel);
	for (size_t i = 0; i < served->len; i += strlen(served->data + i) + 1) {
		const char *name = served->data + i;
		size_t n = strlen(cwd);
		bool inside = strncmp(name, cwd, n) == 0 && name[n] == '/';

		helios_buf_clear(&rel);
		if (inside)
			helios_path_relative(&rel, cwd, ".", name);
		helios_buf_append(&list, inside ? rel.data : name, (inside ? rel.len : strlen(name)) + 1);
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (fd >= 0) {
		if (!list.failed && list.len && write(fd, list.data, list.len) < 0) {
			/* said by the next run, which renders the chunk again */
		}
		close(fd);
	}
	helios_buf_release(&list);
	helios_buf_release(&rel);
	free(cwd);
}

/* How the frames are encoded, when the renderer chose: the header of the
 * render's progress. */
static void print_note(void *ctx, const char *text)
{
	(void)ctx;
	cli_error("render: note: %s", text);
}

static int render_frames(const struct helios_settings *settings, const struct helios_config *cfg)
{
	struct helios_render_request req;
	struct helios_error err;
	struct helios_progress_frames progress;
	struct helios_progress_stream file, channel;
	struct helios_buf served;
	enum helios_status st;
	bool bar = helios_progress_live(STDERR_FILENO);
	const char *fingerprint = getenv(HELIOS_FINGERPRINT_ENV), *reads = getenv(HELIOS_READS_ENV);
	int stop_signal = 0, rc;
	double started;

	if (!open_progress_file(settings, cfg, &file))
		return HELIOS_EXIT_FAILED;
	if (cfg->plan.chunk_count > 1) {
		rc = render_parallel(settings, cfg, &file);
		helios_progress_stream_close(&file);
		return rc;
	}
	st = helios_render_request_from_config(&req, cfg, &err);
	if (st != HELIOS_OK) {
		helios_progress_stream_close(&file);
		return cli_fail_in("render", st, &err);
	}
	/* Started by a runner (helios job run, a render in chunks): tell it
	 * the frames on the descriptor it gave. */
	helios_progress_stream_init(&channel, (double)cfg->fps.num, (double)cfg->fps.den);
	helios_progress_stream_from_env(&channel);
	helios_progress_frames_init(&progress, stderr, bar);
	progress.stream = &file;
	progress.channel = &channel;
	req.progress = helios_progress_frames;
	req.progress_ctx = &progress;
	req.note = print_note;
	req.verbose = helios_settings_is_set(settings, HELIOS_OPTION_VERBOSE);
	req.stop_signal = &stop_signal;
	if (fingerprint && helios_sha256_is_hex(fingerprint))
		req.fingerprint = fingerprint;
	helios_buf_init(&served);
	if (reads && *reads)
		req.served = &served;
	started = helios_progress_now();
	st = helios_render_run(&req, &err);
	if (st == HELIOS_OK && req.served)
		write_reads(reads, &served);
	helios_buf_release(&served);
	helios_progress_frames_end(&progress);
	if (st != HELIOS_OK) {
		if (bar)
			helios_progress_frames_clear(&progress);	/* the error replaces the bar */
		helios_error_prefix(&err, "render");
		if (stop_signal) {
			/* Stopped, not failed: 130 or 143, as a shell reports it. */
			cli_error("%s; '%s' not written", err.text, cfg->output);
			return helios_exit_for_signal(stop_signal);
		}
		return cli_fail_in("render", st, &err);
	}
	summarize(cfg, helios_progress_now() - started);
	return 0;
}

int cmd_render(int argc, char **argv)
{
	struct helios_settings settings;
	struct helios_config cfg;
	struct helios_error err;
	enum helios_status st;
	int rc;

	helios_settings_init(&settings);
	st = helios_settings_parse_args(&settings, argc - 1, argv + 1, NULL, &err);
	if (st == HELIOS_OK)
		st = cli_resolve_timed("render", &settings, &cfg, &err);
	if (st == HELIOS_OK)
		warn(&cfg);
	if (st != HELIOS_OK) {
		rc = cli_fail_in("render", st, &err);
	} else if ((st = helios_job_check_files(&cfg, NULL, &err)) != HELIOS_OK) {
		helios_error_prefix(&err, "render");
		rc = cli_fail_in("render", st, &err);
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
