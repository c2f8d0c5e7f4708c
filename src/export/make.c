/* --to make: one rule per chunk output, the final output made by the merge
 * from all of them.  Every path is absolute so `make -f FILE` works from
 * any directory.  Every recipe always runs (FORCE): a file's time cannot
 * tell a chunk of another plan from this one's, so helios decides what is
 * left to do (helios-job(5), FINGERPRINTS) and does nothing for what is up
 * to date. */
#include <string.h>

#include "helios/path.h"
#include "escape.h"
#include "format.h"

/* The absolute path of a job-relative file, escaped for a rule. */
static enum helios_status put_target(struct helios_buf *out, const char *dir, const char *file,
				     struct helios_buf *tmp, struct helios_error *err)
{
	helios_buf_clear(tmp);
	helios_path_absolute(tmp, dir, file);
	return helios_export_make_name(out, helios_buf_str(tmp), err);
}

/* A recipe line: the sh command with '$' doubled.  A newline would end the
 * recipe line in the middle of the command. */
static enum helios_status put_recipe(struct helios_buf *out, const char *command, struct helios_error *err)
{
	if (strchr(command, '\n'))
		return helios_error_set(err, HELIOS_EINVAL,
					"make cannot run a command that holds a newline: '%s'", command);
	helios_buf_putc(out, '\t');
	export_double_dollars(out, command);
	helios_buf_putc(out, '\n');
	return HELIOS_OK;
}

static enum helios_status render(const struct helios_job *job, const struct helios_export_options *o,
				  int i, struct helios_buf *out, struct helios_error *err)
{
	struct helios_buf dir, tmp, cmd, id;
	enum helios_status st = HELIOS_OK;

	if (!job->output)
		return helios_error_set(err, HELIOS_EINVAL,
					"the job does not name its final output (metadata.output), which make needs as a target");
	helios_buf_init(&dir);
	helios_buf_init(&tmp);
	helios_buf_init(&cmd);
	helios_buf_init(&id);
	export_job_dir(&dir, o->job_path);

	export_header(out, &export_make, "# ", "Makefile", job, o);
	helios_buf_puts(out, "# Run it with `make -j P -f FILE` from any directory: each chunk output is\n"
			     "# made by `helios job run JOB --chunk ID --no-merge`, the final output by\n"
			     "# `helios job run JOB --merge-only` once every chunk has succeeded.  Every\n"
			     "# command always runs (FORCE), and helios renders a chunk only when its\n"
			     "# output is missing or from another plan (a file's time cannot tell),\n"
			     "# saying \"up to date\" otherwise.  A failed command's partial output is\n"
			     "# deleted.\n");
	if (o->parallelism > 0)
		helios_buf_printf(out, "\n# --parallelism %lld (GNU make 4.3 or later; a -j on the command line wins).\n"
				       "MAKEFLAGS += -j%lld\n",
				  (long long)o->parallelism, (long long)o->parallelism);
	helios_buf_puts(out, "\n# File names cannot hold these two characters literally.\n"
			     "percent := %\nequals := =\n\n"
			     ".DELETE_ON_ERROR:\n.SUFFIXES:\n.PHONY: all FORCE\n\nall: ");
	st = put_target(out, helios_buf_str(&dir), job->output, &tmp, err);
	helios_buf_puts(out, "\n\nFORCE:");

	/* The final output from every chunk output, by the merge. */
	helios_buf_puts(out, "\n\n");
	if (st == HELIOS_OK)
		st = put_target(out, helios_buf_str(&dir), job->output, &tmp, err);
	helios_buf_puts(out, ": FORCE");
	for (int64_t c = 0; c < job->chunk_count && st == HELIOS_OK; c++) {
		helios_buf_puts(out, " \\\n\t");
		st = put_target(out, helios_buf_str(&dir), job->chunks[c].output_file, &tmp, err);
	}
	helios_buf_putc(out, '\n');
	if (st == HELIOS_OK) {
		export_merge_command(&cmd, o->job_path);
		st = put_recipe(out, helios_buf_str(&cmd), err);
	}

	for (int64_t c = 0; c < job->chunk_count && st == HELIOS_OK; c++) {
		helios_buf_putc(out, '\n');
		st = put_target(out, helios_buf_str(&dir), job->chunks[c].output_file, &tmp, err);
		helios_buf_puts(out, ": FORCE\n");
		helios_buf_clear(&id);
		helios_buf_put_int(&id, (long long)job->chunks[c].id);
		helios_buf_clear(&cmd);
		export_chunk_command(&cmd, o->job_path, helios_buf_str(&id), o->retries);
		if (st == HELIOS_OK)
			st = put_recipe(out, helios_buf_str(&cmd), err);
	}

	out->failed |= dir.failed || tmp.failed || cmd.failed || id.failed;
	helios_buf_release(&dir);
	helios_buf_release(&tmp);
	helios_buf_release(&cmd);
	helios_buf_release(&id);
	(void)i;
	return st;
}

const struct export_format export_make = {
	.name = "make",
	.files = 1,
	.suffix = { NULL },
	.executable = { false },
	.render = render,
};
