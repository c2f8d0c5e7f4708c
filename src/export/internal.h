/* Pieces shared by the export formats (src/export/ only). */
#ifndef HELIOS_EXPORT_INTERNAL_H
#define HELIOS_EXPORT_INTERNAL_H

#include "helios/export.h"

/* Each format: append the text of file i (see helios_export_render). */
enum helios_status export_parallel(const struct helios_job *job, const struct helios_export_options *o,
				   int i, struct helios_buf *out, struct helios_error *err);
enum helios_status export_make(const struct helios_job *job, const struct helios_export_options *o,
			       int i, struct helios_buf *out, struct helios_error *err);
enum helios_status export_k8s(const struct helios_job *job, const struct helios_export_options *o,
			      int i, struct helios_buf *out, struct helios_error *err);
enum helios_status export_slurm(const struct helios_job *job, const struct helios_export_options *o,
				int i, struct helios_buf *out, struct helios_error *err);

/* A --requests or --limits list, "NAME=QUANTITY[,NAME=QUANTITY...]": each
 * NAME a Kubernetes resource name ("cpu", "nvidia.com/gpu") given once,
 * each QUANTITY a quantity.  NULL is fine; HELIOS_EUSAGE naming flag. */
enum helios_status export_resources_check(const char *list, const char *flag, struct helios_error *err);

/* "#!/bin/sh" and a shellcheck directive: a '$' inside single quotes is
 * part of a path, which shellcheck would otherwise question. */
void export_sh_start(struct helios_buf *out);

/* text for a comment line: control characters (a newline would end the
 * comment and start code) become '?'. */
void export_comment_text(struct helios_buf *out, const char *text);

/* "<prefix><what> for the helios job JOB (N chunks), written by\n
 * <prefix>`helios job export --to FORMAT`.\n" */
void export_header(struct helios_buf *out, const char *prefix, const char *what,
		   const struct helios_job *job, const struct helios_export_options *o);

/* The command line that runs one chunk, quoted for /bin/sh:
 * helios job run JOB --chunk ID --no-merge [--retries N].  id is inserted
 * as given ("3", "{}", "\"$SLURM_ARRAY_TASK_ID\""); retries > 0 adds
 * --retries for engines that do not retry by themselves. */
void export_chunk_command(struct helios_buf *out, const char *job_path, const char *id, int64_t retries);

/* Directory of the job file. */
void export_job_dir(struct helios_buf *out, const char *job_path);

/* helios job run JOB --merge-only, quoted for /bin/sh.  The job's
 * mergeCommand never reaches a shell: helios splits it, as `helios job run`
 * does, and runs it from the job's directory. */
void export_merge_command(struct helios_buf *out, const char *job_path);

/* A DNS-1123 label naming the export's jobs: from the final output's name
 * without extension, else the job file's. */
void export_base_name(struct helios_buf *out, const struct helios_job *job,
		      const struct helios_export_options *o, size_t max);

/* Every '$' doubled: make recipes and Kubernetes command arguments both
 * read "$$" as one literal '$'. */
void export_double_dollars(struct helios_buf *out, const char *text);

#endif
