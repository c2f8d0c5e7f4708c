#include "session.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "helios/buf.h"
#include "job/job.h"
#include "helios/path.h"

/* A path stored relative to the job file's directory, relative to cwd again. */
static enum helios_status set_job_path(struct helios_settings *s, enum helios_option_id id,
				       const char *cwd, const char *job_path, const char *stored,
				       struct helios_error *err)
{
	struct helios_buf dir, joined, rel;
	enum helios_status st;

	if (!stored)
		return HELIOS_OK;
	if (helios_path_is_url(stored))
		return helios_settings_set(s, id, stored, err);
	helios_buf_init(&dir);
	helios_buf_init(&joined);
	helios_buf_init(&rel);
	helios_path_dirname(&dir, job_path);
	helios_path_join(&joined, helios_buf_str(&dir), stored);
	helios_path_relative(&rel, cwd, ".", helios_buf_str(&joined));
	if (dir.failed || joined.failed || rel.failed)
		st = helios_error_set(err, HELIOS_ENOMEM, "out of memory");
	else
		st = helios_settings_set(s, id, helios_buf_str(&rel), err);
	helios_buf_release(&dir);
	helios_buf_release(&joined);
	helios_buf_release(&rel);
	return st;
}

/* Upstream files carry no settings: take what the metadata says. */
static void settings_from_metadata(struct helios_settings *s, const struct helios_job *job)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%lld", (long long)job->width);
	helios_settings_set(s, HELIOS_OPTION_WIDTH, buf, NULL);
	snprintf(buf, sizeof(buf), "%lld", (long long)job->height);
	helios_settings_set(s, HELIOS_OPTION_HEIGHT, buf, NULL);
	snprintf(buf, sizeof(buf), "%.10g", job->fps);
	helios_settings_set(s, HELIOS_OPTION_FPS, buf, NULL);
	snprintf(buf, sizeof(buf), "%lld", (long long)job->total_frames);
	helios_settings_set(s, HELIOS_OPTION_FRAME_COUNT, buf, NULL);
	snprintf(buf, sizeof(buf), "%lld", (long long)job->start_frame);
	helios_settings_set(s, HELIOS_OPTION_START_FRAME, buf, NULL);
	snprintf(buf, sizeof(buf), "%lld", (long long)(job->chunk_count > 0 ? job->chunk_count : 1));
	helios_settings_set(s, HELIOS_OPTION_CONCURRENCY, buf, NULL);
}

enum helios_status tui_session_load(struct helios_settings *out, const char *cwd, const char *path,
				    char *notice, size_t notice_size, struct helios_error *err)
{
	struct helios_job job;
	struct helios_settings s;
	enum helios_status st;

	notice[0] = '\0';
	helios_job_init(&job);
	helios_settings_init(&s);
	st = helios_job_read_file(&job, path, err);
	/* A job that cannot run is not one to carry on from. */
	if (st == HELIOS_OK && (st = helios_job_validate(&job, err)) != HELIOS_OK)
		helios_error_prefix(err, "'%s'", path);
	if (st != HELIOS_OK) {
		helios_error_prefix(err, "--load");	/* the message names the file */
		helios_settings_release(&s);
		helios_job_release(&job);
		return st;
	}
	if (job.has_settings) {
		st = helios_settings_copy(&s, &job.settings);
	} else {
		settings_from_metadata(&s, &job);
		snprintf(notice, notice_size,
			 "%s records no settings (upstream job): size, fps, frames and chunk count "
			 "come from its metadata, the rest are defaults", path);
	}
	if (st == HELIOS_OK)
		/* With --base-url the input is a URL made from a local file: the
		 * settings hold the file and the base URL, as they were given. */
		st = set_job_path(&s, HELIOS_OPTION_INPUT, cwd, path,
				  job.input_file && helios_settings_is_set(&s, HELIOS_OPTION_BASE_URL)
					  ? job.input_file : job.input, err);
	if (st == HELIOS_OK)
		st = set_job_path(&s, HELIOS_OPTION_OUTPUT, cwd, path, job.output, err);
	if (st == HELIOS_OK)
		st = helios_settings_set(&s, HELIOS_OPTION_EMIT_JOB, path, err);
	if (st == HELIOS_OK)
		st = helios_settings_copy(out, &s);
	else
		helios_error_prefix(err, "--load: '%s'", path);
	helios_settings_release(&s);
	helios_job_release(&job);
	return st;
}

/* Like `helios render`, a local input must exist before a job names it. */
static enum helios_status check_input(const char *input, struct helios_error *err)
{
	struct stat sb;

	if (helios_path_is_url(input))
		return HELIOS_OK;
	if (stat(input, &sb) != 0)
		return helios_error_set(err, HELIOS_EINVAL, "input: '%s': %s", input, strerror(errno));
	if (S_ISDIR(sb.st_mode))
		return helios_error_set(err, HELIOS_EINVAL, "input: '%s': is a directory", input);
	return HELIOS_OK;
}

void tui_session_check_input(struct tui_state *st)
{
	const char *input = helios_settings_get(&st->settings, HELIOS_OPTION_INPUT);
	struct helios_error err;

	st->input_problem[0] = '\0';
	if (input && !st->invalid[HELIOS_OPTION_INPUT] && check_input(input, &err) != HELIOS_OK)
		snprintf(st->input_problem, sizeof(st->input_problem), "%s", err.text);
}

static enum helios_status cannot_save(enum helios_status rc, struct helios_error *err)
{
	helios_error_prefix(err, "cannot save");
	return rc;
}

enum helios_status tui_session_save(struct tui_state *st, struct helios_error *err)
{
	enum helios_status rc;

	if (!tui_state_can_save(st, err))
		return HELIOS_EINVAL;	/* its message says "cannot save: why" */
	rc = check_input(st->cfg.input, err);
	if (rc == HELIOS_OK)
		rc = helios_job_check_files(&st->cfg, st->cfg.job_path, err);
	if (rc != HELIOS_OK)
		return cannot_save(rc, err);
	rc = helios_job_write_file(st->cfg.job_path, &st->layout, &st->settings, err);
	/* The writer's messages say what it could not do ("cannot write
	 * 'job.json': ..."), all but one. */
	if (rc == HELIOS_ENOMEM)
		return cannot_save(rc, err);
	if (rc != HELIOS_OK)
		return rc;
	tui_state_mark_saved(st);
	tui_session_own(st, st->cfg.job_path);
	tui_state_message(st, "wrote %s: %lld chunk%s", st->cfg.job_path,
			  (long long)st->cfg.plan.chunk_count, st->cfg.plan.chunk_count == 1 ? "" : "s");
	return HELIOS_OK;
}

void tui_session_own(struct tui_state *st, const char *path)
{
	struct stat sb;

	st->own_job = stat(path, &sb) == 0;
	st->own_dev = st->own_job ? (uint64_t)sb.st_dev : 0;
	st->own_ino = st->own_job ? (uint64_t)sb.st_ino : 0;
}

bool tui_session_replaces_other(const struct tui_state *st)
{
	struct helios_error err;
	struct stat sb;

	/* A save refused anyway says why instead of asking. */
	if (!tui_state_can_save(st, &err) || !st->cfg.job_path || check_input(st->cfg.input, &err) != HELIOS_OK ||
	    helios_job_check_files(&st->cfg, st->cfg.job_path, &err) != HELIOS_OK)
		return false;
	/* Another name for our file (a link, "./job.json") is still ours; a
	 * file put there since we saved is not. */
	if (stat(st->cfg.job_path, &sb) != 0)
		return false;
	return !st->own_job || (uint64_t)sb.st_dev != st->own_dev || (uint64_t)sb.st_ino != st->own_ino;
}
