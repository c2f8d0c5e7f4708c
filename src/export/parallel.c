/* --to parallel: a POSIX sh script that feeds the chunk ids to GNU parallel
 * and runs the merge when every chunk has succeeded. */
#include "helios/path.h"
#include "helios/quote.h"
#include "escape.h"
#include "format.h"

static enum helios_status render(const struct helios_job *job, const struct helios_export_options *o,
				  int i, struct helios_buf *out, struct helios_error *err)
{
	struct helios_buf log, failed;
	const char *ext;

	helios_buf_init(&log);
	helios_buf_init(&failed);
	helios_path_split_ext(o->job_path, &log, &ext);
	helios_buf_puts(&failed, helios_buf_str(&log));
	helios_buf_puts(&log, ".parallel.log");
	helios_buf_puts(&failed, ".parallel.failed.log");

	export_sh_start(out);
	export_header(out, &export_parallel, "# ", "GNU parallel script", job, o);
	helios_buf_puts(out,
		"#\n"
		"# Runs every chunk as `helios job run JOB --chunk ID --no-merge`, the ids fed\n"
		"# one per line, then the job's merge as `helios job run JOB --merge-only`\n"
		"# once all chunks have succeeded.\n"
		"# The first failure stops the run (no merge).  Running the script again\n"
		"# resumes: every chunk runs again, and helios renders only those whose\n"
		"# output is missing or from another plan (helios-job(5), FINGERPRINTS).\n"
		"#\n"
		"# A shared filesystem is assumed: every host must see the job directory at\n"
		"# the same absolute path, and have helios on its PATH.\n"
		"set -eu\n"
		"job=");
	helios_quote_append(out, o->job_path);
	helios_buf_puts(out, "\njoblog=");
	helios_quote_append(out, helios_buf_str(&log));
	helios_buf_puts(out, "\nfailed=");
	helios_quote_append(out, helios_buf_str(&failed));
	helios_buf_puts(out,
		"\n");
	helios_buf_printf(out,
		"# -q quotes the command for the shell parallel runs it with (also over\n"
		"# ssh).  --retries counts the first attempt: %lld is 1 try + %lld retr%s,\n"
		"# on another host when there is one.  parallel keeps neither the output nor\n"
		"# a job log line of an attempt it retries, so every failed attempt adds a\n"
		"# line to $failed (the job directory is shared), shown at the end.\n"
		": >\"$failed\"\nstatus=0\n",
		(long long)o->retries + 1, (long long)o->retries, o->retries == 1 ? "y" : "ies");
	helios_buf_printf(out, "seq 0 %lld | parallel -q", (long long)job->chunk_count - 1);
	if (o->parallelism > 0)
		helios_buf_printf(out, " -j %lld", (long long)o->parallelism);
	helios_buf_printf(out, " --joblog \"$joblog\" --retries %lld --halt soon,fail=1",
			  (long long)o->retries + 1);
	if (o->hosts) {
		helios_buf_puts(out, " -S ");
		helios_quote_append(out, o->hosts);
	}
	helios_buf_puts(out,
		" \\\n\tsh -c 'helios job run \"$1\" --chunk \"$2\" --no-merge || { s=$?; echo \"chunk $2: failed on"
		" ${PARALLEL_SSHLOGIN:-:} with exit status $s\" >>\"$3\"; exit \"$s\"; }' \\\n"
		"\tsh \"$job\" {} \"$failed\" || status=$?\n"
		"if [ -s \"$failed\" ]; then\n"
		"\techo \"helios: failed attempts (in $failed):\" >&2\n"
		"\tsed 's/^/  /' \"$failed\" >&2\n"
		"fi\n"
		"[ \"$status\" -eq 0 ] || exit \"$status\"\n");
	helios_buf_puts(out, "exec ");
	export_merge_command(out, o->job_path);
	helios_buf_putc(out, '\n');

	out->failed |= log.failed || failed.failed;
	helios_buf_release(&log);
	helios_buf_release(&failed);
	(void)i;
	(void)err;
	return HELIOS_OK;
}

const struct export_format export_parallel = {
	.name = "parallel",
	.files = 1,
	.suffix = { NULL },
	.executable = { true },
	.render = render,
};
