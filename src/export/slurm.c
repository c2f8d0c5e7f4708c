/* --to slurm: a job array whose task i runs chunk i, a merge job that
 * depends on the whole array succeeding (afterok), and a small submit
 * script that submits both. */
#include <string.h>

#include "helios/path.h"
#include "helios/quote.h"
#include "escape.h"
#include "format.h"

/* Slurm reads '%' in --output as a pattern ("%A", "%a", "%j"). */
static void put_log_path(struct helios_buf *out, const char *stem, const char *pattern)
{
	for (const char *p = stem; *p; p++) {
		if (*p == '%')
			helios_buf_putc(out, '%');
		helios_buf_putc(out, *p);
	}
	helios_buf_puts(out, pattern);
}

/* #SBATCH lines are read by sbatch, not by a shell: a log path goes there
 * only when it needs no quoting at all.  The submit script always passes it
 * on the command line, where sh quoting is exact. */
static void put_sbatch_output(struct helios_buf *out, const char *log)
{
	if (!helios_quote_needed(log))
		helios_buf_printf(out, "#SBATCH --output=%s\n", log);
}

static void put_submit(struct helios_buf *out, const char *log, const char *script)
{
	struct helios_buf arg;

	helios_buf_init(&arg);
	helios_buf_printf(&arg, "--output=%s", log);
	helios_quote_append(out, helios_buf_str(&arg));
	helios_buf_putc(out, ' ');
	helios_quote_append(out, script);
	out->failed |= arg.failed;
	helios_buf_release(&arg);
}

static enum helios_status render(const struct helios_job *job, const struct helios_export_options *o,
				  int i, struct helios_buf *out, struct helios_error *err)
{
	struct helios_buf name, stem, array, merge, array_log, merge_log;
	const char *ext;

	helios_buf_init(&name);
	helios_buf_init(&stem);
	helios_buf_init(&array);
	helios_buf_init(&merge);
	helios_buf_init(&array_log);
	helios_buf_init(&merge_log);
	export_base_name(&name, job, o, 40);
	helios_path_split_ext(o->out_path, &stem, &ext);
	export_file_path(&export_slurm, o->out_path, 1, &array);
	export_file_path(&export_slurm, o->out_path, 2, &merge);
	put_log_path(&array_log, helios_buf_str(&stem), "_%A_%a.log");
	put_log_path(&merge_log, helios_buf_str(&stem), "_merge_%j.log");

	export_sh_start(out);
	if (i == 0) {
		export_header(out, &export_slurm, "# ", "Slurm submit script", job, o);
		helios_buf_puts(out, "#\n# Submits the chunks as a job array, then the merge, which Slurm starts only\n"
				     "# when every array task has succeeded (afterok); when one has failed, Slurm\n"
				     "# cancels the merge (DependencyNeverSatisfied).  Prints the two job ids, the\n"
				     "# array's first.  Submitting again runs only the chunks that are not done\n"
				     "# (each task runs its chunk with --resume), then the merge.  The nodes must\n"
				     "# see the job directory at the same path (a shared filesystem) and have\n"
				     "# helios on PATH.\n"
				     "set -eu\njid=$(sbatch --parsable ");
		put_submit(out, helios_buf_str(&array_log), helios_buf_str(&array));
		helios_buf_puts(out, ")\n# --parsable prints \"jobid\" or \"jobid;cluster\".\njid=${jid%%;*}\n"
				     "echo \"$jid\"\n"
				     "sbatch --parsable --kill-on-invalid-dep=yes --dependency=afterok:\"$jid\" ");
		put_submit(out, helios_buf_str(&merge_log), helios_buf_str(&merge));
		helios_buf_putc(out, '\n');
	} else if (i == 1) {
		helios_buf_printf(out, "#SBATCH --job-name=%s-chunks\n", helios_buf_str(&name));
		helios_buf_printf(out, "#SBATCH --array=0-%lld", (long long)job->chunk_count - 1);
		if (o->parallelism > 0)
			helios_buf_printf(out, "%%%lld", (long long)o->parallelism);
		helios_buf_putc(out, '\n');
		put_sbatch_output(out, helios_buf_str(&array_log));
		export_header(out, &export_slurm, "# ", "Slurm array script", job, o);
		helios_buf_puts(out, "# Array task i runs chunk i, unless the job's state records it as done\n"
				     "# (--resume).  Submitted by the submit script beside it.\n"
				     "set -eu\nexec ");
		export_chunk_command(out, o->job_path, "\"$SLURM_ARRAY_TASK_ID\"", o->retries);
		helios_buf_puts(out, " --resume\n");
	} else {
		helios_buf_printf(out, "#SBATCH --job-name=%s-merge\n", helios_buf_str(&name));
		put_sbatch_output(out, helios_buf_str(&merge_log));
		export_header(out, &export_slurm, "# ", "Slurm merge script", job, o);
		helios_buf_puts(out, "# Runs the job's merge; the submit script makes it wait for every chunk\n"
				     "# (--dependency=afterok).\n"
				     "set -eu\nexec ");
		export_merge_command(out, o->job_path);
		helios_buf_putc(out, '\n');
	}

	out->failed |= name.failed || stem.failed || array.failed || merge.failed ||
		       array_log.failed || merge_log.failed;
	helios_buf_release(&name);
	helios_buf_release(&stem);
	helios_buf_release(&array);
	helios_buf_release(&merge);
	helios_buf_release(&array_log);
	helios_buf_release(&merge_log);
	(void)err;
	return HELIOS_OK;
}

const struct export_format export_slurm = {
	.name = "slurm",
	.files = 3,
	.suffix = { NULL, ".array.sbatch", ".merge.sbatch" },
	.executable = { true, false, false },
	.render = render,
};
