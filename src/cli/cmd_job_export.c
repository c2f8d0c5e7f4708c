/* helios job export: write a job as a script or manifest for GNU parallel,
 * make, Kubernetes or Slurm.  The text comes from the pure export module;
 * this file reads the job, resolves paths and writes the files. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "export/export.h"
#include "job/file.h"
#include "job/job.h"
#include "helios/path.h"

struct export_args {
	const char *to;
	const char *output;
	struct helios_export_options o;
};

static int parse(int argc, char **argv, struct export_args *a, const char **job_file)
{
	struct cli_getopt g;
	char formats[128];
	int c;

	helios_export_options_init(&a->o, HELIOS_EXPORT_PARALLEL);	/* --to decides */
	cli_getopt_init(&g, "job export", helios_export_flags);
	while ((c = cli_getopt_next(&g, argc, argv)) != -1) {
		switch (c) {
		case HELIOS_EXPORT_FLAG_TO: a->to = g.value.text; break;
		case HELIOS_EXPORT_FLAG_OUTPUT: a->output = g.value.text; break;
		case HELIOS_EXPORT_FLAG_PARALLELISM: a->o.parallelism = g.value.number; break;
		case HELIOS_EXPORT_FLAG_RETRIES: a->o.retries = g.value.number; break;
		case HELIOS_EXPORT_FLAG_HOSTS: a->o.hosts = g.value.text; break;
		case HELIOS_EXPORT_FLAG_IMAGE: a->o.image = g.value.text; break;
		case HELIOS_EXPORT_FLAG_NAMESPACE: a->o.namespace = g.value.text; break;
		case HELIOS_EXPORT_FLAG_VOLUME_CLAIM: a->o.volume_claim = g.value.text; break;
		case HELIOS_EXPORT_FLAG_WORKDIR: a->o.workdir = g.value.text; break;
		case HELIOS_EXPORT_FLAG_REQUESTS: a->o.requests = g.value.text; break;
		case HELIOS_EXPORT_FLAG_LIMITS: a->o.limits = g.value.text; break;
		case HELIOS_EXPORT_FLAG_TTL: a->o.ttl_after_finished = g.value.number; break;
		default:
			return HELIOS_EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		cli_error("job export: expects one job file (usage: helios job export FILE --to FORMAT)");
		return HELIOS_EXIT_USAGE;
	}
	*job_file = argv[optind];
	if (!a->to) {
		cli_export_formats(formats, sizeof(formats));
		cli_error("job export: --to is required: %s", formats);
		return HELIOS_EXIT_USAGE;
	}
	helios_export_parse_format(a->to, &a->o.format);	/* checked as --to was read */
	return 0;
}

struct fill_text {
	const struct helios_buf *text;
};

static enum helios_status fill_text(FILE *f, void *ctx, struct helios_error *err)
{
	const struct fill_text *t = ctx;

	if (fwrite(t->text->data, 1, t->text->len, f) != t->text->len)
		return helios_error_set(err, HELIOS_EIO, "%s", strerror(errno ? errno : EIO));
	return HELIOS_OK;
}

int cmd_job_export(int argc, char **argv)
{
	struct export_args a = { NULL, NULL, { 0 } };
	const char *job_file = NULL;
	struct helios_buf job_path, out_path, text, path;
	struct helios_job job;
	struct helios_error err;
	enum helios_status st;
	char *cwd;
	int rc, files;

	rc = parse(argc, argv, &a, &job_file);
	if (rc)
		return rc;
	cwd = getcwd(NULL, 0);
	if (!cwd) {
		cli_error("job export: cannot get the working directory: %s", strerror(errno));
		return HELIOS_EXIT_FAILED;
	}
	helios_buf_init(&job_path);
	helios_buf_init(&out_path);
	helios_buf_init(&text);
	helios_buf_init(&path);
	helios_path_absolute(&job_path, cwd, job_file);
	a.o.job_path = helios_buf_str(&job_path);
	if (a.output && strcmp(a.output, "-") != 0) {
		helios_path_absolute(&out_path, cwd, a.output);
		a.o.out_path = helios_buf_str(&out_path);
	}
	free(cwd);

	helios_job_init(&job);
	st = helios_export_check(&a.o, &err);
	if (st == HELIOS_OK) {
		st = helios_job_read_file(&job, job_file, &err);
		if (st == HELIOS_OK && (st = helios_job_validate(&job, &err)) != HELIOS_OK)
			helios_error_prefix(&err, "'%s'", job_file);
	}

	/* Slurm's submit script (file 0) is written last, so that it never
	 * names a script that is missing. */
	files = helios_export_file_count(a.o.format);
	/* No file of the export may be the job it is made from; checked for
	 * every file before the first is written. */
	for (int i = 0; i < files && st == HELIOS_OK && a.o.out_path; i++) {
		helios_buf_clear(&path);
		helios_export_file_path(&a.o, i, &path);
		if (helios_file_same(helios_buf_str(&path), job_file))
			st = helios_error_set(&err, HELIOS_EUSAGE, "-o: '%s' is the job file; the export would replace it",
					      i == 0 ? a.output : helios_buf_str(&path));
	}
	for (int i = files - 1; i >= 0 && st == HELIOS_OK; i--) {
		struct fill_text t = { &text };

		helios_buf_clear(&text);
		st = helios_export_render(&job, &a.o, i, &text, &err);
		if (st != HELIOS_OK)
			helios_error_prefix(&err, "'%s'", job_file);
		else if (!a.o.out_path)
			st = fill_text(stdout, &t, &err);
		else {
			helios_buf_clear(&path);
			helios_export_file_path(&a.o, i, &path);
			st = helios_job_write_atomic(helios_buf_str(&path),
						     helios_export_file_executable(a.o.format, i) ? 0777 : 0666,
						     fill_text, &t, &err);
		}
	}
	if (st == HELIOS_OK && !a.o.out_path && fflush(stdout) != 0)
		st = helios_error_set(&err, HELIOS_EIO, "cannot write to standard output: %s", strerror(errno));

	helios_job_release(&job);
	helios_buf_release(&job_path);
	helios_buf_release(&out_path);
	helios_buf_release(&text);
	helios_buf_release(&path);
	if (st != HELIOS_OK) {
		if (st == HELIOS_EUSAGE)
			helios_error_prefix(&err, "job export");
		return cli_fail_in("job export", st, &err);
	}
	return 0;
}
